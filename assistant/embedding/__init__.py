"""The embedding component: one local model, built once per process."""
from __future__ import annotations

from functools import lru_cache

from ..settings import get_settings
from .minilm import MODEL_NAME, EmbeddingModelMissing, MiniLMEmbedding, model_id

__all__ = ["MODEL_NAME", "EmbeddingModelMissing", "MiniLMEmbedding", "get_embedder", "model_id"]


@lru_cache(maxsize=1)
def get_embedder() -> MiniLMEmbedding:
    s = get_settings()
    return MiniLMEmbedding(threads=s.embed_threads, embed_batch_size=s.embed_batch_size, precision=s.embed_precision)
