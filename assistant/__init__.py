"""News archive assistant: the Python API. The CLI, the UI and the evals use these same objects.

    from assistant import Filters, ingest_paths, open_assistant
    report = ingest_paths(["news/"], index_dir="idx")
    result = open_assistant("idx").ask("What did the council decide?", filters=Filters.parse(since="2026-03-01"))
    print(result.answer, [c.to_public() for c in result.citations])
"""
from __future__ import annotations

__all__ = ["Assistant", "Filters", "NewsRetriever", "ingest_paths", "open_assistant"]


def ingest_paths(paths: list[str], index_dir=None, progress=None, settings=None, embedder=None):
    """Ingests files, folders or globs into the index (created if missing); returns an IngestReport."""
    from ingest.indexing import ingest

    from .app import open_index
    from .embedding import load_embedder
    from .settings import load_settings

    settings = settings or load_settings()
    index = open_index(index_dir, settings, create=True)
    try:
        return ingest([str(p) for p in paths], index, embedder or load_embedder(settings), progress)
    finally:
        index.close()


def __getattr__(name: str):  # imported lazily so that `import assistant` stays fast
    if name == "Assistant":
        from .pipeline import Assistant

        return Assistant
    if name == "open_assistant":
        from .app import open_assistant

        return open_assistant
    if name == "Filters":
        from .filters import Filters

        return Filters
    if name == "NewsRetriever":
        from .llama_retriever import NewsRetriever

        return NewsRetriever
    raise AttributeError(name)
