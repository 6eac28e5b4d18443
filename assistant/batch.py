"""Batch retrieval (`assistant retrieve --queries`): one JSON line of ranked passages per query."""
from __future__ import annotations

import json
from pathlib import Path
from typing import TextIO

from rich.progress import track


class QueryFileError(ValueError):
    pass


def load_queries(path: Path) -> list[dict]:
    """Reads a JSON array or JSONL of objects with `id` and `query` (or `question`)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise QueryFileError(f"cannot read {path}: {exc.strerror}") from None
    try:
        data = json.loads(text)
        items = data if isinstance(data, list) else [data]
    except json.JSONDecodeError:
        items = []
        for n, line in enumerate(text.splitlines(), start=1):
            if line.strip():
                try:
                    items.append(json.loads(line))
                except json.JSONDecodeError as exc:
                    raise QueryFileError(f"{path} line {n}: invalid JSON ({exc.msg})") from None
    queries = []
    for n, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not (item.get("query") or item.get("question")):
            raise QueryFileError(f"{path} item {n}: expected an object with `query` or `question`")
        queries.append({"id": item.get("id", n), "query": item.get("query") or item.get("question")})
    return queries


def result_line(query_id, passages) -> dict:
    return {"id": query_id, "results": [
        {"rank": r, "text": p.text, "title": p.title, "source": p.source, "url": p.url,
         "published_at": p.published_at, "score": p.score, "article_id": p.article_id}
        for r, p in enumerate(passages, start=1)]}


def run_batch(assistant, queries: list[dict], top_k: int, filters, sink: TextIO, console) -> None:
    for item in track(queries, description="retrieve", console=console, disable=not console.is_terminal):
        passages = assistant.retrieve(item["query"], top_k, filters)
        # on a terminal, \u escapes: no control or bidi character of an article reaches it raw
        sink.write(json.dumps(result_line(item["id"], passages), ensure_ascii=sink.isatty()) + "\n")
