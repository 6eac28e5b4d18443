"""The ingest pipeline: discover -> read -> plan (add / update / skip) -> clean -> chunk -> embed -> write,
then clean again the indexed articles whose outlet boilerplate changed (ingest/boilerplate.py).

Idempotent: an article whose normalised content is already indexed is skipped without re-embedding;
an article with a known url (or file path) but new content replaces its old chunks.

In bounded memory: files are read (on `workers` reader processes) and their articles planned as they
come, into a staging file on disk (ingest/staging.py); once all are read and the outlet boilerplate
is known, they are taken back in reading order, cleaned, chunked, embedded and written a group of
`write_batch` chunks at a time; the keyword index is rebuilt from the manifest a batch at a time.
What still grows with the index: Chroma's own HNSW index (embedded mode: in this process), the
keyword index being built, and the list of chunk ids.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator

from assistant.embedding.chunk_vectors import embed_chunks, to_blob
from assistant.store import Index, WriteLock
from assistant.store.errors import STORAGE_ERRORS, storage_failure
from assistant.store.mirror import SENTENCES_KEY, encode_sentences
from assistant.store.outlet_lines import outlet_key

from .article import ReadError
from .boilerplate import article_as_read, recurring_by_outlet, stale_articles
from .byline import fill_byline
from .chunking import Chunk, chunk_article
from .cleaning import article_lines, boilerplate_mark, clean_article
from .metadata import article_id, iso
from .names import name_text
from .planning import Planned, plan_one
from .readers import discover
from .readers.isolated import ReadLimits
from .readers.parallel import read_files
from .staging import Staging

Progress = Callable[[str, int, int], None]  # (stage, done, total)
RESERVED = {"article_id", "title", "source", "author", "url", "published_at", "published_ts", "category",
            "source_file", "position", "n_chunks", SENTENCES_KEY}


@dataclass
class IngestReport:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    recleaned: int = 0  # indexed articles cleaned again: their outlet's boilerplate changed
    chunks_added: int = 0
    files: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, reason): whole files not read
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason): records or files left out
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (file, reason): kept, but something was off
    seconds: float = 0.0

    def summary(self) -> str:
        again = f", {self.recleaned} cleaned again (new outlet boilerplate)" if self.recleaned else ""
        return (f"{self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
                f"{self.duplicates} skipped as duplicates, {len(self.failed)} failed{again} "
                f"({self.chunks_added} chunks embedded from {self.files} files in {self.seconds:.1f} s)")


def _chunk_metadata(p: Planned, chunk: Chunk) -> dict:
    a = p.article
    meta = {k: v for k, v in a.extra.items() if k not in RESERVED}
    meta.update({f"extra_{k}": v for k, v in a.extra.items() if k in RESERVED})
    meta.update({
        "article_id": p.article_id, "title": a.title, "source": a.source, "author": a.author, "url": a.url,
        "published_at": iso(a.published), "published_ts": int(a.published.timestamp()) if a.published else None,
        "category": a.category, "source_file": a.source_file, "position": chunk.position, "n_chunks": len(p.chunks),
    })
    return {k: v for k, v in meta.items() if v is not None}


def _read_into(inputs: list[str], run: Staging, index: Index, limits: ReadLimits, workers: int,
               report: IngestReport, progress: Progress) -> None:
    """Reads every file (on `workers` reader processes) and plans each article as it comes, into `run`."""
    files, problems, skipped = discover(inputs)
    report.failed.extend(problems)
    report.skipped.extend(skipped)
    report.files = len(files)
    for n, path, articles, outcome in read_files(files, limits, workers):
        name = name_text(path)
        for a in articles:  # before cleaning cuts the "About the writer" block that holds the byline
            report.warnings.extend((name, f"{a.title[:60]!r}: {w}") for w in a.warnings)
            aid = article_id(a)  # from raw content, before cleaning
            fill_byline(a)
            plan_one(a, aid, run, index, report)
        if outcome is not None:  # the file's end: what went wrong with it, or its notes
            if isinstance(outcome, Exception):
                report.failed.append((name, _reason(outcome)))
            else:
                report.skipped.extend((name, p) for p in outcome.problems)
                report.warnings.extend((name, note) for note in outcome.notes)
            progress("files", n, len(files))


def _reason(exc: Exception) -> str:
    return str(exc) if isinstance(exc, ReadError) else f"unexpected error: {type(exc).__name__}: {exc}"


def ingest(inputs: list[str], index: Index, embedder, progress: Progress | None = None, workers: int = 1) -> IngestReport:
    """`workers`: reader processes reading (and parsing) files at once; the result does not depend on it."""
    progress = progress or (lambda stage, done, total: None)
    report = IngestReport()
    started = time.perf_counter()

    try:
        with WriteLock(index.directory):
            repaired = index.repair()
            if repaired["orphan_vectors"] or repaired["incomplete_articles"]:
                report.warnings.append((str(index.directory), "repaired after an interrupted ingest: "
                                        f"{repaired['orphan_vectors']} stray vectors removed, "
                                        f"{repaired['incomplete_articles']} incomplete articles to re-add"))
            _ingest_locked(inputs, index, embedder, progress, report, workers)
    except STORAGE_ERRORS as exc:  # a full disk, a read-only file system: what was committed stays
        raise storage_failure(index.directory, exc, "write to") from None
    report.seconds = time.perf_counter() - started
    return report


def _ingest_locked(inputs: list[str], index: Index, embedder, progress: Progress, report: IngestReport, workers: int) -> None:
    settings = index.settings
    with Staging(index.directory) as run:  # the run's articles wait on disk until the boilerplate is known
        _read_into(inputs, run, index, ReadLimits.from_settings(settings), workers, report, progress)
        boilerplate = recurring_by_outlet(index, run.line_counts(), run.replaced())
        planned = len(run)
        _write(_cleaned(run.planned(), boilerplate, settings, report), planned, index, embedder, report, progress, "articles")

    again = _clean_again(index, embedder, report, progress)  # boilerplate changed with this run (or one cut short)
    if planned or again or not (index.directory / "keyword").exists():
        index.rebuild_keyword(progress)


def _cleaned(plan: Iterable[Planned], boilerplate: dict[str, set[str]], settings, report: IngestReport) -> Iterator[Planned]:
    for p in plan:
        p.raw = p.article.body
        _clean_and_chunk(p, p.lines & boilerplate.get(outlet_key(p.article.source), set()), settings)
        if not p.chunks:  # kept in the manifest all the same: its lines count towards the boilerplate
            report.skipped.append((p.article.source_file, f"{p.article.title!r}: no text left after cleaning"))
        yield p


def _again(index: Index, aid: str, found: set[str], settings) -> Planned:
    article = article_as_read(index, aid)
    p = Planned(article, aid, [aid], raw=article.body, lines=article_lines(article.body), again=True)
    _clean_and_chunk(p, found, settings)
    return p


def _clean_again(index: Index, embedder, report: IngestReport, progress: Progress) -> int:
    """Cleans again the indexed articles whose boilerplate changed (after an ingest or a removal); how many."""
    stale = stale_articles(index)
    again = (_again(index, aid, found, index.settings) for aid, found in sorted(stale.items()))
    _write(again, len(stale), index, embedder, report, progress, "cleaning again")
    return len(stale)


def remove_articles(article_ids: list[str], index: Index, embedder, progress: Progress | None = None) -> IngestReport:
    """Deletes articles from the index under the write lock: each one's manifest rows (article, chunks,
    outlet lines) in one SQLite transaction, then its vectors, then the keyword index is rebuilt. The
    manifest goes first: cut short after it, the next writer's repair() removes the stray vectors and
    rebuilds the keyword index ("keyword_dirty"). Articles whose outlet boilerplate changed because a
    deleted article held one of its lines are cleaned again, as after an ingest. Unknown ids are ignored."""
    progress = progress or (lambda stage, done, total: None)
    report = IngestReport()
    started = time.perf_counter()
    try:
        with WriteLock(index.directory):
            index.repair()
            for aid in article_ids:
                if index.manifest.key_of(aid) is None:
                    continue
                chunk_ids = index.manifest.chunk_ids(aid)
                index.manifest.set_meta("keyword_dirty", "1")
                index.manifest.remove_article(aid)
                index.vectors.delete(chunk_ids)
            _clean_again(index, embedder, report, progress)
            index.rebuild_keyword(progress)
    except STORAGE_ERRORS as exc:
        raise storage_failure(index.directory, exc, "write to") from None
    report.seconds = time.perf_counter() - started
    return report


def _clean_and_chunk(p: Planned, boilerplate: set[str], settings) -> None:
    clean_article(p.article, boilerplate)
    p.mark = boilerplate_mark(boilerplate)
    p.chunks = chunk_article(p.article, p.article_id, settings.chunk_tokens, settings.chunk_overlap, p.mark) \
        if p.article.body else []


def _write(plan: Iterable[Planned], total: int, index: Index, embedder, report: IngestReport, progress: Progress,
           stage: str) -> None:
    """Embeds and writes in groups of about `write_batch` chunks, each article in its own transaction;
    `plan` is consumed as it goes (`total` articles), so only one group is held at a time."""
    if not total:
        return
    index.manifest.set_meta("keyword_dirty", "1")  # until the rebuild at the end, the keyword index lags
    progress(stage, 0, total)
    group: list[Planned] = []
    done = 0
    for p in plan:
        group.append(p)
        if sum(len(g.chunks) for g in group) >= index.settings.write_batch:
            _write_group(group, index, embedder, report)
            done += len(group)
            progress(stage, done, total)
            group = []
    if group:
        _write_group(group, index, embedder, report)
        progress(stage, done + len(group), total)


def _write_group(group: list[Planned], index: Index, embedder, report: IngestReport) -> None:
    chunks = [(p, c) for p in group for c in p.chunks]
    vectors, sentence_vectors = embed_chunks(embedder, [c.text for _, c in chunks])
    blobs = {c.chunk_id: to_blob(v) for (_, c), v in zip(chunks, sentence_vectors)}
    metadatas = [_chunk_metadata(p, c) for p, c in chunks]
    if index.vectors.remote:  # a reader elsewhere takes them from the server (docs/server-mode.md)
        for meta, (_, c) in zip(metadatas, chunks):
            meta[SENTENCES_KEY] = encode_sentences(blobs[c.chunk_id])
    index.vectors.add([c.chunk_id for _, c in chunks], vectors, [c.text for _, c in chunks], metadatas)
    for p in group:
        a = p.article
        old_chunks = [cid for old in p.replaces for cid in index.manifest.chunk_ids(old)]
        index.manifest.add_article(
            {"article_id": p.article_id, "doc_key": a.key, "title": a.title, "source": a.source, "author": a.author,
             "url": a.url, "category": a.category, "published_at": iso(a.published),
             "published_ts": int(a.published.timestamp()) if a.published else None,
             "source_file": a.source_file, "n_chunks": len(p.chunks), "extra": a.extra, "raw": p.raw,
             "boilerplate": p.mark},
            [(c.chunk_id, c.position, c.text, blobs[c.chunk_id]) for c in p.chunks], replaces=p.replaces, lines=p.lines)
        # old versions' vectors go last: if this is interrupted they are strays that repair() removes
        index.vectors.delete(sorted(set(old_chunks) - {c.chunk_id for c in p.chunks}))
        if p.again:
            report.recleaned += 1
        elif p.chunks:
            report.updated += bool(p.replaces)
            report.added += not p.replaces
        report.chunks_added += len(p.chunks)
