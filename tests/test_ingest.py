"""Ingest into a real Chroma: metadata on every chunk, idempotent re-ingest, updates, duplicates, failures."""
import json
import shutil

import numpy as np

from assistant.demo import CORPUS
from assistant.embedding.chunk_vectors import chunk_sentences
from assistant.store import Index
from ingest.indexing import ingest

from .conftest import make_settings


class CountingEmbedder:
    """The real embedder, counting how many texts it embeds."""

    def __init__(self, inner):
        self.inner, self.count = inner, 0

    def encode(self, texts):
        self.count += len(texts)
        return self.inner.encode(texts)


def open_index(path):
    return Index(path, make_settings(path), create=True)


def test_every_chunk_has_metadata(demo_index_dir):
    index = open_index(demo_index_dir)
    got = index.vectors.collection.get(include=["metadatas", "documents"])
    assert len(got["ids"]) == index.manifest.stats()["chunks"] == index.vectors.count()
    for meta, doc in zip(got["metadatas"], got["documents"]):
        assert {"article_id", "title", "source_file", "position", "n_chunks"} <= set(meta)
        assert doc.startswith(meta["title"])
        if "published_at" in meta:
            assert isinstance(meta["published_ts"], int)
    cup = next(m for m in got["metadatas"] if m["title"].startswith("Vell double"))
    assert cup["source"] == "Brackwater Sports Weekly" and cup["published_at"] == "2026-04-12T20:45:00Z"
    assert cup["url"] == "https://brackwatersports.example/2026/04/12/cup-final" and cup["author"] == "Dana Oyelaran"
    lumen = next(m for m in got["metadatas"] if m.get("url") == "https://valleytechreview.example/2026/02/14/lumen-grid-series-a")
    assert lumen["category"] == "technology" and lumen["tags"] == '["batteries", "energy", "startups"]'
    lengths = [len(d) for d in got["documents"]]
    assert np.mean(lengths) <= 1400


def test_reingest_adds_and_embeds_nothing(index_copy, embedder):
    index = open_index(index_copy)
    before = index.status()
    counter = CountingEmbedder(embedder)
    report = ingest([str(CORPUS)], index, counter)
    assert (report.added, report.updated, report.unchanged, report.duplicates) == (0, 0, 15, 1)
    assert counter.count == 0
    assert index.status() == before


def test_changed_article_replaces_old_chunks(index_copy, embedder, tmp_path):
    index = open_index(index_copy)
    edited = tmp_path / "gazette-library.md"
    text = (CORPUS / "gazette-library.md").read_text().replace("80,000 books", "95,000 books")
    edited.write_text(text)
    counter = CountingEmbedder(embedder)
    report = ingest([str(edited)], index, counter)
    assert (report.added, report.updated) == (0, 1)
    docs = index.vectors.collection.get(where={"url": "https://harbourgazette.example/2026/04/30/library-reopens"},
                                        include=["documents"])["documents"]
    assert docs and all("95,000 books" in d for d in docs) and not any("80,000" in d for d in docs)
    # only the edited article is embedded: its sentences, each once
    assert counter.count == len({s for d in docs for s in chunk_sentences(d)})
    assert index.status()["articles"] == 15
    assert index.vectors.count() == index.status()["chunks"]
    hits = index.keyword.scores("95,000 books")
    assert hits.max() > 0


def test_exact_duplicates_from_different_files_are_stored_once(tmp_path, embedder):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(CORPUS / "gazette-library.md", folder / "a.md")
    (folder / "b.md").write_text((CORPUS / "gazette-library.md").read_text().replace(
        "url: https://harbourgazette.example/2026/04/30/library-reopens", "url: https://mirror.example/library"))
    index = open_index(tmp_path / "idx")
    report = ingest([str(folder)], index, embedder)
    assert (report.added, report.duplicates) == (1, 1)
    assert index.status()["articles"] == 1


def test_different_articles_sharing_one_url_are_all_kept_and_an_edit_replaces_only_its_own(tmp_path, embedder):
    home = "https://news.example/"  # a homepage url given for every article of a scrape
    stories = [("Ferry fares frozen", "The island council froze ferry fares for the winter. Pensioners travel free on Sundays. "
                "The decision costs the council forty thousand a year, the treasurer said."),
               ("Library opens late", "The town library will open until nine on Thursdays from March. Volunteers will staff "
                "the desk. The reading room gets new lamps and twelve more chairs."),
               ("Harbour crane fixed", "The broken harbour crane was repaired by the Quayside Works team after six weeks. "
                "Ships had waited at anchor. The port expects a busy spring.")]
    (tmp_path / "scrape.json").write_text(json.dumps([{"title": t, "body": b, "url": home, "source": "Island News"}
                                                      for t, b in stories]))
    index = open_index(tmp_path / "idx")
    report = ingest([str(tmp_path / "scrape.json")], index, embedder)
    assert report.added == 3 and index.status()["articles"] == 3 and not report.warnings
    title, body = stories[1]  # a correction of one of them: the same article, edited
    (tmp_path / "fix.json").write_text(json.dumps({"title": title, "url": home, "source": "Island News",
                                                   "body": body.replace("until nine", "until ten")}))
    report = ingest([str(tmp_path / "fix.json")], index, embedder)
    assert (report.added, report.updated) == (0, 1) and index.status()["articles"] == 3
    texts = " ".join(r.text for r in index.manifest.all_chunks())
    assert "until ten" in texts and "until nine" not in texts and "ferry fares" in texts and "harbour crane" in texts


def test_bad_files_are_named_and_the_rest_ingested(tmp_path, embedder):
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text("Pier reopens\n\nThe pier on Skerry Island reopened on Friday after repairs.")
    (folder / "empty.txt").write_text("")
    (folder / "broken.json").write_text('{"title": "x", "body": ')
    (folder / "nobody.json").write_text(json.dumps([{"title": "no body"}]))
    (folder / "binary.md").write_bytes(b"\x00\xff\x00\xfe")
    index = open_index(tmp_path / "idx")
    report = ingest([str(folder), str(tmp_path / "missing.html")], index, embedder)
    failed = {name.split("/")[-1]: reason for name, reason in report.failed}
    assert failed == {"empty.txt": "empty file", "broken.json": "invalid JSON at line 1, column 24: Expecting value",
                      "nobody.json": "record 1: no article text (expected one of: body, text, content), skipped",
                      "binary.md": "binary file, not text", "missing.html": "no such file or directory"}
    assert report.added == 1 and index.status()["articles"] == 1


def test_status_reports_sources_dates_and_model(demo_index_dir):
    status = open_index(demo_index_dir).status()
    assert status["articles"] == 15 and status["chunks"] >= 15
    assert status["sources"]["Norland Business Daily"] == 4
    assert status["date_range"] == ["2026-01-28T22:40:00Z", "2026-10-02T12:00:00Z"]
    assert status["embedding_model"] == "sentence-transformers/all-MiniLM-L6-v2"
