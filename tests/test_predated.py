"""A question about a day later than every article found is refused: the articles cannot report it."""
from assistant.answer.predated import later_day
from assistant.answer.spans import asked_days
from assistant.core import Passage


def _passage(published: str | None, text: str = "The harbour council met on the ferry budget.") -> Passage:
    return Passage("c", "a", text, "Council meets", "Dock Post", None, published, None, 1.0)


def test_the_days_a_question_names_leave_out_the_day_of_an_article_it_cites():
    assert asked_days("fed rate decision december 13 meeting") == [(12, 13, None)]
    assert asked_days("who won on Nov. 5th, 2026?") == [(11, 5, 2026)]
    assert asked_days("what did the council decide on 13 April?") == [(4, 13, None)]
    assert asked_days("did the report published on October 4, 2026 say it would rise 15%?") == []
    assert asked_days("what may 10 rangers do about the drought?") == []  # "may" the verb, not the month


def test_a_day_after_every_article_is_found_and_a_covered_day_is_not():
    passages = [_passage("2026-12-01T08:00:00Z"), _passage("2026-11-20")]
    assert str(later_day("harbour council vote december 14", passages)) == "2026-12-14"
    assert later_day("harbour council vote november 30", passages) is None  # an article came out after it
    assert later_day("harbour council vote december 14, 2025", passages) is None  # the year given is earlier
    assert later_day("harbour council vote december 3", passages) is None  # live pages are updated for a few days
    preview = passages + [_passage("2026-11-28", "The council votes at its Dec. 13-14 meeting.")]
    assert later_day("harbour council vote december 14", preview) is None  # a passage names the day
    assert later_day("harbour council vote on 14 December", passages + [_passage("2026-11-28", "It votes on 14 December.")]) is None
    # a 2026 preview does not name the same day a year later
    assert str(later_day("harbour council vote december 14, 2027", preview)) == "2027-12-14"
    assert later_day("harbour council vote december 14", passages + [_passage(None)]) is None  # an undated article


def test_a_day_without_its_year_is_read_in_the_articles_time():
    new_year = [_passage("2027-01-03"), _passage("2026-12-20")]
    assert later_day("how long did fans wait for the ferry on december 31?", new_year) is None  # the December just past
    assert str(later_day("what did the council decide on january 31?", [_passage("2026-12-05")])) == "2027-01-31"
    spring_to_winter = [_passage("2026-03-01"), _passage("2026-12-01")]
    assert later_day("what did the report of 1 March say about the ferry?", spring_to_winter) is None  # that March
    # an event a passage dates in another year is that event
    uprising = [_passage("2026-12-01", "The uprising of Feb. 2, 2021 left 212 people dead.")]
    assert later_day("how many people died in the february 2 uprising?", uprising) is None
    # the August before these articles, not the next one, eight months after the newest
    assert later_day("what happened to the ferry on august 5?", [_passage("2026-11-20"), _passage("2026-12-01")]) is None


def test_what_will_happen_on_a_later_day_is_not_refused():
    passages = [_passage("2026-12-01")]
    assert later_day("what fines do firms face if they miss the december 31 filing deadline?", passages) is None
    assert later_day("what will a ferry ticket cost after december 20?", passages) is None
