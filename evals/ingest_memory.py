"""Where `ingest` spends its memory, phase by phase, at several corpus sizes (README "Performance").

    python -m evals.ingest_memory --scales 1,4,16 --workdir /tmp/ingest-memory --json ingest-memory.json
    python -m evals.ingest_memory --no-trace --scales 16 --files 16 --server   # 16 input files, a chroma run
    python -m evals.ingest_memory --scales 1 --embedder minilm        # the real model (slow: ~20 chunks/s)

Runs the real `ingest.indexing.ingest` (reader worker, planning, cleaning, chunking, embedded Chroma or
a `chroma run` server, manifest, keyword rebuild) on `evals.bench._replicate` copies of a corpus, each
scale in a fresh spawned process (the copies are made in another), and reads at
each phase boundary (the pipeline's own progress calls: reading and planning end when the first
"articles" call comes, cleaning and writing end with the last one, the keyword rebuild follows):
- the process's resident memory and its peak within the phase (VmHWM, reset between phases through
  /proc/self/clear_refs),
- Python's own allocations (tracemalloc: current and the phase's peak) and the ten source lines
  holding the most at the phase's end.
The reader worker is a separate process; its peak is read from RUSAGE_CHILDREN.

`--embedder constant` (the default) replaces MiniLM by a stand-in that returns fixed unit vectors at
no cost: the model's memory does not depend on the corpus (weights and onnxruntime buffers, about
0.5 GB, measured with `--embedder minilm` at 1x), and the stand-in makes a 16x run take minutes
instead of hours, so what grows with the corpus can be found. It is a diagnostic, not a benchmark.
"""
from __future__ import annotations

import argparse
import json
import resource
import shutil
import time
import tracemalloc
from pathlib import Path

import numpy as np

DIM = 384
TOP_LINES = 10
WRITE_STAGE = "articles"  # ingest's progress stage while it writes (before bounded memory: "chunks")


class ConstantEmbedder:
    """A stand-in for MiniLM: one fixed unit vector per text, no model."""

    def __init__(self, dim: int = DIM) -> None:
        self.vector = np.full(dim, 1 / np.sqrt(dim), dtype=np.float32)

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.tile(self.vector, (len(texts), 1))


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _reset_peak() -> None:
    tracemalloc.reset_peak()
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    except OSError:
        pass


class Phases:
    """Records memory at each phase boundary that the ingest's progress calls reveal."""

    def __init__(self) -> None:
        self.rows: list[dict] = []
        self.stage = "reading"
        self.started = time.perf_counter()

    def mark(self, name: str) -> None:
        if not tracemalloc.is_tracing():  # --no-trace: resident memory only (tracing slows Python down)
            self.rows.append({"phase": name, "seconds": round(time.perf_counter() - self.started, 1),
                              "rss_mb": _status_mb("VmRSS"), "phase_peak_rss_mb": _status_mb("VmHWM")})
            _reset_peak()
            self.started = time.perf_counter()
            return
        current, peak = tracemalloc.get_traced_memory()
        snapshot = tracemalloc.take_snapshot().filter_traces(
            [tracemalloc.Filter(False, tracemalloc.__file__), tracemalloc.Filter(False, "<frozen importlib._bootstrap>")])
        top = [{"where": f"{s.traceback[0].filename.split('site-packages/')[-1].replace(str(Path.cwd()) + '/', '')}:{s.traceback[0].lineno}",
                "mb": round(s.size / 2**20, 1)} for s in snapshot.statistics("lineno")[:TOP_LINES]]
        self.rows.append({"phase": name, "seconds": round(time.perf_counter() - self.started, 1),
                          "rss_mb": _status_mb("VmRSS"), "phase_peak_rss_mb": _status_mb("VmHWM"),
                          "python_mb": round(current / 2**20, 1), "phase_peak_python_mb": round(peak / 2**20, 1),
                          "largest": top})
        _reset_peak()
        self.started = time.perf_counter()

    def progress(self, stage: str, done: int, total: int) -> None:
        if stage == WRITE_STAGE and self.stage == "reading":
            self.mark("read and plan")
            self.stage = "writing"
        elif stage == WRITE_STAGE and done == total and self.stage == "writing":
            self.mark("clean, chunk, embed and write")
            self.stage = "after writing"


def measure(corpus: Path, directory: Path, embedder, trace: bool = True, server: tuple[str, int] | None = None) -> dict:
    from assistant.settings import Settings
    from assistant.store import Index
    from ingest.indexing import ingest

    shutil.rmtree(directory, ignore_errors=True)
    phases = Phases()
    remote = {"chroma_host": server[0], "chroma_port": server[1]} if server else {}
    index = Index(directory, Settings(index_dir=directory, **remote), create=True)
    if trace:
        tracemalloc.start()
    _reset_peak()
    phases.started = time.perf_counter()
    started = time.perf_counter()
    report = ingest([str(corpus)], index, embedder, progress=phases.progress)
    if phases.stage == "writing":
        phases.mark("clean, chunk, embed and write")
    phases.mark("clean again, keyword rebuild")
    tracemalloc.stop()
    index.close()
    return {"corpus": str(corpus), "articles": report.added, "chunks": report.chunks_added,
            "seconds": round(time.perf_counter() - started, 1), "phases": phases.rows,
            "process_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "reader_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parents[2] / "shared/data/multihop-rag/corpus.json")
    ap.add_argument("--scales", default="1,4,16")
    ap.add_argument("--workdir", type=Path, default=Path("runs/ingest-memory"))
    ap.add_argument("--embedder", choices=("constant", "minilm"), default="constant")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--no-trace", action="store_true", help="resident memory only, without tracemalloc (faster)")
    ap.add_argument("--files", type=int, default=1,
                    help="write each scaled corpus as this many JSON files (a folder): the reader holds one file at a time")
    ap.add_argument("--server", action="store_true",
                    help="write to a real `chroma run` on 127.0.0.1 (started per scale): the HNSW lives in the server, "
                         "whose peak is reported apart")
    a = ap.parse_args(argv)
    out = {"embedder": a.embedder, "files": a.files, "runs": []}
    for scale in [int(x) for x in a.scales.split(",")]:
        corpus = a.corpus if scale == 1 and a.files == 1 else _prepared(a.corpus, scale, a.files, a.workdir / "corpora")
        out["runs"].append({"scale": scale, **_in_child(_measure_at, a, corpus, scale)})
        if a.json:
            a.json.write_text(json.dumps(out, indent=1))
        r = out["runs"][-1]
        print(f"x{scale}: {r['articles']} articles, {r['chunks']} chunks, {r['seconds']} s, peak RSS {r['process_peak_rss_mb']} MB "
              f"(reader {r['reader_peak_rss_mb']} MB" + (f", chroma server {r['server_peak_rss_mb']} MB" if a.server else "")
              + ")", flush=True)
        for p in r["phases"]:
            print(f"  {p['phase']:32} {p['seconds']:7.1f} s  RSS {p['rss_mb']:7.1f}  phase peak {p['phase_peak_rss_mb']:7.1f}"
                  + (f"  python {p['python_mb']:7.1f} (peak {p['phase_peak_python_mb']:7.1f}) MB" if "python_mb" in p else ""), flush=True)
            for t in p.get("largest", [])[:5]:
                print(f"      {t['mb']:7.1f} MB  {t['where']}", flush=True)


def _in_child(fn, *args):
    """fn(*args) in a fresh spawned process: each scale is measured in a process of its own (no memory
    left over from making the corpus or from an earlier scale, and the reader's peak is its own)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(fn, *args).result()


def _prepared(corpus: Path, scale: int, files: int, folder: Path) -> Path:
    """The scaled corpus, made in a child process of its own."""
    return _in_child(_write_scaled, corpus, scale, files, folder)


def _write_scaled(corpus: Path, scale: int, files: int, folder: Path) -> Path:
    from .baselines import corpus_records
    from .bench import _replicate

    path = _replicate(corpus_records(corpus), scale, folder)
    if files == 1:
        return path
    records = json.loads(path.read_text())
    split = folder / f"corpus-x{scale}-in-{files}"
    shutil.rmtree(split, ignore_errors=True)
    split.mkdir(parents=True)
    size = -(-len(records) // files)
    for k in range(files):
        (split / f"part-{k:03d}.json").write_text(json.dumps(records[k * size:(k + 1) * size]))
    path.unlink()
    return split


def _measure_at(a, corpus: Path, scale: int) -> dict:
    """One scale, in embedded mode or against a fresh `chroma run` (whose peak memory is added)."""
    if a.embedder == "minilm":
        from assistant.embedding import load_embedder
        from assistant.settings import load_settings

        embedder = load_embedder(load_settings())
    else:
        embedder = ConstantEmbedder()
    directory = a.workdir / f"index-x{scale}"
    if not a.server:
        return measure(corpus, directory, embedder, not a.no_trace)
    from .scale_bench import _rss_mb, chroma_server, free_port

    server_path = a.workdir / f"server-x{scale}"
    shutil.rmtree(server_path, ignore_errors=True)
    a.workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    with chroma_server(server_path, port, a.workdir / "chroma-server.log") as (proc, _):
        result = measure(corpus, directory, embedder, not a.no_trace, ("127.0.0.1", port))
        result["server_peak_rss_mb"] = _rss_mb(proc.pid, "VmHWM")
    return result


if __name__ == "__main__":
    main()
