"""Storage failures (a read-only file system, a full disk, missing permissions) as one-line messages.

SQLite, Chroma and the file system each raise their own errors ("unable to open database file",
"disk I/O error", "database or disk is full", OSError ENOSPC); the user gets one sentence naming the
index folder and the cause, never a traceback. A Chroma server that does not answer (stopped, restarting,
a wrong ASSISTANT_CHROMA_HOST) is one of these failures too. What an interrupted write leaves behind is repaired by
the next ingest (Index.repair), so the index keeps every article it held before.
"""
from __future__ import annotations

import errno
import os
import sqlite3
from contextlib import contextmanager
from pathlib import Path

import httpx
from chromadb.errors import ChromaError

STORAGE_ERRORS = (sqlite3.Error, OSError, ChromaError, httpx.TransportError)
# Chroma's errors do not always say the disk is full ("Error in compaction: ..."): with less free space
# than this, the full disk is named as the likely cause
NEARLY_FULL_BYTES = 8 * 1024 * 1024


class IndexUnavailable(RuntimeError):
    """The index cannot be opened or written; the message says why."""


def _cause(directory: Path, exc: BaseException) -> str:
    folder = next((p for p in (directory, *directory.parents) if p.exists()), directory)
    try:
        fs = os.statvfs(folder)
    except OSError:
        fs = None
    text = str(exc).lower()
    if isinstance(exc, httpx.TransportError):
        return (f"its Chroma server does not answer ({type(exc).__name__}: {exc}); start it (chroma run) or check "
                "ASSISTANT_CHROMA_HOST and ASSISTANT_CHROMA_PORT")
    if (fs and fs.f_flag & os.ST_RDONLY) or getattr(exc, "errno", None) == errno.EROFS:
        return "it is on a read-only file system (the assistant writes to its index folder, even to answer)"
    free = fs.f_bavail * fs.f_frsize if fs else None
    if getattr(exc, "errno", None) == errno.ENOSPC or "disk is full" in text or (free is not None and free < NEARLY_FULL_BYTES):
        left = f" ({free // 1024:,} kB free)" if free is not None else ""
        return f"the disk holding it is full{left}; free some space and try again"
    if not os.access(folder, os.W_OK) or isinstance(exc, PermissionError) or "readonly" in text:
        return "no permission to write to its folder (the assistant writes to it, even to answer)"
    return f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else 'storage error'}"


def storage_failure(directory: Path, exc: BaseException, doing: str) -> IndexUnavailable:
    """The error to raise instead of `exc`: `doing` is what failed ("open", "write to")."""
    return IndexUnavailable(f"cannot {doing} the index at {directory}: {_cause(Path(directory), exc)}.")


@contextmanager
def storage_errors(directory: Path, doing: str):
    """Turns a storage error inside the block into IndexUnavailable naming the index and the cause."""
    try:
        yield
    except STORAGE_ERRORS as exc:
        raise storage_failure(directory, exc, doing) from None
