"""Questions asking for several holders of one role ("openai interim ceos") are answered with each of them."""
from assistant.answer import plural
from assistant.answer.evidence import Sentence
from assistant.answer.facts import Candidate

TEXTS = [
    "Brockman alleges that Mira Lind, Kelpco's CTO and now interim CEO, was told on Thursday.",
    "Kelpco has appointed Emmet Shore, the co-founder of streaming site Twitchy, as interim CEO.",
    "Talks are happening with Quora CEO Adam Dale about the board.",
    "Sam Altair, Kelpco's former CEO, was fired on Friday.",
    "The board approached Dario Amos, the co-founder and interim CEO of rival developer Anthropos, about a merger.",
    "Kelpco's chief scientist Ilya Sut; an interim CEO search has begun.",
    "Y Combinator, the Kelpco backer, named an interim CEO.",
]


def _found(*names_scores):
    sentences = [Sentence(t, n, frozenset(), frozenset(), None, 0.7) for n, t in enumerate(TEXTS, start=1)]
    found = [Candidate(name, score, [next(i for i, t in enumerate(TEXTS) if name in t)]) for name, score in names_scores]
    return found, sentences


def test_the_role_asked_in_the_plural_is_read_with_its_modifier():
    assert plural.plural_role("kelpco interim ceos after the firing", None) == "interim ceo"
    assert plural.plural_role("who were the interim ceos at kelpco?", "ceo") == "interim ceo"
    assert plural.plural_role("who are the co-founders of kelpco?", "co-founder") == "co-founder"
    assert plural.plural_role("kelpco interim ceo", None) is None  # one asked, one given


def test_every_holder_of_the_role_is_named_and_no_one_else():
    found, sentences = _found(("Mira Lind", 1.4), ("Brockman", 1.2), ("Sam Altair", 0.95), ("Emmet Shore", 0.9),
                              ("Adam Dale", 0.9), ("Dario Amos", 0.85), ("Ilya Sut", 0.8),
                              ("Y Combinator", 0.8))
    held = [c for c, _ in plural.holders("interim ceo", found, sentences, "kelpco interim ceos after the firing")]
    # Brockman is no person-shaped name; Altair was the former CEO; Dale is Quora's CEO and not interim;
    # Amos is another company's; Ilya Sut's line goes on to another clause after a ";"; "Y Combinator" is no one
    assert [c.text for c in held] == ["Mira Lind", "Emmet Shore"]


def test_a_holder_scored_far_below_the_best_or_a_best_not_holding_the_role_lists_one():
    found, sentences = _found(("Mira Lind", 2.0), ("Emmet Shore", 0.9))
    assert [c.text for c, _ in plural.holders("interim ceo", found, sentences, "kelpco interim ceos")] == ["Mira Lind"]
    found, sentences = _found(("Sam Altair", 1.4), ("Emmet Shore", 0.9))
    assert [c.text for c, _ in plural.holders("interim ceo", found, sentences, "kelpco interim ceos")] == ["Sam Altair"]



def test_a_role_is_the_organisations_the_question_names_and_the_names_it_is_written_beside():
    holds = plural._holds
    asked = {"who", "are", "the", "co-founders", "of", "kelpco"}
    assert holds("Ashwin Sure", "Kelpco co-founders Ani Pandit and Ashwin Sure met them.", "co-founder", asked)
    assert not holds("Jim Harb", "Jim Harb visited the coaches on Friday.", "coach", asked)  # not set off by "," or "as"
    # the role after a name belongs to the next name: "VP Bradley Horn, Kelpco co-founder Rich Mine"
    line = "Gullwing VP Bradley Horn, Kelpco co-founder Rich Mine and others joined."
    assert holds("Rich Mine", line, "co-founder", asked) and not holds("Bradley Horn", line, "co-founder", asked)
    # "founder" inside "Android co-founder" is still Android's
    assert not holds("Rich Mine", "They hired Android co-founder Rich Mine.", "founder", asked | {"founders"})
    assert plural._of("kelpco", "Lars Paj", "Lars Paj, co-founder of Kelpco, spoke.", "co-founder")
    assert plural._of("kelpco", "Lars Paj", "Kelpco’s co-founder Lars Paj spoke.", "co-founder")
    # an organisation named only later is not the one the role is of
    assert not plural._of("kelpco", "Art Mensk", "All three co-founders (Art Mensk and Tim Lacro) worked at Kelpco’s lab.",
                          "co-founder")
    assert plural.plural_role("who are the chief executives of kelpco?", "executive") == "chief executive"
    assert plural.plural_role("who is leading kelpco's founders?", None) is None  # "who is" asks for one


def test_holders_of_the_organisation_asked_about_only():
    texts = ["Lars Paj, co-founder of Kelpco, spoke on Monday.",
             "All three co-founders (Art Mensk and Tim Lacro) once worked at Kelpco’s lab."]
    sentences = [Sentence(t, n, frozenset(), frozenset(), None, 0.7) for n, t in enumerate(texts, start=1)]
    found = [Candidate("Lars Paj", 1.0, [0]), Candidate("Art Mensk", 0.9, [1])]
    held = plural.holders("co-founder", found, sentences, "who are the co-founders of kelpco")
    assert [c.text for c, _ in held] == ["Lars Paj"]


BOARD = [
    {"title": "Kelpco board fires its chief executive", "source": "Dock Post", "date": "2026-11-17T08:00:00Z",
     "url": "https://dockpost.example/kelpco-1",
     "text": "Kelpco's board fired chief executive Sam Altair on Friday. Mira Lind, Kelpco's CTO, was named interim CEO "
             "while the board searches for a permanent chief executive."},
    {"title": "Kelpco turns to a second interim chief", "source": "Dock Post", "date": "2026-11-19T08:00:00Z",
     "url": "https://dockpost.example/kelpco-2",
     "text": "Two days later Kelpco appointed Emmet Shore, the co-founder of the ferry app Tidewise, as interim CEO, "
             "replacing Lind. Staff threatened to quit over the firing of Altair."},
]


def test_the_answer_names_each_holder_with_its_own_citation(tmp_path, embedder):
    from .conftest import assistant_of
    from .test_answer_offline import answer_line

    assistant = assistant_of(tmp_path, embedder, BOARD)
    line = answer_line(assistant.ask("kelpco interim ceos after the firing"))
    assert "Mira Lind [" in line and "Emmet Shore [" in line and "Altair" not in line, line
    line = answer_line(assistant.ask("who was kelpco's first interim ceo?"))
    assert line.count("[") == 1, line  # one asked, one given
