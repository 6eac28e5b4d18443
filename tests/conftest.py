"""Shared fixtures: offline environment, one embedder per session, a demo index built once."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ["ANONYMIZED_TELEMETRY"] = "False"
for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "ASSISTANT_INDEX_DIR", "ASSISTANT_LLM_MODEL"):
    os.environ.pop(var, None)

from assistant.demo import CORPUS  # noqa: E402
from assistant.settings import Settings  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SAMPLE_SCRAPE = SHARED / "data" / "samples" / "russian-officer-defects.txt"


@pytest.fixture(scope="session")
def embedder():
    from assistant.embedding import load_embedder

    return load_embedder(Settings())


def make_settings(index_dir: Path, **overrides) -> Settings:
    return Settings(**{"index_dir": index_dir, "openai_api_key": None, "openai_base_url": None, **overrides})


def index_of(tmp_path: Path, embedder, articles: list[dict], **overrides):
    """A fresh index of the given articles (dicts as in a JSONL export), with settings overrides."""
    import json

    from assistant.store import Index
    from ingest.indexing import ingest

    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "articles.jsonl"
    path.write_text("\n".join(json.dumps(a) for a in articles))
    index = Index(tmp_path / "index", make_settings(tmp_path / "index", **overrides), create=True)
    ingest([str(path)], index, embedder)
    return index


def assistant_of(directory: Path, embedder, articles: list[dict]):
    """An assistant answering from a fresh index of the given articles (see index_of)."""
    from assistant.app import open_assistant

    index = index_of(directory, embedder, articles)
    index.close()
    return open_assistant(directory / "index", index.settings, embedder=embedder)


@pytest.fixture(scope="session")
def demo_index_dir(tmp_path_factory, embedder) -> Path:
    """The demo corpus ingested once; tests that change an index copy it first."""
    from assistant.store import Index
    from ingest.indexing import ingest

    directory = tmp_path_factory.mktemp("demo-index")
    index = Index(directory, make_settings(directory), create=True)
    report = ingest([str(CORPUS)], index, embedder)
    assert report.added == 15 and not report.failed, report.summary()
    index.close()
    return directory


@pytest.fixture
def demo_assistant(demo_index_dir, embedder):
    from assistant.app import open_assistant

    assistant = open_assistant(demo_index_dir, make_settings(demo_index_dir), embedder=embedder)
    yield assistant
    assistant.index.close()


@pytest.fixture
def index_copy(demo_index_dir, tmp_path) -> Path:
    target = tmp_path / "index"
    shutil.copytree(demo_index_dir, target)
    return target
