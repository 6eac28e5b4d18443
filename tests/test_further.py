"""A part of a question the passages leave unanswered is answered from further down the stories found."""
import pytest

from assistant.answer import further, offline
from assistant.answer.compose import Claim, Draft
from assistant.answer.offline import answer_offline
from assistant.core import Passage

FILLER = ("Scouts from several clubs watched the Gulls' bullpen sessions on the back fields, and the front office spent "
          "the morning on calls with agents while the coaching staff reviewed video from the winter league. ")
ENTRIES = [
    ("Gulls land Tanaka", "The Harbor City Gulls have signed the Japanese slugger Kenji Tanaka to a ten-year, "
     "$410 million contract, the largest deal in club history. Tanaka will play first base."),
    ("Gulls meet with Okafor", "The Gulls met with the free-agent pitcher Daniel Okafor on Monday, and the talks "
     "went on for three hours at the club's training complex."),
    ("Rival clubs circle", "Several rival clubs have also met with Okafor, and the Ravens are said to be in the bidding."),
    ("League rules", "Under league rules, a fine of $10,000 for a club would require the commissioner's approval."),
    ("Gulls sign Okafor", "The Okafor sweepstakes are over: the Gulls have signed the right-hander Daniel Okafor "
     "to a seven-year, $182 million deal, according to people familiar with the talks."),
    ("Bullpen news", "The Gulls also added two relievers on minor-league deals and invited both to spring camp."),
]
TRACKER = {
    "title": "Harbor City Gulls offseason tracker: live updates on signings and trades",
    "url": "https://example.org/gulls-tracker", "source": "Harbor Ledger", "published_at": "2026-12-20",
    "body": "\n\n".join(f"{head}\n\n{text} {FILLER * 4}" for head, text in ENTRIES),
}


@pytest.fixture(scope="module")
def tracker(tmp_path_factory, embedder):
    from .conftest import assistant_of

    assistant = assistant_of(tmp_path_factory.mktemp("tracker"), embedder, [TRACKER])
    snapshot = assistant.index.snapshot()
    chunks = snapshot.article_chunks(snapshot.chunk(snapshot.keyword.chunk_ids[0]).article_id)
    yield assistant, snapshot, chunks
    assistant.index.close()


def _found(chunks, *words) -> list[Passage]:
    """The passages retrieval might have taken: the tracker's chunks that hold every one of `words`."""
    rows = [r for r in chunks if all(w in r.text for w in words)]
    return [Passage(r.chunk_id, r.article_id, r.text, r.title, r.source, r.url, r.published_at, r.author, 1.0)
            for r in rows]


def _ask(tracker, question, passages):
    assistant, snapshot, _ = tracker
    return answer_offline(question, passages, snapshot, assistant.embedder, assistant.settings.min_answer_score)


def test_the_tracker_is_chunked_so_that_the_entries_lie_apart(tracker):
    _, _, chunks = tracker
    assert len(chunks) >= 4
    assert not [r for r in chunks if "$410 million" in r.text and "$182 million" in r.text]


def test_the_unanswered_part_is_answered_from_further_down_the_story(tracker):
    _, _, chunks = tracker
    found = _found(chunks, "$410 million")
    answer = _ask(tracker, "Gulls spending spree: how much for Tanaka, and how much for Okafor?", found)
    assert not answer.refused
    line = answer.text.split("\n")[0]
    assert "$410 million" in line and "$182 million" in line, answer.text
    # the new answer cites the passage it was read from, which the answer carries beside those it was given
    cited = answer.passages[int(line.split("$182 million [")[1].split("]")[0]) - 1]
    assert "$182 million" in cited.text and cited.chunk_id not in {p.chunk_id for p in found}


def test_only_a_sentence_that_names_what_the_part_asks_about_is_read_on_for(tracker):
    _, _, chunks = tracker
    found = _found(chunks, "$410 million")
    # the league-rules entry gives a fine, but of no one named: Okafor was never fined
    answer = _ask(tracker, "Gulls: how much for Tanaka, and how much was Okafor fined?", found)
    assert "$10,000" not in answer.text, answer.text
    assert "$410 million" in answer.text.split("\n")[0]


def test_a_question_answered_in_full_reads_no_further(tracker, monkeypatch):
    _, _, chunks = tracker
    found = _found(chunks, "$410 million")
    monkeypatch.setattr(offline, "read_on", lambda *a: pytest.fail("read on though nothing was left unanswered"))
    answer = _ask(tracker, "Gulls: how much for Tanaka?", found)
    assert "$410 million" in answer.text.split("\n")[0]


def test_a_sentence_read_on_for_must_name_everything_the_part_asks_about(tracker):
    _, _, chunks = tracker
    found = _found(chunks, "$410 million")
    # the Ravens bid for Okafor, but the $182 million deal is the Gulls': no sentence names the Ravens and a sum
    answer = _ask(tracker, "Gulls: how much for Tanaka, and how much did the Ravens pay for Okafor?", found)
    assert "$182 million" not in answer.text, answer.text


def test_the_storys_own_subject_is_no_name_to_read_on_for(tracker):
    _, snapshot, chunks = tracker
    found = _found(chunks, "$410 million")
    # "the Gulls" are in every chunk of the tracker: naming them picks out no entry; Okafor does
    assert further.read_on([("Gulls: how much did the Gulls pay in total", "amount")], found, snapshot) == []
    okafor = further.read_on([("Gulls: how much did the Gulls pay Okafor", "amount")], found, snapshot)
    assert okafor and "$182 million" in okafor[0].text


def test_reading_on_answers_another_part_but_changes_no_answer_given():
    first = Draft([Claim("Juan Soto [1].")], unanswered=[("how much for Okafor", "amount")])
    assert not offline._keeps(first, Draft([Claim("Daniel Okafor [2]."), Claim("$182 million [2].")]))
    assert offline._keeps(first, Draft([Claim("Juan Soto [1]."), Claim("$182 million [2].")]))
    # the same answer in its fuller form, cited from the passage read on, is kept
    assert offline._keeps(Draft([Claim("Okafor [1].")]), Draft([Claim("Daniel Okafor [2]."), Claim("$182 million [2].")]))


def test_an_answer_read_on_that_would_change_an_answer_given_is_not_taken(tracker, monkeypatch):
    """The answerer's second reading is taken only when it keeps the first one's answers (here the second
    reading is forced to change one, as a sentence read on can outrank the first part's)."""
    _, _, chunks = tracker
    drafts = iter([Draft([Claim("Kenji Tanaka [1].")], unanswered=[("how much for Okafor", "amount")]),
                   Draft([Claim("Daniel Okafor [2]."), Claim("$182 million [2].")])])
    monkeypatch.setattr(offline, "_fact", lambda *a, **k: next(drafts))
    answer = _ask(tracker, "Gulls: who did they land, and how much for Okafor?", _found(chunks, "$410 million"))
    assert answer.text.split("\n")[0] == "Kenji Tanaka [1]."
