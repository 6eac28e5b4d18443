"""Sweeps retrieval settings on MultiHop-RAG-style queries, in one process over one index.

    python -m evals.retrieval_sweep --index DIR --grid '{"facet_rounds": [1, 2, 3], "facet_mix": [0.15, 0.3]}'

Each combination of the grid's values (names of `Settings` fields) is applied to the open index's
settings and all queries are retrieved again; one line per combination prints the paper-protocol
metrics, all-evidence@10 per question type, mean passage length and latency. This is how the
"What was measured on the way" rows in the README were produced (the rows marked as code changes
needed the change in place as well).
"""
from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

from rich.console import Console

from assistant.pipeline import Assistant
from assistant.settings import Settings, get_settings

from .multihop_retrieval import SHARED, evaluate


def sweep(index_dir: Path, queries_path: Path, grid: dict[str, list], top_k: int = 10,
          settings: Settings | None = None) -> list[dict]:
    settings = (settings or get_settings()).model_copy()  # changed below; never the process-wide one
    assistant = Assistant(index_dir, settings)
    queries = [q for q in json.loads(queries_path.read_text()) if q["question_type"] != "null_query"]
    vectors = dict(zip((q["query"] for q in queries), assistant.embedder.encode([q["query"] for q in queries])))
    from assistant.retrieval import retrieve

    def search(query: str) -> list[dict]:
        return [p.to_dict() for p in retrieve(assistant.index, query, top_k, embedder=assistant.embedder,
                                                  query_vector=vectors[query])]

    unknown = [k for k in grid if not hasattr(settings, k)]
    if unknown:
        raise SystemExit(f"not a setting: {', '.join(unknown)}")
    out = []
    for values in itertools.product(*grid.values()):
        combo = dict(zip(grid, values))
        for key, value in combo.items():
            setattr(settings, key, value)
        out.append({"settings": combo, **evaluate(search, queries, Console(stderr=True, quiet=True), "sweep")})
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--index", type=Path, required=True)
    parser.add_argument("--queries", type=Path, default=SHARED / "queries-dev.json")
    parser.add_argument("--grid", required=True, help='JSON object: setting name -> list of values')
    args = parser.parse_args()
    for row in sweep(args.index, args.queries, json.loads(args.grid)):
        m = row["metrics"]
        overall = " ".join(f"{k} {v:.3f}" for k, v in m["overall"].items() if k != "n")
        by_type = " ".join(f"{g.split('_')[0]} {v['all_evidence@10']:.3f}" for g, v in m.items() if g != "overall")
        print(f"{row['settings']}  {overall} | all-evidence by type: {by_type} | passage {row['mean_passage_chars']} chars,"
              f" p50 {row['latency_ms']['p50']} ms", flush=True)


if __name__ == "__main__":
    main()
