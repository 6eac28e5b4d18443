"""A yes/no question about a win is answered "No" from a sentence saying the side asked about lost that contest,
not "Yes" from a sentence that merely holds the words ("Harbour City won the last two meetings")."""
import pytest

from .conftest import assistant_of
from .test_yesno_reports import first_line

CUP = [
    {"title": "Skerry Cup final: Port Alder lift the trophy", "source": "Dock Post", "date": "2026-05-10T20:00:00Z",
     "url": "https://dockpost.example/cup-final",
     "text": "Harbour City beat Brackwater 2-0 in the semi-final in April. "
             "The Skerry Cup final was won by Port Alder beating Harbour City 3-1 at the Quay Ground on Saturday. "
             "Harbour City had won the last two meetings between the clubs before the final."},
    {"title": "Brackwater go out", "source": "Dock Post", "date": "2026-04-20T20:00:00Z",
     "url": "https://dockpost.example/semi",
     "text": "Brackwater were beaten 2-0 by Harbour City in the Skerry Cup semi-final. "
             "Fans hope Brackwater can beat Port Alder in next year's final. "
             "In the Bay Shield, Port Alder edged Brackwater 1-0 to reach the final. "
             "Port Alder hope to win the Bay Shield final next week."},
    {"title": "Skerry Series level", "source": "Dock Post", "date": "2026-06-01T20:00:00Z",
     "url": "https://dockpost.example/series",
     "text": "Port Alder lost game 2 of the Skerry Series to Harbour City on Friday. The Skerry Series goes on in July."},
    {"title": "Gull Rock tops Brackwater in the Skerry Regatta", "source": "Dock Post", "date": "2026-07-01T20:00:00Z",
     "url": "https://dockpost.example/regatta",
     "text": "The regatta ended on Sunday in light winds. Though Brackwater lost three rowers to illness, Brackwater won "
             "the Quay Trophy final 2-1 on Monday. Gull Rock beat the 49ers in the Skerry Sprint final."},
    {"title": "Skerry Series live: Port Alder vs Harbour City, game 3", "source": "Dock Post",
     "date": "2026-06-08T20:00:00Z", "url": "https://dockpost.example/series-live-3",
     "text": "Final: Port Alder 5, Harbour City 3\nThe crowd at the Quay Ground stayed to the end."},
    {"title": "Lantern Cup talk", "source": "Dock Post", "date": "2026-08-01T20:00:00Z", "url": "https://dockpost.example/lantern",
     "text": "In 1998 Brackwater won the Lantern Cup final, old fans recall. "
             "If Gull Rock beat Port Alder in the Lantern Cup final, the town will celebrate. "
             "Port Alder won't win the Lantern Cup final without a keeper, its coach said. "
             "Kai Moss fell to the canvas twice in the Lantern Belt fight. "
             "Gull Rock beat Harbour City in the Lantern Cup round-robin. "
             "Port Alder beat Gull Rock in the Lantern Cup semi-final. "
             "Harbour City won praise from every visiting captain for the new stand and the clubhouse it opened this spring, "
             "ahead of the Lantern Cup final."},
]


@pytest.fixture(scope="module")
def cup(tmp_path_factory, embedder):
    return assistant_of(tmp_path_factory.mktemp("cup"), embedder, CUP)


@pytest.mark.parametrize("question,start", [
    ("did port alder win the skerry cup final?", "Yes: Dock Post (2026-05-10) says Port Alder won"),  # "won by Port Alder"
    ("did gull rock beat brackwater in the skerry regatta?", "Yes: Dock Post (2026-07-01) says Gull Rock won"),  # "tops"
    # "lost three rowers" is no lost game; "Brackwater won the Quay Trophy final" is a won one
    ("did brackwater win the quay trophy final?", "Yes: Dock Post (2026-07-01) says Brackwater won"),
    # asked the other way round
    ("did harbour city lose the skerry cup final?", "Yes: Dock Post (2026-05-10) says Harbour City lost"),
    ("did port alder lose the skerry cup final?", "No: Dock Post (2026-05-10) says Port Alder won"),
])
def test_a_side_said_to_have_won_the_contest_asked_about_won_it(cup, question, start):
    line = first_line(cup.ask(question))
    assert line.startswith(start), line


def test_a_win_no_sentence_states_is_not_read_from_the_words_alone(cup):
    """"Port Alder hope to win the Bay Shield final next week" holds every word of the question, and says
    nothing of who won it."""
    result = cup.ask("did port alder win the bay shield final?")
    assert result.refused, result.answer


@pytest.mark.parametrize("question,start", [
    ("skerry cup: did harbour city win the final?", "No: Dock Post (2026-05-10) says Harbour City lost"),
    ("did harbour city beat port alder in the skerry cup final?", "No: Dock Post (2026-05-10) says Harbour City lost"),
    ("did the 49ers win the skerry sprint final?", "No: Dock Post (2026-07-01) says 49ers lost"),  # a name opening with digits
    ("did port alder win game 2 of the skerry series?", "No: Dock Post (2026-06-01) says Port Alder lost"),
])
def test_a_side_beaten_in_the_contest_asked_about_did_not_win_it(cup, question, start):
    line = first_line(cup.ask(question))
    assert line.startswith(start), line


@pytest.mark.parametrize("question", [
    "did port alder win the skerry cup final?",  # the winner: no loss of theirs is written
    "did brackwater win the skerry cup final?",  # beaten in the semi-final, not in the final
    "did brackwater win the bay shield final?",  # beaten on the way to the final
    "did port alder win the skerry series?",  # beaten in one game of it
])
def test_a_loss_elsewhere_is_no_loss_in_the_contest_asked_about(cup, question):
    line = first_line(cup.ask(question))
    assert not line.startswith("No: Dock Post (2026-04-20)") and "Brackwater lost" not in line \
        and "Port Alder lost" not in line, line


@pytest.mark.parametrize("question", [
    "did brackwater win the lantern cup final?",  # in 1998; the article is of 2026
    "did gull rock beat port alder in the lantern cup final?",  # "If Gull Rock beat Port Alder": a what-if
    "did port alder win the lantern cup final?",  # "won't win"
    "did kai moss win the lantern belt fight?",  # "fell to the canvas" is no loss to a side
    "did gull rock win the lantern cup?",  # a round-robin game, not the cup
    "did port alder win the lantern cup?",  # a semi-final, not the cup
    "did port alder win the skerry cup semi-final?",  # the articles give its final, not its semi-final
    "did harbour city win the lantern cup final?",  # "won praise", far from the final it names
])
def test_a_sentence_that_only_seems_to_state_the_result_is_no_answer(cup, question):
    result = cup.ask(question)
    assert result.refused, result.answer


def test_a_semi_final_asked_is_answered_from_the_semi_final(cup):
    """The final ("won by Port Alder beating Harbour City") and the meetings "before the final" are other games."""
    result = cup.ask("did harbour city win the skerry cup semi-final?")
    assert result.answer.startswith("Yes: Dock Post (2026-05-10) says Harbour City won") \
        and "beat Brackwater 2-0 in the semi-final" in result.answer, result.answer


@pytest.mark.parametrize("question,start", [
    ("did port alder win game 3 of the skerry series?", "Yes: Dock Post (2026-06-08) says Port Alder won"),
    ("did harbour city win game 3 of the skerry series?", "No: Dock Post (2026-06-08) says Harbour City lost"),
    ("did port alder win game 4 of the skerry series?", "The articles don't say"),  # the page is game 3's
    ("did port alder win the skerry series?", "The articles don't say"),  # one game is not the series
])
def test_a_live_pages_final_line_gives_that_games_result(cup, question, start):
    """"Final: Port Alder 5, Harbour City 3" names neither the series nor the game: its page's title does."""
    line = first_line(cup.ask(question))
    assert line.startswith(start), line
