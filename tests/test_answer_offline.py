"""The embedded default states the answer first (with its marker), quotes its evidence, answers yes/no,
"latest" and metadata questions, and refuses with a reason when the articles do not say."""
import re

import pytest

from assistant.app import open_assistant
from assistant.filters import Filters
from assistant.pipeline import REFUSAL
from assistant.store import Index
from ingest.indexing import ingest

from .conftest import REPO, SAMPLE_SCRAPE, make_settings

SCRAPED = REPO / "tests" / "data" / "scraped-ferry-strike.txt"

ANSWERS = [  # question, the answer line must contain, the cited passage must contain
    ("Where did Lumen Grid open its first factory, and how many jobs did it create?", ["Brackwater", "300 jobs"], "Brackwater"),
    ("Who scored for Brackwater Rovers in the cup final?", ["Tomas Vell"], "Tomas Vell"),
    ("How many homes were evacuated during Storm Ingrid?", ["240 homes"], "240 homes"),
    ("Which firm will build the tidal barrier?", ["Halvorsen & Ode"], "Halvorsen & Ode"),
    ("How high was Storm Ingrid's surge in Port Alder harbour?", ["1.8 metres"], "1.8 metres"),
    # the answer stands near "next meeting", not near "bank's" (the subject's name, repeated all through the story)
    ("When was the Bank of Norland's next meeting after its March 2026 rate hold?", ["May 7"], "May 7"),
]
UNANSWERABLE = ["What is the population of the Mars colony Alpha?", "Who won the 2026 Norland election?",
                "What did the mayor say about the new airport terminal?"]


def answer_line(result) -> str:
    return result.answer.split("\n", 1)[0]


def assert_valid_citations(result):
    markers = {int(m) for m in re.findall(r"\[(\d+)\]", result.answer)}
    assert markers == {c.n for c in result.citations} and markers == set(range(1, len(markers) + 1))
    for c in result.citations:
        assert any(c.text == p.text for p in result.passages)


@pytest.mark.parametrize("question,expected,evidence", ANSWERS)
def test_the_answer_comes_first_then_its_evidence(demo_assistant, question, expected, evidence):
    result = demo_assistant.ask(question)
    assert not result.refused and result.mode == "extractive"
    line = answer_line(result)
    for text in expected:
        assert text in line, result.answer
    assert len(re.sub(r"\[\d+\]", "", line).split()) <= 8  # a short answer, not a quoted sentence
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", line)}
    assert cited and all(evidence in result.citations[n - 1].text for n in cited)
    quotes = [l for l in result.answer.splitlines() if l.startswith("- ")]
    assert 1 <= len(quotes) <= 3 and all(re.search(r"\[\d+\]$", q) for q in quotes)
    assert result.claims and all(c.supported for c in result.claims)
    assert_valid_citations(result)


@pytest.mark.parametrize("question", UNANSWERABLE)
def test_refuses_with_a_reason(demo_assistant, question):
    result = demo_assistant.ask(question)
    assert result.refused and result.answer.startswith(REFUSAL) and result.citations == []
    assert len(result.answer) > len(REFUSAL) + 10  # says why, and what the articles are about
    assert result.passages  # the closest passages are still shown


def test_a_name_the_articles_never_mention_is_refused(demo_assistant):
    result = demo_assistant.ask("When did Lumen Grid open its factory in Vantaborg?")
    assert result.refused and "Vantaborg" in result.answer


def test_a_count_of_something_never_counted_is_refused(demo_assistant):
    """"How many X": a number that does not count X is not the answer."""
    result = demo_assistant.ask("How many customers does Lumen Grid have?")
    assert result.refused, result.answer


@pytest.mark.parametrize("question,word", [
    ("Did the council approve the tidal barrier before the court rejected the fishers' appeal?", "Yes"),
    ("Did the court reject the fishers' appeal before the council approved the tidal barrier?", "No"),
])
def test_before_and_after_by_the_articles_dates(demo_assistant, question, word):
    result = demo_assistant.ask(question)
    line = answer_line(result)
    assert line.startswith(f"{word}:") and "2026-03-02" in line and "2026-09-15" in line, result.answer
    assert len(result.citations) == 2


def test_did_both_outlets_report_it_answers_per_outlet(demo_assistant):
    yes = demo_assistant.ask("Did both The Harbour Gazette and the Northern Ledger report on the tidal barrier?")
    assert answer_line(yes).startswith("Yes") and {c.source for c in yes.citations} == {"The Harbour Gazette", "Northern Ledger"}
    no = demo_assistant.ask("Did both The Harbour Gazette and Brackwater Sports Weekly report that the council approved the tidal barrier?")
    line = answer_line(no)
    assert line.startswith("No") and "Brackwater Sports Weekly" in line and "The Harbour Gazette" in line


def test_a_world_question_the_articles_do_not_settle_is_refused(demo_assistant):
    """"Did X happen?" is not answered "No" just because no article says it did."""
    result = demo_assistant.ask("Did the fishers win their appeal at the supreme court?")
    assert result.refused, result.answer


def test_latest_takes_the_newest_dated_article_and_says_its_date(demo_assistant):
    result = demo_assistant.ask("What is the latest cost of the tidal barrier?")
    line = answer_line(result)
    assert "€52 million" in line and "2026-09-15" in line, result.answer
    older = demo_assistant.ask("How much did Port Alder's council approve for the tidal barrier in March 2026?")
    assert "€48 million" in answer_line(older)


def test_metadata_questions_read_the_articles_metadata(demo_assistant):
    assert "Jonas Falk" in answer_line(demo_assistant.ask("Who wrote the article about the library reopening?"))
    assert "2026-04-30" in answer_line(demo_assistant.ask("When was the article about the library reopening published?"))
    assert "Coastal Weather Service" in answer_line(demo_assistant.ask("Which outlet reported the storm surge?"))


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
    # a new question that starts with "When" is not a follow-up: it keeps its own subject
    new = demo_assistant.ask("When did the regional cup final take place?", history=[(first.question, first.answer)])
    assert new.standalone_question == "When did the regional cup final take place?"


@pytest.fixture(scope="module")
def scraped_assistant(tmp_path_factory, embedder):
    directory = tmp_path_factory.mktemp("scraped")
    settings = make_settings(directory)
    report = ingest([str(SCRAPED)], Index(directory, settings, create=True), embedder)
    assert report.added == 1, report.summary()
    assistant = open_assistant(directory, settings, embedder=embedder)
    yield assistant
    assistant.index.close()


@pytest.mark.parametrize("question,expected", [
    ("Who leads the union that called the ferry strike?", "Ada Voss"),
    ("How many crew members voted to walk out?", "140"),
    ("Where were the crossings suspended?", "Kallby"),
    ("When did the union decide to strike?", "October 2"),
    ("Which outlet first reported the walkout?", "Harbour Radio"),
    ("Who wrote this article about the ferry strike?", "Petra Lind"),  # from the "About the writer" block
    ("Which outlet published the article on the ferry strike?", "Coastline Courier"),
])
def test_scraped_article_who_what_when_where_outlet_author(scraped_assistant, question, expected):
    result = scraped_assistant.ask(question)
    assert not result.refused and expected in answer_line(result), result.answer


@pytest.mark.parametrize("question", ["How much do the ferry crews earn?", "Who is the chief executive of Skerry Lines?"])
def test_scraped_article_refuses_what_it_does_not_say(scraped_assistant, question):
    assert scraped_assistant.ask(question).refused


def test_sample_scrape_questions(tmp_path, embedder):
    if not SAMPLE_SCRAPE.exists():
        pytest.skip(f"{SAMPLE_SCRAPE} not present")
    settings = make_settings(tmp_path)
    ingest([str(SAMPLE_SCRAPE)], Index(tmp_path, settings, create=True), embedder)
    assistant = open_assistant(tmp_path, settings, embedder=embedder)
    result = assistant.ask("Which country did the Russian lieutenant defect to, and which city was he heading for?")
    assert not result.refused and "Lithuania" in answer_line(result) and "Vilnius" in answer_line(result)
    assert "Thomas Kika" in answer_line(assistant.ask("Who wrote the article about the Russian lieutenant?"))
    assert_valid_citations(result)


def test_a_quoted_answer_keeps_its_marker():
    """A quote that ends in ." keeps the marker after it: the claim is checked as one piece, not dropped
    as unmarked (which left an answer of just "[1]")."""
    from assistant.answer.support import split_claims

    quote = '"At the moment I am in Lithuania, where I asked for political asylum." [1]'
    assert split_claims(quote) == [quote]
    attributed = '- "Ferry crews voted to strike." (Dock Post, 2026-03-03) [2]'
    assert split_claims(attributed) == [attributed[2:]]


def test_a_bare_number_counts_only_what_its_sentence_speaks_of():
    """ "How many fans were at the win?" is not answered by the score "42": a number written without its
    noun counts the asked noun only when the sentence speaks of it, or when the noun is generic ("people")."""
    from assistant.answer.spans import counts

    assert counts("No. 17 Arizona dominates No. 22 Utah, 42-18, on senior day.", ("fans",), bare=True) == []
    assert counts("A crowd of 18,200 fans watched the final.", ("fans",), bare=True) == ["18,200 fans"]
    assert counts("A sell-out crowd of 51,000 packed the stadium, fans said.", ("fans",), bare=True) == ["51,000"]
    assert counts("A crowd of 18,200 watched the final.", ("people",), bare=True) == ["18,200"]


def test_a_number_in_a_name_is_not_a_count():
    """"the Boeing 747", "Section 230": a number after a capitalised word inside a sentence names a thing;
    at the sentence's start ("About 300") or after a weekday it is still a count."""
    from assistant.answer.spans import counts

    assert counts("Fans recalled the Boeing 747 that flew over the stadium.", ("crowd", "people"), bare=True) == []
    assert counts("Lawyers cited Section 230 in court.") == []
    assert counts("About 300 people came.") == ["300"] and counts("He said Tuesday 30 people died.") == ["30"]
    assert counts("Yet 80,065 fans poured in.") == ["80,065"]


def test_a_word_of_the_question_with_its_possessive_is_not_the_answer():
    """"which new alzheimer's drug": "Alzheimer" (from "Alzheimer’s disease") is the question's own word."""
    import numpy as np

    from assistant.answer.evidence import Sentence
    from assistant.answer.facts import candidates
    from assistant.answer.spans import lowercase_words

    texts = ["The drug slows Alzheimer’s disease, say doctors.", "Doctors say Lecanemab slows the disease."]
    sentences = [Sentence(t, 1, frozenset(), frozenset(), np.zeros(3, np.float32)) for t in texts]
    found = candidates("name", (), "which new alzheimer's drug slows the disease?", sentences, [1.0, 0.5],
                       lowercase_words(texts))
    assert [c.text for c in found] == ["Lecanemab"], [c.text for c in found]


WRONG_RELATION = [  # articles that give a number of another kind than the question asks for
    {"title": "Harbour FC owner sells stake", "source": "Dock Post", "date": "2026-02-01T08:00:00Z",
     "url": "https://dockpost.example/stake",
     "text": "Harbour FC owner Ada Brenn sold a 49.9% stake in the club to a shipping group in February. "
             "Brenn bought the club in 2009 and has owned it since."},
    {"title": "Skerry Rovers name Ola Vik head coach", "source": "Dock Post", "date": "2026-03-01T08:00:00Z",
     "url": "https://dockpost.example/coach",
     "text": "Skerry Rovers hired Ola Vik as head coach after a 5-7 season. "
             "Vik will be paid $2 million a year, the club said."},
    {"title": "Port Alder takes the series lead", "source": "Dock Post", "date": "2026-04-01T08:00:00Z",
     "url": "https://dockpost.example/series",
     "text": "Port Alder beat Brackwater 3-1 in Game 3 of the harbour series on Friday. "
             "Port Alder sit No. 2 in the league and were in the top 20 all season, in front of loyal fans. "
             "Back in 2019, Port Alder beat Brackwater 4-2 at home in the harbour series."},
    {"title": "Layoffs across the harbour tech scene", "source": "Dock Post", "date": "2026-06-01T08:00:00Z",
     "url": "https://dockpost.example/layoffs",
     "text": "Kelpware, the Port Alder app maker, is letting go of 15% of its workforce, roughly 285 employees. "
             "The cuts follow a slow winter for sales of its harbour booking software. "
             "Elsewhere in town the mood is brighter. "
             "Tideform, another local startup, raised new funding this spring. "
             "Users spent 18 minutes a day in Tideform's app, which passed 40,000 downloads in May."},
    {"title": "Harbour FC spending spree", "source": "Dock Post", "date": "2026-05-01T08:00:00Z",
     "url": "https://dockpost.example/spree",
     "text": "Harbour FC signed striker Jon Mar for $700,000, the biggest fee in its history. "
             "Harbour FC also signed keeper Eli Sund, a deal that cost less than Mar's, at $325,000 with add-ons."},
]


@pytest.fixture(scope="module")
def wrong_relation(tmp_path_factory, embedder):
    from .conftest import assistant_of

    return assistant_of(tmp_path_factory.mktemp("wrong-relation"), embedder, WRONG_RELATION)


@pytest.mark.parametrize("question,expected", [
    ("How much is Ola Vik paid a year?", "$2 million"),
    ("What was the final score of Game 3 of the harbour series?", "3-1"),
    ("How much did Port Alder win by in Game 3?", "3-1"),
    ("How much are Port Alder paying their players?", None),  # a score is not a sum of money
    ("Harbour FC spending: how much for Jon Mar, and how much for Eli Sund?", "$325,000"),
    ("Kelpware: how many employees is it letting go?", "285 employees"),
    ("Tideform: how many employees does it have?", None),  # the 285 are Kelpware's
    ("tideform app downloads may number", "40,000"),
    ("tideform app users 2026 number", None),  # 18 is minutes, not users
    ("Ada Brenn net worth", None),  # a 49.9% stake is not what she is worth
    ("How many fans watched Port Alder in Game 3?", None),  # "top 20", "No. 2" and "3-1" count no fans
    ("What was the final score of Game 5 of the harbour series?", None),  # Game 3's score is not Game 5's
    ("port alder vs brackwater score", "3-1"),  # 4-2 was in 2019, and the article is of 2026
])
def test_a_number_of_another_kind_does_not_answer(wrong_relation, question, expected):
    result = wrong_relation.ask(question)
    if expected is None:
        assert result.refused, result.answer
    else:
        assert not result.refused and expected in answer_line(result), result.answer


def test_a_day_after_every_article_found_is_refused_with_the_reason(wrong_relation):
    result = wrong_relation.ask("harbour series game 5 score june 20")
    assert result.refused and "published before June 20, 2026" in result.answer, result.answer
    # a day a question gives a report is the report's, even when its year is wrong
    result = wrong_relation.ask("Did the Dock Post report on the harbour series on June 20, 2027 that Port Alder won?")
    assert "published before" not in result.answer, result.answer
    # a question of two parts is not refused for the day one of them names
    result = wrong_relation.ask("What was the harbour series score on June 20, and how much is Ola Vik paid a year?")
    assert "published before" not in result.answer and "$2 million" in answer_line(result), result.answer
    result = wrong_relation.ask("How much is Ola Vik paid a year, as of March 5?")  # a day the articles cover
    assert not result.refused and "$2 million" in answer_line(result), result.answer


def test_two_parts_are_not_given_one_answer_twice(wrong_relation):
    """The fee answers the part about the fee; the wage, which no article gives, is not answered with it."""
    result = wrong_relation.ask("How much was Jon Mar's fee, and how much is Mar's weekly wage?")
    line = answer_line(result)
    assert line.count("$700,000") == 1 and "$325,000" not in line and "$2 million" not in line, result.answer


def test_scores_ranges_and_ranks_are_not_counts():
    from assistant.answer.spans import counts

    assert counts("They won 42-18 on senior day in front of fans.", ("fans",), bare=True) == []
    assert counts("The app climbed into the top 20 with fans.", ("fans",), bare=True) == []
    assert counts("Michigan State regressed to 5-7 in 2022.") == []
    assert counts("A crowd of 18,200 watched the final.", ("people",), bare=True) == ["18,200"]


def test_an_amount_does_not_take_the_punctuation_after_it():
    from assistant.answer.spans import amounts

    assert amounts("He joined for $700,000, the club's record.") == ["$700,000"]
    assert amounts("It cost $1,200,000.") == ["$1,200,000"] and amounts("about $4.3 billion.") == ["$4.3 billion"]


def test_amounts_in_currency_codes_are_amounts():
    from assistant.answer.spans import amounts

    assert amounts("He bought the firm for NIS 405 million in 2021.") == ["NIS 405 million"]
    assert amounts("The prize is 11 million kronor, or about $1 million.") == ["11 million kronor", "$1 million"]


def test_crores_and_lakhs_are_multipliers_of_a_sum():
    from assistant.answer.spans import amounts, value

    assert amounts("Kelpco Riders paid Rs 24.75 Cr for him, and Rs 50 lakh for his partner.") == ["Rs 24.75 Cr", "Rs 50 lakh"]
    assert value("Rs 24.75 Cr")[0] == 247_500_000 and value("Rs 50 lakh")[0] == 5_000_000
    # a sum in crores is in rupees even when the rupee is not written; lakhs alone also count heads ("7.9 lakh people")
    assert amounts("Kelpco Riders take him for 14 Crore, after 7.9 lakh people watched.") == ["14 Crore"]


def test_a_question_citing_several_outlets_takes_an_answer_several_articles_corroborate():
    """Just under the bar, "Mara Quint" is named by three articles and the question cites two outlets: she
    is the answer. Named by one article only, or asked without citing outlets, the same relevance is refused."""
    import numpy as np

    from assistant.answer.evidence import Sentence
    from assistant.answer.offline import _fact, cites_several_outlets
    from assistant.answer.question import read
    from assistant.core import Passage
    from assistant.store.keyword import KeywordIndex

    texts = ["Mara Quint led the fishers' protest at the harbour.", "The protest was led by Mara Quint on Monday.",
             "Fishers followed Mara Quint to the town hall.", "Boats stayed in port during the protest."]
    keyword = KeywordIndex.build([f"c{i}" for i in range(4)], texts)

    def fact(question, articles, relevance=0.32):
        passages = [Passage(f"c{i}", articles[i], t, "Protest", "Dock Post", None, None, None, 1.0) for i, t in enumerate(texts)]
        sentences = [Sentence(t, i + 1, frozenset(keyword.terms(t)), frozenset(keyword.terms(t)), np.zeros(3, np.float32),
                              relevance if "Quint" in t else 0.1) for i, t in enumerate(texts)]
        outlets = ("Dock Post", "Harbour Times")
        return _fact(read(question), sentences, passages, keyword, None, set(), outlets, 0.35,
                     cites_several_outlets(question, outlets))

    asked = "Who led the fishers' protest, as reported by the Dock Post and the Harbour Times?"
    draft = fact(asked, ["a1", "a2", "a3", "a4"])
    assert draft is not None and "Mara Quint" in draft.claims[0].text
    assert fact(asked, ["a1", "a1", "a1", "a4"]) is None  # one article only
    assert fact(asked, ["a1", "a2", "a3", "a4"], relevance=0.25) is None  # far under the bar
    assert fact("Who led the fishers' protest?", ["a1", "a2", "a3", "a4"]) is None  # no outlets cited


@pytest.mark.parametrize("question,absent", [
    ("What did a Bloomberg article say about the tidal barrier?", "Bloomberg"),
    ("As reported by The Wall Street Journal and the Northern Ledger, who chairs the fishers' association?",
     "Wall Street Journal"),
    ("Considering an article by the Northern Ledger and another by Forbes, how many boats does the association represent?",
     "Forbes"),
])
def test_a_report_from_an_outlet_the_archive_lacks_is_refused(demo_assistant, question, absent):
    result = demo_assistant.ask(question)
    assert result.refused and f"no articles from {absent}" in result.answer, result.answer


def test_a_report_from_an_outlet_the_archive_holds_is_answered(demo_assistant):
    result = demo_assistant.ask("According to an article from the Northern Ledger, how many boats does the fishers' "
                                "association represent?")
    assert not result.refused and "112" in answer_line(result), result.answer


def test_an_amount_glued_to_its_unit_in_the_passage_supports_the_claim():
    """"€9.99" is in "€9.99pm": the claim is supported (the tokenizer reads "99" against "99pm"), and a
    number the passage lacks still is not."""
    from assistant.answer.support import SupportText, check_claims

    passage = [SupportText("They must pay a monthly subscription (of at least €9.99pm) for an ad-free version.")]
    assert check_claims("€9.99 [1].", passage, 0.5)[0].supported
    assert not check_claims("€12.99 [1].", passage, 0.5)[0].supported


def test_a_title_with_a_pronoun_in_it_is_not_shaped_like_a_person():
    """"the festival When We Were Young" is a title, not a person: a "who" question prefers the name of a
    person from a slightly less relevant sentence."""
    import numpy as np

    from assistant.answer.evidence import Sentence
    from assistant.answer.facts import candidates
    from assistant.answer.spans import looks_like_person, lowercase_words

    assert not looks_like_person("We Were Young") and looks_like_person("Max Verstappen")
    texts = ["The festival When We Were Young and the grand prix slowed traffic in Las Vegas.",
             "On Saturday night Max Verstappen won the grand prix in Las Vegas."]
    sentences = [Sentence(t, 1, frozenset(), frozenset(), np.zeros(3, np.float32)) for t in texts]
    found = candidates("person", (), "who won the las vegas grand prix?", sentences, [0.8, 0.72], lowercase_words(texts))
    assert found[0].text == "Max Verstappen", [(c.text, c.score) for c in found]


def test_a_rank_question_is_answered_with_the_rank():
    """"orlov rank" / "What rank does Orlov hold?" ask for a rank: "lieutenant", not a name; "a major
    change" and "the general public" are no ranks."""
    import numpy as np

    from assistant.answer.evidence import Sentence
    from assistant.answer.facts import candidates
    from assistant.answer.question import read
    from assistant.answer.spans import lowercase_words, ranks

    assert [c.kind for c in read("orlov rank").clauses] == ["rank"]
    assert read("orlov rank").topic == "orlov"  # passages say "a lieutenant", never "rank": matched without it
    assert [c.kind for c in read("What rank does Mila Orlov hold?").clauses] == ["rank"]
    assert ranks("It was a major change for the general public.") == []
    assert ranks("Major General Ivan Petrov spoke.") == ["major general"]
    texts = ["Mila Orlov, a lieutenant in the Norland army, crossed the border on Thursday.",
             "Orlov told Harbour Radio she had served for six years."]
    sentences = [Sentence(t, 1, frozenset(), frozenset(), np.zeros(3, np.float32)) for t in texts]
    found = candidates("rank", (), "orlov rank", sentences, [0.7, 0.6], lowercase_words(texts))
    assert found and found[0].text == "lieutenant", [c.text for c in found]


def test_where_a_company_is_based_is_a_place_and_not_who_speaks():
    """"Simply Homes: where is the company based?": "a Portland, Maine-based startup" names the place;
    "..., notes Bagdasarian" names a speaker, however relevant his sentence is."""
    import numpy as np

    from assistant.answer.evidence import Sentence
    from assistant.answer.facts import candidates
    from assistant.answer.spans import lowercase_words

    texts = ["Most of Simply Homes’ tenants are single parents who would need to work long hours, notes Bagdasarian.",
             "One Portland, Maine-based startup buys single-family homes and rents them out one by one."]
    sentences = [Sentence(t, 1, frozenset(), frozenset(), np.zeros(3, np.float32)) for t in texts]
    found = candidates("place", (), "Simply Homes: where is the company based?", sentences, [0.8, 0.6],
                       lowercase_words(texts))
    assert found[0].text == "Portland, Maine", [(c.text, c.score) for c in found]


SUBJECT_CUES = [  # the question names its subject by a sum, an initialism or a numbered event
    {"title": "Tideform raises $12M", "source": "Dock Post", "date": "2026-06-10T08:00:00Z",
     "url": "https://dockpost.example/tideform-round",
     "text": "Tideform raised $12M this week to grow its harbour booking app. "
             "Gull Ventures is leading the round, with participation from existing backers. "
             "Tideform's previous round, $5 million in 2024, was led by Kestrel Capital."},
    {"title": "Draft day at Kelp Hall", "source": "Dock Post", "date": "2026-06-11T08:00:00Z",
     "url": "https://dockpost.example/draft",
     "text": "The Harbour Rowing League (HRL) draft takes place on Tuesday. "
             "All eyes will be on Mara Holt, who could go first."},
    {"title": "Harbour series Game 4: Brackwater v Port Alder – live", "source": "Dock Post",
     "date": "2026-06-12T08:00:00Z", "url": "https://dockpost.example/game-4",
     "text": "Brackwater 6-2 Port Alder, FINAL: the visitors never recovered from a slow start."},
]


@pytest.fixture(scope="module")
def subject_cues(tmp_path_factory, embedder):
    from .conftest import assistant_of

    return assistant_of(tmp_path_factory.mktemp("subject-cues"), embedder, SUBJECT_CUES)


@pytest.mark.parametrize("question,expected", [
    # "$12M" is the new round: the sentence about the $5 million round answers for another deal
    ("Tideform: who led the new $12M round?", "Gull Ventures"),
    # "hrl" is the Harbour Rowing League itself, not who is tipped to go first
    ("who is tipped to go first in the hrl draft?", "Mara Holt"),
    # a sentence naming no game is about the game its article's title names
    ("harbour series game 4 final score", "6-2"),
    ("What was the final score of Game 5 of the harbour series?", None),
])
def test_the_question_names_its_subject_by_a_sum_an_initialism_or_a_numbered_event(subject_cues, question, expected):
    result = subject_cues.ask(question)
    if expected is None:
        assert result.refused, result.answer
    else:
        assert not result.refused and expected in answer_line(result), result.answer


HEADLINED = [  # the headline states the fact; the body only speaks around it
    {"title": "Driftwood was the most-downloaded ferry app in Norland in 2026", "source": "Dock Post",
     "date": "2026-12-02T08:00:00Z", "url": "https://dockpost.example/top-apps",
     "text": "The harbour authority released its yearly chart of the top ferry apps today, measured by installs. "
             "Other apps in the top ten included Tidewatch and Harbourly. "
             "Last year's chart was led by a timetable app that has since closed."},
]


def test_a_headline_is_read_as_a_sentence_of_its_article(tmp_path_factory, embedder):
    from .conftest import assistant_of

    assistant = assistant_of(tmp_path_factory.mktemp("headlined"), embedder, HEADLINED)
    result = assistant.ask("most downloaded ferry app norland 2026")
    assert not result.refused and "Driftwood" in answer_line(result), result.answer
    assert_valid_citations(result)


LEDE = [  # where the company is based stands only in the opening paragraph; later ones repeat its name
    {"title": "Kelpwise raises $9M to rebuild harbour cottages", "source": "Dock Post", "date": "2026-12-01T08:00:00Z",
     "url": "https://dockpost.example/kelpwise",
     "text": "Housing on the islands is short. One Saltmere-based startup is out to help by buying empty cottages, "
             "restoring them and renting them to fishing families. That startup has just raised $9 million.\n\n"
             + " ".join(f"Kelpwise plans to restore {n} cottages in its {w} year, the company said, and it hopes to "
                        f"hire {n // 10} builders for the work." for n, w in zip(range(40, 280, 20), ("first", "second", "third", "fourth", "fifth", "sixth", "seventh",
                                                                    "eighth", "ninth", "tenth", "eleventh", "twelfth")))
             + "\n\n" + " ".join(f"Kelpwise co-founder Ada Brink said the company's tenants pay {p} percent of their "
                                   f"income in rent in {y}." for p, y in zip(range(40, 20, -2), range(2024, 2034)))
             + "\n\nKelpwise investors include Gull Ventures, Tern Capital and several fishing cooperatives, the "
               "company said. Its next round is planned for 2028."},
]


@pytest.fixture(scope="module")
def lede_assistant(tmp_path_factory, embedder):
    from .conftest import assistant_of

    return assistant_of(tmp_path_factory.mktemp("lede"), embedder, LEDE)


def _as_passage(chunk, score=1.0):
    from assistant.core import Passage

    return Passage(chunk.chunk_id, chunk.article_id, chunk.text, chunk.title, chunk.source, chunk.url,
                   chunk.published_at, chunk.author, score)


def test_a_headline_is_read_with_its_articles_opening_and_alone_above_a_later_passage(lede_assistant):
    """The headline's neighbour is the lede's first sentence, never the first sentence of a mid-article passage
    (which belongs to another part of the story)."""
    from assistant.answer.evidence import collect

    snapshot = lede_assistant.index.snapshot()
    chunks = snapshot.article_chunks(snapshot.chunk_articles()[0])
    keyword, embedder = snapshot.keyword, lede_assistant.embedder
    later = _as_passage(chunks[-1])
    sentences, _ = collect("investors", [later], keyword, embedder, snapshot)
    headline, first = next(s for s in sentences if s.headline), next(s for s in sentences if not s.headline)
    assert first.text in later.body[:300] and not (first.terms - headline.terms) & headline.context
    sentences, _ = collect("investors", [_as_passage(chunks[-1]), _as_passage(chunks[0])], keyword, embedder, snapshot)
    headline = next(s for s in sentences if s.headline)
    assert headline.passage == 2 and set(keyword.terms("housing")) <= headline.context


def test_the_top_storys_lede_is_read_beside_the_passages_retrieval_ranked_higher(lede_assistant):
    from assistant.core import Passage

    assistant = lede_assistant
    chunks = assistant.index.snapshot().article_chunks(assistant.index.snapshot().chunk_articles()[0])
    assert len(chunks) >= 3
    later = chunks[-1]  # as if retrieval had ranked only the last passage, which names the company but not its town
    given = [Passage(later.chunk_id, later.article_id, later.text, later.title, later.source, later.url,
                     later.published_at, later.author, 1.0)]
    result = assistant.ask("Kelpwise: where is the company based?", passages=given)
    assert not result.refused and "Saltmere" in answer_line(result), result.answer
    assert_valid_citations(result)
    assert [p.chunk_id for p in result.passages] == [later.chunk_id, chunks[0].chunk_id]  # the lede is cited as [2]


TOPICS = [  # the sum is Tidecap's; Kelpco's story gives none
    {"title": "Tidecap settles with the harbour regulator", "source": "Dock Post", "date": "2026-11-02T08:00:00Z",
     "url": "https://dockpost.example/tidecap-settles",
     "text": "Tidecap agreed to pay $4 million to settle the Harbour Authority's lawsuit over its ferry fares."},
    {"title": "Regulator sues Kelpco", "source": "Dock Post", "date": "2026-11-20T08:00:00Z",
     "url": "https://dockpost.example/kelpco-sued",
     "text": "The Harbour Authority filed a lawsuit against Kelpco on Monday. Kelpco said it would fight the case."},
]


def test_the_topic_a_question_opens_with_is_what_its_answer_must_be_about(tmp_path_factory, embedder):
    from .conftest import assistant_of

    assistant = assistant_of(tmp_path_factory.mktemp("topics"), embedder, TOPICS)
    # "Harbour Authority" is in Tidecap's sentence too; the question is about Kelpco
    result = assistant.ask("Kelpco: how much is it paying to settle the Harbour Authority lawsuit?")
    assert "$4 million" not in result.answer, result.answer
    assert "$4 million" in answer_line(assistant.ask("Tidecap: how much is it paying to settle the Harbour Authority lawsuit?"))


def test_an_initialism_is_a_word_the_question_does_not_otherwise_use():
    """"us" in "who told us" is a pronoun, not the initials of "Ulla Sand"; "IPL" and "cz" are initials."""
    from assistant.answer.evidence import Sentence
    from assistant.answer.facts import _aliases

    sentences = [Sentence("Ulla Sand told reporters the Indian Premier League would start in March.", 1,
                          frozenset(), frozenset(), None, 1.0)]
    assert _aliases("who told us about the draft?", sentences) == set()
    assert _aliases("IPL start date", sentences) == {"indian", "premier", "league"}


def test_a_sum_of_money_is_read_with_its_short_multiplier():
    from assistant.answer.spans import amounts, value

    assert amounts("raises $65M on a flat $1.4B valuation") == ["$65M", "$1.4B"]
    assert value("$65M") == value("$65 million") == (65e6, "$")
    assert amounts("£5 Bottles of wine") == ["£5"]


SAME_STORY = [  # one story, two outlets, two days
    {"title": "Ferry crews strike over winter rota", "source": "Dock Post", "date": "2026-03-05T08:00:00Z",
     "url": "https://dockpost.example/ferry-strike", "author": "Mia Lund",
     "text": "Ferry crews on the Skerry Island route walked out on Monday over the new winter rota, the union said."},
    {"title": "Skerry ferry strike: crews walk out", "source": "The Island Weekly Courier", "date": "2026-03-02T08:00:00Z",
     "url": "https://courier.example/ferry-strike", "author": "Per Holm",
     "text": "Workers on the island boats began industrial action this week, their union said."},
]


@pytest.fixture(scope="module")
def same_story(tmp_path_factory, embedder):
    from .conftest import assistant_of

    return assistant_of(tmp_path_factory.mktemp("same-story"), embedder, SAME_STORY)


@pytest.mark.parametrize("question,expected", [
    # the outlet typed by its initials (in capitals: "iwc" could be a word); the other outlet's story matches
    # the question's words better
    ("when did the IWC publish its story on the skerry island ferry strike over the winter rota?", "2026-03-02"),
    ("when did dock post publish its story on the skerry ferry strike?", "2026-03-05"),
    ("who wrote the island weekly courier story on the ferry strike?", "Per Holm"),
])
def test_a_metadata_question_naming_an_outlet_reads_that_outlets_article(same_story, question, expected):
    result = same_story.ask(question)
    assert not result.refused and expected in answer_line(result), result.answer


CORONER = [{"title": "Coroner's report on swimmer released", "source": "Dock Post", "date": "2026-02-01T08:00:00Z",
            "url": "https://dockpost.example/coroner",
            "text": "The coroner said swimmer Ola Brenn died of heart failure brought on by cold water. (Other conditions "
                    "that contributed to Ola Brenn's death, according to the report, included asthma and a cause of death "
                    "in his family.) The pool reopened on Monday."}]


def test_a_sentence_in_parentheses_is_an_aside_not_the_answer(tmp_path_factory, embedder):
    """"matthew perry cause of death" was answered with "(Other conditions that contributed to Perry's death ...
    included ...)", which shares more of the question's words than the sentence that answers it."""
    from .conftest import assistant_of

    coroner = assistant_of(tmp_path_factory.mktemp("coroner"), embedder, CORONER)
    line = answer_line(coroner.ask("ola brenn cause of death"))
    assert "heart failure" in line and "asthma" not in line, line


def test_a_surname_asked_alone_is_a_person_the_passages_name_in_full():
    """"how much for Okafor": a sentence naming only Kenji Tanaka then does not answer it (facts._someone_elses)."""
    from assistant.answer.offline import _people_asked
    from assistant.core import Passage

    body = ("The Los Angeles Gulls met the pitchers Daniel Okafor and Sam Rivers on Monday. The Gulls signed Kenji "
            "Tanaka for $410 million. Tanaka will play first base.")
    passages = [Passage("c-1", "a", f"Gulls signings\n\n{body}", "Gulls signings", "Harbor Ledger", "u", "2026-12-20", None, 1.0)]
    assert _people_asked("how much did the Gulls pay Okafor?", passages, ()) == {"okafor"}
    assert _people_asked("how much for okafor", passages, ()) == {"okafor"}
    assert _people_asked("how much for rivers", passages, ()) == {"rivers"}  # typed in lower case, and a word too
    # a team's name after a place's ("the Los Angeles Gulls") is no one's surname; nor a name never given in full
    assert _people_asked("how much did the Gulls pay?", passages, ()) == set()
    assert _people_asked("how much did the Gulls pay Ferreira?", passages, ()) == set()
