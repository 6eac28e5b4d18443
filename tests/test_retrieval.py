"""Retrieval details: outlets named in a question, per-article caps, syndicated copies shown once."""
from assistant.outlets import outlets_named

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


def test_named_outlet_gets_a_passage(demo_assistant):
    question = "What did the Northern Ledger and the Coastal Weather Service report about Port Alder?"
    passages = demo_assistant.retrieve(question, 4)
    sources = {p.source for p in passages}
    assert {"Northern Ledger", "Coastal Weather Service"} <= sources


def test_per_article_cap_and_no_duplicate_text(demo_assistant):
    passages = demo_assistant.retrieve("Lumen Grid battery factory Brackwater sodium-ion", 10)
    counts = {}
    for p in passages:
        counts[p.article_id] = counts.get(p.article_id, 0) + 1
    assert max(counts.values()) <= demo_assistant.settings.max_per_article
    bodies = [p.body for p in passages]
    assert len(bodies) == len(set(bodies))
    # the syndicated copy of the Series A story was stored once, so it cannot appear twice
    assert sum("raised €12 million in a Series A" in b for b in bodies) <= 1


def _index_of(tmp_path, embedder, articles, **overrides):
    """A fresh index of the given articles (dicts as in a JSONL export), with settings overrides."""
    import json

    from assistant.store import Index
    from ingest.indexing import ingest

    from .conftest import make_settings

    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(json.dumps(a) for a in articles))
    index = Index(tmp_path / "index", make_settings(tmp_path / "index", **overrides), create=True)
    ingest([str(path)], index, embedder)
    return index


def test_question_facets_and_dates():
    from assistant.dates_named import dates_named
    from assistant.subqueries import facets

    q = ("Who is the executive facing a fraud trial, as reported by The Verge, "
         "and is accused of moving customer funds while the Fortune article says he lied to investors?")
    assert facets(q) == ["Who is the executive facing a fraud trial", "as reported by The Verge",
                         "and is accused of moving customer funds", "the Fortune article says he lied to investors"]
    assert facets("What did the council decide on March 3, 2026?") == []  # one part: the whole question is enough
    assert [d.date().isoformat() for d in dates_named(
        "Between the report published on November 1, 2023 and 2 March 2024, or 2023-10-22 (not 2023-02-30)?")] == [
        "2023-11-01", "2024-03-02", "2023-10-22"]


def test_every_part_of_a_two_part_question_is_searched(tmp_path, embedder):
    barrier = ("The harbour barrier project cost rose to 52 million euros, the council said of the barrier budget "
               "and its cost, after a council vote. Ferry crews will use the new barrier gate.")
    articles = [{"title": f"Barrier budget {i}", "source": f"Outlet {i}", "published_at": f"2026-03-0{i}",
                 "text": f"{barrier} Report number {i} on the harbour barrier cost and the council budget."} for i in range(1, 7)]
    articles.append({"title": "Ferry crews back action", "source": "Dock Post", "published_at": "2026-03-05",
                     "text": "Ferry workers voted 80 percent in favour of a strike over pay, the union said."})
    question = ("How much did the harbour barrier project cost the council in the barrier budget report, "
                "and how did ferry crews vote on the strike?")
    with_facets = _index_of(tmp_path / "a", embedder, articles)
    without = _index_of(tmp_path / "b", embedder, articles, facet_rounds=0, outlet_slots=False)
    from assistant.retrieval import retrieve

    assert "Ferry crews back action" not in {p.title for p in retrieve(without, question, 3)}
    assert "Ferry crews back action" in {p.title for p in retrieve(with_facets, question, 3)}


def test_a_named_date_lifts_the_article_published_then(tmp_path, embedder):
    articles = [
        {"title": "Council approves harbour budget", "source": "Gazette", "published_at": "2026-03-01",
         "text": "The council approved the harbour budget. Council members approved it after a long council debate."},
        {"title": "Council approves harbour budget again", "source": "Gazette", "published_at": "2026-06-01",
         "text": "The council approved the revised harbour budget in a short session."},
    ]
    question = "What did the council approve about the harbour budget on June 1, 2026?"
    from assistant.retrieval import retrieve

    boosted = retrieve(_index_of(tmp_path / "a", embedder, articles), question, 2)
    plain = retrieve(_index_of(tmp_path / "b", embedder, articles, date_boost=0.0), question, 2)
    assert plain[0].published_at.startswith("2026-03-01")
    assert boosted[0].published_at.startswith("2026-06-01")


def _squash(text: str) -> str:
    return "".join(text.split())


def test_passages_are_widened_contiguous_spans_that_never_repeat_text(tmp_path, embedder):
    from assistant.passages import article_text
    from assistant.retrieval import retrieve
    from assistant.sentences import split_sentences

    sentences = [f"Harbour report line {i} notes that pier {i} needs {i * 7} new mooring posts." for i in range(1, 41)]
    for i in range(12, 19):  # the question's words sit in neighbouring chunks, whose passages could overlap
        sentences[i] = f"Line {i} says the lighthouse keeper counted {i} storm surges at the lighthouse."
    body = " ".join(sentences[:20]) + "\n\n" + " ".join(sentences[20:])
    articles = [{"title": "Harbour pier survey", "source": "Dock Post", "published_at": "2026-03-02", "text": body}]
    index = _index_of(tmp_path, embedder, articles, chunk_tokens=64, chunk_overlap=16, max_per_article=3,
                      passage_chars=500)
    rows = index.article_chunks(index.chunk_articles()[0])
    assert len(rows) > 5
    rebuilt = article_text(rows)
    assert _squash(" ".join(rebuilt.sentences)) == _squash(body)  # the overlaps between chunks are kept once

    passages = retrieve(index, "lighthouse keeper storm surges", 3)
    assert len(passages) >= 2
    assert all("lighthouse" in p.body for p in passages)
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

    unwidened = _index_of(tmp_path / "b", embedder, articles, chunk_tokens=64, chunk_overlap=16, passage_chars=0)
    plain = retrieve(unwidened, "harbour report pier mooring posts", 1)[0]
    assert _squash(plain.text) == _squash(unwidened.chunk(plain.chunk_id).text)


def test_a_sentence_the_article_prints_twice_is_shown_once(tmp_path, embedder):
    from assistant.retrieval import retrieve
    from evals.metrics import repeats_text

    repeated = "The lighthouse keeper counted eleven storm surges along the northern breakwater this winter."
    filler = [f"Pier {i} needs {i * 7} new mooring posts according to the harbour survey team." for i in range(1, 30)]
    body = " ".join(filler[:6] + [repeated] + filler[6:20] + [repeated] + filler[20:])
    articles = [{"title": "Harbour pier survey", "source": "Dock Post", "published_at": "2026-03-02", "text": body}]
    index = _index_of(tmp_path, embedder, articles, chunk_tokens=64, chunk_overlap=16, passage_chars=500)
    passages = retrieve(index, "lighthouse keeper storm surges northern breakwater", 3)
    assert len(passages) >= 2
    assert sum(p.body.count(repeated) for p in passages) == 1
    assert not repeats_text([p.to_dict() for p in passages])


def test_a_part_that_only_names_outlets_is_not_searched_alone(tmp_path, embedder):
    from assistant.part_search import embed_parts, part_rankings
    from assistant.subqueries import facets

    articles = [{"title": f"Harbour story {i}", "source": src, "published_at": "2026-03-02",
                 "text": f"The harbour council approved a {i} million euro barrier. Ferry crews voted to strike."}
                for i, src in enumerate(("The Verge", "TechCrunch", "Dock Post"), 1)]
    index = _index_of(tmp_path, embedder, articles)
    question = ("Which harbour council, featured in articles from both The Verge and TechCrunch, approved a barrier "
                "while ferry crews voted to strike?")
    parts = facets(question)
    assert parts[1] == "featured in articles from both The Verge and TechCrunch"
    whole = index.keyword.scores(question)
    queues = part_rankings(index, question, parts, embed_parts(parts, embedder, index.settings), whole / whole.max(), None)
    # the question's head, the barrier and the strike are searched; the part about the coverage is not
    assert len(queues) == len(parts) - 1


def test_the_passage_stating_the_asked_fact_moves_up(tmp_path, embedder):
    from assistant.final_order import evidence_order
    from assistant.retrieval import retrieve

    articles = [
        {"title": "Harbour council meets", "source": "Gazette", "published_at": "2026-03-02",
         "text": "The harbour council met on Tuesday. Members discussed the ferry timetable and parking fees."},
        {"title": "Ferry crews strike", "source": "Dock Post", "published_at": "2026-03-03",
         "text": "Ferry crews voted 80 percent in favour of a strike over pay, the union said on Monday."},
    ]
    index = _index_of(tmp_path, embedder, articles)
    question = "How did ferry crews vote on the strike over pay?"
    passages = retrieve(index, question, 2, embedder=embedder)
    vector = embedder.get_query_embedding(question)
    chosen = sorted(passages, key=lambda p: p.title != "Harbour council meets")  # the weaker one chosen first
    assert [p.title for p in evidence_order(index, chosen, [question], [vector])] == [
        "Ferry crews strike", "Harbour council meets"]
    index.settings.order_step = 10.0  # a step larger than any evidence gap keeps the order chosen
    assert [p.title for p in evidence_order(index, chosen, [question], [vector])] == [
        "Harbour council meets", "Ferry crews strike"]


def test_a_named_outlet_gets_a_second_article_nearest_the_question(tmp_path, embedder):
    from assistant.retrieval import retrieve

    ledger_words = ("The Ledger covered the harbour council meeting. The harbour council discussed the harbour "
                    "budget, harbour parking and the harbour festival. The council will meet again in May.")
    ledger_fact = ("Dock workers walked off the job on Friday. Ferry crews decided by a large majority to stop work "
                   "until their wages rise. Sailings were cancelled.")
    articles = [
        {"title": "Harbour council meeting", "source": "The Ledger", "published_at": "2026-03-02", "text": ledger_words},
        {"title": "Dock walkout", "source": "The Ledger", "published_at": "2026-03-03", "text": ledger_fact},
        *({"title": f"Harbour ferries {i}", "source": "Coast Post", "published_at": "2026-03-04",
           "text": f"Harbour ferry crews will vote on a strike over pay in round {i} of the talks. The harbour stays open."}
          for i in range(4)),
    ]
    question = "According to The Ledger, did harbour ferry crews vote to strike over pay?"
    titles = {}
    for pool in (0, 50):
        index = _index_of(tmp_path / str(pool), embedder, articles, outlet_closest_pool=pool, facet_rounds=0)
        titles[pool] = [p.title for p in retrieve(index, question, 3, embedder=embedder)]
    assert "Dock walkout" not in titles[0]
    assert "Dock walkout" in titles[50]
