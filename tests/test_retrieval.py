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
