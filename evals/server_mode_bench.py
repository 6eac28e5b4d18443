"""What server mode costs a reader (docs/server-mode.md): a real `chroma run` filled with N synthetic
chunks the way a writer fills it (sentence vectors as float16 base64 in each chunk's metadata), then a
reader's mirror built from it cold, and refreshed after one new article.

    python -m evals.server_mode_bench --chunks 10000 --workdir /tmp/server-mode --json docs/server-mode-bench.json

Chunks, vectors and sentence vectors come from evals/scale_bench.py's generator (no model is loaded).
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import time
from pathlib import Path

import numpy as np

from assistant.embedding.chunk_vectors import to_blob
from assistant.embedding.minilm import DIMENSION, model_id
from assistant.settings import Settings
from assistant.store import Index
from assistant.store.mirror import SENTENCES_KEY, encode_sentences
from assistant.store.vectors import VectorStore
from evals.scale_bench import CHUNKS_PER_ARTICLE, MULTIHOP, SEED, Synthetic, _sentence_pool, chroma_server, free_port

BATCH = 256  # ingest's write_batch


def _du_mb(path: Path) -> float:
    out = subprocess.run(["du", "-sk", str(path)], capture_output=True, text=True).stdout.split()
    return round(int(out[0]) / 1024, 1) if out else 0.0


def _fill(store: VectorStore, synth: Synthetic, start: int, stop: int, sentences: bool) -> float:
    rng = np.random.default_rng((SEED, 7, start))
    started = time.perf_counter()
    for s in range(start, stop, BATCH):
        ids, texts, metas, vectors = synth.chunks(s, min(stop, s + BATCH))
        if sentences:
            for meta, sv in zip(metas, synth.sentence_vectors(vectors, rng)):
                meta[SENTENCES_KEY] = encode_sentences(to_blob(sv))
        store.add(ids, vectors, texts, metas)
    return time.perf_counter() - started


def run(chunks: int, workdir: Path) -> dict:
    workdir.mkdir(parents=True, exist_ok=True)
    chunks -= chunks % CHUNKS_PER_ARTICLE  # whole articles (a mirror leaves out incomplete ones)
    synth = Synthetic(_sentence_pool(MULTIHOP if MULTIHOP.exists() else None), chunks + 1000)
    port = free_port()
    out: dict = {"chunks": chunks, "sentences_per_chunk": 8}
    with chroma_server(workdir / "chroma", port, workdir / "chroma.log") as (proc, _):
        settings = Settings(index_dir=workdir / "reader", chroma_host="127.0.0.1", chroma_port=port, server_check_seconds=0,
                            openai_api_key=None, openai_base_url=None)
        base = _du_mb(workdir / "chroma")
        plain = VectorStore(workdir, "plain", model_id("fp32"), DIMENSION, host="127.0.0.1", port=port)
        seconds = _fill(plain, synth, 0, chunks, sentences=False)
        out["write_without_sentences"] = {"chunks_per_s": round(chunks / seconds, 1), "disk_mb": round(_du_mb(workdir / "chroma") - base, 1)}
        base = _du_mb(workdir / "chroma")
        store = VectorStore(workdir, settings.collection, model_id("fp32"), DIMENSION, host="127.0.0.1", port=port)
        seconds = _fill(store, synth, 0, chunks, sentences=True)
        out["write_with_sentences"] = {"chunks_per_s": round(chunks / seconds, 1), "disk_mb": round(_du_mb(workdir / "chroma") - base, 1)}
        store.set_server_meta(keyword_version="v1")

        started = time.perf_counter()
        reader = Index(workdir / "reader", settings)  # a folder without a manifest: the mirror, built cold
        out["mirror_cold_s"] = round(time.perf_counter() - started, 2)
        out["mirror_disk_mb"] = _du_mb(workdir / "reader")
        assert reader.mirror and len(reader.snapshot().keyword.chunk_ids) == chunks

        checks = []
        for _ in range(50):
            t = time.perf_counter()
            reader.refresh_mirror()
            checks.append(time.perf_counter() - t)
        out["stamp_check_ms_p50"] = round(statistics.median(checks) * 1000, 2)

        _fill(store, synth, chunks, chunks + CHUNKS_PER_ARTICLE, sentences=True)  # one more article, then its stamp
        store.set_server_meta(keyword_version="v2")
        t = time.perf_counter()
        snap = reader.snapshot()
        out["mirror_refresh_one_article_s"] = round(time.perf_counter() - t, 2)
        assert len(snap.keyword.chunk_ids) == chunks + CHUNKS_PER_ARTICLE
        t = time.perf_counter()
        reader.vectors.all_ids()
        out["list_ids_s"] = round(time.perf_counter() - t, 2)
        ids = snap.keyword.chunk_ids[:100]
        t = time.perf_counter()
        for _ in range(20):
            snap._sentence_vectors = {}
            snap.sentence_vectors(ids)
        out["sentence_vectors_100_chunks_ms"] = round((time.perf_counter() - t) / 20 * 1000, 2)
        reader.close()
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chunks", type=int, default=10_000)
    ap.add_argument("--workdir", type=Path, default=Path("runs/server-mode-bench"))
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    result = run(args.chunks, args.workdir)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
