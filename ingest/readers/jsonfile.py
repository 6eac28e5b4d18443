"""JSON (one article object, an array of them, or {"articles": [...]}) and JSON Lines."""
from __future__ import annotations

import json
from pathlib import Path

from ..article import ReadError, ReadResult
from ..metadata import from_record
from .decode import read_text

_CONTAINER_KEYS = ("articles", "items", "data", "results", "documents")


def _records_from(value: object) -> list:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        for key in _CONTAINER_KEYS:
            if isinstance(value.get(key), list):
                return value[key]
        return [value]
    raise ReadError("expected a JSON object or an array of objects")


def _collect(records: list, path: Path, label) -> ReadResult:
    result = ReadResult()
    resolved = str(path.resolve())
    for n, record in enumerate(records):
        where = label(n)
        if not isinstance(record, dict):
            result.problems.append(f"{where}: not an object, skipped")
            continue
        result.add(lambda: from_record(record, str(path), key_fallback=f"{resolved}#{n}"), where)
    return result.require_articles("no articles in the file")


def read_json(path: Path) -> ReadResult:
    text, notes = read_text(path)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReadError(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    result = _collect(_records_from(value), path, lambda n: f"record {n + 1}")
    result.notes = notes
    return result


def read_jsonl(path: Path) -> ReadResult:
    records, line_numbers, bad = [], [], []
    text, notes = read_text(path)
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append(json.loads(line))
            line_numbers.append(lineno)
        except json.JSONDecodeError as exc:
            bad.append(f"line {lineno}: invalid JSON ({exc.msg}), skipped")
    if not records:
        raise ReadError(bad[0] if bad else "no records")
    result = _collect(records, path, lambda n: f"line {line_numbers[n]}")
    result.problems[:0] = bad
    result.notes = notes
    return result
