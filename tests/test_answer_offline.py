"""The embedded default answers by quoting passages with valid citations, and refuses when it should."""
import re

import pytest

from assistant.filters import Filters
from assistant.pipeline import EXTRACTIVE_NOTE, REFUSAL, Assistant
from assistant.store import Index
from ingest.indexing import ingest

from .conftest import SAMPLE_SCRAPE, make_settings

ANSWERABLE = [
    ("Where did Lumen Grid open its first factory, and how many jobs did it create?", ["Brackwater", "300 jobs"]),
    ("Who scored for Brackwater Rovers in the cup final?", ["Tomas Vell"]),
    ("What did the Bank of Norland do with interest rates in May 2026?", ["3.0 percent"]),
    ("How many homes were evacuated during Storm Ingrid?", ["240 homes"]),
    ("When will the Skerry Island pier be ready?", ["October"]),
]
UNANSWERABLE = ["What is the population of the Mars colony Alpha?", "Who won the 2026 Norland election?",
                "What did the mayor say about the new airport terminal?"]


def assert_valid_citations(result):
    markers = {int(m) for m in re.findall(r"\[(\d+)\]", result.answer)}
    assert markers == {c.n for c in result.citations} and markers == set(range(1, len(markers) + 1))
    for c in result.citations:
        assert any(c.text == p.text for p in result.passages)


@pytest.mark.parametrize("question,expected", ANSWERABLE)
def test_answers_quote_and_cite(demo_assistant, question, expected):
    result = demo_assistant.ask(question)
    assert not result.refused and result.mode == "extractive"
    assert result.answer.endswith(EXTRACTIVE_NOTE)
    for text in expected:
        assert text in result.answer
        assert any(text in c.text for c in result.citations)  # the fact is in a cited passage
    assert_valid_citations(result)
    for line in result.answer.splitlines():
        if line.startswith("- "):
            assert re.search(r"\[\d+\]$", line)  # every quoted sentence carries its marker


@pytest.mark.parametrize("question", UNANSWERABLE)
def test_refuses_when_the_articles_do_not_say(demo_assistant, question):
    result = demo_assistant.ask(question)
    assert result.refused and result.answer == REFUSAL and result.citations == []
    assert result.passages  # the closest passages are still shown


def test_filters_restrict_sources_and_dates(demo_assistant):
    only_gazette = demo_assistant.retrieve("tidal barrier", 10, Filters.parse(["The Harbour Gazette"]))
    assert only_gazette and {p.source for p in only_gazette} == {"The Harbour Gazette"}
    march = demo_assistant.retrieve("tidal barrier cost", 10, Filters.parse(None, "2026-03-01", "2026-03-31"))
    assert march and all("2026-03" in p.published_at for p in march)
    assert demo_assistant.retrieve("tidal barrier", 10, Filters.parse(None, "2030-01-01")) == []
    with pytest.raises(ValueError, match="cannot read the date"):
        Filters.parse(None, "last blursday")


def test_follow_up_uses_the_conversation(demo_assistant):
    first = demo_assistant.ask("Where did Lumen Grid open its first factory?")
    follow = demo_assistant.ask("Who is its chief executive now?", history=[(first.question, first.answer)])
    assert "Lumen Grid" in follow.standalone_question
    assert not follow.refused and any("Lumen" in c.title for c in follow.citations)


def test_sample_scrape_defector_question(tmp_path, embedder):
    if not SAMPLE_SCRAPE.exists():
        pytest.skip(f"{SAMPLE_SCRAPE} not present")
    settings = make_settings(tmp_path)
    ingest([str(SAMPLE_SCRAPE)], Index(tmp_path, settings, create=True), embedder)
    assistant = Assistant(tmp_path, settings)
    assistant._embedder = embedder
    result = assistant.ask("Which country did the Russian lieutenant defect to, and where is he held?")
    assert not result.refused
    assert "Lithuania" in result.answer and "Pabradė" in result.answer
    assert_valid_citations(result)
