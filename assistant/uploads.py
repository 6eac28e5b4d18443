"""Articles uploaded through the UI: allowed types and size only, names made safe (no path traversal),
kept under the index folder, then ingested like any other file."""
from __future__ import annotations

import os
import re
import shutil
import unicodedata
from pathlib import Path

from ingest.indexing import IngestReport, ingest
from ingest.readers import SUPPORTED

from .store import Index


def safe_name(name: str, max_bytes: int = 120) -> str:
    """The bare file name, reduced to letters, digits, dot, dash and underscore; never empty or hidden;
    at most `max_bytes` in UTF-8, shortened before its extension so that the type is kept."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = unicodedata.normalize("NFKC", base)
    base = re.sub(r"[^\w.-]+", "_", base).strip("._") or "upload"
    stem, suffix = os.path.splitext(base)
    if len(suffix.encode()) >= max_bytes // 2:  # not an extension but the tail of a dotted name
        stem, suffix = base, ""
    stem = stem.encode()[: max_bytes - len(suffix.encode())].decode("utf-8", "ignore").rstrip("._") or "upload"
    return stem + suffix


def accept_uploads(paths: list[str], original_names: list[str], index: Index, embedder) -> tuple[IngestReport, list[tuple[str, str]]]:
    """Copies acceptable uploads into <index>/uploads and ingests them; returns the report and the
    uploads refused before ingest as (name, reason)."""
    index.require_writer()  # before anything is copied
    limit = index.settings.upload_max_mb * 1_000_000
    folder = index.directory / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    accepted, refused = [], []
    for path, original in zip(paths, original_names):
        name = safe_name(original, index.settings.upload_name_max_bytes)
        suffix = Path(name).suffix.lower()
        if suffix not in SUPPORTED:
            refused.append((name, f"type {suffix or '(none)'} is not accepted (accepted: {', '.join(SUPPORTED)})"))
            continue
        size = Path(path).stat().st_size
        if size > limit:
            refused.append((name, f"{size / 1e6:.1f} MB is over the {index.settings.upload_max_mb} MB upload limit"))
            continue
        target = folder / name
        n = 1
        while target.exists():
            target = folder / f"{Path(name).stem}-{n}{suffix}"
            n += 1
        assert target.resolve().parent == folder.resolve()  # safe_name leaves no way out of the folder
        shutil.copyfile(path, target)
        accepted.append(str(target))
    report = ingest(accepted, index, embedder) if accepted else IngestReport()
    return report, refused
