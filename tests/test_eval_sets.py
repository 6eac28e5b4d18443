"""Question-set files: validation names each bad field with its line; JSONL sets; the MultiHop importer."""
import json

import pytest

from evals.multihop_import import import_multihop
from evals.sets import SetError, load_set

GOOD = """name: tiny
corpus: corpus/
defaults:
  top_k: 4
  as_of: 2026-11-25
cases:
  - id: one
    question: How high was the surge?
    type: single_fact
    answers: [1.8 metres]
    gold:
      - url: https://w.example/s
        evidence: A surge of 1.8 metres.
  - id: two
    question: Who won the election?
    type: unanswerable
    expect_refusal: true
  - id: three
    question: And how many homes?
    type: follow_up
    history:
      - question: What did the storm do?
    must_include: ["240"]
"""


def test_good_set_loads(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(GOOD)
    s = load_set(path)
    assert s.name == "tiny" and [c.id for c in s.cases] == ["one", "two", "three"]
    assert s.defaults.top_k == 4 and str(s.defaults.as_of) == "2026-11-25"
    assert s.resolve(s.corpus) == (tmp_path / "corpus").resolve()
    assert s.cases[2].history[0].question == "What did the storm do?"


def test_bad_fields_are_named_with_their_lines(tmp_path):
    bad = GOOD.replace("type: single_fact", "type: trivia").replace("top_k: 4", "top_k: 0") \
              .replace("        evidence: A surge of 1.8 metres.", "        evidence: A surge of 1.8 metres.\n        colour: red") \
              .replace("    expect_refusal: true", "    expect_refusal: true\n    answers: [x]")
    path = tmp_path / "bad.yaml"
    path.write_text(bad)
    with pytest.raises(SetError) as info:
        load_set(path)
    problems = info.value.problems
    assert "bad.yaml:4: defaults.top_k: Input should be greater than or equal to 1" in problems
    assert any(p.startswith("bad.yaml:9: cases[0].type: Input should be") for p in problems)
    assert any(p.startswith("bad.yaml:14: cases[0].gold[0].colour: Extra inputs are not permitted") for p in problems)
    assert any(p.startswith("bad.yaml:15: cases[1]: Value error, a case that expects a refusal") for p in problems)


def test_invalid_yaml_and_duplicates(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("name: x\ncases: [\n")
    with pytest.raises(SetError, match=r"broken.yaml:3: invalid YAML"):
        load_set(path)
    path.write_text("name: x\ncases:\n  - {id: a, question: Why now, expect_refusal: true}\n  - {id: a, question: Why then, expect_refusal: true}\n")
    with pytest.raises(SetError, match="duplicate case id 'a'"):
        load_set(path)


def test_jsonl_set_with_header(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text("\n".join([json.dumps({"name": "j", "defaults": {"top_k": 3}}),
                               json.dumps({"id": "1", "question": "What is it?", "answers": ["x"]}),
                               json.dumps({"id": "2", "question": "Bad one", "type": "nope", "answers": ["y"]})]))
    with pytest.raises(SetError, match=r"s.jsonl:3: cases\[1\].type"):
        load_set(path)


def test_import_multihop(tmp_path):
    queries = [{"id": "q1", "query": "Who did X?", "answer": "Alice", "question_type": "inference_query",
                "evidence_list": [{"title": "T", "url": "https://a.example/t", "source": "S", "fact": "Alice did X."}]},
               {"id": "q2", "query": "Who did Y?", "answer": "Insufficient information.", "question_type": "null_query",
                "evidence_list": []}]
    qfile = tmp_path / "q.json"
    qfile.write_text(json.dumps(queries))
    lines = import_multihop(qfile, tmp_path / "corpus.json", "mh")
    out = tmp_path / "mh.jsonl"
    out.write_text("".join(json.dumps(line) + "\n" for line in lines))
    s = load_set(out)
    assert s.name == "mh" and s.defaults.top_k == 10
    assert s.cases[0].type == "inference" and s.cases[0].gold[0].evidence == "Alice did X." and s.cases[0].answers == ["Alice"]
    assert s.cases[1].type == "unanswerable" and s.cases[1].expect_refusal
