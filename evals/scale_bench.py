"""Scale benchmark: a real `chroma run` server filled with N synthetic chunks, and the keyword and
sentence-vector options measured at the same sizes (docs/scaling.md).

    python -m evals.scale_bench --chunks 1000000 --port 8765 --workdir /tmp/scale --json docs/scale-bench.json
    assistant bench --scale 1000000 --json docs/scale-bench.json           # the same, on a free port

Nothing here loads a model. Chunks are made to look like ours:
- text: a header (title, outlet, date) and about `SENTENCES_PER_CHUNK` sentences drawn from the MultiHop-RAG
  corpus (read, never copied) or, without it, from a Zipf-distributed made-up vocabulary;
- vectors: 384-d, unit length, scattered around `CLUSTERS` random centres (all chunks of an article around
  one centre) at a cosine of about `CLUSTER_COSINE` to it, so that HNSW has neighbourhoods to find, as it
  does with MiniLM vectors of news text; queries are drawn the same way;
- metadata: the keys `ingest.indexing._chunk_metadata` writes (article_id, title, source, author, url,
  published_at, published_ts, category, source_file, position, n_chunks), `CHUNKS_PER_ARTICLE` chunks per
  article, outlets with a Zipf share of the articles, dates spread over two years.

Measured at each checkpoint size on the way to N (kept in the JSON after each one, so a long run that is
stopped keeps what it measured):
- Chroma server: write throughput (upserts of the client's max batch through `assistant.store.VectorStore`
  with ASSISTANT_CHROMA_HOST-style host/port), top-50 vector query p50/p95 without a filter, with
  `source $in` 3 outlets and with a 30-day `published_ts` range, the server's RSS, disk (SQLite part:
  metadata, documents and their FTS5 trigram index; segment part: HNSW);
- Chroma's own text search: `where_document` `$contains` and `$regex` (filters, not rankings);
- keyword options, each in a fresh process: our in-process `KeywordIndex` (bm25s) build time, peak memory,
  disk, load time and resident memory once loaded, query p50/p95 (all chunks scored, filters as masks, as
  `assistant.retrieval` does); SQLite FTS5 (porter) with bm25 ranking, the same queries; and the memory an
  assistant process spends today on holding every chunk row (`Index._refresh`);
- once, at `--sentence-chunks` chunks: the sentence vectors (`SENTENCES_PER_CHUNK` per chunk) as a second
  Chroma collection, as float16 blobs in SQLite (today's manifest) and as a float16 string in each
  chunk's Chroma metadata: write cost, disk, server memory and the cost of fetching the sentences of 100
  candidate chunks (what retrieval needs);
- whether this server offers sparse vectors / BM25 ranking (`Collection.search`): tried, and the answer kept.
At the end the server is restarted: time to its first answer and its memory once the index is loaded.
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import numpy as np

DIM = 384  # MiniLM's dimension (assistant.embedding.minilm.DIMENSION; not imported: that loads llama-index)
CLUSTERS = 3000  # topic centres of the synthetic vectors
CLUSTER_COSINE = 0.7  # a chunk's typical cosine to its centre (MiniLM: related news chunks sit at 0.5-0.8)
SENTENCE_COSINE = 0.8  # a sentence vector's typical cosine to its chunk's vector
CHUNKS_PER_ARTICLE = 11  # MultiHop-RAG: 6,840 chunks of 609 articles
SENTENCES_PER_CHUNK = 8  # MultiHop-RAG: 55,583 sentences in 6,840 chunks
OUTLETS = 49  # MultiHop-RAG has 49
DATE_SPAN_DAYS = 730
DATE_START = 1_672_531_200  # 2023-01-01 UTC
TOP_K = 50  # candidates per retriever (Settings.candidates)
KEYWORD_SEGMENT = 20000  # chunks per keyword-index segment (Settings.keyword_segment_chunks)
SOURCE_FILTER_OUTLETS = 3
TS_WINDOW_DAYS = 30
QUERIES = 200  # per measured kind of query
TEXT_QUERIES = 20  # per Chroma text-search kind (can be slow)
FETCH_CANDIDATES = 100  # chunks whose sentence vectors one question needs (Settings.facet_dense_candidates)
DEFAULT_CHECKPOINTS = (100_000, 250_000, 500_000, 1_000_000)
DEFAULT_SENTENCE_CHUNKS = 20_000
ZIPF_VOCABULARY = 50_000  # made-up words when the MultiHop-RAG corpus is absent
ZIPF_SENTENCES = 10_000
SEED = 20
MULTIHOP = Path(__file__).resolve().parents[2] / "shared" / "data" / "multihop-rag" / "corpus.json"
COLLECTION = "news"
MODEL = "synthetic-384"  # the collection's recorded model (VectorStore refuses another)
QUERY_BUDGET_S = 600  # per kind of query at one checkpoint; see _timed
CHILD_TIMEOUT_S = 3600  # per keyword child process; see _child
SERVER_START_TIMEOUT = 180  # s; a 1M-chunk server loads its index before answering


# ---------------------------------------------------------------- synthetic data


def _sentence_pool(corpus: Path | None) -> list[str]:
    """Sentences to recombine: the corpus's own (split as ingest splits them) or Zipf-made ones."""
    if corpus and corpus.exists():
        from assistant.sentences import split_sentences

        records = json.loads(corpus.read_text())
        pool = [s for r in records for s in split_sentences(r.get("body") or "") if 20 <= len(s) <= 400]
        if pool:
            return pool
    rng = np.random.default_rng(SEED)
    letters = np.array(list("etaoinshrdlcumwfgypbvkjxqz"))
    weights = 1 / np.arange(1, 27)
    lengths = rng.integers(2, 11, size=ZIPF_VOCABULARY)
    drawn = "".join(rng.choice(letters, size=int(lengths.sum()), p=weights / weights.sum()))
    ends = np.cumsum(lengths)
    words = [drawn[e - n : e] for e, n in zip(ends, lengths)]
    ranks = np.minimum(rng.zipf(1.1, size=ZIPF_SENTENCES * 30), ZIPF_VOCABULARY) - 1
    out, at = [], 0
    for _ in range(ZIPF_SENTENCES):
        n = int(rng.integers(8, 30))
        out.append(" ".join(words[i] for i in ranks[at : at + n]).capitalize() + ".")
        at += n
    return out


def _unit(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=-1, keepdims=True)


def _sigma(cosine: float) -> float:
    """Per-dimension noise giving a unit centre plus noise about this cosine to the centre."""
    return float(np.sqrt((1 / cosine**2 - 1) / DIM))


class Synthetic:
    """Chunk `i` is the same whatever batch it is made in (its random draws are seeded by `i`'s batch
    of `GEN_BLOCK`), so a child process can make the same texts again without receiving them."""

    GEN_BLOCK = 1000

    def __init__(self, pool: list[str], total: int) -> None:
        self.pool = pool
        rng = np.random.default_rng(SEED)
        self.centres = _unit(rng.normal(size=(CLUSTERS, DIM))).astype(np.float32)
        # every block a child process may make has its article drawn (ceil to whole blocks)
        articles = -(-total // self.GEN_BLOCK) * self.GEN_BLOCK // CHUNKS_PER_ARTICLE + 2
        self.article_cluster = rng.integers(CLUSTERS, size=articles)
        share = 1 / np.arange(1, OUTLETS + 1)
        self.article_outlet = rng.choice(OUTLETS, size=articles, p=share / share.sum())
        self.article_ts = DATE_START + rng.integers(DATE_SPAN_DAYS * 86400, size=articles)
        self.article_title = rng.integers(len(pool), size=articles)

    @staticmethod
    def outlet(k: int) -> str:
        return f"Outlet {k:02d}"

    def _block(self, b: int) -> tuple[list[str], list[dict], np.ndarray]:
        rng = np.random.default_rng((SEED, b))
        start, stop = b * self.GEN_BLOCK, (b + 1) * self.GEN_BLOCK
        picks = rng.integers(len(self.pool), size=(self.GEN_BLOCK, SENTENCES_PER_CHUNK))
        noise = rng.normal(scale=_sigma(CLUSTER_COSINE), size=(self.GEN_BLOCK, DIM)).astype(np.float32)
        texts, metas = [], []
        for k, i in enumerate(range(start, stop)):
            a, position = divmod(i, CHUNKS_PER_ARTICLE)
            title = " ".join(self.pool[self.article_title[a]].split()[:9]).rstrip(".,")
            ts = int(self.article_ts[a])
            date = time.strftime("%Y-%m-%d", time.gmtime(ts))
            source = self.outlet(int(self.article_outlet[a]))
            texts.append(f"{title}\n{source} · {date}\n\n" + " ".join(self.pool[p] for p in picks[k]))
            aid = hashlib.sha1(f"{SEED}-{a}".encode()).hexdigest()[:16]
            metas.append({"article_id": aid, "title": title, "source": source, "author": f"Writer {a % 997}",
                          "url": f"https://synthetic.example/{a}", "published_at": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime(ts)),
                          "published_ts": ts, "category": ("business", "politics", "sports", "technology")[a % 4],
                          "source_file": f"/archive/part-{a // 10000:04d}.jsonl", "position": position,
                          "n_chunks": CHUNKS_PER_ARTICLE})
        vectors = _unit(self.centres[self.article_cluster[np.arange(start, stop) // CHUNKS_PER_ARTICLE]] + noise)
        return texts, metas, vectors.astype(np.float32)

    def chunks(self, start: int, stop: int) -> tuple[list[str], list[str], list[dict], np.ndarray]:
        """(ids, texts, metadatas, vectors) of chunks start..stop-1."""
        texts, metas, vectors = [], [], []
        for b in range(start // self.GEN_BLOCK, (stop - 1) // self.GEN_BLOCK + 1):
            t, m, v = self._block(b)
            lo, hi = max(start - b * self.GEN_BLOCK, 0), min(stop - b * self.GEN_BLOCK, self.GEN_BLOCK)
            texts += t[lo:hi]
            metas += m[lo:hi]
            vectors.append(v[lo:hi])
        ids = [f"{m['article_id']}-{m['position']:04d}" for m in metas]
        return ids, texts, metas, np.concatenate(vectors)

    def sentence_vectors(self, vectors: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """(chunks, SENTENCES_PER_CHUNK, DIM) unit vectors around each chunk's vector."""
        noise = rng.normal(scale=_sigma(SENTENCE_COSINE), size=(len(vectors), SENTENCES_PER_CHUNK, DIM))
        return _unit(vectors[:, None, :] + noise).astype(np.float32)

    def query_vectors(self, n: int, rng: np.random.Generator) -> np.ndarray:
        noise = rng.normal(scale=_sigma(CLUSTER_COSINE), size=(n, DIM)).astype(np.float32)
        return _unit(self.centres[rng.integers(CLUSTERS, size=n)] + noise)

    def keyword_queries(self, n: int, rng: np.random.Generator) -> list[str]:
        """Question-like word sets: 3 to 7 words of one pool sentence."""
        out = []
        while len(out) < n:
            words = [w.strip(".,;:\"'()") for w in self.pool[int(rng.integers(len(self.pool)))].split()]
            words = [w for w in words if len(w) > 3]
            if len(words) >= 3:
                out.append(" ".join(rng.choice(words, size=min(len(words), int(rng.integers(3, 8))), replace=False)))
        return out


def _filters(n: int, rng: np.random.Generator) -> list[dict]:
    return [{"source": {"$in": [Synthetic.outlet(int(k)) for k in rng.choice(OUTLETS, SOURCE_FILTER_OUTLETS, replace=False)]}}
            for _ in range(n)]


def _ranges(n: int, rng: np.random.Generator) -> list[dict]:
    out = []
    for _ in range(n):
        lo = DATE_START + int(rng.integers((DATE_SPAN_DAYS - TS_WINDOW_DAYS) * 86400))
        out.append({"$and": [{"published_ts": {"$gte": lo}}, {"published_ts": {"$lt": lo + TS_WINDOW_DAYS * 86400}}]})
    return out


# ---------------------------------------------------------------- measuring helpers


def _pcts(seconds: list[float]) -> dict:
    values = sorted(seconds)
    at = lambda q: round(1000 * values[min(len(values) - 1, int(q * len(values)))], 2)  # noqa: E731
    return {"p50": at(0.5), "p95": at(0.95), "n": len(values)}


def _timed(calls, budget_s: float | None = None) -> dict:
    """Latency percentiles of the calls; past `budget_s` (default QUERY_BUDGET_S) of total time the rest
    are left out, and the result says how many ran ("n") so a slow kind of query cannot stall a run."""
    budget = QUERY_BUDGET_S if budget_s is None else budget_s
    took, start = [], time.perf_counter()
    for call in calls:
        t = time.perf_counter()
        call()
        took.append(time.perf_counter() - t)
        if t - start > budget:
            break
    return _pcts(took)


def _status_kb(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _tree(pid: int) -> list[int]:
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            children = Path(f"/proc/{p}/task/{p}/children").read_text().split()
        except OSError:
            children = []
        todo += [int(c) for c in children]
    return out


def _rss_mb(pid: int, field: str = "VmRSS") -> float:
    return round(sum(_status_kb(p, field) for p in _tree(pid)) / 1024, 1)


def _own_rss_mb() -> float:
    return round(_status_kb(os.getpid(), "VmRSS") / 1024, 1)


def _disk_mb(path: Path) -> dict:
    """Bytes on disk (allocated blocks) under `path`: total, Chroma's SQLite files, the rest (HNSW segments)."""
    total = sqlite_part = 0
    for f in path.rglob("*"):
        if f.is_file():
            size = f.stat().st_blocks * 512
            total += size
            if f.name.startswith("chroma.sqlite3"):
                sqlite_part += size
    mb = lambda b: round(b / 2**20, 1)  # noqa: E731
    return {"total": mb(total), "sqlite": mb(sqlite_part), "segments": mb(total - sqlite_part)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def chroma_executable() -> Path:
    return Path(sys.executable).parent / "chroma"


@contextmanager
def chroma_server(path: Path, port: int, log: Path):
    """A real `chroma run --path PATH --port PORT` on 127.0.0.1; yields (process, seconds until it answered)."""
    import httpx

    exe = chroma_executable()
    if not exe.exists():
        raise RuntimeError(f"no chroma executable next to {sys.executable} (install chromadb)")
    env = {**os.environ, "ANONYMIZED_TELEMETRY": "False"}
    started = time.perf_counter()
    with open(log, "ab") as out:
        proc = subprocess.Popen([str(exe), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
                                stdout=out, stderr=subprocess.STDOUT, env=env)
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"chroma run exited with {proc.returncode}; see {log}")
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.perf_counter() - started > SERVER_START_TIMEOUT:
                raise RuntimeError(f"chroma run did not answer within {SERVER_START_TIMEOUT} s; see {log}")
            time.sleep(0.2)
        yield proc, time.perf_counter() - started
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _add_fitting(store, ids, vectors, texts, metas) -> int:
    """Upserts in halves while the server answers 413: `chroma run` takes at most
    `max_payload_size_bytes` (40 MiB by default) per request, whatever `get_max_batch_size()` says.
    Returns the largest batch that went through."""
    try:
        store.add(ids, vectors, texts, metas)
        return len(ids)
    except Exception as exc:  # noqa: BLE001 - chromadb raises a bare Exception for HTTP 413
        if "Payload too large" not in str(exc) or len(ids) < 2:
            raise
    half = len(ids) // 2
    return min(_add_fitting(store, ids[:half], vectors[:half], texts[:half], metas[:half]),
               _add_fitting(store, ids[half:], vectors[half:], texts[half:], metas[half:]))


def _store(port: int, collection: str = COLLECTION):
    from assistant.store.vectors import VectorStore

    return VectorStore(Path("."), collection, MODEL, DIM, host="127.0.0.1", port=port, create=True)


# ---------------------------------------------------------------- Chroma measurements


def _vector_queries(store, synth: Synthetic, n: int) -> dict:
    rng = np.random.default_rng(SEED + 1)
    qs = synth.query_vectors(n, rng)
    sources, ranges = _filters(n, rng), _ranges(n, rng)
    for v in qs[:5]:  # warm-up: the first query after writes loads or syncs the index
        store.query(v, TOP_K)
    out = {"none": _timed(lambda v=v: store.query(v, TOP_K) for v in qs),
           "source_in": _timed(lambda v=v, w=w: store.query(v, TOP_K, w) for v, w in zip(qs, sources)),
           "ts_range": _timed(lambda v=v, w=w: store.query(v, TOP_K, w) for v, w in zip(qs, ranges))}
    hits = [len(store.query(v, TOP_K, w)) for v, w in zip(qs[:10], ranges[:10])]
    out["ts_range_results_mean"] = round(sum(hits) / len(hits), 1)
    return out


def _text_search(store, synth: Synthetic, n: int) -> dict:
    """Chroma's document filters: `$contains` (local Chroma: SQLite FTS5 trigram table) and `$regex`,
    alone (`get`, unranked) and under a vector query."""
    rng = np.random.default_rng(SEED + 2)
    words = [w.split()[0] for w in synth.keyword_queries(n, rng)]
    qs = synth.query_vectors(n, rng)
    col = store.collection
    count = lambda w: len(col.get(where_document={"$contains": w}, limit=TOP_K, include=[])["ids"])  # noqa: E731
    return {
        "contains_get": _timed(lambda w=w: col.get(where_document={"$contains": w}, limit=TOP_K, include=[]) for w in words),
        "contains_query": _timed(lambda w=w, v=v: col.query(query_embeddings=[v.tolist()], n_results=TOP_K,
                                                           where_document={"$contains": w}, include=["distances"])
                                 for w, v in zip(words, qs)),
        "regex_get": _timed(lambda w=w: col.get(where_document={"$regex": rf"\b{w}\b"}, limit=TOP_K, include=[])
                            for w in words[: max(3, n // 4)]),
        "contains_hits_mean": round(sum(count(w) for w in words[:5]) / 5, 1),
    }


def _write(store, synth: Synthetic, start: int, stop: int) -> dict:
    """Writes chunks start..stop-1 in batches of the client's max batch; times only the upserts."""
    spent, fit = 0.0, store.max_batch
    for s in range(start, stop, store.max_batch):
        ids, texts, metas, vectors = synth.chunks(s, min(stop, s + store.max_batch))
        t = time.perf_counter()
        fit = min(fit, _add_fitting(store, ids, vectors, texts, metas))
        spent += time.perf_counter() - t
    return {"chunks": stop - start, "seconds": round(spent, 1), "chunks_per_s": round((stop - start) / spent, 1),
            "batch": store.max_batch, "batch_that_fit": fit}


def chroma_sparse_probe(port: int) -> dict:
    """Does this server rank by sparse vectors / BM25 (Schema with a sparse index, Collection.search)?"""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    out: dict = {"chromadb": chromadb.__version__}
    client = chromadb.HttpClient(host="127.0.0.1", port=port, settings=ChromaSettings(anonymized_telemetry=False))
    try:
        from chromadb import K, Knn, Schema, Search, SparseVectorIndexConfig
        from chromadb.utils.embedding_functions import ChromaBm25EmbeddingFunction

        schema = Schema().create_index(config=SparseVectorIndexConfig(
            source_key=K.DOCUMENT, embedding_function=ChromaBm25EmbeddingFunction(), bm25=True), key="bm25")
        col = client.get_or_create_collection("sparse_probe", schema=schema, embedding_function=None)
        col.add(ids=["a", "b"], documents=["the harbour bridge vote", "ferry budget"], embeddings=[[1.0] * DIM, [0.5] * DIM])
        out["collection_with_sparse_index"] = "created"
    except Exception as exc:  # noqa: BLE001 - the answer is what it says
        out["collection_with_sparse_index"] = f"{type(exc).__name__}: {str(exc)[:300]}"
        return out
    try:
        res = col.search(Search().rank(Knn(query="harbour bridge", key="bm25")).limit(2))
        out["search"] = f"works: {res['ids']}"
    except Exception as exc:  # noqa: BLE001
        out["search"] = f"{type(exc).__name__}: {str(exc)[:300]}"
    try:
        client.delete_collection("sparse_probe")
    except Exception:  # noqa: BLE001
        pass
    return out


def sentence_vector_options(workdir: Path, port: int, synth: Synthetic, chunks: int, log: Path) -> dict:
    """The sentence vectors of `chunks` chunks three ways: a second Chroma collection (one vector per
    sentence, metadata chunk_id), float16 blobs in SQLite (today's manifest), a float16 string in each
    chunk's Chroma metadata (next to the same chunks without it). Each Chroma option is written in a pass
    of its own on one server, so its disk (SQLite part, HNSW part) and server memory are the pass's growth.
    Also: the cost of fetching the sentence vectors of 100 candidate chunks, which is what retrieval needs."""
    rng = np.random.default_rng(SEED + 3)
    path = workdir / "sentences-chroma"
    shutil.rmtree(path, ignore_errors=True)
    out: dict = {"chunks": chunks, "sentences": chunks * SENTENCES_PER_CHUNK}
    blobs = workdir / "sentences.sqlite"
    blobs.unlink(missing_ok=True)
    db = sqlite3.connect(blobs)
    db.execute("CREATE TABLE chunks (chunk_id TEXT PRIMARY KEY, sentence_vectors BLOB)")
    ids_all: list[str] = []

    def batches(size: int):
        for s in range(0, chunks, size):
            ids, texts, metas, vectors = synth.chunks(s, min(chunks, s + size))
            yield ids, texts, metas, vectors, synth.sentence_vectors(vectors, np.random.default_rng((SEED, 3, s)))

    def write_sentences(store, ids, texts, metas, vectors, sv):
        store.collection.upsert(  # no documents: the text is the chunk's
            ids=[f"{c}-s{j}" for c in ids for j in range(SENTENCES_PER_CHUNK)], embeddings=sv.reshape(-1, DIM),
            metadatas=[{"chunk_id": c, "sentence": j} for c in ids for j in range(SENTENCES_PER_CHUNK)])

    def write_plain(store, ids, texts, metas, vectors, sv):
        store.add(ids, vectors, texts, metas)

    def write_inline(store, ids, texts, metas, vectors, sv):
        inline = [{**m, "sentence_vectors": base64.b64encode(v.astype(np.float16).tobytes()).decode()} for m, v in zip(metas, sv)]
        out.setdefault("chroma_metadata_string", {})["batch_that_fit"] = _add_fitting(store, ids, vectors, texts, inline)

    with chroma_server(path, port, log) as (proc, _):
        passes = {}
        for name, write, per_chunk in (("sentences", write_sentences, SENTENCES_PER_CHUNK), ("chunks_plain", write_plain, 1),
                                       ("chunks_inline", write_inline, 1)):
            store = _store(port, name)
            rss, disk = _rss_mb(proc.pid), _disk_mb(path)
            spent = 0.0
            for ids, texts, metas, vectors, sv in batches(store.max_batch // per_chunk):
                if name == "sentences":
                    ids_all += ids
                t = time.perf_counter()
                write(store, ids, texts, metas, vectors, sv)
                spent += time.perf_counter() - t
            store.query(synth.query_vectors(1, rng)[0], TOP_K)  # load the index before reading memory
            after = _disk_mb(path)
            passes[name] = {"store": store, "write_s": round(spent, 2), "rss_mb_growth": round(_rss_mb(proc.pid) - rss, 1),
                            "disk_mb_growth": {k: round(after[k] - disk[k], 1) for k in after}}
        picks = [list(rng.choice(ids_all, FETCH_CANDIDATES, replace=False)) for _ in range(max(5, QUERIES // 4))]
        qs = synth.query_vectors(len(picks), rng)
        col, plain, inline = (passes[n]["store"].collection for n in ("sentences", "chunks_plain", "chunks_inline"))
        costs = {n: {k: v for k, v in p.items() if k != "store"} for n, p in passes.items()}
        out["chroma_collection"] = {
            **costs["sentences"], "write_sentences_per_s": round(chunks * SENTENCES_PER_CHUNK / passes["sentences"]["write_s"], 1),
            "fetch_100_chunks_ms": _timed(lambda p=p: col.get(where={"chunk_id": {"$in": p}}, include=["embeddings", "metadatas"])
                                          for p in picks),
            "query_top50_ms": _timed(lambda v=v: col.query(query_embeddings=[v.tolist()], n_results=TOP_K, include=["distances"])
                                     for v in qs),
        }
        out["chroma_chunks_without"] = {
            **costs["chunks_plain"], "write_chunks_per_s": round(chunks / passes["chunks_plain"]["write_s"], 1),
            "fetch_100_chunks_ms": _timed(lambda p=p: plain.get(ids=p, include=["metadatas"]) for p in picks)}
        out["chroma_metadata_string"] = {
            **out.get("chroma_metadata_string", {}), **costs["chunks_inline"],
            "write_chunks_per_s": round(chunks / passes["chunks_inline"]["write_s"], 1),
            "bytes_per_chunk": len(base64.b64encode(bytes(SENTENCES_PER_CHUNK * DIM * 2))),
            "fetch_100_chunks_ms": _timed(lambda p=p: inline.get(ids=p, include=["metadatas"]) for p in picks)}
    spent = 0.0
    for ids, _, _, _, sv in batches(Synthetic.GEN_BLOCK):
        t = time.perf_counter()
        with db:
            db.executemany("INSERT INTO chunks VALUES (?, ?)", [(c, v.astype(np.float16).tobytes()) for c, v in zip(ids, sv)])
        spent += time.perf_counter() - t
    db.close()
    out["sqlite_float16"] = {"write_chunks_per_s": round(chunks / spent, 1), "disk_mb": round(blobs.stat().st_size / 2**20, 1)}
    db = sqlite3.connect(blobs)

    def fetch(p):
        rows = db.execute(f"SELECT chunk_id, sentence_vectors FROM chunks WHERE chunk_id IN ({','.join('?' * len(p))})", p).fetchall()
        return [np.frombuffer(b, dtype=np.float16).reshape(-1, DIM) for _, b in rows]

    out["sqlite_float16"]["fetch_100_chunks_ms"] = _timed(lambda p=p: fetch(p) for p in picks)
    db.close()
    shutil.rmtree(path, ignore_errors=True)
    blobs.unlink(missing_ok=True)
    return out


# ---------------------------------------------------------------- keyword options (child processes)


def _child(part: str, chunks: int, total: int, corpus: Path | None, workdir: Path, queries: int) -> dict:
    """Runs one keyword measurement on the first `chunks` of a run of `total` in a fresh Python process
    (its memory is its own) and returns its JSON."""
    cmd = [sys.executable, "-m", "evals.scale_bench", "--part", part, "--chunks", str(chunks), "--total", str(total),
           "--workdir", str(workdir), "--queries", str(queries)] + (["--corpus", str(corpus)] if corpus else ["--no-corpus"])
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1],
                              timeout=CHILD_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return {"error": f"stopped after {CHILD_TIMEOUT_S} s"}
    if done.returncode != 0:
        return {"error": done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _texts(synth: Synthetic, chunks: int) -> tuple[list[str], list[dict]]:
    texts, metas = [], []
    for s in range(0, chunks, Synthetic.GEN_BLOCK * 10):
        _, t, m, _ = synth.chunks(s, min(chunks, s + Synthetic.GEN_BLOCK * 10))
        texts += t
        metas += m
    return texts, metas


def _keyword_module():
    """assistant/store/keyword.py loaded on its own: importing it through its package also imports the
    embedding model's code (llama-index, seconds of start-up), which a child process measuring BM25 does
    not need. The folder is registered as a bare package so that keyword.py finds keyword_build.py."""
    import importlib
    import types

    package = types.ModuleType("scale_bench_store")
    package.__path__ = [str(Path(__file__).resolve().parents[1] / "assistant" / "store")]
    sys.modules.setdefault("scale_bench_store", package)
    return importlib.import_module("scale_bench_store.keyword")


def part_bm25_build(synth: Synthetic, chunks: int, workdir: Path) -> dict:
    KeywordIndex = _keyword_module().KeywordIndex

    texts, metas = _texts(synth, chunks)
    ids = [f"{m['article_id']}-{m['position']:04d}" for m in metas]
    del metas
    before = _own_rss_mb()
    t = time.perf_counter()
    target = workdir / "bm25"
    shutil.rmtree(target, ignore_errors=True)
    KeywordIndex.rebuild([(ids[i:i + 2000], texts[i:i + 2000]) for i in range(0, len(ids), 2000)], target,
                         KEYWORD_SEGMENT)
    built = time.perf_counter() - t
    return {"build_s": round(built, 1), "peak_mb_over_texts": round(_status_kb(os.getpid(), "VmHWM") / 1024 - before, 1),
            "rss_mb_before_build": before, "disk_mb": _disk_mb(target)["total"]}


def part_bm25_query(synth: Synthetic, chunks: int, workdir: Path, queries: int) -> dict:
    KeywordIndex = _keyword_module().KeywordIndex

    base = _own_rss_mb()
    t = time.perf_counter()
    index = KeywordIndex.load(workdir / "bm25")
    loaded = time.perf_counter() - t
    after_load = _own_rss_mb()
    rng = np.random.default_rng(SEED + 4)
    qs = synth.keyword_queries(queries, rng)
    sources = np.array([m["source"] for m in _metadata_only(synth, chunks)], dtype=object)
    wanted = [set(f["source"]["$in"]) for f in _filters(queries, rng)]

    def top(q, mask=None):
        scores = index.scores(q)
        if mask is not None:
            scores = np.where(mask, scores, 0)
        return np.argpartition(-scores, min(TOP_K, len(scores) - 1))[:TOP_K]

    index.scores(qs[0])
    out = {"load_s": round(loaded, 2), "rss_mb_loaded": round(after_load - base, 1),
           "query_ms": _timed(lambda q=q: top(q) for q in qs),
           "query_source_in_ms": _timed(lambda q=q, w=w: top(q, np.isin(sources, list(w))) for q, w in zip(qs, wanted))}
    return out


def _metadata_only(synth: Synthetic, chunks: int) -> list[dict]:
    return [{"source": synth.outlet(int(synth.article_outlet[i // CHUNKS_PER_ARTICLE]))} for i in range(chunks)]


def part_rows(synth: Synthetic, chunks: int) -> dict:
    """What an assistant process holds today for every chunk (`Index._refresh`: a ChunkRow each; the
    class is copied here for the reason `_keyword_module` gives)."""
    from dataclasses import make_dataclass

    row = make_dataclass("ChunkRow", ["chunk_id", "article_id", "position", "text", "title", "source", "author", "url",
                                      "published_at", "published_ts", "category"])
    base = _own_rss_mb()
    rows = []
    for s in range(0, chunks, Synthetic.GEN_BLOCK * 10):
        ids, texts, metas, _ = synth.chunks(s, min(chunks, s + Synthetic.GEN_BLOCK * 10))
        rows += [row(c, m["article_id"], m["position"], t, m["title"], m["source"], m["author"], m["url"],
                     m["published_at"], m["published_ts"], m["category"]) for c, t, m in zip(ids, texts, metas)]
    return {"rows_rss_mb": round(_own_rss_mb() - base, 1)}


def part_fts5(synth: Synthetic, chunks: int, workdir: Path, queries: int) -> dict:
    """SQLite FTS5 (porter stemmer, bm25 ranking) over the chunk texts, with a side table for filters."""
    path = workdir / "fts5.sqlite"
    for f in workdir.glob("fts5.sqlite*"):
        f.unlink()
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("CREATE VIRTUAL TABLE fts USING fts5(text, tokenize='porter unicode61')")
    db.execute("CREATE TABLE meta (rowid INTEGER PRIMARY KEY, source TEXT, published_ts INTEGER)")
    db.execute("CREATE INDEX meta_source ON meta(source)")
    built = 0.0  # insert and merge time only, not the making of the texts
    for s in range(0, chunks, Synthetic.GEN_BLOCK * 10):
        _, texts, metas, _ = synth.chunks(s, min(chunks, s + Synthetic.GEN_BLOCK * 10))
        t = time.perf_counter()
        with db:
            db.executemany("INSERT INTO fts(rowid, text) VALUES (?, ?)", [(s + k, x) for k, x in enumerate(texts)])
            db.executemany("INSERT INTO meta VALUES (?, ?, ?)", [(s + k, m["source"], m["published_ts"]) for k, m in enumerate(metas)])
        built += time.perf_counter() - t
    t = time.perf_counter()
    db.execute("INSERT INTO fts(fts) VALUES ('optimize')")
    db.commit()
    built += time.perf_counter() - t
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    rng = np.random.default_rng(SEED + 4)
    stop = set(_keyword_module().STOPWORDS)  # left out of the query, as our BM25 leaves them out
    qs = [" OR ".join('"' + w.replace('"', '""') + '"' for w in q.split() if w.lower() not in stop) or '"news"'
          for q in synth.keyword_queries(queries, rng)]
    wanted = [f["source"]["$in"] for f in _filters(queries, rng)]
    plain = "SELECT rowid, rank FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT ?"
    filtered = ("SELECT rowid, rank FROM fts WHERE fts MATCH ? AND rowid IN (SELECT rowid FROM meta WHERE source IN (?,?,?))"
                " ORDER BY rank LIMIT ?")
    out = {"build_s": round(built, 1), "disk_mb": round(sum(f.stat().st_size for f in workdir.glob("fts5.sqlite*")) / 2**20, 1),
           "query_ms": _timed(lambda q=q: db.execute(plain, (q, TOP_K)).fetchall() for q in qs),
           "query_source_in_ms": _timed(lambda q=q, w=w: db.execute(filtered, (q, *w, TOP_K)).fetchall() for q, w in zip(qs, wanted))}
    db.close()
    return out


# ---------------------------------------------------------------- the run


def checkpoints_for(total: int, sizes=DEFAULT_CHECKPOINTS) -> list[int]:
    return sorted({s for s in sizes if s < total} | {total})


def run(chunks: int, port: int, workdir: Path, corpus: Path | None = MULTIHOP, checkpoints: list[int] | None = None,
        queries: int = QUERIES, text_queries: int = TEXT_QUERIES, sentence_chunks: int = DEFAULT_SENTENCE_CHUNKS,
        fts5_max: int = 10**12, on_checkpoint=None, log=print) -> dict:
    """All measurements; `on_checkpoint(result so far)` after each phase."""
    import chromadb

    done = on_checkpoint or (lambda _r: None)
    workdir.mkdir(parents=True, exist_ok=True)
    path, server_log = workdir / "chroma", workdir / "chroma.log"
    shutil.rmtree(path, ignore_errors=True)
    corpus = corpus if corpus and corpus.exists() else None
    synth = Synthetic(_sentence_pool(corpus), chunks)
    checkpoints = checkpoints or checkpoints_for(chunks)
    result: dict = {
        "command": f"python -m evals.scale_bench --chunks {chunks} --port {port} --workdir {workdir}",
        "chromadb": chromadb.__version__,
        "machine": {"cores": os.cpu_count(), "ram_gb": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)},
        "data": {"text": f"MultiHop-RAG sentences ({corpus})" if corpus else "Zipf vocabulary", "sentence_pool": len(synth.pool),
                 "dim": DIM, "clusters": CLUSTERS, "cluster_cosine": CLUSTER_COSINE, "chunks_per_article": CHUNKS_PER_ARTICLE,
                 "sentences_per_chunk": SENTENCES_PER_CHUNK, "outlets": OUTLETS, "top_k": TOP_K, "queries": queries},
        "checkpoints": [],
    }
    if sentence_chunks > 0:  # --sentence-chunks 0 leaves them out (measured once, they need not be again)
        log(f"sentence-vector options at {sentence_chunks} chunks")
        result["sentence_vectors"] = sentence_vector_options(workdir, port, synth, sentence_chunks, server_log)
        done(result)
    with chroma_server(path, port, server_log) as (proc, up):
        result["server_start_empty_s"] = round(up, 2)
        result["chroma_sparse"] = chroma_sparse_probe(port)
        store = _store(port)
        result["max_batch"] = store.max_batch
        written = 0
        for size in checkpoints:
            log(f"writing {written} -> {size}")
            row: dict = {"chunks": size, "write": _write(store, synth, written, size)}
            written = size
            assert store.count() == size, (store.count(), size)
            row["vector_query_ms"] = _vector_queries(store, synth, queries)
            row["chroma_text_search_ms"] = _text_search(store, synth, text_queries)
            row["server_rss_mb"], row["server_peak_rss_mb"] = _rss_mb(proc.pid), _rss_mb(proc.pid, "VmHWM")
            row["disk_mb"] = _disk_mb(path)
            log(f"keyword options at {size}")
            kw = lambda part: _child(part, size, chunks, corpus, workdir, queries)  # noqa: E731
            row["bm25s"] = {**kw("bm25-build"), **kw("bm25-query")}
            row["fts5"] = kw("fts5") if size <= fts5_max else {"error": f"not run above {fts5_max} chunks (--fts5-max)"}
            row["assistant_rows"] = kw("rows")
            result["checkpoints"].append(row)
            done(result)
    with chroma_server(path, port, server_log) as (proc, up):
        store = _store(port)
        t = time.perf_counter()
        store.query(synth.query_vectors(1, np.random.default_rng(SEED + 5))[0], TOP_K)
        first = time.perf_counter() - t
        lat = _vector_queries(store, synth, queries)
        result["restart"] = {"chunks": written, "listening_s": round(up, 2), "first_query_s": round(first, 2),
                             "rss_mb_after_queries": _rss_mb(proc.pid), "vector_query_ms": lat}
    done(result)
    return result


def render(r: dict) -> str:
    lines = ["| chunks | write chunks/s | top-50 p50 / p95 ms: no filter | source in 3 | 30-day range | server RSS MB | disk MB (SQLite + HNSW) |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for c in r["checkpoints"]:
        q = c["vector_query_ms"]
        lines.append(f"| {c['chunks']:,} | {c['write']['chunks_per_s']:,.0f} | {q['none']['p50']} / {q['none']['p95']} | "
                     f"{q['source_in']['p50']} / {q['source_in']['p95']} | {q['ts_range']['p50']} / {q['ts_range']['p95']} | "
                     f"{c['server_rss_mb']:,.0f} | {c['disk_mb']['total']:,.0f} ({c['disk_mb']['sqlite']:,.0f} + {c['disk_mb']['segments']:,.0f}) |")
    lines += ["", "| chunks | bm25s build s | bm25s RAM loaded MB | bm25s disk MB | bm25s p50 / p95 ms | FTS5 build s | FTS5 disk MB "
              "| FTS5 p50 / p95 ms | Chroma $contains get p50 / p95 ms | rows held by an assistant MB |",
              "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for c in r["checkpoints"]:
        b, f, t = c["bm25s"], c["fts5"], c["chroma_text_search_ms"]
        fts5 = ("not run | not run | not run" if "error" in f else
                f"{f.get('build_s')} | {f.get('disk_mb')} | {f.get('query_ms', {}).get('p50')} / {f.get('query_ms', {}).get('p95')}")
        lines.append(f"| {c['chunks']:,} | {b.get('build_s')} | {b.get('rss_mb_loaded')} | {b.get('disk_mb')} | "
                     f"{b.get('query_ms', {}).get('p50')} / {b.get('query_ms', {}).get('p95')} | {fts5} | "
                     f"{t['contains_get']['p50']} / {t['contains_get']['p95']} | {c['assistant_rows'].get('rows_rss_mb')} |")
    sv = r.get("sentence_vectors")
    if sv and "chroma_collection" in sv:
        c, w, i, q = sv["chroma_collection"], sv["chroma_chunks_without"], sv["chroma_metadata_string"], sv["sqlite_float16"]
        grow = lambda d: (f"{d['disk_mb_growth']['total']} MB ({d['disk_mb_growth']['sqlite']} SQLite + "  # noqa: E731
                          f"{d['disk_mb_growth']['segments']} HNSW), RSS +{d['rss_mb_growth']} MB")
        ms = lambda d: f"{d['p50']} / {d['p95']}"  # noqa: E731
        lines += ["", f"Sentence vectors of {sv['chunks']:,} chunks ({sv['sentences']:,} sentences):", "",
                  "| where | write | disk, server memory | fetch 100 chunks' sentences p50 / p95 ms |", "| --- | ---: | --- | ---: |",
                  f"| second Chroma collection (a vector per sentence) | {c['write_sentences_per_s']:,.0f} sentences/s | {grow(c)} | "
                  f"{ms(c['fetch_100_chunks_ms'])} (top-50 ANN over sentences {ms(c['query_top50_ms'])}) |",
                  f"| float16 string in each chunk's Chroma metadata | {i['write_chunks_per_s']:,.0f} chunks/s | {grow(i)} | "
                  f"{ms(i['fetch_100_chunks_ms'])} |",
                  f"| (the same chunks without it) | {w['write_chunks_per_s']:,.0f} chunks/s | {grow(w)} | {ms(w['fetch_100_chunks_ms'])} |",
                  f"| float16 blobs in SQLite (today's manifest) | {q['write_chunks_per_s']:,.0f} chunks/s | {q['disk_mb']} MB | "
                  f"{ms(q['fetch_100_chunks_ms'])} |"]
    if "restart" in r:
        rs = r["restart"]
        lines += ["", f"Restart at {rs['chunks']:,} chunks: listening after {rs['listening_s']} s, first query {rs['first_query_s']} s, "
                  f"RSS {rs['rss_mb_after_queries']:,.0f} MB after {rs['vector_query_ms']['none']['n']} queries "
                  f"(p50 {rs['vector_query_ms']['none']['p50']} ms)."]
    if "chroma_sparse" in r:
        lines += ["", f"Sparse vectors / BM25 on this server (chromadb {r['chroma_sparse']['chromadb']}): "
                  f"{r['chroma_sparse'].get('collection_with_sparse_index')}; search: {r['chroma_sparse'].get('search', 'not tried')}"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--chunks", type=int, required=True)
    ap.add_argument("--port", type=int, default=0, help="chroma run's port (0: a free one)")
    ap.add_argument("--workdir", type=Path, default=Path("runs/scale-bench"))
    ap.add_argument("--json", type=Path, default=None, help="write the results here after every checkpoint")
    ap.add_argument("--checkpoints", default=None, help="comma-separated sizes (default: 100k, 250k, 500k, 1M below N, and N)")
    ap.add_argument("--queries", type=int, default=QUERIES)
    ap.add_argument("--sentence-chunks", type=int, default=DEFAULT_SENTENCE_CHUNKS)
    ap.add_argument("--fts5-max", type=int, default=10**12,
                    help="measure SQLite FTS5 only at checkpoints up to this size (its filtered queries rank every match)")
    ap.add_argument("--corpus", type=Path, default=MULTIHOP)
    ap.add_argument("--no-corpus", action="store_true", help="made-up Zipf sentences instead of the corpus's")
    ap.add_argument("--part", default=None, help=argparse.SUPPRESS)  # a keyword measurement in a child process
    ap.add_argument("--total", type=int, default=0, help=argparse.SUPPRESS)  # ...of the first --chunks of a run this big
    a = ap.parse_args(argv)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # a stopped run still stops its chroma server
    corpus = None if a.no_corpus else a.corpus
    if a.part:
        synth = Synthetic(_sentence_pool(corpus if corpus and corpus.exists() else None), a.total or a.chunks)
        # one process builds (its peak memory is the build's), a fresh one loads and queries
        parts = {"bm25-build": lambda: part_bm25_build(synth, a.chunks, a.workdir),
                 "fts5": lambda: part_fts5(synth, a.chunks, a.workdir, a.queries),
                 "bm25-query": lambda: part_bm25_query(synth, a.chunks, a.workdir, a.queries),
                 "rows": lambda: part_rows(synth, a.chunks)}
        print(json.dumps(parts[a.part]()))
        return
    save = (lambda r: a.json.write_text(json.dumps(r, indent=1))) if a.json else None
    checkpoints = [int(x) for x in a.checkpoints.split(",")] if a.checkpoints else None
    result = run(a.chunks, a.port or free_port(), a.workdir, corpus, checkpoints, a.queries,
                 sentence_chunks=a.sentence_chunks, fts5_max=a.fts5_max, on_checkpoint=save, log=lambda m: print(m, file=sys.stderr, flush=True))
    print(render(result))


if __name__ == "__main__":
    main()
