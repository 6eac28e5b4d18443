"""The packaged MiniLM on onnxruntime reproduces sentence-transformers' vectors; indexes record the model."""
import json
from pathlib import Path

import numpy as np
import pytest

from assistant.embedding import MODEL_NAME, MiniLMEmbedding
from assistant.store import Index, IndexMismatch

from .conftest import make_settings

REFERENCE = Path(__file__).parent / "data" / "minilm_reference.json"


def test_matches_sentence_transformers_reference(embedder):
    ref = json.loads(REFERENCE.read_text())
    ours = embedder.encode(ref["texts"])
    theirs = np.array(ref["vectors"], dtype=np.float32)
    cosines = (ours * theirs).sum(axis=1) / np.linalg.norm(theirs, axis=1)
    assert ours.shape == (len(ref["texts"]), 384)
    assert cosines.min() >= 0.999, cosines


def test_vectors_are_unit_length_and_order_preserved(embedder):
    texts = ["short", "a much longer sentence about the harbour barrier and its cost " * 5, "medium length text"]
    together = embedder.encode(texts)
    alone = np.stack([embedder.encode([t])[0] for t in texts])
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)
    assert np.allclose(together, alone, atol=1e-4)


def test_llama_index_interface(embedder):
    vector = embedder.get_query_embedding("tidal barrier")
    assert len(vector) == 384 and embedder.model_name == MODEL_NAME


def test_int8_precision_stays_close_and_keeps_its_own_indexes(tmp_path, embedder):
    ref = json.loads(REFERENCE.read_text())
    int8 = MiniLMEmbedding(threads=1, precision="int8")
    cosines = (int8.encode(ref["texts"]) * embedder.encode(ref["texts"])).sum(axis=1)
    assert cosines.min() >= 0.97 and cosines.mean() >= 0.985, cosines
    assert int8.model_name == MODEL_NAME + "#int8"

    fp32_index = Index(tmp_path, make_settings(tmp_path), create=True)
    fp32_index.close()
    with pytest.raises(IndexMismatch, match="#int8"):
        Index(tmp_path, make_settings(tmp_path, embed_precision="int8"))


def test_index_built_with_another_model_is_refused(tmp_path):
    settings = make_settings(tmp_path)
    index = Index(tmp_path, settings, create=True)
    index.vectors.collection.modify(metadata={"embed_model": "other/model", "embed_dim": 768})
    index.close()
    with pytest.raises(IndexMismatch, match="other/model"):
        Index(tmp_path, settings)
