"""Control tests, one per retrieval stage: each builds a small corpus where the stage decides the result,
and asserts what the stage brings. The profile comes from ASSISTANT_RETRIEVAL_PROFILE when set, so
`python -m evals.stage_controls` can run this file once per stage switched off and show that each
stage's test fails without it (and only that stage's)."""
import os

import pytest

from assistant.retrieval import RetrievalProfile, retrieve

from .conftest import index_of


@pytest.fixture(scope="module")
def profile() -> RetrievalProfile:
    return RetrievalProfile.load(os.environ.get("ASSISTANT_RETRIEVAL_PROFILE"))


def titles(index, embedder, profile, question, k):
    return [p.title for p in retrieve(index.snapshot(), question, k, None, embedder, profile)]


SPORT = [{"title": f"Football round {i}", "source": "Sports Daily", "published_at": f"2026-01-{10 + i}",
          "text": f"The football club won match {i} after a late goal; the coach praised the defence and the fans."}
         for i in range(20)]  # unrelated articles, so that the harbour words are rare in the index
FILLER = [{"title": f"Harbour notes {i}", "source": "Coast Post", "published_at": f"2026-02-{10 + i}",
           "text": f"The harbour board met for session {i}. Harbour parking, harbour lights and the harbour festival "
                   f"were on the agenda. The harbour board will meet again."} for i in range(6)]


def test_best_first_the_whole_questions_best_passage_leads(tmp_path, embedder, profile):
    """Without it, a named outlet's passage (and the parts' passages) would come first."""
    articles = [*FILLER,
                {"title": "Pier repairs finished", "source": "Dock Post", "published_at": "2026-03-01",
                 "text": "Repairs to the north pier were finished on Monday, three weeks early, the harbour board said."},
                {"title": "Ledger harbour diary", "source": "The Ledger", "published_at": "2026-03-02",
                 "text": "The Ledger's harbour diary: gulls, tides and the harbour board's plans for the summer."}]
    index = index_of(tmp_path, embedder, articles)
    got = titles(index, embedder, profile.without("final_order"), "When were the north pier repairs finished, as The Ledger asked?", 3)
    assert got[0] == "Pier repairs finished"


def test_outlet_slots_a_named_outlet_gets_a_passage(tmp_path, embedder, profile):
    """The Ledger's only article matches nothing else of the question; without its slot, the parking
    stories fill the result."""
    parking = [{"title": f"Harbour parking plan {i}", "source": f"Post {i}", "published_at": f"2026-02-{10 + i}",
                "text": f"The harbour board's parking plans, version {i}: harbour parking fees, harbour parking spaces "
                        f"and the harbour board's new parking plans for the quay were set out in meeting {i}."}
               for i in range(6)]
    articles = [*SPORT, *parking, {"title": "Gulls on the crane", "source": "The Ledger", "published_at": "2026-03-02",
                                   "text": "Gulls nested on the old crane this spring."}]
    index = index_of(tmp_path, embedder, articles)
    question = "What did The Ledger say about the harbour board's parking plans for harbour parking fees?"
    assert "Gulls on the crane" in titles(index, embedder, profile.without("outlet_extra", "question_parts"), question, 3)


def test_outlet_extra_a_named_outlet_gets_a_second_article_nearest_the_question(tmp_path, embedder, profile):
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
    index = index_of(tmp_path, embedder, articles)
    question = "According to The Ledger, did harbour ferry crews vote to strike over pay?"
    assert "Dock walkout" in titles(index, embedder, profile.without("question_parts"), question, 3)


def test_question_parts_every_part_of_a_two_part_question_is_searched(tmp_path, embedder, profile):
    barrier = ("The harbour barrier project cost rose to 52 million euros, the council said of the barrier budget "
               "and its cost, after a council vote. Ferry crews will use the new barrier gate.")
    articles = [{"title": f"Barrier budget {i}", "source": f"Outlet {i}", "published_at": f"2026-03-0{i}",
                 "text": f"{barrier} Report number {i} on the harbour barrier cost and the council budget."} for i in range(1, 7)]
    articles.append({"title": "Ferry crews back action", "source": "Dock Post", "published_at": "2026-03-05",
                     "text": "Ferry workers voted 80 percent in favour of a strike over pay, the union said."})
    index = index_of(tmp_path, embedder, articles)
    question = ("How much did the harbour barrier project cost the council in the barrier budget report, "
                "and how did ferry crews vote on the strike?")
    assert "Ferry crews back action" in titles(index, embedder, profile, question, 3)


def test_question_parts_a_part_that_only_names_outlets_is_not_searched_alone(tmp_path, embedder, profile):
    """A part like "featured in articles from both The Verge and TechCrunch" would pull in any article of
    those outlets; here that would be the unrelated Verge gadget review."""
    articles = [
        *({"title": f"Council approves barrier {i}", "source": f"Post {i}", "published_at": f"2026-03-0{i + 1}",
           "text": f"The harbour council approved a {40 + i} million euro barrier while ferry crews voted to strike "
                   f"in round {i}. The barrier and the strike were debated."} for i in range(5)),
        {"title": "Verge gadget review", "source": "The Verge", "published_at": "2026-03-08",
         "text": "Articles featured in The Verge and TechCrunch this week: a phone, a laptop and a watch reviewed."},
        *FILLER,
    ]
    index = index_of(tmp_path, embedder, articles)
    question = ("Which harbour council approved a barrier, featured in articles from both The Verge and TechCrunch, "
                "while ferry crews voted to strike?")
    got = titles(index, embedder, profile.without("outlet_slots", "outlet_extra"), question, 4)
    assert "Verge gadget review" not in got


def test_date_lift_a_named_date_lifts_the_article_published_then(tmp_path, embedder, profile):
    articles = [
        {"title": "Council approves harbour budget", "source": "Gazette", "published_at": "2026-03-01",
         "text": "The council approved the harbour budget. Council members approved it after a long council debate."},
        {"title": "Council approves harbour budget again", "source": "Gazette", "published_at": "2026-06-01",
         "text": "The council approved the revised harbour budget in a short session."},
    ]
    index = index_of(tmp_path, embedder, articles)
    got = retrieve(index.snapshot(), "What did the council approve about the harbour budget on June 1, 2026?", 2, None,
                   embedder, profile.without("final_order"))
    assert got[0].published_at.startswith("2026-06-01")


def test_final_order_the_passage_stating_the_asked_fact_moves_up(tmp_path, embedder, profile):
    """The named outlet's passage is chosen second; a passage that states the fact moves up past it. The first
    passage (the whole question's best) stays first."""
    articles = [
        {"title": "Gazette harbour diary", "source": "The Gazette", "published_at": "2026-03-02",
         "text": "The Gazette's harbour diary: the council met on Tuesday about ferry timetables and parking fees."},
        {"title": "Ferry crews strike", "source": "Dock Post", "published_at": "2026-03-03",
         "text": "Ferry crews voted 80 percent in favour of a strike over pay, the union said on Monday."},
        {"title": "How the crews voted", "source": "Harbour Times", "published_at": "2026-03-04",
         "text": "In the ballot, ferry crews backed the strike over pay by four votes to one; turnout was high."},
    ]
    index = index_of(tmp_path, embedder, articles)
    question = "According to The Gazette, how did ferry crews vote on the strike over pay?"
    chosen_order = titles(index, embedder, profile.without("final_order"), question, 3)
    assert chosen_order[1] == "Gazette harbour diary", chosen_order  # the outlet slot comes second when nothing reorders
    got = titles(index, embedder, profile, question, 3)
    assert got == [chosen_order[0], chosen_order[2], "Gazette harbour diary"], (chosen_order, got)


def test_final_order_leaves_the_first_passage_first(tmp_path, embedder, profile):
    """On a question of one part, whatever the chosen order puts first stays first (here the outlet slot, with
    best_first off): moving a passage to first by its evidence score lost to plain BM25 on the natural set."""
    articles = [
        {"title": "Gazette harbour diary", "source": "The Gazette", "published_at": "2026-03-02",
         "text": "The Gazette's harbour diary: the council met on Tuesday about ferry timetables and parking fees."},
        {"title": "Ferry crews strike", "source": "Dock Post", "published_at": "2026-03-03",
         "text": "Ferry crews voted 80 percent in favour of a strike over pay, the union said on Monday."},
    ]
    index = index_of(tmp_path, embedder, articles)
    question = "How did The Gazette say ferry crews voted on the strike over pay?"  # one part
    no_best = profile.without("best_first")
    assert titles(index, embedder, no_best, question, 2)[0] == "Gazette harbour diary"
    moved = no_best.with_values({"final_order.keep_first": False})
    assert titles(index, embedder, moved, question, 2)[0] == "Ferry crews strike"


def test_passages_per_article_cap_and_one_copy_of_syndicated_text(tmp_path, embedder, profile):
    long_story = " ".join(f"Paragraph {i}: the tidal barrier gates close when the tidal surge rises above the mark."
                          for i in range(60))
    copy = "The ferry timetable changes in May, the harbour board said about the tidal barrier works."
    articles = [{"title": "Tidal barrier explained", "source": "Gazette", "published_at": "2026-03-01", "text": long_story},
                {"title": "Timetable change", "source": "Dock Post", "published_at": "2026-03-02", "text": copy},
                {"title": "Timetable change (syndicated)", "source": "Coast Post", "published_at": "2026-03-02", "text": copy}]
    index = index_of(tmp_path, embedder, articles, chunk_tokens=64, chunk_overlap=8)
    assert len(index.snapshot().article_chunks(index.snapshot().chunk(index.keyword.chunk_ids[0]).article_id)) > 5
    got = retrieve(index.snapshot(), "tidal barrier gates tidal surge timetable", 8, None, embedder, profile)
    per_article = {}
    for p in got:
        per_article[p.article_id] = per_article.get(p.article_id, 0) + 1
    assert max(per_article.values()) == profile.passages.max_per_article  # the cap binds here
    assert sum(p.body == copy for p in got) == 1  # the copy under another outlet is shown once
    loose = RetrievalProfile().with_values({"passages.max_per_article": 10, "passages.one_copy": False})
    looser = retrieve(index.snapshot(), "tidal barrier gates tidal surge timetable", 8, None, embedder, loose)
    per_article = {}
    for p in looser:
        per_article[p.article_id] = per_article.get(p.article_id, 0) + 1
    assert sum(p.body == copy for p in looser) == 2 and max(per_article.values()) > profile.passages.max_per_article


def test_profile_switches_are_independent():
    p = RetrievalProfile().without("outlet_slots")
    assert not p.outlet_slots.enabled and p.outlet_extra.enabled  # no stage reads another's switch
    with pytest.raises(KeyError):
        RetrievalProfile().without("no_such_stage")
    with pytest.raises(KeyError):
        RetrievalProfile().with_values({"question_parts.no_such_knob": 1})
    assert RetrievalProfile().with_values({"question_parts.rounds": "3"}).question_parts.rounds == 3


def test_retrieval_needs_the_embedder(tmp_path, embedder, profile):
    index = index_of(tmp_path, embedder, FILLER)
    with pytest.raises(ValueError, match="embedder"):
        retrieve(index.snapshot(), "harbour parking", 3, None, None, profile)


def test_scores_are_one_scale_at_every_rank(demo_assistant):
    passages = demo_assistant.retrieve("What did the Northern Ledger report about the tidal barrier and Storm Ingrid?", 6)
    scores = [p.score for p in passages]
    assert all(0.0 <= s <= 1.0 + RetrievalProfile().candidates.closest_sentence for s in scores)
    by_chunk = {p.chunk_id: p.score for p in passages}
    alone = {p.chunk_id: p.score for p in demo_assistant.retrieve("What did the Northern Ledger report about the tidal barrier and Storm Ingrid?", 10)}
    assert all(abs(by_chunk[c] - alone[c]) < 1e-6 for c in by_chunk)  # a chunk's score does not depend on its rank
