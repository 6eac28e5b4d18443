"""Articles uploaded through the UI: allowed types and size only, names made safe (no path traversal),
kept under the index folder, then ingested like any other file, one file at a time so that each gets
its own result (and the page a progress step per file)."""
from __future__ import annotations

import os
import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ingest.indexing import IngestReport, ingest
from ingest.readers import SUPPORTED

from .store import Index, IndexBusy, IndexUnavailable

Progress = Callable[[str, int, int, str], None]  # (file name, files done, files in all, stage)


@dataclass
class FileResult:
    name: str  # the safe name it is stored under
    outcome: str  # "added", "updated", "unchanged", "duplicate", "nothing added", "failed", "refused"
    detail: str = ""


@dataclass
class UploadResult:
    files: list[FileResult] = field(default_factory=list)
    report: IngestReport = field(default_factory=IngestReport)  # all files together

    @property
    def refused(self) -> list[tuple[str, str]]:
        return [(f.name, f.detail) for f in self.files if f.outcome == "refused"]


def _outcome(report: IngestReport) -> tuple[str, str]:
    """One file's ingest report in a word, and the details (failures, skipped records, warnings)."""
    notes = [r for _, r in report.failed] + [f"skipped: {r}" for _, r in report.skipped] + \
            [f"warning: {r}" for _, r in report.warnings]
    if report.failed:
        return "failed", "; ".join(notes)
    counts = [(report.added, "added"), (report.updated, "updated"), (report.unchanged, "unchanged"),
              (report.duplicates, "duplicate")]
    words = [f"{n} {word}" for n, word in counts if n]
    outcome = next((word for n, word in counts if n), "nothing added")
    return outcome, "; ".join([", ".join(words)] + notes if words else notes)


def _merge(total: IngestReport, part: IngestReport) -> None:
    for name in ("added", "updated", "unchanged", "duplicates", "recleaned", "chunks_added", "files"):
        setattr(total, name, getattr(total, name) + getattr(part, name))
    total.failed += part.failed
    total.skipped += part.skipped
    total.warnings += part.warnings
    total.seconds += part.seconds


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


def accept_uploads(paths: list[str], original_names: list[str], index: Index, embedder,
                   progress: Progress | None = None) -> UploadResult:
    """Copies acceptable uploads into <index>/uploads and ingests each; returns every file's result (those
    refused before ingest too). A busy index (another ingest holds the write lock) fails that file only."""
    index.require_writer()  # before anything is copied (a server-mode reader's folder cannot ingest)
    progress = progress or (lambda name, done, total, stage: None)
    limit = index.settings.upload_max_mb * 1_000_000
    folder = index.directory / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    result, accepted, order = UploadResult(), [], {}
    for position, (path, original) in enumerate(zip(paths, original_names)):
        name = safe_name(original, index.settings.upload_name_max_bytes)
        suffix = Path(name).suffix.lower()
        if suffix not in SUPPORTED:
            order[name] = position
            result.files.append(FileResult(name, "refused", f"type {suffix or '(none)'} is not accepted (accepted: {', '.join(SUPPORTED)})"))
            continue
        size = Path(path).stat().st_size
        if size > limit:
            order[name] = position
            result.files.append(FileResult(name, "refused", f"{size / 1e6:.1f} MB is over the {index.settings.upload_max_mb} MB upload limit"))
            continue
        target = folder / name
        n = 1
        while target.exists():
            target = folder / f"{Path(name).stem}-{n}{suffix}"
            n += 1
        assert target.resolve().parent == folder.resolve()  # safe_name leaves no way out of the folder
        shutil.copyfile(path, target)
        accepted.append(target)
        order[target.name] = position
    for done, target in enumerate(accepted):
        progress(target.name, done, len(accepted), "reading")
        try:
            report = ingest([str(target)], index, embedder,
                            lambda stage, _d, _t, name=target.name: progress(name, done, len(accepted), stage))
        except (IndexBusy, IndexUnavailable) as exc:
            target.unlink(missing_ok=True)  # not ingested: a later upload of it must not get a "-1" name
            result.files.append(FileResult(target.name, "failed", str(exc)))
            continue
        _merge(result.report, report)
        result.files.append(FileResult(target.name, *_outcome(report)))
    progress("", len(accepted), len(accepted), "done")
    result.files.sort(key=lambda f: order.get(f.name, len(order)))  # in the order they were given
    return result
