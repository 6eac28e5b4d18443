"""Finds input files and dispatches each to the reader for its format."""
from __future__ import annotations

import glob
import os
import stat
from pathlib import Path

from ..article import ReadError, ReadResult
from ..names import name_text
from . import feed, html, jsonfile, text

READERS = {
    ".txt": text.read,
    ".md": text.read,
    ".markdown": text.read,
    ".html": html.read,
    ".htm": html.read,
    ".json": jsonfile.read_json,
    ".jsonl": jsonfile.read_jsonl,
    ".ndjson": jsonfile.read_jsonl,
    ".xml": feed.read,
    ".rss": feed.read,
    ".atom": feed.read,
}
SUPPORTED = tuple(sorted(READERS))
UNSUPPORTED = f"unsupported file type (supported: {', '.join(SUPPORTED)})"


def discover(inputs: list[str]) -> tuple[list[Path], list[tuple[str, str]], list[tuple[str, str]]]:
    """Expands files, directories (recursively) and globs into supported files.

    Returns (files, problems, skipped), the last two as (name, reason): problems are inputs that name
    nothing readable; skipped are the files of a folder whose type is not read (hidden files and
    folders are passed over silently). Symlink loops are not followed twice.
    """
    files: list[Path] = []
    problems: list[tuple[str, str]] = []
    skipped: list[tuple[str, str]] = []
    seen: set[str] = set()

    def add(path: Path) -> None:
        real = os.path.realpath(path)
        if real in seen:
            return
        seen.add(real)
        files.append(path)

    for item in inputs:
        matches = [Path(m) for m in sorted(glob.glob(item, recursive=True))] if glob.has_magic(item) else [Path(item)]
        if not matches:
            problems.append((name_text(item), "no file matches this pattern"))
        for path in matches:
            if path.is_dir():
                visited: set[str] = set()
                for root, dirs, names in os.walk(path, followlinks=True):
                    real_root = os.path.realpath(root)
                    if real_root in visited:  # a symlink loop
                        dirs.clear()
                        continue
                    visited.add(real_root)
                    dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                    for name in sorted(names):
                        if name.startswith("."):
                            continue
                        if Path(name).suffix.lower() in READERS:
                            add(Path(root) / name)
                        else:
                            skipped.append((name_text(Path(root) / name), UNSUPPORTED))
            elif path.exists():
                if path.suffix.lower() in READERS:
                    add(path)
                else:
                    problems.append((name_text(path), UNSUPPORTED))
            else:
                problems.append((name_text(path), "no such file or directory"))
    return files, problems, skipped


def read_file(path: Path, max_bytes: int) -> ReadResult:
    """Reads one file with the reader for its extension. Raises ReadError with a user-facing reason."""
    try:
        info = path.stat()
    except OSError as exc:
        raise ReadError(f"cannot access file ({exc.strerror or exc})") from None
    if not stat.S_ISREG(info.st_mode):
        raise ReadError("not a regular file (a pipe, socket or device)")
    size = info.st_size
    if size == 0:
        raise ReadError("empty file")
    if size > max_bytes:
        raise ReadError(f"file is {size / 1e6:.0f} MB, over the {max_bytes / 1e6:.0f} MB limit (ASSISTANT_MAX_FILE_MB)")
    try:
        result = READERS[path.suffix.lower()](path)
    except ReadError:
        raise
    except OSError as exc:
        raise ReadError(f"cannot read file ({exc.strerror or exc})") from None
    except RecursionError:
        raise ReadError("structure is nested too deeply") from None
    for article in result.articles:  # a name that is not UTF-8 must still be storable and printable
        article.source_file, article.key = name_text(article.source_file), name_text(article.key)
    return result
