"""`assistant bench` on a small corpus: re-ingest embeds nothing, one edited article re-embeds only its
chunks, query latency is measured (no threshold: timings are the bench's output, not a test's). The whole
run (naive llama-index baselines, fp32/int8, server start, growth) is a long test: ASSISTANT_LONG_TESTS=1."""
import json
import os

import pytest

from evals.bench import ours, query_latency, render, run


def small_corpus(tmp_path):
    records = [{"title": f"Story {i} about the harbour", "url": f"https://bench.example/{i}", "source": f"Outlet {i % 3}",
                "published_at": f"2026-03-{1 + i:02d}", "body": "\n".join(
                    f"Sentence {j} of story {i} tells how the council voted on the bridge and the ferry budget." for j in range(40))}
               for i in range(12)]
    corpus = tmp_path / "corpus.json"
    corpus.write_text(json.dumps(records))
    queries = tmp_path / "q.json"
    queries.write_text(json.dumps([{"query": "What did the council vote on?"}, {"query": "ferry budget story 3"}]))
    return corpus, queries


def test_reingest_and_latency_rows(tmp_path, embedder):
    from .conftest import make_settings

    corpus, _ = small_corpus(tmp_path)
    settings = make_settings(tmp_path / "index")
    result = ours(corpus, tmp_path / "index", embedder, settings)
    assert result["first"]["articles"] == 12 and result["unchanged"]["embedded"] == 0
    assert result["one_edited"]["updated"] == 1 and 0 < result["one_edited"]["embedded"] <= 4
    lat = query_latency(tmp_path / "index", ["What did the council vote on?", "ferry budget story 3"], settings, embedder)
    assert lat["questions"] == 2 and set(lat) >= {"retrieve_ms", "answer_ms", "answer_stage_ms"}


@pytest.mark.skipif(os.environ.get("ASSISTANT_LONG_TESTS") != "1", reason="long test: ASSISTANT_LONG_TESTS=1")
def test_bench_on_a_small_corpus(tmp_path):
    corpus, queries = small_corpus(tmp_path)
    result = run(corpus, queries, [1, 3], tmp_path / "work", n_questions=2)
    ours = result["ours"]
    assert ours["first"]["articles"] == 12 and ours["first"]["chunks"] > 12
    assert ours["unchanged"]["embedded"] == 0
    assert ours["one_edited"]["updated"] == 1 and 0 < ours["one_edited"]["embedded"] <= 4
    assert result["naive_llama_index"]["chunks"] > 0 and result["raw_embedder"]["chunks_per_s"] > 0
    assert result["server"]["first_answer_s"] > 0 and result["server"]["peak_rss_mb"] > 100
    assert 0 <= result["naive_llama_index"]["truncated_share"] < 1 and result["naive_llama_index_256"]["chunks"] > 0
    # perturbed copies are new articles, neither duplicates nor boilerplate (a line intact in 3 copies of
    # one outlet would be cleaned away): three times the corpus gives about three times the chunks
    assert [g["scale"] for g in result["growth"]] == [1, 3]
    assert result["growth"][1]["chunks"] >= 2.9 * result["growth"][0]["chunks"]
    assert "naive llama-index" in render(result) and "int8" in render(result)
    assert result["precisions"]["int8_cosine_mean"] > 0.97 and result["precisions"]["int8_chunks_per_s"] > 0
