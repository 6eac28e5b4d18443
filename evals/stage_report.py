"""The generalization guard: retrieval on two question sets, for the default profile, each stage switched
off, and plain BM25 over the same chunks.

    python -m evals.stage_report --index DIR [--json out.json]

- MultiHop-RAG dev (564 answerable queries; the paper's protocol): Hits@10, Hits@4, MRR@10,
  all-evidence@10, all gold articles@10;
- natural-multihop (evals/sets/natural-multihop.yaml, questions typed the way people type): the gold
  article at rank 1 (one-fact questions), a gold article in the top 4 and both gold articles in the top
  10 (two-article questions).
A rule that helps the benchmark's templates but loses to BM25 on the natural set is fitted, not general.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

import yaml

from assistant.app import open_assistant
from assistant.retrieval import STAGES, RetrievalProfile, retrieve

from .baselines import plain_bm25
from .multihop_retrieval import SHARED, evaluate
from .retrieval_sweep import CachedQueries

NATURAL = Path(__file__).resolve().parent / "sets" / "natural-multihop.yaml"
TOP = 10


def _same(url: str | None, gold: dict) -> bool:
    return bool(url) and url.rstrip("/") == gold["url"].rstrip("/")


def natural_metrics(search, cases: list[dict]) -> dict:
    one = [c for c in cases if c["type"] == "single_fact"]
    two = [c for c in cases if c["type"] == "multi_hop"]
    first = sum(any(_same(r[0].get("url"), g) for g in c["gold"]) for c in one if (r := search(c["question"])))
    top4 = both = 0
    for c in two:
        urls = [p.get("url") for p in search(c["question"])]
        top4 += any(_same(u, g) for u in urls[:4] for g in c["gold"])
        both += all(any(_same(u, g) for u in urls[:TOP]) for g in c["gold"])
    return {"one_fact_rank1": first, "one_fact_n": len(one), "two_article_top4": top4, "two_article_both@10": both,
            "two_article_n": len(two)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--queries", type=Path, default=SHARED / "queries-dev.json")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    assistant = open_assistant(args.index)
    embedder = CachedQueries(assistant.embedder)
    snapshot = assistant.index.snapshot()
    queries = [q for q in json.loads(args.queries.read_text()) if q["question_type"] != "null_query"]
    natural = [c for c in yaml.safe_load(NATURAL.read_text())["cases"] if c.get("gold")]
    systems = {"default": RetrievalProfile(), **{f"without {s}": RetrievalProfile().without(s) for s in STAGES}}
    rows = {}
    from rich.console import Console

    quiet = Console(stderr=True, quiet=True)
    for name, profile in systems.items():
        def search(q, profile=profile):
            return [p.to_dict() for p in retrieve(snapshot, q, TOP, None, embedder, profile)]
        rows[name] = {"multihop": evaluate(search, queries, quiet, name)["metrics"]["overall"], "natural": natural_metrics(search, natural)}
        print(name, rows[name], flush=True)

    def bm25(q):
        return plain_bm25(snapshot, q, TOP)
    rows["plain BM25"] = {"multihop": evaluate(bm25, queries, quiet, "bm25")["metrics"]["overall"], "natural": natural_metrics(bm25, natural)}
    print("| system | Hits@10 | Hits@4 | MRR@10 | all-evidence@10 | all articles@10 | natural: gold first (one-fact) | "
          "natural: gold in top 4 (two-article) | natural: both gold in top 10 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, r in rows.items():
        m, n = r["multihop"], r["natural"]
        print(f"| {name} | {m['hits@10']:.3f} | {m['hits@4']:.3f} | {m['mrr@10']:.3f} | {m['all_evidence@10']:.3f} | "
              f"{m['all_articles@10']:.3f} | {n['one_fact_rank1']}/{n['one_fact_n']} | {n['two_article_top4']}/{n['two_article_n']} | "
              f"{n['two_article_both@10']}/{n['two_article_n']} |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
