"""Retrieval details: outlets named in a question, question parts and dates, passages widened without
repeating text. (The stages' control tests are in test_retrieval_stages.py.)"""
from assistant.outlets import outlets_named

from .conftest import index_of

SOURCES = ("The Verge", "TechCrunch", "FOX News - Health", "FOX News - Lifestyle", "The Independent - Sports",
           "Cnbc | World Business News Leader", "Wired")


def test_outlets_named_in_questions():
    q = "Did TechCrunch report more layoffs than The Verge, according to Fox News and CNBC?"
    assert outlets_named(q, SOURCES) == [("TechCrunch",), ("The Verge",), ("FOX News - Health", "FOX News - Lifestyle"),
                                        ("Cnbc | World Business News Leader",)]
    # plain words that are also outlet names match too (a known limit: it costs one reserved slot each)
    assert outlets_named("What did the independent panel say about wired headphones?", SOURCES) == [
        ("The Independent - Sports",), ("Wired",)]
    assert outlets_named("Nothing named here", SOURCES) == []


def test_outlets_typed_short_by_their_initials():
    sources = ("The New York Times", "BBC News - Technology", "BBC News - Sport", "Sporting News", "Dock Post")
    assert outlets_named("when did the nyt publish its story on the dodgers?", sources) == [("The New York Times",)]
    assert outlets_named("what did the BBC say", sources) == [("BBC News - Technology", "BBC News - Sport")]
    assert outlets_named("sn and dp reports", sources) == []  # two-word names have no initials people type
    # initials that could spell a word ("and", "who") name the outlet only in capitals
    words = ("Anglia News Daily", "Wessex Herald Online", "The New York Times")
    assert outlets_named("did the ferry capsize and who was the captain?", words) == []
    assert outlets_named("what did WHO report?", words) == [("Wessex Herald Online",)]


def test_question_facets_and_dates():
    from assistant.question_split import search_parts as facets
    from assistant.retrieval.date_lift import dates_named

    q = ("Who is the executive facing a fraud trial, as reported by The Verge, "
         "and is accused of moving customer funds while the Fortune article says he lied to investors?")
    assert facets(q) == ["Who is the executive facing a fraud trial", "as reported by The Verge",
                         "and is accused of moving customer funds", "the Fortune article says he lied to investors"]
    assert facets("What did the council decide on March 3, 2026?") == []  # one part: the whole question is enough
    # a leading "Topic:" is what the question is about, not a part to search on its own
    assert facets("November solar storm: how far south were the northern lights spotted?") == []
    assert facets("Binance: how big was the fine, and who stepped down?") == ["how big was the fine", "and who stepped down"]
    # "... and name of ...": a second fact asked for without a comma or a wh-word, as the answer reads it too
    assert facets("michigan: score vs ohio state and name of the sign stealing staffer") == [
        "score vs ohio state", "name of the sign stealing staffer"]
    assert [d.date().isoformat() for d in dates_named(
        "Between the report published on November 1, 2023 and 2 March 2024, or 2023-10-22 (not 2023-02-30)?")] == [
        "2023-11-01", "2024-03-02", "2023-10-22"]


def _squash(text: str) -> str:
    return "".join(text.split())


def test_passages_are_widened_contiguous_spans_that_never_repeat_text(tmp_path, embedder):
    from assistant.retrieval import RetrievalProfile, retrieve
    from assistant.retrieval.passages import article_text
    from assistant.sentences import split_sentences

    sentences = [f"Harbour report line {i} notes that pier {i} needs {i * 7} new mooring posts." for i in range(1, 41)]
    for i in range(12, 19):  # the question's words sit in neighbouring chunks, whose passages could overlap
        sentences[i] = f"Line {i} says the lighthouse keeper counted {i} storm surges at the lighthouse."
    body = " ".join(sentences[:20]) + "\n\n" + " ".join(sentences[20:])
    articles = [{"title": "Harbour pier survey", "source": "Dock Post", "published_at": "2026-03-02", "text": body}]
    index = index_of(tmp_path, embedder, articles, chunk_tokens=64, chunk_overlap=16)
    narrow = RetrievalProfile().with_values({"passages.chars": 500})
    rows = index.article_chunks(index.chunk_articles()[0])
    assert len(rows) > 5
    rebuilt = article_text(rows)
    assert _squash(" ".join(rebuilt.sentences)) == _squash(body)  # the overlaps between chunks are kept once

    passages = retrieve(index.snapshot(), "lighthouse keeper storm surges", 3, None, embedder, narrow)
    assert len(passages) >= 2
    assert sum("lighthouse" in p.body for p in passages) >= 2
    seen: set[str] = set()
    for p in passages:
        assert _squash(p.body) in _squash(body)  # one contiguous span of the article
        assert p.text.startswith("Harbour pier survey\nDock Post · 2026-03-02\n\n")
        assert len(p.text) <= max(500, len(index.chunk(p.chunk_id).text))
        own = set(split_sentences(p.body))
        assert not own & seen, "two passages of one result repeat a sentence"
        seen |= own
    from evals.metrics import repeats_text

    shown = [p.to_dict() for p in passages]
    assert not repeats_text(shown) and repeats_text(shown + [index.chunk(passages[0].chunk_id).__dict__])
    best = passages[0]
    assert _squash(index.chunk(best.chunk_id).text.split("\n\n", 1)[1]) in _squash(best.body)
    assert len(best.text) > len(index.chunk(best.chunk_id).text)  # widened with neighbouring sentences

    unwidened = RetrievalProfile().with_values({"passages.chars": 0})
    plain = retrieve(index.snapshot(), "harbour report pier mooring posts", 1, None, embedder, unwidened)[0]
    assert _squash(plain.text) == _squash(index.chunk(plain.chunk_id).text)


def test_a_sentence_the_article_prints_twice_is_shown_once(tmp_path, embedder):
    from assistant.retrieval import RetrievalProfile, retrieve
    from evals.metrics import repeats_text

    repeated = "The lighthouse keeper counted eleven storm surges along the northern breakwater this winter."
    filler = [f"Pier {i} needs {i * 7} new mooring posts according to the harbour survey team." for i in range(1, 30)]
    body = " ".join(filler[:6] + [repeated] + filler[6:20] + [repeated] + filler[20:])
    articles = [{"title": "Harbour pier survey", "source": "Dock Post", "published_at": "2026-03-02", "text": body}]
    index = index_of(tmp_path, embedder, articles, chunk_tokens=64, chunk_overlap=16)
    passages = retrieve(index.snapshot(), "lighthouse keeper storm surges northern breakwater", 3, None, embedder,
                        RetrievalProfile().with_values({"passages.chars": 500}))
    assert len(passages) >= 2
    assert sum(p.body.count(repeated) for p in passages) == 1
    assert not repeats_text([p.to_dict() for p in passages])





