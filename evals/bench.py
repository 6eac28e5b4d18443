"""`assistant bench`: ingest and query costs on one corpus, in one process, as ratios to baselines.

Measures: raw embedder throughput on the corpus's own chunks (the physical limit) vs our full ingest;
a naive llama-index pipeline (VectorStoreIndex.from_documents into Chroma, default settings, same
embedder); re-ingest of the unchanged corpus and with one article edited; retrieval and offline-answer
latency p50/p95; peak memory; server cold start to first answer; and growth at several corpus sizes.
"""
from __future__ import annotations

import json
import random
import resource
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

from assistant.app import open_assistant, open_index
from assistant.embedding import load_embedder
from assistant.settings import load_settings
from ingest.chunking import chunk_article
from ingest.cleaning import clean_articles
from ingest.indexing import ingest
from ingest.metadata import article_id
from ingest.readers import read_file

from .baselines import corpus_records, naive_llama_index, naive_truncation

RAW_SAMPLE = 1000  # chunks embedded alone to measure the embedder's own throughput
PRECISION_SAMPLE = 500  # chunks embedded by fp32 and int8 models to compare them


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def _replicate(records: list[dict], times: int, folder: Path) -> Path:
    """The corpus `times` over: copies get new urls and titles and lightly perturbed text (about one
    word in 30 swapped for another word of the same article), so no copy is a duplicate of another."""
    rng = random.Random(times)
    out = []
    for k in range(times):
        for r in records:
            body = r["body"] if k == 0 else _perturb(r["body"], rng)
            out.append({**r, "url": f"{r['url']}#copy{k}" if k else r["url"], "title": r["title"] + (f" ({k})" if k else ""), "body": body})
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"corpus-x{times}.json"
    path.write_text(json.dumps(out))
    return path


def _perturb(text: str, rng: random.Random, rate: float = 1 / 30) -> str:
    """About one word in 30 swapped for another word of the same line, and at least one in every line:
    a line left intact in several copies would look like an outlet's boilerplate and be cleaned away."""
    lines = []
    for line in text.split("\n"):
        words = line.split(" ")
        if len(words) > 1:
            for i in rng.sample(range(len(words)), max(1, int(len(words) * rate))):
                swap = words[rng.randrange(len(words))]
                words[i] = swap if swap != words[i] else swap + ","
        lines.append(" ".join(words))
    return "\n".join(lines)


def _chunk_sample(corpus: Path, settings, size: int) -> tuple[list[str], int]:
    articles = read_file(corpus, 10**10).articles
    clean_articles(articles)
    chunks = [c.text for a in articles for c in chunk_article(a, article_id(a), settings.chunk_tokens, settings.chunk_overlap)]
    return random.Random(0).sample(chunks, min(size, len(chunks))), len(chunks)


def _throughput(embed, texts: list[str]) -> float:
    """Texts per second that `embed(texts)` gets through."""
    started = time.perf_counter()
    embed(texts)
    return len(texts) / (time.perf_counter() - started)


def raw_embedder(corpus: Path, embedder, settings) -> dict:
    """The embedding work ingest does (each chunk's sentences, `embed_chunks`), alone, on sampled chunks."""
    from assistant.embedding.chunk_vectors import embed_chunks

    sample, total = _chunk_sample(corpus, settings, RAW_SAMPLE)
    return {"chunks": total, "sample": len(sample),
            "chunks_per_s": _throughput(lambda texts: embed_chunks(embedder, texts), sample)}


def embedder_precisions(corpus: Path, settings, size: int = PRECISION_SAMPLE) -> dict:
    """fp32 and int8 embedders on the same chunks: throughput and how close the int8 vectors are."""
    from assistant.embedding import MiniLMEmbedding

    sample, _ = _chunk_sample(corpus, settings, size)
    out: dict = {"sample": len(sample)}
    vectors = {}
    for precision in ("fp32", "int8"):
        embedder = MiniLMEmbedding(threads=settings.embed_threads, embed_batch_size=settings.embed_batch_size,
                                   precision=precision)
        out[f"{precision}_chunks_per_s"] = round(_throughput(embedder.encode, sample), 1)
        vectors[precision] = embedder.encode(sample)
    cosines = (vectors["fp32"] * vectors["int8"]).sum(axis=1)
    out["int8_speedup"] = round(out["int8_chunks_per_s"] / out["fp32_chunks_per_s"], 2)
    out["int8_cosine_mean"], out["int8_cosine_min"] = round(float(cosines.mean()), 4), round(float(cosines.min()), 4)
    return out


def ours(corpus: Path, directory: Path, embedder, settings) -> dict:
    index = open_index(directory, settings, create=True)
    report = ingest([str(corpus)], index, embedder)
    first = {"seconds": report.seconds, "chunks": report.chunks_added, "articles": report.added}
    again = ingest([str(corpus)], index, embedder)
    edited_dir = directory.parent / "edited"
    edited_dir.mkdir(exist_ok=True)
    records = corpus_records(corpus)
    records[0] = {**records[0], "body": records[0]["body"] + "\n\nThis paragraph was added by the benchmark."}
    edited = edited_dir / corpus.name
    edited.write_text(json.dumps(records))
    before = index.manifest.stats()["chunks"]
    edit = ingest([str(edited)], index, embedder)
    index.close()
    return {"first": first, "unchanged": {"seconds": again.seconds, "embedded": again.chunks_added},
            "one_edited": {"seconds": edit.seconds, "embedded": edit.chunks_added, "updated": edit.updated,
                           "chunks_before": before}}


def query_latency(directory: Path, questions: list[str], settings=None, embedder=None) -> dict:
    settings = settings or load_settings()
    assistant = open_assistant(directory, settings, embedder)
    assistant.retrieve(questions[0])  # load the keyword index once, as a running server has
    retrieve, answer, stage = [], [], []
    for q in questions:
        t = time.perf_counter()
        assistant.retrieve(q)
        retrieve.append(time.perf_counter() - t)
        t = time.perf_counter()
        result = assistant.ask(q)
        answer.append(time.perf_counter() - t)
        stage.append(result.timings.get("generate", 0.0) + result.timings.get("cite", 0.0))
    ms = lambda v, q: round(1000 * _pct(v, q), 1)  # noqa: E731
    return {"questions": len(questions), "retrieve_ms": {"p50": ms(retrieve, 0.5), "p95": ms(retrieve, 0.95)},
            "answer_ms": {"p50": ms(answer, 0.5), "p95": ms(answer, 0.95)},
            "answer_stage_ms": {"p50": ms(stage, 0.5), "p95": ms(stage, 0.95)}}


def server_cold_start(directory: Path, question: str) -> dict:
    import httpx
    from gradio_client import Client

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--index", str(directory), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/"
    try:
        while time.perf_counter() - started < 120:
            try:
                if httpx.get(url, timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        up = time.perf_counter() - started
        Client(url, verbose=False).predict(question, [], [], "", "", api_name="/ask")
        first_answer = time.perf_counter() - started
        rss = next(int(line.split()[1]) // 1024 for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines()
                   if line.startswith("VmHWM"))
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    return {"listening_s": round(up, 2), "first_answer_s": round(first_answer, 2), "peak_rss_mb": rss}


def run(corpus: Path, queries: Path | None, scales: list[int], workdir: Path, n_questions: int = 100,
        on_phase=None, embedder_only: bool = False) -> dict:
    """All measurements; `on_phase(result so far)` is called after each phase (a long run keeps what it measured)."""
    done = on_phase or (lambda _result: None)
    shutil.rmtree(workdir, ignore_errors=True)
    workdir.mkdir(parents=True)
    settings = load_settings()
    embedder = load_embedder(settings)
    questions = [q["query"] for q in json.loads(queries.read_text())][:n_questions] if queries else ["What happened?"]
    result: dict = {"corpus": str(corpus), "machine": {"cores": __import__("os").cpu_count()},
                    "embed_precision": settings.embed_precision, "chunk_tokens": settings.chunk_tokens}
    result["raw_embedder"] = raw_embedder(corpus, embedder, settings)
    if embedder_only:
        result["precisions"] = embedder_precisions(corpus, settings)
        return result
    result["ours"] = ours(corpus, workdir / "ours" / "index", embedder, settings)
    # read before the fp32/int8 comparison, which loads a second model into this process
    result["ingest_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    result["precisions"] = embedder_precisions(corpus, settings)
    done(result)
    for name, size in (("naive_llama_index", None), ("naive_llama_index_256", settings.chunk_tokens)):
        naive = naive_llama_index(corpus, workdir / name, embedder, size)
        result[name] = {"seconds": naive["seconds"], "chunks": naive["chunks"],
                        "truncated_share": round(naive_truncation(naive["index"], embedder), 3)}
        done(result)
    result["queries"] = query_latency(workdir / "ours" / "index", questions, settings, embedder)
    result["server"] = server_cold_start(workdir / "ours" / "index", questions[0])
    done(result)
    growth = []
    for scale in scales:
        if scale == 1:  # the first ingest above is the 1x row
            directory, chunks, seconds = workdir / "ours" / "index", result["ours"]["first"]["chunks"], result["ours"]["first"]["seconds"]
        else:
            directory = workdir / f"x{scale}"
            report = ingest([str(_replicate(corpus_records(corpus), scale, workdir / "scaled"))], open_index(directory, settings, create=True), embedder)
            chunks, seconds = report.chunks_added, report.seconds
        lat = query_latency(directory, questions[:30], settings, embedder)
        growth.append({"scale": scale, "chunks": chunks, "ingest_s": round(seconds, 1),
                       "retrieve_p50_ms": lat["retrieve_ms"]["p50"], "answer_p50_ms": lat["answer_ms"]["p50"]})
        result["growth"] = growth
        done(result)
    first = result["ours"]["first"]
    result["ratios"] = {
        "ingest_vs_raw_embedder": round(first["chunks"] / first["seconds"] / result["raw_embedder"]["chunks_per_s"], 3),
        "naive_seconds_over_ours": round(result["naive_llama_index"]["seconds"] / first["seconds"], 2),
        "naive_256_seconds_over_ours": round(result["naive_llama_index_256"]["seconds"] / first["seconds"], 2),
        "unchanged_reingest_share": round(result["ours"]["unchanged"]["seconds"] / first["seconds"], 4),
        "edited_reingest_share": round(result["ours"]["one_edited"]["seconds"] / first["seconds"], 4),
    }
    return result


def render_embedder(r: dict) -> str:
    raw, pr = r["raw_embedder"], r["precisions"]
    return "\n".join([
        "| measure | value |", "| --- | ---: |",
        f"| raw embedder ({r['embed_precision']}), {raw['sample']} of the corpus's {raw['chunks']} chunks | {raw['chunks_per_s']:.1f} chunks/s |",
        f"| fp32 / int8 embedder, same {pr['sample']} chunks | {pr['fp32_chunks_per_s']} / {pr['int8_chunks_per_s']} chunks/s (int8 {pr['int8_speedup']}x; cosine to fp32 mean {pr['int8_cosine_mean']}, min {pr['int8_cosine_min']}) |",
    ])


def render(r: dict) -> str:
    if "ours" not in r:
        return render_embedder(r)
    first, raw, naive, naive256 = r["ours"]["first"], r["raw_embedder"], r["naive_llama_index"], r["naive_llama_index_256"]
    lines = [
        "| measure | value |", "| --- | ---: |",
        f"| raw embedder, {raw['sample']} of the corpus's {raw['chunks']} chunks | {raw['chunks_per_s']:.1f} chunks/s |",
        f"| our ingest ({first['articles']} articles, {first['chunks']} chunks) | {first['seconds']:.1f} s = {first['chunks'] / first['seconds']:.1f} chunks/s ({r['ratios']['ingest_vs_raw_embedder']:.2f} x raw) |",
        f"| naive llama-index (from_documents into Chroma, defaults, same embedder; {naive['chunks']} chunks, {100 * naive['truncated_share']:.0f}% of their text cut off by the embedder's 256-token limit) | {naive['seconds']:.1f} s ({r['ratios']['naive_seconds_over_ours']:.2f} x ours) |",
        f"| naive llama-index with SentenceSplitter(chunk_size={r['chunk_tokens']}) ({naive256['chunks']} chunks, {100 * naive256['truncated_share']:.0f}% cut off) | {naive256['seconds']:.1f} s ({r['ratios']['naive_256_seconds_over_ours']:.2f} x ours) |",
        f"| re-ingest, unchanged | {r['ours']['unchanged']['seconds']:.2f} s ({100 * r['ratios']['unchanged_reingest_share']:.1f}% of first), {r['ours']['unchanged']['embedded']} chunks embedded |",
        f"| re-ingest, one article edited | {r['ours']['one_edited']['seconds']:.2f} s ({100 * r['ratios']['edited_reingest_share']:.1f}%), {r['ours']['one_edited']['embedded']} chunks embedded, {r['ours']['one_edited']['updated']} updated |",
        f"| retrieval latency p50 / p95 | {r['queries']['retrieve_ms']['p50']} / {r['queries']['retrieve_ms']['p95']} ms |",
        f"| offline answer latency p50 / p95 | {r['queries']['answer_ms']['p50']} / {r['queries']['answer_ms']['p95']} ms |",
        f"| peak RSS, ingest process | {r['ingest_peak_rss_mb']} MB |",
        f"| server: listening / first answer / peak RSS | {r['server']['listening_s']} s / {r['server']['first_answer_s']} s / {r['server']['peak_rss_mb']} MB |",
    ]
    if "precisions" in r:
        lines.append(render_embedder(r).splitlines()[-1])
    for g in r.get("growth", []):
        lines.append(f"| growth x{g['scale']}: {g['chunks']} chunks | ingest {g['ingest_s']} s, retrieve p50 {g['retrieve_p50_ms']} ms, answer p50 {g['answer_p50_ms']} ms |")
    return "\n".join(lines)
