"""Ingest: files in, cleaned and chunked articles out, written to the index.

Stages, one module each: readers (one per format) -> metadata -> cleaning -> chunking -> indexing.
"""
