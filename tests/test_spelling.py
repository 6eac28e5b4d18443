"""Typing slips in a question are mended against the index's words, and said; names are left as typed."""
import pytest

from assistant.answer.spelling import mend_slips
from assistant.store.keyword import KeywordIndex

TEXTS = ["The government shut down on Friday after talks failed. The plan was approved.",
         "Asylum requests rose as interest rates fell, people said.",
         "The coach spoke in a gruff voice about the trial.",
         "Anna Petrova won the race, thicker ice than last year.",
         "It proved hard. They proved it. It was proved twice, and proved again.",
         "She will retire soon, an aspiring singer said of the alliance."]


@pytest.fixture(scope="module")
def keyword():
    return KeywordIndex.build([f"c{i}" for i in range(len(TEXTS))], TEXTS)


@pytest.mark.parametrize("question,mended,mends", [
    ("goverment shutdown", "government shutdown", [("goverment", "government")]),  # a letter left out
    ("his aslyum request", "his asylum request", [("aslyum", "asylum")]),  # two swapped
    ("the goverment goverment", "the government government", [("goverment", "government")]),  # said once
    ("what did the fed do on intrest rates", "what did the fed do on interest rates", [("intrest", "interest")]),
    # "proved" is as near and more frequent, but a slip rarely hits the first letter
    ("was the plan aproved", "was the plan approved", [("aproved", "approved")]),
])
def test_a_slip_is_read_as_the_index_word_one_slip_away(keyword, question, mended, mends):
    assert mend_slips(question, keyword) == (mended, mends)


@pytest.mark.parametrize("question", [
    "coco gauff us open final",  # a name the index lacks, one changed letter from "gruff": no slip
    "maxim kuzminov helicopter",  # a name with no word near it
    "ivan petrov defection",  # someone else's name one letter away ("Petrova") is not this one
    "who is anna petorva",  # nor one swap away: names are left as typed, a slip or another person
    "the trail of the storm",  # an English word, although "trial" is one swap away
    "its stock ticker symbol",  # "tick" + "er": a word, although "thicker" is one letter away
    "gvt shutdwn",  # too short, or too far
    # words of their own that are an index word with a letter more or less at an end ("retire", "aspiring", "alliance")
    "the retiree spoke", "an aspirin a day", "their dalliance ended",
])
def test_names_and_words_are_left_as_typed(keyword, question):
    assert mend_slips(question, keyword) == (question, [])


def test_a_mended_question_is_answered_and_the_mend_is_reported(demo_assistant):
    """"batteires" matches nothing in the index: unmended, the question is refused."""
    result = demo_assistant.ask("How many batteires did Lumen Grid recall?")
    assert result.read_as == [("batteires", "batteries")]
    assert not result.refused and "1,200" in result.answer, result.answer
    assert result.to_public()["read_as"] == [{"typed": "batteires", "read_as": "batteries"}]


def test_the_chat_shows_the_mend_escaped(demo_assistant):
    from assistant.ui_answer import turn_steps
    from assistant.ui_export import Turn

    result = demo_assistant.ask("How many batteires did Lumen Grid recall?")
    html = turn_steps("t1", result, Turn.of(result.question, result.answer, result.citations, result.refused, []), [])[-1]
    assert "read &#39;batteires&#39; as &#39;batteries&#39;" in html, html[:500]


def test_a_word_too_long_to_be_a_slip_is_not_searched_for_one(keyword, monkeypatch):
    """Its slips would cost memory by the square of its length (a 20,000-letter "word" took 10 GB)."""
    from assistant.answer import spelling

    def no_search(word):
        raise AssertionError(f"searched slips of a {len(word)}-letter word")

    monkeypatch.setattr(spelling, "_one_slip", no_search)
    long_word = "governmentx" * 3
    assert mend_slips(f"the {long_word} budget", keyword) == (f"the {long_word} budget", [])
