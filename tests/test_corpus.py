"""Managing the index from the UI's Articles tab: listing and searching articles, deleting one (manifest,
vectors and keyword entries, under the write lock, safe to cut short), and the as-of / relative dates
and the export that the chat uses."""
from datetime import date

import pytest

from assistant import corpus
from assistant.answer.citations import Citation
from assistant.app import open_assistant
from assistant.date_scope import relative_window, scope
from assistant.store import Index, IndexBusy, WriteLock
from assistant.ui_cards import cited_sentences
from assistant.ui_export import Turn, answer_text, conversation_markdown

from .conftest import make_settings

STORM = "How many homes were evacuated during Storm Ingrid?"


def storm_article(index) -> dict:
    return next(a for a in corpus.list_articles(index, "storm ingrid floods"))


def test_articles_are_listed_newest_first_and_searched_by_title_outlet_or_date(demo_index_dir):
    index = Index(demo_index_dir, make_settings(demo_index_dir))
    everything = corpus.list_articles(index)
    dated = [a["published_at"] for a in everything if a["published_at"]]
    assert len(everything) == 15 and dated == sorted(dated, reverse=True)
    assert everything[-1]["published_at"] is None or len(dated) == 15  # undated ones last
    assert {a["source"] for a in corpus.list_articles(index, "harbour gazette")} == {"The Harbour Gazette"}
    january = corpus.list_articles(index, "2026-01")
    assert january and all(a["published_at"].startswith("2026-01") for a in january)
    assert [a["title"] for a in corpus.list_articles(index, "STORM INGRID floods")] == ["Storm Ingrid floods Port Alder's lower town"]
    assert "(unknown)" not in corpus.summary(index).outlets


def test_delete_removes_the_article_everywhere_and_from_answers(index_copy, embedder):
    assistant = open_assistant(index_copy, make_settings(index_copy), embedder=embedder)
    index = assistant.index
    assert "240 homes" in assistant.ask(STORM).answer
    article = storm_article(index)
    chunks = index.manifest.chunk_ids(article["article_id"])
    before = index.snapshot()  # the version the first answer used, still held by this process
    done = corpus.delete_article(index, embedder, article["article_id"])
    after = index.snapshot()  # the delete made a new version: the next ask in this process sees it
    assert after is not before and article["article_id"] not in set(after.chunk_articles())
    assert not set(chunks) & set(after.keyword.chunk_ids) and after.chunk(chunks[0]) is None
    assert before.chunk(chunks[0]) is not None  # a snapshot taken before is left whole (a request in flight)
    assert done.title == article["title"] and done.passages == len(chunks)
    assert index.manifest.key_of(article["article_id"]) is None and index.manifest.chunk_ids(article["article_id"]) == []
    assert not set(chunks) & index.vectors.all_ids()
    assert not set(chunks) & set(index.keyword.chunk_ids)
    assert corpus.summary(index).articles == 14
    result = assistant.ask(STORM)
    assert all(c.article_id != article["article_id"] for c in result.citations) and "240 homes" not in result.answer
    assert corpus.delete_article(index, embedder, article["article_id"]) is None  # already gone


def test_delete_waits_for_no_one_and_is_refused_while_an_ingest_writes(index_copy, embedder):
    index = Index(index_copy, make_settings(index_copy))
    article = storm_article(index)
    with WriteLock(index_copy), pytest.raises(IndexBusy):
        corpus.delete_article(index, embedder, article["article_id"])
    assert index.manifest.key_of(article["article_id"]) is not None  # nothing was removed


def test_a_delete_cut_short_after_the_manifest_is_completed_by_the_next_writer(index_copy, embedder, monkeypatch):
    index = Index(index_copy, make_settings(index_copy))
    article = storm_article(index)
    chunks = index.manifest.chunk_ids(article["article_id"])
    real_delete = index.vectors.delete

    def cut(ids):  # the process dies as the vectors are about to go
        if ids:
            raise KeyboardInterrupt
        real_delete(ids)

    monkeypatch.setattr(index.vectors, "delete", cut)
    with pytest.raises(KeyboardInterrupt):
        corpus.delete_article(index, embedder, article["article_id"])
    monkeypatch.undo()
    assert index.manifest.key_of(article["article_id"]) is None and set(chunks) <= index.vectors.all_ids()
    repaired = Index(index_copy, make_settings(index_copy)).repair()  # what the next ingest or delete runs first
    assert repaired["orphan_vectors"] == len(chunks) and repaired["keyword_rebuilt"] == 1
    assert not set(chunks) & index.vectors.all_ids() and not set(chunks) & set(index.keyword.chunk_ids)


@pytest.mark.parametrize("words, first, last", [
    ("What happened yesterday?", "2026-05-19", "2026-05-19"),
    ("news from last week", "2026-05-11", "2026-05-17"),  # the calendar week before Wednesday 20 May
    ("decisions last month", "2026-04-01", "2026-04-30"),
    ("in the past 3 days", "2026-05-17", "2026-05-20"),
    ("two days ago", "2026-05-18", "2026-05-18"),
    ("this year", "2026-01-01", "2026-05-20"),
])
def test_relative_dates_are_read_against_the_as_of_date(words, first, last):
    _, start, end = relative_window(words, date(2026, 5, 20))
    assert (start.isoformat(), end.isoformat()) == (first, last)


def test_as_of_date_ends_the_range_and_is_said_in_the_answer():
    where = scope("Who won?", ["A"], "2026-01-01", "2026-12-31", "2026-05-20")
    assert where.filters.until.date() == date(2026, 5, 20) and where.today == date(2026, 5, 20)
    assert "as of 2026-05-20 (later articles left out)" in where.notes and "outlets: A" in where.notes
    assert relative_window("Who won the cup?", date(2026, 5, 20)) is None
    with pytest.raises(ValueError, match="cannot read the date"):
        scope("x", [], "", "", "soon")


def test_cited_sentence_is_found_for_a_quote_and_for_a_paraphrase():
    body = "The surge flooded the lower town. Emergency services evacuated 240 homes. No one was hurt."
    quoted = cited_sentences(body, ['"Emergency services evacuated 240 homes."'])
    assert [body[a:b] for a, b in quoted] == ["Emergency services evacuated 240 homes."]
    said = cited_sentences(body, ["240 homes were evacuated"])
    assert [body[a:b] for a, b in said] == ["Emergency services evacuated 240 homes."]
    assert cited_sentences(body, ["Nothing in common here"]) == []


def test_export_has_one_numbered_reference_list_and_article_text_inert():
    a = Citation(1, "Storm [report](http://evil.example)", "Coastal", "2026-01-28T10:00", "https://c.example/a", "", 1, "a1", "c1")
    b = Citation(1, "Cup final", "Sports", "2026-04-12", None, "", 1, "a2", "c2")
    turns = [Turn.of("How many homes?", "240 homes [1].", [a], False, []),
             Turn.of("Who scored?", "Tomas Vell ![x](http://t.example/p.png) [1].", [b], False, ["as of 2026-05-01"]),
             Turn.of("And the storm?", "Again 240 homes [1].", [a], False, [])]
    md = conversation_markdown(turns, date(2026, 5, 2))
    assert "## 1. How many homes?" in md and "240 homes [1]." in md and "Tomas Vell \\!\\[x\\](http" in md
    assert "Again 240 homes [1]." in md  # the same article keeps its number
    assert "*as of 2026-05-01*" in md
    refs = md.split("## References\n\n")[1].splitlines()
    assert refs == ["1. Storm \\[report\\](http://evil.example) — Coastal, 2026-01-28. https://c.example/a",
                    "2. Cup final — Sports, 2026-04-12"], refs
    assert answer_text(turns[1]) == "Tomas Vell ![x](http://t.example/p.png) [1].\n\nSources:\n[1] Cup final — Sports, 2026-04-12"
