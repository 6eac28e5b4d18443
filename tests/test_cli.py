"""The CLI contracts, run as a user runs them: a real process, real index, JSON on stdout."""
import json
import os
import subprocess
import sys

import pytest

ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "COLUMNS": "200"}


def run(*args, check_code=None):
    proc = subprocess.run([sys.executable, "-m", "assistant", *map(str, args)], capture_output=True, text=True,
                          env=ENV, timeout=300)
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    if check_code is not None:
        assert proc.returncode == check_code, proc.stderr + proc.stdout
    return proc


def test_ingest_reports_failures_and_exit_status(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "ok.md").write_text("---\ntitle: Pier reopens\nsource: Island News\ndate: 2026-02-01\n---\nThe pier on Skerry Island reopened on Friday after repairs to its deck.\n")
    (folder / "bad.json").write_text("[{")
    (folder / "random.bin").write_bytes(os.urandom(64))
    proc = run("ingest", folder, "--index", tmp_path / "idx", check_code=1)
    assert "bad.json" in proc.stderr and "invalid JSON" in proc.stderr
    assert f"skipped {folder / 'random.bin'}: unsupported file type" in proc.stderr  # named, not silently left out
    assert "1 added, 0 updated, 0 unchanged, 0 skipped as duplicates, 1 failed" in proc.stdout
    again = run("ingest", folder / "ok.md", "--index", tmp_path / "idx", check_code=0)
    assert "0 added, 0 updated, 1 unchanged" in again.stdout


def test_status_json(demo_index_dir):
    info = json.loads(run("status", "--index", demo_index_dir, "--json", check_code=0).stdout)
    assert info["articles"] == 15 and info["chunks"] >= 15
    assert info["embedding_model"] == "sentence-transformers/all-MiniLM-L6-v2" and info["date_range"][0].startswith("2026-01-28")
    assert "The Harbour Gazette" in info["sources"]
    assert info["chunks_without_sentence_vectors"] == 0


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_retrieve_batch_contract(demo_index_dir, tmp_path, fmt):
    queries = [{"id": "q1", "query": "tidal barrier cost"}, {"id": 2, "question": "Who scored in the cup final?"}]
    qfile = tmp_path / f"q.{fmt}"
    qfile.write_text(json.dumps(queries) if fmt == "json" else "\n".join(json.dumps(q) for q in queries))
    out = tmp_path / "out.jsonl"
    run("retrieve", "--index", demo_index_dir, "--queries", qfile, "--top-k", 3, "--output", out, check_code=0)
    lines = [json.loads(l) for l in out.read_text().splitlines()]
    assert [l["id"] for l in lines] == ["q1", 2]
    for line in lines:
        assert [r["rank"] for r in line["results"]] == [1, 2, 3]
        for r in line["results"]:
            assert set(r) == {"rank", "text", "title", "source", "url", "published_at", "score", "article_id"}
            assert r["text"].startswith(r["title"])
    assert "Vell" in lines[1]["results"][0]["text"]


def test_retrieve_single_question_prints_passages(demo_index_dir):
    out = run("retrieve", "Storm Ingrid surge", "--index", demo_index_dir, "-k", 2, check_code=0).stdout
    assert "[1] Storm Ingrid floods Port Alder's lower town — Coastal Weather Service, 2026-01-28" in out


def test_ask_json_contract(demo_index_dir):
    data = json.loads(run("ask", "How many homes were evacuated during Storm Ingrid?", "--index", demo_index_dir,
                          "--json", check_code=0).stdout)
    assert set(data) == {"answer", "citations", "refused", "mode", "notice", "unsupported_claims", "read_as"}
    assert data["refused"] is False and data["mode"] == "extractive" and data["notice"] is None and data["read_as"] == []
    assert data["answer"].startswith("240 homes [1].")
    c = data["citations"][0]
    assert set(c) == {"n", "title", "source", "published_at", "author", "url", "text", "score"} and c["n"] == 1
    assert c["source"] == "Coastal Weather Service"


def test_ask_says_how_it_read_a_slip(demo_index_dir):
    """(The JSON's "read_as" is checked in test_spelling.py, without a second process.)"""
    proc = run("ask", "How many batteires did Lumen Grid recall?", "--index", demo_index_dir, check_code=0)
    assert "(read 'batteires' as 'batteries')" in proc.stderr and "1,200" in proc.stdout, proc.stderr + proc.stdout


def test_ask_with_filters_and_refusal(demo_index_dir):
    data = json.loads(run("ask", "What happened to the tidal barrier?", "--index", demo_index_dir, "--json",
                          "--source", "Coastal Weather Service", check_code=0).stdout)
    assert all(c["source"] == "Coastal Weather Service" for c in data["citations"])
    refused = json.loads(run("ask", "Who won the 2026 Norland election?", "--index", demo_index_dir, "--json").stdout)
    assert refused["refused"] is True and refused["citations"] == []
    assert refused["answer"].startswith("The articles don't say.") and "closest articles are about" in refused["answer"]


def test_ask_plain_output_lists_sources(demo_index_dir):
    out = run("ask", "Who scored for Brackwater Rovers in the cup final?", "--index", demo_index_dir, check_code=0).stdout
    assert "Tomas Vell" in out and "Sources" in out and "https://brackwatersports.example/2026/04/12/cup-final" in out


def test_user_errors_have_no_traceback(tmp_path, demo_index_dir):
    proc = run("ask", "anything", "--index", tmp_path / "nowhere", check_code=2)
    assert "No index at" in proc.stderr
    proc = run("ask", "anything", "--index", demo_index_dir, "--since", "someday", check_code=2)
    assert "cannot read the date" in proc.stderr
    bad = tmp_path / "q.json"
    bad.write_text('[{"id": 1}]')
    proc = run("retrieve", "--index", demo_index_dir, "--queries", bad, check_code=2)
    assert "expected an object with `query` or `question`" in proc.stderr


def test_help_lists_commands():
    out = run("--help", check_code=0).stdout
    for command in ("ingest", "status", "retrieve", "ask", "serve", "demo"):
        assert command in out


def test_control_and_bidi_characters_never_reach_the_terminal(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    evil = {"title": "\x1b[2J\x1b]0;pwned\x07Harbour \u202eswen\u202c lights", "source": "\x1b[31mRed Outlet\x9b0m",
            "url": "https://x.example/\x1b[5m", "date": "2026-03-01",
            "body": "The harbour lights were switched on again on Friday.\x1b[8m Hidden text\x1b[0m after the storm."}
    (folder / "evil\x1b[1m.json").write_text(json.dumps(evil))
    (folder / "note\x1b[7m.bin").write_bytes(b"x")
    outputs = [run("ingest", folder, "--index", tmp_path / "idx", check_code=0),
               run("status", "--index", tmp_path / "idx", check_code=0),
               run("status", "--index", tmp_path / "idx", "--json", check_code=0),
               run("ask", "When were the harbour lights switched on?", "--index", tmp_path / "idx", check_code=0),
               run("ask", "When were the harbour lights switched on?", "--index", tmp_path / "idx", "--json", check_code=0),
               run("retrieve", "harbour lights", "--index", tmp_path / "idx", check_code=0)]
    for proc in outputs:
        shown = proc.stdout + proc.stderr
        assert not any(c in shown for c in "\x1b\x07\x9b\u202e\u202c"), shown
    assert "Harbour swen lights" in outputs[3].stdout and "\\x1b[31mRed Outlet" in outputs[1].stdout
    assert "note\\x1b[7m.bin" in outputs[0].stderr and json.loads(outputs[4].stdout)["citations"][0]["title"] == evil["title"]
