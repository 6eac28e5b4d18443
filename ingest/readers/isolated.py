"""Reads files in a separate process with limits, so that one hostile file cannot take the ingest down.

Each file gets at most `read_cpu_seconds` of CPU time (RLIMIT_CPU, counted by the kernel, so a busy
machine does not trip it), `read_memory_mb` of address space (RLIMIT_AS) and `read_timeout_seconds`
of wall-clock time (a file stuck on I/O). A file over a limit is named with the limit it hit and
skipped; the worker process is replaced and the other files are read as usual.

The worker is a plain `python -c` child (worker.py) fed pickled requests on a pipe: unlike
multiprocessing's spawn, it never re-runs the caller's main script, so the Python API needs no
`if __name__ == "__main__"` guard. It exits when the ingest process dies (its pipe closes).
"""
from __future__ import annotations

import os
import pickle
import select
import signal
import struct
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from ..article import Article, ReadError, ReadResult

_ROOT = str(Path(__file__).resolve().parents[2])  # the folder holding the `ingest` package
_LENGTH = struct.Struct("!Q")


@dataclass(frozen=True)
class ReadLimits:
    max_bytes: int
    cpu_seconds: int
    memory_mb: int
    timeout_seconds: int

    @classmethod
    def from_settings(cls, settings) -> "ReadLimits":
        return cls(settings.max_file_mb * 1_000_000, settings.read_cpu_seconds, settings.read_memory_mb,
                   settings.read_timeout_seconds)


def send(stream, message) -> None:
    data = pickle.dumps(message)
    stream.write(_LENGTH.pack(len(data)) + data)
    stream.flush()


def _exactly(stream, n: int) -> bytes:
    data = b""
    while len(data) < n:
        part = stream.read(n - len(data))
        if not part:
            raise EOFError
        data += part
    return data


def receive(stream):
    """The next message, or EOFError when the other side has gone."""
    (length,) = _LENGTH.unpack(_exactly(stream, _LENGTH.size))
    return pickle.loads(_exactly(stream, length))


class IsolatedReader:
    """`with IsolatedReader(limits) as reader: reader.read(path)`; read() raises ReadError like read_file."""

    def __init__(self, limits: ReadLimits) -> None:
        self.limits = limits
        self._worker: subprocess.Popen | None = None

    def __enter__(self) -> "IsolatedReader":
        return self

    def __exit__(self, *exc) -> None:
        self._stop()

    def _start(self) -> subprocess.Popen:
        if self._worker is None or self._worker.poll() is not None:
            code = f"import sys; sys.path.insert(0, {_ROOT!r}); from ingest.readers.worker import main; main()"
            self._worker = subprocess.Popen([sys.executable, "-c", code, str(self.limits.memory_mb * 1024 * 1024)],
                                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                            bufsize=0)
        return self._worker

    def _stop(self) -> None:
        if self._worker is not None:
            self._worker.kill()
            self._worker.wait()
            self._worker = None

    def read(self, path: Path) -> ReadResult:
        result = ReadResult()
        for part in self.read_parts(path):
            if isinstance(part, ReadResult):
                part.articles[:0] = result.articles
                return part
            result.articles.extend(part)
        raise AssertionError("unreachable")

    def read_parts(self, path: Path) -> Iterator[list[Article] | ReadResult]:
        """The file's articles in parts (lists), then its ReadResult without them; raises ReadError
        (before any part: the worker reads the whole file first) like read_file."""
        limits = self.limits
        worker = self._start()
        send(worker.stdin, (os.fspath(path), limits.max_bytes, limits.cpu_seconds))
        while True:
            kind, value = self._answer(worker)
            if kind == "part":
                yield value
                continue
            if kind == "memory":
                raise ReadError(f"reading it needed more than {limits.memory_mb} MB of memory (ASSISTANT_READ_MEMORY_MB)")
            if kind == "error":
                raise value
            yield value
            return

    def _answer(self, worker: subprocess.Popen):
        limits = self.limits
        ready, _, _ = select.select([worker.stdout], [], [], limits.timeout_seconds)
        if not ready:
            self._stop()
            raise ReadError(f"reading it took longer than {limits.timeout_seconds} s (ASSISTANT_READ_TIMEOUT_SECONDS)")
        try:
            return receive(worker.stdout)
        except EOFError:
            code = worker.wait()
            self._worker = None
            if code == -signal.SIGXCPU:
                raise ReadError(f"reading it took more than {limits.cpu_seconds} s of CPU time "
                                "(ASSISTANT_READ_CPU_SECONDS)") from None
            raise ReadError(f"the reader process died on it (exit status {code}; memory limit "
                            f"{limits.memory_mb} MB, ASSISTANT_READ_MEMORY_MB)") from None
