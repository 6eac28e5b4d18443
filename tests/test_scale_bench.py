"""The scale benchmark (evals/scale_bench.py) end to end on 2,000 chunks against a real `chroma run`
server: every measurement is taken, the server holds what was written, the synthetic data has the shape
of ours, and a child process makes the same chunks as the parent (the keyword options depend on it).
Long (ASSISTANT_LONG_TESTS=1): three server starts and six child processes take well over 10 s."""
import os

import numpy as np
import pytest

from evals import scale_bench as sb
from ingest.indexing import RESERVED


@pytest.mark.skipif(os.environ.get("ASSISTANT_LONG_TESTS") != "1", reason="long test (ASSISTANT_LONG_TESTS=1)")
def test_scale_bench_on_2000_chunks_against_a_real_chroma_server(tmp_path):
    result = sb.run(2000, sb.free_port(), tmp_path, corpus=None, checkpoints=[1000, 2000], queries=10,
                    text_queries=3, sentence_chunks=120, log=lambda _m: None)
    assert [c["chunks"] for c in result["checkpoints"]] == [1000, 2000]
    for row in result["checkpoints"]:
        assert row["write"]["chunks_per_s"] > 0 and row["server_rss_mb"] > 50 and row["disk_mb"]["total"] > 0
        for kind in ("none", "source_in", "ts_range"):
            assert row["vector_query_ms"][kind]["n"] == 10 and row["vector_query_ms"][kind]["p50"] > 0
        assert row["chroma_text_search_ms"]["contains_get"]["n"] == 3
        assert "error" not in row["bm25s"] and row["bm25s"]["disk_mb"] > 0 and row["bm25s"]["query_ms"]["n"] == 10
        assert "error" not in row["fts5"] and row["fts5"]["query_source_in_ms"]["n"] == 10
        assert row["assistant_rows"]["rows_rss_mb"] > 0
    assert result["checkpoints"][1]["disk_mb"]["total"] > result["checkpoints"][0]["disk_mb"]["total"]
    assert result["restart"]["chunks"] == 2000 and result["restart"]["vector_query_ms"]["none"]["n"] == 10
    sv = result["sentence_vectors"]
    assert sv["sentences"] == 120 * sb.SENTENCES_PER_CHUNK
    assert sv["chroma_collection"]["disk_mb_growth"]["total"] > 0 and sv["sqlite_float16"]["disk_mb"] > 0
    assert sv["chroma_metadata_string"]["fetch_100_chunks_ms"]["p50"] > 0
    # what this chromadb says about sparse vectors / BM25 on a local server is recorded, whatever it is
    assert result["chroma_sparse"]["collection_with_sparse_index"]
    assert "| 2,000 |" in sb.render(result)


def test_synthetic_chunks_look_like_ours_and_are_the_same_in_any_batch():
    synth = sb.Synthetic(sb._sentence_pool(None), 5000)
    ids, texts, metas, vectors = synth.chunks(0, 2500)
    again = synth.chunks(1700, 2300)
    assert again[0] == ids[1700:2300] and again[1] == texts[1700:2300]
    assert np.allclose(again[3], vectors[1700:2300])
    assert vectors.shape == (2500, sb.DIM) and np.allclose(np.linalg.norm(vectors, axis=1), 1, atol=1e-5)
    assert set(metas[0]) <= RESERVED | {"article_id"} and {"source", "published_ts", "article_id", "title"} <= set(metas[0])
    assert len({m["article_id"] for m in metas}) == -(-2500 // sb.CHUNKS_PER_ARTICLE)
    # chunks of one article sit around one centre: closer to each other than to another article's
    same = float(vectors[0] @ vectors[1])
    assert same > 0.3 and same > float(vectors[0] @ vectors[sb.CHUNKS_PER_ARTICLE * 7])
    assert texts[0].split("\n\n")[0].count("\n") == 1  # the header: title, then outlet and date


def test_assistant_bench_scale_runs_the_scale_benchmark(monkeypatch, tmp_path):
    from typer.testing import CliRunner

    from assistant.cli import app

    seen = []
    monkeypatch.setattr(sb, "main", lambda argv: seen.append(argv))
    result = CliRunner().invoke(app, ["bench", "--scale", "5000", "--workdir", str(tmp_path), "--json", str(tmp_path / "s.json"),
                                      "--corpus", str(tmp_path / "absent.json")])
    assert result.exit_code == 0, result.output
    assert seen == [["--chunks", "5000", "--port", "0", "--workdir", str(tmp_path), "--no-corpus", "--json", str(tmp_path / "s.json")]]


def test_a_slow_kind_of_query_stops_at_its_time_budget_and_says_how_many_ran():
    import time

    calls = [lambda: time.sleep(0.02)] * 50
    assert sb._timed(calls, budget_s=0.05)["n"] < 10
    assert sb._timed(calls[:5], budget_s=60)["n"] == 5
