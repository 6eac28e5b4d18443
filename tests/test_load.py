"""Concurrent chat sessions against a running `assistant serve`: zero errors, p95 against single-user
latency. CI runs 5 sessions x 3 questions; ASSISTANT_LONG_TESTS=1 runs 20 x 10."""
import os
import statistics
import time
from concurrent.futures import ThreadPoolExecutor

from gradio_client import Client

from .servers import ask_api, served_index

LONG = os.environ.get("ASSISTANT_LONG_TESTS") == "1"
SESSIONS, QUESTIONS_EACH = (20, 10) if LONG else (5, 3)
QUESTIONS = ["How many homes were evacuated during Storm Ingrid?", "Who scored for Brackwater Rovers in the cup final?",
             "Where did Lumen Grid open its first factory?", "What did the Bank of Norland do in May 2026?",
             "Who won the 2026 Norland election?"]


def ask_many(url: str, n: int, offset: int) -> list[float]:
    client = Client(url, verbose=False)
    times = []
    for i in range(n):
        started = time.perf_counter()
        chat = ask_api(client, QUESTIONS[(offset + i) % len(QUESTIONS)])
        times.append(time.perf_counter() - started)
        assert chat[-1]["role"] == "assistant" and 'class="turn"' in str(chat[-1]) and "went wrong" not in str(chat[-1])
    return times


def test_concurrent_sessions(index_copy):
    output: list[str] = []
    with served_index(index_copy, output) as url:
        single = ask_many(url, QUESTIONS_EACH, 0)
        with ThreadPoolExecutor(SESSIONS) as pool:
            results = list(pool.map(lambda k: ask_many(url, QUESTIONS_EACH, k), range(SESSIONS)))
    times = sorted(t for r in results for t in r)
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"{SESSIONS} sessions x {QUESTIONS_EACH} questions: 0 errors; single-user p50 {statistics.median(single):.2f} s, "
          f"concurrent p50 {statistics.median(times):.2f} s, p95 {p95:.2f} s ({p95 / statistics.median(single):.1f}x single p50)")
    assert len(times) == SESSIONS * QUESTIONS_EACH
    assert "Traceback" not in output[0]
