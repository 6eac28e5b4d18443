"""The reader worker process (started by isolated.py): reads one file per request, within its limits.

Requests and answers are pickled on stdin / the original stdout; anything a library prints goes to
stderr instead, so it cannot corrupt an answer. A file read sends its articles in parts ("part", [...],
at most `PART_ARTICLES` articles or `PART_CHARS` characters of text) before the answer ("ok", the
ReadResult without them): the ingest never holds a whole large file's articles at once, only the few
parts it has not planned yet.
"""
from __future__ import annotations

import os
import pickle
import resource
import sys
from pathlib import Path

from . import read_file
from .isolated import receive, send

PART_ARTICLES = 100
PART_CHARS = 250_000


def _read(path: str, max_bytes: int, cpu_seconds: int):
    usage = resource.getrusage(resource.RUSAGE_SELF)
    spent = int(usage.ru_utime + usage.ru_stime)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (spent + cpu_seconds + 1, hard))  # the kernel sends SIGXCPU past it
    try:
        return "ok", read_file(Path(path), max_bytes)
    except MemoryError:
        return "memory", None
    except Exception as exc:  # sent back: ReadError, or a reader bug that the ingest reports
        try:
            pickle.dumps(exc)
        except Exception:  # an exception that cannot travel: its name and message can
            exc = RuntimeError(f"{type(exc).__name__}: {exc}")
        return "error", exc


def _parts(articles: list):
    part, size = [], 0
    for a in articles:
        part.append(a)
        size += len(a.body) + len(a.title)
        if len(part) >= PART_ARTICLES or size >= PART_CHARS:
            yield part
            part, size = [], 0
    if part:
        yield part


def main() -> None:
    memory = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a file killed for CPU time leaves no core dump
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    requests = sys.stdin.buffer
    while True:
        try:
            request = receive(requests)
        except EOFError:  # the ingest finished, or died
            return
        kind, value = _read(*request)
        if kind == "ok":
            for part in _parts(value.articles):
                send(answers, ("part", part))
            value.articles = []
        send(answers, (kind, value))
