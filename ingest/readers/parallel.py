"""Reads files on N isolated reader processes at once and hands their articles over in file order.

`read_files(files, limits, workers)` yields, for file n (1-based) in the order given, its articles a
part at a time as `(n, path, articles, None)`, then `(n, path, [], outcome)`: the ReadResult without
its articles, or the ReadError (or reader bug) that stopped it. Reader k (a thread driving its own
IsolatedReader process) takes files k, k + N, k + 2N, ...; it hands parts over through a queue of at
most `AHEAD` parts and waits when the ingest has not taken them yet, so memory holds at most about
N x AHEAD parts however many files there are. The order, and so the ingest's result, does not depend on N.
"""
from __future__ import annotations

import queue
import threading
from pathlib import Path
from typing import Iterator

from ..article import Article, ReadResult
from .isolated import IsolatedReader, ReadLimits

AHEAD = 2  # parts a reader may have ready before the ingest takes them


def _reader(files: list[Path], k: int, step: int, limits: ReadLimits, out: queue.Queue, stop: threading.Event) -> None:
    with IsolatedReader(limits) as reader:
        for path in files[k::step]:
            try:
                for part in reader.read_parts(path):
                    if not _put(out, part, stop):
                        return
            except Exception as exc:  # ReadError, or a reader bug: the ingest reports it and goes on
                if not _put(out, exc, stop):
                    return


def _put(out: queue.Queue, item, stop: threading.Event) -> bool:
    while not stop.is_set():
        try:
            out.put(item, timeout=0.2)
            return True
        except queue.Full:
            continue
    return False


def read_files(files: list[Path], limits: ReadLimits, workers: int = 1) -> Iterator[tuple[int, Path, list[Article], ReadResult | Exception | None]]:
    step = max(1, min(workers, len(files)))
    queues = [queue.Queue(maxsize=AHEAD) for _ in range(step)]
    stop = threading.Event()
    threads = [threading.Thread(target=_reader, args=(files, k, step, limits, queues[k], stop), daemon=True,
                                name=f"reader-{k}") for k in range(step)]
    for t in threads:
        t.start()
    try:
        for n, path in enumerate(files):
            while True:
                item = queues[n % step].get()
                if isinstance(item, list):
                    yield n + 1, path, item, None
                else:
                    yield n + 1, path, [], item
                    break
    finally:  # done, or the ingest stopped early: the readers stop and their processes are ended
        stop.set()
        for t in threads:
            t.join(timeout=5)  # a reader waiting on a slow file ends with it (daemon thread; its process dies with the pipe)
