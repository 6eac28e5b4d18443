"""The LLM path against a real local model server: llama-cpp-python's OpenAI-compatible server with
SmolLM2-135M-Instruct (both from PyPI; see tests/llama_server.py). Long tests: ASSISTANT_LONG_TESTS=1
(the first run compiles llama.cpp, 10-30 minutes on 2 cores; set PIP_FIND_LINKS to a folder of built
wheels to skip that). A 135M model answers poorly; these tests check the plumbing: streaming, markers,
checked claims, follow-ups, overflow, a killed server, and a whole question set run through it."""
import json
import os
import subprocess
import sys
from datetime import date

import pytest

from assistant.app import open_assistant
from assistant.pipeline import REFUSAL

from .conftest import REPO, make_settings

pytestmark = pytest.mark.skipif(os.environ.get("ASSISTANT_LONG_TESTS") != "1", reason="long test: ASSISTANT_LONG_TESTS=1")
TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def server():
    from .llama_server import LlamaServer

    with LlamaServer(n_ctx=4096) as s:
        yield s


def real_assistant(index_dir, embedder, url, **overrides):
    settings = make_settings(index_dir, openai_base_url=url, openai_api_key="not-needed", llm_model="smollm2",
                             **{"llm_timeout": 120.0, "llm_max_retries": 0, "llm_max_tokens": 160, **overrides})
    assistant = open_assistant(index_dir, settings, embedder=embedder)
    return assistant


def check_answer(result):
    """Whatever the model wrote: no traceback text, valid markers, and a trustworthy outcome (the model's
    answer with its claims checked, a refusal, or the article-text answer with a notice)."""
    assert "Traceback" not in result.answer
    if result.refused:
        assert result.answer.startswith(REFUSAL) and result.citations == []
        return
    markers = {int(n) for n in __import__("re").findall(r"\[(\d+)\]", result.answer)}
    assert markers <= {c.n for c in result.citations}
    if result.mode == "llm":
        assert result.claims and result.unsupported_claims <= len(result.claims) / 2
    else:
        assert result.notice


def test_streams_and_checks_its_answer(server, demo_index_dir, embedder):
    assistant = real_assistant(demo_index_dir, embedder, server.url)
    events = list(assistant.ask_stream("Where did Lumen Grid open its first factory?", today=TODAY))
    result = events[-1].data
    assert result.mode == "llm" or result.notice  # the model answered, or the notice says why not
    if result.mode == "llm":
        assert len([e for e in events if e.kind == "delta"]) > 1  # streamed
    check_answer(result)


def test_follow_up_and_refusal(server, demo_index_dir, embedder):
    assistant = real_assistant(demo_index_dir, embedder, server.url)
    history = [("Where did Lumen Grid open its first factory?", "Brackwater [1].")]
    follow = assistant.ask("How many jobs did it create?", history=history, today=TODAY)
    assert "Lumen Grid" in follow.standalone_question  # the model's rewrite, or the rule when the rewrite was bad
    check_answer(follow)
    check_answer(assistant.ask("Who won the 2026 Norland election?", today=TODAY))


def test_overflow_is_refitted_or_reported(demo_index_dir, embedder):
    from .llama_server import LlamaServer

    with LlamaServer(n_ctx=1024) as small:
        result = real_assistant(demo_index_dir, embedder, small.url).ask("How much will the tidal barrier cost?",
                                                                         today=TODAY, top_k=12)
    assert len(result.passages) < 12 or (result.notice and "context" in result.notice)
    check_answer(result)


def test_a_killed_server_falls_back_with_the_reason(demo_index_dir, embedder):
    from .llama_server import LlamaServer

    s = LlamaServer(n_ctx=4096).start()
    assistant = real_assistant(demo_index_dir, embedder, s.url, llm_max_tokens=400)
    stream = assistant.ask_stream("Why do the fishers oppose the tidal barrier?", today=TODAY)
    result = None
    for event in stream:
        if event.kind == "delta":
            s.kill()  # mid-answer
        if event.kind == "result":
            result = event.data
    assert result.mode == "extractive" and ("broke off" in result.notice or "Cannot connect" in result.notice)
    after = assistant.ask("Why do the fishers oppose the tidal barrier?", today=TODAY)
    assert "Cannot connect" in after.notice and after.citations


def test_demo_set_through_the_model(server, demo_index_dir, tmp_path):
    """The 47-case demo set answered by the real model; the results are kept for `assistant eval compare`."""
    out = tmp_path / "smollm2"
    env = {**os.environ, "OPENAI_BASE_URL": server.url, "OPENAI_API_KEY": "not-needed", "ASSISTANT_LLM_MODEL": "smollm2",
           "ASSISTANT_LLM_MAX_TOKENS": "160", "ASSISTANT_LLM_TIMEOUT": "120", "ASSISTANT_LLM_MAX_RETRIES": "0"}
    proc = subprocess.run([sys.executable, "-m", "assistant", "eval", "run", str(REPO / "evals/sets/demo.yaml"), "--index",
                           str(demo_index_dir), "--output", str(out)], capture_output=True, text=True, env=env, timeout=5400)
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-2000:]
    run = json.loads((out / "results.json").read_text())
    assert run["mode"] == "llm" and len(run["cases"]) >= 40
    keep = os.environ.get("ASSISTANT_KEEP_RUN")
    if keep:  # e.g. runs/smollm2, for the README's comparison with the offline answerer
        subprocess.run(["cp", "-r", str(out), keep], check=True)
