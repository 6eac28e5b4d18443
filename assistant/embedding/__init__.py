"""The embedding component: one local model (MiniLM on onnxruntime), built from the settings it is given."""
from __future__ import annotations

from ..settings import Settings
from .minilm import MODEL_NAME, EmbeddingModelMissing, MiniLMEmbedding, model_id

__all__ = ["MODEL_NAME", "EmbeddingModelMissing", "MiniLMEmbedding", "load_embedder", "model_id"]


def load_embedder(settings: Settings) -> MiniLMEmbedding:
    """A new embedder for these settings (threads, batch size, precision); loading takes a second or two,
    so the composition root builds one per process and passes it on."""
    return MiniLMEmbedding(threads=settings.embed_threads, embed_batch_size=settings.embed_batch_size,
                           precision=settings.embed_precision)
