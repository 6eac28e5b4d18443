"""Builds the BM25 keyword index in bounded memory: segments of a fixed number of chunks, scored with the
whole corpus's statistics, so the result is the same index bm25s builds in one piece.

Two passes. The first tokenizes the chunks a batch at a time, appends their token ids to a scratch file
on disk and counts, per term, the chunks that hold it (the only structures that grow: the vocabulary,
those counts, the chunk ids and one length per chunk). The second reads the scratch file a segment at a
time and writes each segment's column-compressed score matrix (BM25, Lucene variant, bm25s' defaults)
to its own folder. Peak memory is that of one segment, whatever the corpus size.
"""
from __future__ import annotations

import json
import shutil
from array import array
from pathlib import Path
from typing import Iterable

import numpy as np

FORMAT = "segments-1"
K1, B = 1.5, 0.75  # bm25s' defaults, which the index used before segments


def build_segments(batches: Iterable[tuple[list[str], list[str]]], directory: Path, segment_chunks: int,
                   tokenize) -> None:
    """Writes the index over (chunk ids, texts) batches into `directory` (created; must not exist)."""
    directory.mkdir(parents=True)
    scratch = directory / "tokens.scratch"
    chunk_ids: list[str] = []
    lengths = array("q")
    vocab: dict[str, int] = {}
    df = np.zeros(0, dtype=np.int64)
    with scratch.open("wb") as out:
        for ids, texts in batches:
            if not texts:
                continue
            tokens = tokenize(texts)
            to_global = np.zeros(len(tokens.vocab), dtype=np.int64)
            for term, i in tokens.vocab.items():
                to_global[i] = vocab.setdefault(term, len(vocab))
            docs = [to_global[np.asarray(d, dtype=np.int64)] for d in tokens.ids]
            flat = np.concatenate(docs) if docs else np.zeros(0, dtype=np.int64)
            flat.astype(np.int32).tofile(out)
            lengths.extend(len(d) for d in docs)
            chunk_ids += ids
            df = _add_doc_frequencies(df, docs, flat, len(vocab))
    n = len(chunk_ids)
    lens = np.frombuffer(lengths, dtype=np.int64) if n else np.zeros(0, dtype=np.int64)
    avgdl = float(lens.mean()) if n and lens.sum() else 1.0  # chunks of stop words only have no length
    idf = bm25_idf(df, n)
    offsets = np.concatenate([[0], np.cumsum(lens)])
    sizes = []
    with scratch.open("rb") as tokens_file:  # read a segment at a time (a memory map would stay resident)
        for start in range(0, n, segment_chunks):
            stop = min(n, start + segment_chunks)
            tokens = np.fromfile(tokens_file, dtype=np.int32, count=int(offsets[stop] - offsets[start]))
            _write_segment(directory / f"seg-{len(sizes):04d}", tokens, lens[start:stop], idf, avgdl)
            sizes.append(stop - start)
    scratch.unlink()
    np.save(directory / "df.npy", df)
    (directory / "vocab.json").write_text(json.dumps(sorted(vocab, key=vocab.__getitem__)))
    (directory / "chunk_ids.json").write_text(json.dumps(chunk_ids))
    (directory / "format.json").write_text(json.dumps(
        {"format": FORMAT, "num_docs": n, "avgdl": avgdl, "k1": K1, "b": B, "segments": sizes}))


def bm25_idf(df, n: int):
    """BM25's inverse document frequency (Lucene's, bm25s' default) of terms in `df` of `n` chunks."""
    return np.log(1 + (n - df + 0.5) / (df + 0.5))


def _add_doc_frequencies(df: np.ndarray, docs: list[np.ndarray], flat: np.ndarray, vocab_size: int) -> np.ndarray:
    """df grown to the vocabulary and increased by one for each (chunk, term) pair of this batch."""
    if len(df) < vocab_size:
        df = np.concatenate([df, np.zeros(vocab_size - len(df), dtype=np.int64)])
    if len(flat):
        doc = np.repeat(np.arange(len(docs), dtype=np.int64), [len(d) for d in docs])
        pairs = np.unique(doc * vocab_size + flat)
        df += np.bincount(pairs % vocab_size, minlength=vocab_size)
    return df


def _write_segment(folder: Path, tokens: np.ndarray, lens: np.ndarray, idf: np.ndarray, avgdl: float) -> None:
    """One segment's scores, column-compressed by term. Each token becomes the key term * chunks + chunk,
    sorted in place: equal keys are one (chunk, term) pair and their run is its frequency, and the sorted
    pairs are already in column order (a term's chunks together, in chunk order)."""
    folder.mkdir()
    n_docs = len(lens)
    width = int(tokens.max()) + 1 if len(tokens) else 0
    keys = tokens.astype(np.int64) * n_docs
    keys += np.repeat(np.arange(n_docs, dtype=np.int32), lens)
    keys.sort()
    starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1]))) if len(keys) else np.zeros(0, np.int64)
    tf = np.diff(np.append(starts, len(keys))).astype(np.float32)
    pairs = keys[starts]
    del keys, starts
    term, row = (pairs // max(n_docs, 1)).astype(np.int32), (pairs % max(n_docs, 1)).astype(np.int32)
    del pairs
    norm = (K1 * ((1 - B) + B * lens.astype(np.float32) / np.float32(avgdl))).astype(np.float32)
    np.save(folder / "data.npy", idf.astype(np.float32)[term] * tf / (norm[row] + tf))
    np.save(folder / "indices.npy", row)
    np.save(folder / "indptr.npy", np.concatenate([[0], np.cumsum(np.bincount(term, minlength=width))]).astype(np.int64))


def replace(tmp: Path, directory: Path) -> None:
    """Puts the freshly built `tmp` where `directory` was, never leaving the place empty."""
    if directory.exists():
        old = directory.with_name(directory.name + ".old")
        shutil.rmtree(old, ignore_errors=True)
        directory.rename(old)
        tmp.rename(directory)
        shutil.rmtree(old, ignore_errors=True)
    else:
        tmp.rename(directory)
