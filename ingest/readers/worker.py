"""The reader worker process (started by isolated.py): reads one file per request, within its limits.

Requests and answers are pickled on stdin / the original stdout; anything a library prints goes to
stderr instead, so it cannot corrupt an answer.
"""
from __future__ import annotations

import os
import pickle
import resource
import sys
from pathlib import Path

from . import read_file
from .isolated import receive, send


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
        send(answers, _read(*request))
