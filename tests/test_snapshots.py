"""Index snapshots: questions asked in one process while an ingest in another thread of it adds articles.
Every snapshot a question takes is whole (each chunk the keyword index knows has its row, its article's
chunk list and its filter arrays), a snapshot held across the ingest never changes, and the next one
sees the new articles."""
import threading

from assistant.retrieval import RetrievalProfile, retrieve
from assistant.store import Index
from ingest.indexing import ingest

from .conftest import make_settings

QUESTION = "Which harbour in Norland opened a new ferry berth?"


def write_articles(folder, n: int) -> list[str]:
    paths = []
    for i in range(n):
        path = folder / f"berth-{i}.md"
        path.write_text(f"---\ntitle: New ferry berth {i} opens\nsource: Berth Post {i % 2}\ndate: 2026-07-{10 + i:02d}\n---\n"
                        f"The harbour of Kessel {i} in Norland opened ferry berth number {i} on Monday, the port said. "
                        f"Berth {i} takes ships of up to {100 + i} metres.\n")
        paths.append(str(path))
    return paths


def assert_whole(snapshot) -> None:
    ids = snapshot.keyword.chunk_ids
    published, sources = snapshot.chunk_arrays()
    assert len(published) == len(sources) == len(ids)
    for cid in ids:
        row = snapshot.chunk(cid)
        assert row is not None, cid  # the keyword index and the chunk rows are one version
        assert cid in {r.chunk_id for r in snapshot.article_chunks(row.article_id)}


def test_questions_during_an_ingest_read_whole_snapshots(index_copy, tmp_path, embedder):
    index = Index(index_copy, make_settings(index_copy))
    profile = RetrievalProfile()
    held = index.snapshot()
    held_ids = list(held.keyword.chunk_ids)
    paths = write_articles(tmp_path, 6)
    errors: list[BaseException] = []

    def add_one_by_one():
        try:
            for path in paths:
                report = ingest([path], index, embedder)
                assert report.added == 1, report.summary()
        except BaseException as exc:  # reported by the main thread
            errors.append(exc)

    writer = threading.Thread(target=add_one_by_one)
    writer.start()
    versions = set()
    while writer.is_alive():
        snapshot = index.snapshot()
        versions.add(snapshot.version)
        assert_whole(snapshot)
        for p in retrieve(snapshot, QUESTION, 4, None, embedder, profile):
            assert snapshot.chunk(p.chunk_id) is not None  # a passage from the snapshot the question took
    writer.join()
    assert errors == []
    assert list(held.keyword.chunk_ids) == held_ids and all(held.chunk(c) for c in held_ids)  # never changed
    latest = index.snapshot()
    assert_whole(latest)
    assert len(latest.keyword.chunk_ids) == len(held_ids) + 6 and latest is index.snapshot()
    titles = {p.title for p in retrieve(latest, "Kessel 5 ferry berth number 5", 3, None, embedder, profile)}
    assert "New ferry berth 5 opens" in titles
    assert len(versions) >= 2, versions  # questions were asked while the ingest ran, across versions
    index.close()
