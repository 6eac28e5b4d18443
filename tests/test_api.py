"""The Python API and the llama-index retriever adapter use the same retrieval as the CLI."""
from assistant import Filters, NewsRetriever, ingest_paths
from assistant.demo import CORPUS


def test_retriever_adapter_matches_assistant(demo_assistant):
    nodes = NewsRetriever(demo_assistant, top_k=3).retrieve("Storm Ingrid surge")
    passages = demo_assistant.retrieve("Storm Ingrid surge", 3)
    assert [n.node.node_id for n in nodes] == [p.chunk_id for p in passages]
    assert nodes[0].node.metadata["source"] == "Coastal Weather Service"
    filtered = NewsRetriever(demo_assistant, 5, Filters.parse(["Northern Ledger"])).retrieve("barrier")
    assert {n.node.metadata["source"] for n in filtered} == {"Northern Ledger"}


def test_ingest_paths(tmp_path, monkeypatch):
    report = ingest_paths([CORPUS / "gazette-library.md"], index_dir=tmp_path)
    assert report.added == 1 and not report.failed
