"""The reader worker process (started by isolated.py): reads one file per request, within its limits.

Requests and answers are pickled on stdin / the original stdout; anything a library prints goes to
stderr instead, so it cannot corrupt an answer. A file read sends its articles in parts of `PART`
("part", [...]) before the answer ("ok", the ReadResult without them): the ingest never holds a whole
large file's articles at once, only what it has not planned yet.
"""
from __future__ import annotations

import os
import pickle
import resource
import sys
from pathlib import Path

from . import read_file
from .isolated import receive, send

PART = 200  # articles per message


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
            articles, value.articles = value.articles, []
            for s in range(0, len(articles), PART):
                send(answers, ("part", articles[s : s + PART]))
            del articles
        send(answers, (kind, value))
