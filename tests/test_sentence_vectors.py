"""Sentence vectors: stored per chunk at ingest, the chunk's vector their mean, and a question part
matched to the closest sentence even when it shares no words with it."""
import sqlite3

import numpy as np

from assistant.embedding.chunk_vectors import chunk_sentences, embed_chunks, from_blob, to_blob

from .conftest import index_of


class _Recorder:
    def __init__(self, inner):
        self.inner, self.seen = inner, []

    def encode(self, texts):
        self.seen += list(texts)
        return self.inner.encode(texts)


def test_chunk_vector_is_the_mean_of_its_sentences_each_embedded_once(embedder):
    a = "Title\nOutlet · 2026-01-01\n\nThe pier reopened on Monday. Crews repainted the lighthouse."
    b = "Title\nOutlet · 2026-01-01\n\nCrews repainted the lighthouse. The ferry timetable changes in May."
    recorder = _Recorder(embedder)
    chunks, sentences = embed_chunks(recorder, [a, b])
    assert sorted(recorder.seen) == sorted({"The pier reopened on Monday.", "Crews repainted the lighthouse.",
                                            "The ferry timetable changes in May."})  # the shared one once, no header
    assert [len(s) for s in sentences] == [2, 2]
    mean = sentences[0].mean(axis=0)
    assert np.allclose(chunks[0], mean / np.linalg.norm(mean), atol=1e-6)
    assert np.allclose(np.linalg.norm(chunks, axis=1), 1.0, atol=1e-5)
    assert np.allclose(sentences[0][1], sentences[1][0])
    stored = from_blob(to_blob(sentences[1]), sentences[1].shape[1])
    assert stored.shape == sentences[1].shape and np.allclose(stored, sentences[1], atol=2e-3)
    assert chunk_sentences("Title\nOutlet · 2026-01-01\n\n") == ["Title\nOutlet · 2026-01-01\n\n"]  # no body


HARBOUR = [
    {"title": "Exchange founder on trial", "source": "Dock Post", "published_at": "2026-03-02",
     "text": "Prosecutors accused the exchange founder of fraud on Monday. The trial is expected to last a month."},
    {"title": "Founder takes the stand", "source": "Dock Post", "published_at": "2026-03-04",
     "text": "The founder spoke for two hours on Thursday. "
             "Because the exchange had grown so much, he could no longer run both companies, he said. "
             "The judge adjourned until Friday."},
    {"title": "Growth Fund buys bakery", "source": "Dock Post", "published_at": "2026-03-05",
     "text": "The Growth Fund bought a bakery on Main Street, the companies register shows."},
    {"title": "Buses late", "source": "Dock Post", "published_at": "2026-03-06",
     "text": "Rapid Transit buses were late again, bus companies said."},
    {"title": "Regatta sponsors", "source": "Dock Post", "published_at": "2026-03-07",
     "text": "Two companies sponsor the regatta. Sailors faced strong wind."},
]
QUESTION = "Which founder, accused of fraud, faced challenges managing two companies due to rapid growth?"
FACT = "he could no longer run both companies"

def test_a_part_finds_the_sentence_that_paraphrases_it(tmp_path, embedder):
    from assistant.retrieval import RetrievalProfile, retrieve

    index = index_of(tmp_path, embedder, HARBOUR)
    words_only = RetrievalProfile().with_values({"question_parts.dense": 0.0, "candidates.closest_sentence": 0.0})
    assert not any(FACT in p.text for p in retrieve(index.snapshot(), QUESTION, 3, None, embedder, words_only))
    assert any(FACT in p.text for p in retrieve(index.snapshot(), QUESTION, 3, None, embedder, RetrievalProfile()))


def test_an_index_from_before_sentence_vectors_still_answers(tmp_path, embedder):
    """Chunks ingested before sentence vectors were stored have none: retrieval falls back to words."""
    from assistant.retrieval import retrieve
    from assistant.store import Index

    from .conftest import make_settings

    index = index_of(tmp_path, embedder, HARBOUR)
    index.close()
    db = sqlite3.connect(tmp_path / "index" / "manifest.sqlite")
    with db:  # the chunks table as it was: no sentence_vectors column
        db.execute("CREATE TABLE old AS SELECT chunk_id, article_id, position, text FROM chunks")
        db.execute("DROP TABLE chunks")
        db.execute("ALTER TABLE old RENAME TO chunks")
    db.close()
    reopened = Index(tmp_path / "index", make_settings(tmp_path / "index"))
    assert set(reopened.sentence_vectors([reopened.keyword.chunk_ids[0]]).values()) == {None}
    passages = retrieve(reopened.snapshot(), QUESTION, 3, None, embedder)
    assert passages[0].title == "Exchange founder on trial"
    assert reopened.status()["chunks_without_sentence_vectors"] == reopened.status()["chunks"] > 0
    reopened.close()
    from .test_cli import run

    shown = run("status", "--index", tmp_path / "index", check_code=0).stdout
    assert "chunks were indexed before sentence vectors were stored" in " ".join(shown.split())
