"""A question about a day later than every article found is refused: the articles cannot report it."""
from assistant.answer.predated import later_day
from assistant.answer.spans import asked_days
from assistant.core import Passage


def _passage(published: str | None, text: str = "The harbour council met on the ferry budget.") -> Passage:
    return Passage("c", "a", text, "Council meets", "Dock Post", None, published, None, 1.0)


def test_the_days_a_question_names_leave_out_the_day_of_an_article_it_cites():
    assert asked_days("fed rate decision december 13 meeting") == [(12, 13, None)]
    assert asked_days("who won on Nov. 5th, 2026?") == [(11, 5, 2026)]
    assert asked_days("did the report published on October 4, 2026 say it would rise 15%?") == []


def test_a_day_after_every_article_is_found_and_a_covered_day_is_not():
    passages = [_passage("2026-12-01T08:00:00Z"), _passage("2026-11-20")]
    assert str(later_day("harbour council vote december 14", passages)) == "2026-12-14"
    assert later_day("harbour council vote november 30", passages) is None  # an article came out after it
    assert later_day("harbour council vote december 14, 2025", passages) is None  # the year given is earlier
    preview = passages + [_passage("2026-11-28", "The council votes at its Dec. 13-14 meeting.")]
    assert later_day("harbour council vote december 14", preview) is None  # a passage names the day
    assert later_day("harbour council vote december 14", passages + [_passage(None)]) is None  # an undated article
