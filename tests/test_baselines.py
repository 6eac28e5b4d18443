"""The benchmarks' baselines run on the same files and embedder and return gradable passages."""
import json

from evals.baselines import naive_llama_index, naive_retrieve, naive_truncation, plain_bm25
from evals.metrics import retrieval_metrics
from evals.sets import Gold


def test_naive_llama_index_and_plain_bm25(tmp_path, embedder, demo_assistant):
    records = [{"title": f"Story {i}", "url": f"https://example.test/{i}", "source": "Outlet",
                "body": f"Story {i} says the ferry fare rose to {i} euros. " + "Filler about the harbour. " * (60 * i)}
               for i in range(1, 5)]
    corpus = tmp_path / "corpus.json"
    corpus.write_text(json.dumps(records))

    default = naive_llama_index(corpus, tmp_path / "default", embedder)
    small = naive_llama_index(corpus, tmp_path / "small", embedder, chunk_size=256)
    assert small["chunks"] > default["chunks"] >= 4
    assert naive_truncation(default["index"], embedder) > naive_truncation(small["index"], embedder) >= 0

    passages = naive_retrieve(small["index"], "How much did the ferry fare rise to in story 3?", 4)
    assert len(passages) == 4 and all(p["url"].startswith("https://example.test/") for p in passages)
    gold = [Gold(url="https://example.test/3", title="Story 3", evidence="Story 3 says the ferry fare rose to 3 euros.")]
    assert set(retrieval_metrics(passages, gold)) >= {"hits@10", "mrr@10", "all_evidence@10"}

    bm25 = plain_bm25(demo_assistant.index.snapshot(), "Brackwater Rovers cup final", 5)
    assert 0 < len(bm25) <= 5 and "Rovers" in bm25[0]["text"]


def test_retrieval_sweep_applies_each_setting(tmp_path, embedder):
    import pytest

    from assistant.app import open_assistant
    from assistant.store import Index
    from evals.retrieval_sweep import sweep
    from ingest.indexing import ingest

    from .conftest import make_settings

    # one long article (several chunks), so that widening a chunk into its passage shows
    sentences = [f"Paragraph {i} of the harbour report covers berth {i} and its {i * 7} moorings." for i in range(60)]
    sentences[30] = "The harbour master, Ilse Marrow, closed berth nine after the crane collapsed."
    (tmp_path / "a.json").write_text(json.dumps({"title": "Harbour report", "source": "Port Gazette",
                                                 "url": "https://example.test/harbour", "body": " ".join(sentences)}))
    index = Index(tmp_path / "idx", make_settings(tmp_path / "idx"), create=True)
    ingest([str(tmp_path / "a.json")], index, embedder)
    index.close()
    assistant = open_assistant(tmp_path / "idx", make_settings(tmp_path / "idx"), embedder=embedder)
    queries = tmp_path / "q.json"
    queries.write_text(json.dumps([{
        "query": "Who closed berth nine after the crane collapsed?", "question_type": "inference_query",
        "evidence_list": [{"url": "", "title": "Harbour report", "fact": "The harbour master, Ilse Marrow, closed berth nine"}]}]))
    rows = sweep(None, queries, {"passages.chars": [0, 1400], "question_parts.rounds": [2]}, top_k=3, assistant=assistant)
    assert [r["settings"] for r in rows] == [{"passages.chars": 0, "question_parts.rounds": 2},
                                             {"passages.chars": 1400, "question_parts.rounds": 2}]
    assert all(r["metrics"]["overall"]["hits@10"] == 1.0 and r["metrics"]["overall"]["n"] == 1 for r in rows)
    assert rows[0]["mean_passage_chars"] < rows[1]["mean_passage_chars"]  # the setting was applied: chunks not widened
    with pytest.raises(KeyError):
        sweep(None, queries, {"facet_rounds": [1]}, assistant=assistant)  # an old setting name, not in the profile
    from evals.multihop_retrieval import target_report

    report = target_report(rows[1])  # a real evaluate() result: 1 query, found at rank 1
    assert report[0].startswith("hits@10 1.000 (target >= 0.93): met  [inference 1.000]")
    rows[1]["metrics"]["overall"]["all_articles@10"] = 0.7
    rows[1]["latency_ms"]["p95"] = 300.0
    report = target_report(rows[1])
    assert "all_articles@10 0.700 (target >= 0.80): gap 0.100" in report[4]
    assert report[6] == "p95 ms 300.0 (target <= 250): over by 50"
