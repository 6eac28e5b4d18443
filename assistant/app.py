"""The composition root: builds, for one process, the settings, the embedder, the index and the pipeline.

Every face (the CLI, the UI, the evals, the Python API) starts here and passes what it built down;
nothing below keeps process-wide state, so two assistants with different settings in one process share
nothing, and the embedder always matches the settings the index was opened with.
"""
from __future__ import annotations

from pathlib import Path

from .embedding import load_embedder
from .pipeline import Assistant
from .retrieval import RetrievalProfile
from .settings import Settings, load_settings
from .store import Index


def open_index(index_dir: Path | str | None = None, settings: Settings | None = None, create: bool = False) -> Index:
    settings = settings or load_settings()
    return Index(index_dir or settings.index_dir, settings, create=create)


def open_assistant(index_dir: Path | str | None = None, settings: Settings | None = None, embedder=None,
                   profile: RetrievalProfile | None = None, create: bool = False) -> Assistant:
    """The assistant over an index: `embedder` defaults to a new one for `settings`, `profile` to the
    retrieval profile (with the changes of ASSISTANT_RETRIEVAL_PROFILE, if set)."""
    settings = settings or load_settings()
    index = open_index(index_dir, settings, create)
    return Assistant(index, embedder or load_embedder(settings), settings,
                     profile or RetrievalProfile.load(settings.retrieval_profile))
