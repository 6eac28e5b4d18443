"""The harness scores what issue 16 asks: Yes/No by balanced accuracy on the answer's first word, facts
with alternatives, the answer line, claims, and the paper's lenient scorer (a refusal on a null query)."""
from evals.metrics import answer_metrics, yes_no_metrics
from evals.runner import summarise
from evals.sets import Case


def row(metrics, refused=False, expect_refusal=False):
    return {"type": "comparison", "metrics": metrics, "passed": True, "timings_ms": {},
            "expected": {"expect_refusal": expect_refusal}, "refused": refused}


def test_always_yes_scores_one_half_balanced():
    yes, no = Case(id="y", question="Did it?", answers=["Yes"]), Case(id="n", question="Did it?", answers=["No"])
    rows = [row(yes_no_metrics(yes, "Yes: both say so [1].", False)) for _ in range(9)] + \
           [row(yes_no_metrics(no, "Yes: both say so [1].", False))]
    summary = summarise(rows)["overall"]
    assert summary["yes_gold_correct"] == 1.0 and summary["no_gold_correct"] == 0.0 and summary["yes_no_balanced"] == 0.5
    right = [row(yes_no_metrics(yes, "Yes [1].", False)), row(yes_no_metrics(no, "No: nothing in X says so.", False))]
    assert summarise(right)["overall"]["yes_no_balanced"] == 1.0
    assert yes_no_metrics(no, "The articles don't say.", True) == {"no_gold_correct": 0.0}  # a refusal is not "No"
    assert yes_no_metrics(Case(id="e", question="Who?", answers=["Google"]), "Google [1].", False) == {}


def test_yes_no_is_read_from_the_first_word_only():
    no = Case(id="n", question="Did it?", answers=["No"])
    assert yes_no_metrics(no, "Yes, although no article says so [1].", False) == {"no_gold_correct": 0.0}


def test_must_include_entries_may_list_alternatives():
    case = Case(id="t", question="Who and how?", must_include=[["Caroline Ellison", "Ellison"], ["guilty", "convicted"]])
    both = answer_metrics(case, "Ellison [1]. He was convicted [2].", False)
    one = answer_metrics(case, "Ellison [1]. The trial went on [2].", False)
    assert both["must_include"] == 1.0 and one["must_include"] == 0.0 and one["must_include_share"] == 0.5


def test_answer_line_and_length_and_lenient():
    case = Case(id="t", question="Who?", answers=["Sam Bankman-Fried"])
    m = answer_metrics(case, "Bankman-Fried [1].\n\n- \"Sam Bankman-Fried said ...\" [1]", False)
    assert m["contains_answer"] == 1.0 and m["answer_line_contains"] == 0.0 and m["answer_words"] == 7
    assert m["lenient"] == 1.0  # shares "bankman-fried"
    null = Case(id="u", question="Who?", expect_refusal=True)
    assert answer_metrics(null, "The articles don't say.", True)["lenient"] == 1.0
    assert answer_metrics(null, "Someone [1].", False)["lenient"] == 0.0


def test_a_date_written_with_an_ordinal_states_the_date():
    case = Case(id="d", question="When?", answers=["November 16"])
    assert answer_metrics(case, "November 16th [1].", False)["contains_answer"] == 1.0
    assert answer_metrics(case, "November 1 [1].", False)["contains_answer"] == 0.0
