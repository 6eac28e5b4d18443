"""Turns the MultiHop-RAG files into a question set (JSONL): null queries become expect_refusal cases,
evidence facts become gold (article url + exact sentence)."""
from __future__ import annotations

import json
from pathlib import Path

TYPES = {"inference_query": "inference", "comparison_query": "comparison", "temporal_query": "temporal",
         "null_query": "unanswerable"}


def import_multihop(queries_path: Path, corpus_path: Path, name: str, top_k: int = 10) -> list[dict]:
    """Returns the JSONL lines: a header, then one case per query."""
    queries = json.loads(Path(queries_path).read_text(encoding="utf-8"))
    lines: list[dict] = [{"name": name, "corpus": str(Path(corpus_path).resolve()),
                          "description": f"MultiHop-RAG ({Path(queries_path).name}), imported by `assistant eval import-multihop`",
                          "defaults": {"top_k": top_k}}]
    for n, q in enumerate(queries):
        qtype = TYPES.get(q.get("question_type"), "other")
        case = {"id": str(q.get("id", n)), "question": q["query"], "type": qtype, "tags": ["multihop-rag"]}
        if qtype == "unanswerable":
            case["expect_refusal"] = True
        else:
            case["answers"] = [q["answer"]]
            case["gold"] = [{"url": e["url"], "title": e["title"], "evidence": e["fact"]} for e in q["evidence_list"]]
        lines.append(case)
    return lines
