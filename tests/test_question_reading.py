"""How the offline answerer reads a question's parts: each part's kind of answer, topic prefixes
("Everton - how many ...", "Beeper Mini: what ..."), capitalised names that look like kind nouns ("what
did Time name her"), money verbs ("what did a ticket cost"), and plural keyword queries ("interim ceos")."""
import pytest

from assistant.answer.question import read


@pytest.mark.parametrize("question,kinds", [
    # a topic before " - " is not part of the question; each part keeps its own kind
    ("rough autumn for everton - how many points were they docked, and how old was their chairman when he died?",
     [("count", ("points",)), ("age", ())]),
    # "Time" is the magazine, not a question about a time of day
    ("Taylor Swift: what did Time name her, and how much had the film pulled in before it opened?", [(None, ()), ("amount", ())]),
    # a part with its own wh-word does not inherit the first part's kind
    ("which judge found trump liable for fraud, and what did trump's own statement value mar-a-lago at?",
     [("person", ("judge",)), ("amount", ())]),
    ("Beeper Mini: what was it meant to cost at launch, and how many downloads did it get in its first 48 hours?",
     [("amount", ()), ("count", ("downloads",))]),
    ("Who scored for Port Alder, and what did the coach say afterwards?", [("person", ()), (None, ())]),
    ("openai interim ceos after altman firing", [("person", ())]),
    ("What time does the ferry leave?", [("date", ("time",))]),  # the date noun asked for (only "day"/"date" narrow the answer)
    # "A vs B" names the two sides of one game when the question is about a game; otherwise it asks the same of each
    ("port alder: score vs brackwater", [("score", ())]),
    ("port alder vs brackwater score", [("score", ())]),
    ("how much did port alder pay vs brackwater", [("amount", ()), ("amount", ())]),
    ("how many goals did port alder score vs brackwater", [("count", ("goals",)), ("count", ("goals",))]),
])
def test_each_part_gets_its_kind_of_answer(question, kinds):
    intent = read(question)
    assert intent.form == "fact" and [(c.kind, c.units) for c in intent.clauses] == kinds
