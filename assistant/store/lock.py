"""One writer per index: ingest holds an exclusive lock file; a second writer is told the index is busy."""
from __future__ import annotations

import fcntl
import os
from pathlib import Path


class IndexBusy(RuntimeError):
    pass


class WriteLock:
    def __init__(self, directory: Path) -> None:
        self.path = Path(directory) / ".ingest.lock"
        self._fd: int | None = None

    def __enter__(self) -> "WriteLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.read(fd, 32).decode(errors="replace").strip() or "another process"
            os.close(fd)
            raise IndexBusy(f"The index at {self.path.parent} is busy: an ingest (pid {holder}) is writing to it. "
                            "Try again when it has finished.") from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        self._fd = fd
        return self

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)  # the kernel also drops it if the process dies
            os.close(self._fd)
            self._fd = None
