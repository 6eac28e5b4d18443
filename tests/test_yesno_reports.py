"""Yes/no questions about two reports: "was there a change / were they consistent" is answered from
what the two reports say (a negation or another amount is a difference; otherwise no difference was
found), and questions shaped like these reach the yes/no answerer at all."""
import pytest

from assistant.answer.question import read

from .conftest import assistant_of

ARTICLES = [
    {"title": "Skerry Island ferry keeps running", "source": "Dock Post", "date": "2026-03-01T08:00:00Z",
     "url": "https://dockpost.example/ferry",
     "text": "The mayor said the ferry service to Skerry Island will continue through the winter. "
             "Islanders had feared the boats would stop in November. The ferry carries about 300 passengers a day."},
    {"title": "Skerry Island ferry to stop for winter", "source": "Harbour Times", "date": "2026-06-01T08:00:00Z",
     "url": "https://harbourtimes.example/ferry",
     "text": "The mayor said the ferry service to Skerry Island will not continue through the winter. "
             "Islanders will rely on a weekly supply boat. The ferry carries about 300 passengers a day in summer."},
    {"title": "Skerry Island ferry: winter service confirmed again", "source": "Island Courier",
     "date": "2026-09-01T08:00:00Z", "url": "https://courier.example/ferry",
     "text": "The mayor said again that the ferry service to Skerry Island will continue through the winter. "
             "Islanders welcomed the news at a meeting in the school hall."},
    {"title": "Quay Street library to open in May", "source": "Dock Post", "date": "2026-03-02T08:00:00Z",
     "url": "https://dockpost.example/library",
     "text": "The new library on Quay Street opens on 4 May with 40,000 books. "
             "The building used to be a fish warehouse. Entry will be free for residents."},
    {"title": "Quay Street library opening date set", "source": "Harbour Times", "date": "2026-04-20T08:00:00Z",
     "url": "https://harbourtimes.example/library",
     "text": "The Quay Street library opens its doors on 4 May, holding 40,000 books. "
             "Volunteers spent the spring shelving them. The reading room faces the harbour."},
    {"title": "Mill Lane bridge repair approved", "source": "Dock Post", "date": "2026-03-03T08:00:00Z",
     "url": "https://dockpost.example/bridge",
     "text": "The repair of the Mill Lane bridge will cost €5 million, the council said. "
             "The bridge has been closed to lorries since January. Work starts in the autumn."},
    {"title": "Mill Lane bridge repair bill", "source": "Harbour Times", "date": "2026-07-03T08:00:00Z",
     "url": "https://harbourtimes.example/bridge",
     "text": "The repair of the Mill Lane bridge will cost €7 million, the council said. "
             "Lorries still have to take the long way round. Work starts in the autumn."},
]
LIGHTHOUSE = [  # two reports on one subject, on different points, one of them with a negation
    {"title": "Gull Rock lighthouse reopens", "source": "Dock Post", "date": "2026-05-02T08:00:00Z",
     "url": "https://dockpost.example/lighthouse",
     "text": "The Gull Rock lighthouse reopens to visitors on 1 July after repairs."},
    {"title": "Gull Rock lighthouse rules", "source": "Harbour Times", "date": "2026-06-02T08:00:00Z",
     "url": "https://harbourtimes.example/lighthouse",
     "text": "Dogs cannot be taken up the tower, the keeper said."},
]


@pytest.fixture(scope="module")
def reports(tmp_path_factory, embedder):
    return assistant_of(tmp_path_factory.mktemp("yesno-reports"), embedder, ARTICLES)


def first_line(result) -> str:
    return result.answer.split("\n", 1)[0]


@pytest.mark.parametrize("question,word,why", [
    # one report negates what the other says
    ("Between the Dock Post report on the Skerry Island ferry and the Harbour Times report on the Skerry Island ferry, "
     "was there a change in what the mayor said about the winter service?", "Yes", "differ"),
    # the same facts in other words: no difference found
    ("Between the Dock Post report on the Quay Street library opening and the Harbour Times report on the Quay Street "
     "library opening, was there a change in the opening date?", "No", "agree"),
    ("Between the Dock Post report on the Quay Street library opening and the Harbour Times report on the Quay Street "
     "library opening, was the reporting consistent?", "Yes", "agree"),
    # agreeing in quite other words (how alike two sentences are is no sign of agreement)
    ("Between the Dock Post report on lorries and the Mill Lane bridge and the Harbour Times report on lorries and the "
     "Mill Lane bridge, was there a change in what they said about lorries?", "No", "agree"),
    # asked the other way round
    ("Was there no change in the reporting between the Dock Post report on the Quay Street library opening and the "
     "Harbour Times report on the Quay Street library opening?", "Yes", "agree"),
    # another amount in the same unit
    ("Between the Dock Post report on the Mill Lane bridge repair cost and the Harbour Times report on the Mill Lane "
     "bridge repair cost, was there a change in the cost?", "Yes", "differ"),
])
def test_two_reports_differ_only_where_a_difference_is_found(reports, question, word, why):
    result = reports.ask(question)
    line = first_line(result)
    assert line.startswith(f"{word}:") and why in line, result.answer
    assert {c.source for c in result.citations} == {"Dock Post", "Harbour Times"}


def test_a_negation_on_another_point_is_no_difference(tmp_path_factory, embedder):
    """One report says when the lighthouse reopens, the other that dogs cannot go up: a "not" in one of two
    sentences about different things is no contradiction, so no difference is claimed."""
    lighthouse = assistant_of(tmp_path_factory.mktemp("lighthouse"), embedder, ARTICLES + LIGHTHOUSE)
    result = lighthouse.ask("Between the Dock Post report on the Gull Rock lighthouse and the Harbour Times report on the "
                         "Gull Rock lighthouse, was there a change in the reporting on the lighthouse?")
    line = first_line(result)
    assert line.startswith("No:") and "agree" in line, result.answer


def test_whether_reports_stayed_consistent_is_asked_of_the_two_reports_however_they_are_introduced(reports):
    """"After A ..., and the later B ..., did the reporting remain consistent?" compares the two reports (it
    is not read as two claims that each must be found in the articles); "Does A suggest ...?" still is."""
    result = reports.ask("After the Dock Post report on the Quay Street library opening, and the later Harbour Times "
                         "report on the Quay Street library opening, did the reporting on the opening date remain consistent?")
    line = first_line(result)
    assert line.startswith("Yes:") and "agree" in line, result.answer
    claim = first_line(reports.ask("Does the Dock Post article suggest that the Quay Street library opening date is "
                                   "different from the one in the Harbour Times report?"))
    assert "two reports" not in claim, claim


@pytest.mark.parametrize("question,form", [
    ("Has the cost of the Mill Lane bridge repair changed between the March report and the July report?", "yesno"),
    ("Was there no change in the portrayal of the ferry between the Dock Post report and the Harbour Times report?", "yesno"),
    ("After the Dock Post report of 1 March, which said the ferry would continue, did the Harbour Times report the "
     "same?", "yesno"),
    ("Did the bridge repair cost go up or down between March and July?", "compare"),
    ("Did the bridge repair cost rise between March and July?", "compare"),
    ("How did the cost of the bridge repair change between March and July?", "compare"),
    ("After the flood in May, which town was hit hardest?", "fact"),
])
def test_questions_asking_whether_reports_changed_are_yes_no(question, form):
    assert read(question).form == form


def test_a_report_no_article_found_carries_is_answered_no_with_the_closest_sentence(embedder):
    """"Did the Island Courier report X?" when none of the articles found is the Courier's: "No", naming
    the outlet and quoting the closest sentence (not a list of quotes that says neither yes nor no)."""
    import numpy as np

    from assistant.answer.evidence import Sentence
    from assistant.answer.yesno import answer
    from assistant.core import Passage
    from assistant.store.keyword import KeywordIndex

    texts = ["The mayor said the ferry service to Skerry Island will continue through the winter."]
    keyword = KeywordIndex.build(["c0"], texts)
    passages = [Passage("c0", "a0", texts[0], "Ferry", "Dock Post", None, "2026-03-01T08:00:00Z", None, 1.0)]
    vector = np.asarray(embedder.encode(texts), np.float32)[0]
    sentences = [Sentence(texts[0], 1, frozenset(keyword.terms(texts[0])), frozenset(keyword.terms(texts[0])),
                          vector / np.linalg.norm(vector), 0.6)]
    draft = answer("Did the Island Courier report that the ferry will stop in winter?", None, sentences, passages,
                   ("Dock Post", "Island Courier"), keyword, embedder)
    assert draft is not None and draft.claims[0].text.startswith("No: none of the articles found from Island Courier")
    assert "[1]" in draft.claims[0].text and draft.quotes[0].text == texts[0]
    # a question about the world, not about a report, is not answered "No" for want of a source
    world = answer("Will the ferry stop in winter?", None, sentences, passages, ("Dock Post",), keyword, embedder)
    assert world is None or world.refused or not world.claims[0].text.startswith("No: none")


@pytest.mark.parametrize("question,word", [
    ("Did the Dock Post report that the Skerry Island ferry would keep running before the Harbour Times reported "
     "that it would stop for the winter?", "Yes"),
    ("Did the Harbour Times report that the Skerry Island ferry would stop for the winter before the Dock Post "
     "reported that it would keep running?", "No"),
    ("Did the Dock Post fail to report that the Skerry Island ferry would keep running before the Harbour Times "
     "reported that it would stop for the winter?", "No"),  # it did report it, and first
])
def test_an_order_between_two_reports_is_stated_from_their_dates(reports, question, word):
    """The claim is built from the articles' outlets and dates (metadata), so it is not dropped for
    words such as "reported it before" that no passage holds; the quotes after it are checked."""
    line = first_line(reports.ask(question))
    assert line.startswith(f"{word}:") and "2026-03-01" in line and "2026-06-01" in line, line


@pytest.mark.parametrize("question,is_order", [
    ("Did the court reject the appeal before the council approved the barrier?", True),
    ("Has the reporting by the Dock Post before 2 March remained consistent with the Harbour Times?", False),
    ("Did the Dock Post report that the mayor returned after an illness?", False),
    ("Did the Dock Post report on the ferry before October 22, 2026?", False),
])
def test_before_and_after_ask_for_an_order_only_between_reports_or_events(question, is_order):
    from assistant.answer.yesno import _report_order

    assert (_report_order(question) is not None) == is_order


def test_an_unsupported_claim_is_answered_no_in_one_readable_sentence(reports):
    """The "No" names where nothing supports the claim and cites the closest passage; it does not repeat
    the claim cut out of the question (its quote marks split the answer, and a fragment such as
    "Google case, and with 's on the class action ..." was all that was left)."""
    result = reports.ask("Does the Dock Post article say that the \"Skerry Island ferry\" carries 900 passengers a day, "
                         "while the Harbour Times' article says the 'Skerry Island ferry' will stop for the winter?")
    line = first_line(result)
    assert line.startswith("No: nothing in ") and line.endswith("].") and '"' not in line, result.answer


def test_an_order_claim_is_built_from_dates_and_not_checked_against_passage_words(reports, embedder):
    from assistant.answer.evidence import collect
    from assistant.answer.yesno import answer

    question = ("Did the Dock Post report that the Skerry Island ferry would keep running before the Harbour Times "
                "reported that it would stop for the winter?")
    snapshot = reports.index.snapshot()
    passages = reports.retrieve(question, 4)
    sentences, _ = collect(question, passages, snapshot.keyword, embedder, snapshot)
    draft = answer(question, "before", sentences, passages, snapshot.sources(), snapshot.keyword, embedder)
    assert draft.claims[0].text.startswith("Yes:") and not draft.claims[0].checked


def test_sides_named_by_dates_take_the_reports_published_then(reports):
    """"between the report of 1 March and the report of 1 June": each side is read from the article
    published that day (the ferry reports, which differ), not from whatever sentence is closest to the
    words "the report of"; the two sides never quote one sentence twice."""
    result = reports.ask("Has the Skerry Island ferry coverage changed between the report of 1 March and the report of 1 June?")
    line = first_line(result)
    assert line.startswith("Yes:") and "differ" in line, result.answer
    quotes = [l for l in result.answer.splitlines() if l.startswith("- ")]
    assert len(quotes) == 2 and quotes[0] != quotes[1] and "2026-03-01" in quotes[0] + quotes[1] and "2026-06-01" in quotes[0] + quotes[1]


def test_a_side_named_by_a_date_reads_the_report_of_that_day_and_never_the_other_sides_sentence():
    import numpy as np

    from assistant.answer.evidence import Sentence
    from assistant.answer.yesno import Side, _match
    from assistant.core import Passage
    from assistant.store.keyword import KeywordIndex

    texts = ["The ferry to Skerry Island will keep running all winter.", "The ferry will stop in winter."]
    keyword = KeywordIndex.build(["c0", "c1"], texts)
    passages = [Passage("c0", "a0", texts[0], "Ferry", "Dock Post", None, "2026-03-01T08:00:00Z", None, 1.0),
                Passage("c1", "a1", texts[1], "Ferry", "Dock Post", None, "2026-06-01T08:00:00Z", None, 1.0)]
    sentences = [Sentence(t, i + 1, frozenset(keyword.terms(t)), frozenset(keyword.terms(t)), np.zeros(3, np.float32))
                 for i, t in enumerate(texts)]
    june = Side("the report of 1 June on the ferry to Skerry Island running all winter", ())
    _match(june, sentences, passages, keyword)
    assert june.best is sentences[1]  # the words fit the March sentence better; the date names June's
    first, second = Side("ferry to Skerry Island running all winter", ()), Side("ferry to Skerry Island running all winter", ())
    _match(first, sentences, passages, keyword)
    _match(second, sentences, passages, keyword, taken=first.best)
    assert first.best is sentences[0] and second.best is sentences[1]


def test_an_outlet_named_outside_the_two_sides_holds_for_both(reports):
    result = reports.ask("Has the Harbour Times coverage changed between the report on the Skerry Island ferry and the "
                         "report on the Mill Lane bridge repair?")
    assert {c.source for c in result.citations} == {"Harbour Times"}, result.answer


@pytest.mark.parametrize("question,no", [
    ("Will the Mill Lane bridge repair cost €9 million?", True),  # both reports give another sum
    ("Will the Mill Lane bridge repair cost €5 million?", False),  # one of them gives this sum
])
def test_a_claimed_sum_the_articles_give_otherwise_is_answered_no(reports, question, no):
    result = reports.ask(question)
    line = first_line(result)
    assert line.startswith("No:") == no, result.answer
    if not no:  # one report gives the sum: it "says so", in the singular
        assert line.startswith("Yes: ") and line.endswith(" says so."), result.answer
    if no:
        assert "€" in line and "[" in line, result.answer


GYM = [
    {"title": "Harbour gym reopens", "source": "Dock Post", "date": "2026-02-01T08:00:00Z", "url": "https://dockpost.example/gym",
     "text": "The Harbour gym reopened on Monday after a refit. Membership costs €9.99/month for adults or €24.99/month "
             "with swimming classes. The pool opens in March. The gym's ferry fares rose from €2 in 2024 to €3 in 2026."},
    {"title": "Town budget passed", "source": "Dock Post", "date": "2026-02-02T08:00:00Z", "url": "https://dockpost.example/budget",
     "text": "The town council passed its budget for the year. Local members voted 7-2 in favour. "
             "The fee for parking rises in April."},
    {"title": "Ferry timetable", "source": "Dock Post", "date": "2026-02-03T08:00:00Z", "url": "https://dockpost.example/ferry",
     "text": "The winter ferry timetable starts on Monday. Local residents travel free on weekdays."},
    {"title": "Dredging dispute settled", "source": "Dock Post", "date": "2026-02-04T08:00:00Z",
     "url": "https://dockpost.example/dredging",
     "text": "The port authority agreed to pay $4.3 billion to settle the dredging dispute with the shipyards. "
             "The council will spend 12 million euros on the new quay. The shipyards raised £2bn from investors. "
             "The harbour trust sold the old dock for $6.9 million (£5.6 million) in January."},
]


@pytest.fixture(scope="module")
def gym(tmp_path_factory, embedder):
    return assistant_of(tmp_path_factory.mktemp("gym"), embedder, GYM)


@pytest.mark.parametrize("question,word", [
    ("is harbour gym membership €9.99 a month for adults?", "Yes"),
    ("is harbour gym membership €24.99 a month with swimming classes?", "Yes"),
    # the sentence gives the sum asked about, but beside other words: the one beside these is another
    ("is harbour gym membership €24.99 a month for adults?", "No: Dock Post (2026-02-01) gives €9.99"),
    ("is harbour gym membership €9.99 a month with swimming classes?", "No: Dock Post (2026-02-01) gives €24.99"),
    # a world question with a word no sentence holds ("town") is answered by the very sum it states
    ("is harbour gym membership €9.99 a month for adults in town?", "Yes"),
])
def test_a_stated_sum_is_checked_against_the_amount_its_words_stand_beside(gym, question, word):
    line = first_line(gym.ask(question))
    assert line.startswith(word), line


@pytest.mark.parametrize("question,word", [
    ("did the port authority agree to pay 4.3 billion dollars to settle the dredging dispute?", "Yes"),
    ("did the port authority agree to pay $4.3bn to settle the dredging dispute?", "Yes"),
    ("dredging dispute: did the port authority agree to pay about 1 billion dollars?", "No: Dock Post (2026-02-04) gives $4.3 billion"),
    ("will the council spend €12 million on the new quay?", "Yes"),
    ("will the council spend €20m on the new quay?", "No: Dock Post (2026-02-04) gives 12 million euros"),
    ("did the shipyards raise £2 billion from investors?", "Yes"),  # the sentence's words: "£2bn"
    # the sum in another currency is another sum; a sum with its conversion beside it is one sum
    ("did the port authority agree to pay 4.3 billion euros to settle the dredging dispute?",
     "No: Dock Post (2026-02-04) gives $4.3 billion"),
    ("was the old dock sold by the harbour trust for £5.6 million?", "Yes"),
    ("was the old dock sold by the harbour trust for 6.9 million dollars?", "Yes"),
])
def test_a_sum_is_read_however_it_is_written(gym, question, word):
    """"4.3 billion dollars" and "$4.3bn" are the "$4.3 billion" the article prints, and its "12 million euros"
    is "€12 million" (and its "£2bn" "£2 billion"): a claim typed one way is checked against a sum printed another."""
    line = first_line(gym.ask(question))
    assert line.startswith(word), line


def test_two_sums_of_one_quantity_do_not_contradict_a_claim_of_either(gym):
    """"rose from €2 in 2024 to €3 in 2026": the words before the pair stand beside €2, yet €3 is what rose to."""
    line = first_line(gym.ask("did the harbour gym's ferry fares rise to €3?"))
    assert not line.startswith("No"), line
