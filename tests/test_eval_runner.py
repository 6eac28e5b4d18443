"""The runner, metrics, reports, gates and comparison on real runs over the demo index."""
import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from evals import metrics as M
from evals.compare import compare_runs
from evals.gates import GateFileError, check, load_gates
from evals.report import write_run
from evals.runner import run_set
from evals.sets import Case, Gold, load_set

from .conftest import REPO

NEWCOMER_SET = """name: newcomer
defaults: {top_k: 4, as_of: 2026-11-25}
cases:
  - id: evacuations
    question: How many homes were evacuated during Storm Ingrid?
    type: single_fact
    answers: ["240 homes"]
    gold:
      - url: https://coastalweather.example/reports/storm-ingrid
        evidence: Emergency services evacuated 240 homes.
  - id: mars
    question: What is the population of the Mars colony Alpha?
    type: unanswerable
    expect_refusal: true
  - id: wrong-on-purpose
    question: Who scored for Brackwater Rovers in the cup final?
    type: single_fact
    answers: ["Ole Strand scored the winner"]
"""


def test_metrics_units():
    assert M.normalise("The €48 Million, [1] barrier!") == "€48 million barrier"
    assert M.token_f1("Tomas Vell scored", "Tomas Vell") == pytest.approx(0.8)
    passage = {"text": "Title\n\nEmergency services   evacuated 240\nhomes.", "url": "https://x.example/a", "title": "Title"}
    assert M.supports(passage, Gold(url="https://other.example", evidence="Emergency services evacuated 240 homes."))
    assert M.supports(passage, Gold(url="https://x.example/a/"))
    r = M.retrieval_metrics([{"text": "nothing", "url": "u", "title": "t"}, passage],
                            [Gold(url="https://x.example/a", evidence="evacuated 240 homes."), Gold(title="Other", evidence="absent")])
    assert r == {"hits@4": 1.0, "hits@10": 1.0, "mrr@10": 0.5, "all_evidence@10": 0.0, "article_recall@10": 0.5,
                 "all_articles@10": 0.0}
    shown = [{**passage, "source": "Gazette"}]
    gold = [Gold(url="https://x.example/a", evidence="Emergency services evacuated 240 homes."),
            Gold(url="https://x.example/a", evidence="The river peaked at noon."),
            Gold(url="https://x.example/b", evidence="Schools closed."), Gold(url="https://x.example/c", evidence="Roads shut.")]
    assert M.misses(shown, gold, ["Gazette", "Gazette", "Gazette", "Courier"]) == {
        "articles_missing": 2, "articles_missing_outlet_shown": 1, "facts_missing": 3, "facts_missing_article_shown": 1}
    c = M.citation_metrics("According to the articles:\n- It rained [1].\n- It was cold.", [passage], [Gold(title="Title")])
    assert c == {"marker_share": 0.5, "citation_precision": 1.0, "citation_recall": 1.0}
    case = Case(id="a", question="Who scored?", answers=["Tomas Vell"])
    assert M.crag_score(case, True, False) == 1 and M.crag_score(case, False, True) == 0 and M.crag_score(case, False, False) == -1
    refuse = Case(id="b", question="Who won?", expect_refusal=True)
    assert M.crag_score(refuse, True, True) == 1 and M.crag_score(refuse, False, False) == -1


@pytest.fixture
def newcomer_run(tmp_path, demo_assistant):
    path = tmp_path / "newcomer.yaml"
    path.write_text(NEWCOMER_SET)
    return run_set(load_set(path), demo_assistant)


def test_newcomer_set_run_and_report(newcomer_run, tmp_path):
    cases = {c["id"]: c for c in newcomer_run["cases"]}
    assert cases["evacuations"]["passed"] and cases["evacuations"]["metrics"]["hits@10"] == 1.0
    assert cases["evacuations"]["metrics"]["citation_precision"] > 0 and cases["evacuations"]["metrics"]["crag_score"] == 1
    assert cases["mars"]["passed"] and cases["mars"]["refused"]
    assert not cases["wrong-on-purpose"]["passed"]
    assert cases["wrong-on-purpose"]["failures"] == ["answer contains none of ['Ole Strand scored the winner']"]
    summary = newcomer_run["summary"]
    assert summary["overall"]["n"] == 3 and summary["by_type"]["unanswerable"]["refusal_rate"] == 1.0
    assert set(summary["overall"]["latency_ms"]) >= {"retrieve", "generate", "total"}

    paths = write_run({**newcomer_run, "gates": []}, tmp_path / "run")
    page = paths["report"].read_text()
    assert page.index("wrong-on-purpose") < page.index("evacuations")  # failures first
    assert "<mark>Emergency services evacuated 240 homes.</mark>" in page  # gold evidence highlighted in passages
    suite = ET.parse(paths["junit"]).getroot()
    assert suite.get("tests") == "3" and suite.get("failures") == "1"
    assert json.loads(paths["results"].read_text())["cases"][0]["answer"]


def test_oracle_and_retrieval_only_modes(tmp_path, demo_assistant):
    path = tmp_path / "n.yaml"
    path.write_text(NEWCOMER_SET)
    s = load_set(path)
    oracle = run_set(s, demo_assistant, oracle=True)
    assert oracle["mode"] == "oracle-context"
    evac = oracle["cases"][0]
    assert evac["answer_passages"][0]["text"].endswith("Emergency services evacuated 240 homes.")
    assert evac["passed"]
    retrieval = run_set(s, demo_assistant, retrieval_only=True)
    assert retrieval["mode"] == "retrieval-only" and "answer" not in retrieval["cases"][0]
    assert retrieval["cases"][0]["metrics"]["hits@4"] == 1.0


def test_gates(tmp_path, newcomer_run):
    gates_file = tmp_path / "gates.txt"
    gates_file.write_text("# comment\nhits@10 >= 0.9\nunanswerable/refusal_rate >= 1\naccuracy >= 0.9\nlatency_ms.total.p95 <= 60000\nnope >= 1\n")
    summary = json.loads(json.dumps(newcomer_run["summary"]))
    summary["overall"]["latency_ms"]["total"]["p95"] = 1234.0  # a fixed figure: the test checks gates, not speed
    results = check(load_gates(gates_file), summary)
    assert [(g["gate"], g["passed"]) for g in results] == [
        ("hits@10 >= 0.9", True), ("unanswerable/refusal_rate >= 1", True), ("accuracy >= 0.9", False),
        ("latency_ms.total.p95 <= 60000", True), ("nope >= 1", False)]
    gates_file.write_text("hits@10 > = 3\n")
    with pytest.raises(GateFileError, match="gates.txt:1"):
        load_gates(gates_file)


def test_compare_finds_worse_cases(newcomer_run):
    worse_run = json.loads(json.dumps(newcomer_run))
    case = worse_run["cases"][0]
    case["passed"], case["failures"] = False, ["made worse"]
    case["metrics"]["crag_score"] = -1.0
    diff = compare_runs(newcomer_run, worse_run)
    assert [w["id"] for w in diff["worse"]] == ["evacuations"] and diff["better"] == []
    d = diff["deltas"]["crag_score"]
    assert d["delta"] == pytest.approx(-2 / 3, abs=1e-3) and d["ci95"][0] <= d["delta"] <= d["ci95"][1]
    assert compare_runs(newcomer_run, newcomer_run)["deltas"]["crag_score"]["significant"] is False


def test_cli_run_exit_codes_and_compare(tmp_path, demo_index_dir):
    set_file = tmp_path / "newcomer.yaml"
    set_file.write_text(NEWCOMER_SET)
    gates = tmp_path / "gates.txt"
    gates.write_text("hits@10 >= 0.5\n")
    cmd = [sys.executable, "-m", "assistant", "eval", "run", str(set_file), "--index", str(demo_index_dir)]
    ok = subprocess.run(cmd + ["--output", str(tmp_path / "a"), "--gates", str(gates)], capture_output=True, text=True, timeout=300)
    assert ok.returncode == 0, ok.stderr
    assert "pass gate hits@10 >= 0.5" in ok.stdout and (tmp_path / "a" / "report.html").exists()
    gates.write_text("accuracy >= 0.99\n")
    bad = subprocess.run(cmd + ["--output", str(tmp_path / "b"), "--gates", str(gates)], capture_output=True, text=True, timeout=300)
    assert bad.returncode == 1 and "FAIL gate accuracy >= 0.99" in bad.stdout
    cmp = subprocess.run([sys.executable, "-m", "assistant", "eval", "compare", str(tmp_path / "a"), str(tmp_path / "b")],
                         capture_output=True, text=True, timeout=120)
    assert cmp.returncode == 0 and "0 worse" in cmp.stdout and "noise" in cmp.stdout
    invalid = subprocess.run([sys.executable, "-m", "assistant", "eval", "validate", str(REPO / "pyproject.toml")],
                             capture_output=True, text=True, timeout=60)
    assert invalid.returncode == 2 and "Traceback" not in invalid.stderr
