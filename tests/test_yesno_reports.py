"""Yes/no questions about two reports: "was there a change / were they consistent" is answered from
what the two reports say (a negation or another amount is a difference; otherwise no difference was
found), and questions shaped like these reach the yes/no answerer at all."""
import pytest

from assistant.answer.question import read

from .conftest import index_of

ARTICLES = [
    {"title": "Skerry Island ferry keeps running", "source": "Dock Post", "date": "2026-03-01T08:00:00Z",
     "url": "https://dockpost.example/ferry",
     "text": "The mayor said the ferry service to Skerry Island will continue through the winter. "
             "Islanders had feared the boats would stop in November. The ferry carries about 300 passengers a day."},
    {"title": "Skerry Island ferry to stop for winter", "source": "Harbour Times", "date": "2026-06-01T08:00:00Z",
     "url": "https://harbourtimes.example/ferry",
     "text": "The mayor said the ferry service to Skerry Island will not continue through the winter. "
             "Islanders will rely on a weekly supply boat. The ferry carries about 300 passengers a day in summer."},
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


@pytest.fixture(scope="module")
def reports(tmp_path_factory, embedder):
    from assistant.app import open_assistant

    directory = tmp_path_factory.mktemp("yesno-reports")
    index = index_of(directory, embedder, ARTICLES)
    index.close()
    return open_assistant(directory / "index", index.settings, embedder=embedder)


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
