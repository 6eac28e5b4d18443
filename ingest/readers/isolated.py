"""Reads files in a separate process with limits, so that one hostile file cannot take the ingest down.

Each file gets at most `read_cpu_seconds` of CPU time (RLIMIT_CPU, counted by the kernel, so a busy
machine does not trip it), `read_memory_mb` of address space (RLIMIT_AS) and `read_timeout_seconds`
of wall-clock time (a file stuck on I/O). A file over a limit is named with the limit it hit and
skipped; the worker process is replaced and the other files are read as usual. Pebble runs the worker
and restarts it when it is killed.
"""
from __future__ import annotations

import multiprocessing
import resource
import signal
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from pathlib import Path

from pebble import ProcessExpired, ProcessPool

from ..article import ReadError, ReadResult
from . import read_file


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


class _OutOfMemory(Exception):
    """The reader ran out of its address space (a MemoryError in the worker)."""


def _start_worker(memory_bytes: int) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))  # a file killed for CPU time leaves no core dump


def _read_in_worker(path: Path, max_bytes: int, cpu_seconds: int) -> ReadResult:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    spent = int(usage.ru_utime + usage.ru_stime)
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    resource.setrlimit(resource.RLIMIT_CPU, (spent + cpu_seconds + 1, hard))  # the kernel sends SIGXCPU past it
    try:
        return read_file(path, max_bytes)
    except MemoryError:
        raise _OutOfMemory() from None


class IsolatedReader:
    """`with IsolatedReader(limits) as reader: reader.read(path)`; read() raises ReadError like read_file."""

    def __init__(self, limits: ReadLimits) -> None:
        self.limits = limits
        self._pool: ProcessPool | None = None

    def __enter__(self) -> "IsolatedReader":
        self._pool = ProcessPool(max_workers=1, initializer=_start_worker,
                                 initargs=(self.limits.memory_mb * 1024 * 1024,),
                                 context=multiprocessing.get_context("spawn"))
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.stop()
            self._pool.join()
            self._pool = None

    def read(self, path: Path) -> ReadResult:
        limits = self.limits
        future = self._pool.schedule(_read_in_worker, (path, limits.max_bytes, limits.cpu_seconds),
                                     timeout=limits.timeout_seconds)
        try:
            return future.result()
        except _OutOfMemory:
            raise ReadError(f"reading it needed more than {limits.memory_mb} MB of memory "
                            "(ASSISTANT_READ_MEMORY_MB)") from None
        except FutureTimeout:
            raise ReadError(f"reading it took longer than {limits.timeout_seconds} s "
                            "(ASSISTANT_READ_TIMEOUT_SECONDS)") from None
        except ProcessExpired as exc:
            if exc.exitcode == -signal.SIGXCPU:
                raise ReadError(f"reading it took more than {limits.cpu_seconds} s of CPU time "
                                "(ASSISTANT_READ_CPU_SECONDS)") from None
            raise ReadError(f"the reader process died on it (exit code {exc.exitcode}; memory limit "
                            f"{limits.memory_mb} MB, ASSISTANT_READ_MEMORY_MB)") from None
