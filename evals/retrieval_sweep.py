"""Sweeps the retrieval profile on MultiHop-RAG-style queries, in one process over one index.

    python -m evals.retrieval_sweep --index DIR --grid '{"question_parts.rounds": [1, 2, 3], "question_parts.mix": [0.15, 0.3]}'

Each combination of the grid's values ("stage.field" names of the RetrievalProfile, stage switches
included: "final_order.enabled") is applied to the default profile and all queries are retrieved
again; one line per combination prints the paper-protocol metrics, all-evidence@10 per question type,
mean passage length and latency. The question vectors are computed once and reused.
"""
from __future__ import annotations

import argparse
import itertools
import json
from functools import lru_cache
from pathlib import Path

from rich.console import Console

from assistant.app import open_assistant
from assistant.retrieval import RetrievalProfile, retrieve

from .multihop_retrieval import SHARED, evaluate


class CachedQueries:
    """The embedder, with each question's vector computed once over a whole sweep."""

    def __init__(self, embedder) -> None:
        self._embedder = embedder
        self.get_query_embedding = lru_cache(maxsize=None)(embedder.get_query_embedding)

    def encode(self, texts):
        return self._embedder.encode(texts)


def sweep(index_dir: Path, queries_path: Path, grid: dict[str, list], top_k: int = 10, assistant=None) -> list[dict]:
    assistant = assistant or open_assistant(index_dir)
    queries = [q for q in json.loads(queries_path.read_text()) if q["question_type"] != "null_query"]
    embedder = CachedQueries(assistant.embedder)
    out = []
    for values in itertools.product(*grid.values()):
        combo = dict(zip(grid, values))
        profile = RetrievalProfile().with_values(combo)  # raises on a name the profile does not have
        snapshot = assistant.index.snapshot()

        def search(query: str, profile=profile) -> list[dict]:
            return [p.to_dict() for p in retrieve(snapshot, query, top_k, None, embedder, profile)]

        out.append({"settings": combo, **evaluate(search, queries, Console(stderr=True, quiet=True), "sweep")})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--queries", type=Path, default=SHARED / "queries-dev.json")
    parser.add_argument("--grid", required=True, help='JSON object: "stage.field" -> list of values')
    args = parser.parse_args()
    for row in sweep(args.index, args.queries, json.loads(args.grid)):
        m = row["metrics"]
        overall = " ".join(f"{k} {v:.3f}" for k, v in m["overall"].items() if k != "n")
        by_type = " ".join(f"{g.split('_')[0]} {v['all_evidence@10']:.3f}" for g, v in m.items() if g != "overall")
        print(f"{row['settings']}  {overall} | all-evidence by type: {by_type} | passage {row['mean_passage_chars']} chars,"
              f" p50 {row['latency_ms']['p50']} ms", flush=True)


if __name__ == "__main__":
    main()
