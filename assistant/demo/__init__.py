"""The bundled demo corpus: fictional articles written for this project (public domain, CC0).

Fifteen short stories from six made-up outlets about the town of Port Alder, in every supported
format, including site boilerplate to clean and one syndicated duplicate.
"""
from __future__ import annotations

from pathlib import Path

from rich.console import Console

CORPUS = Path(__file__).parent / "corpus"
EXAMPLE_QUESTIONS = [
    "How much will the Port Alder tidal barrier cost?",
    "Why do the fishers oppose the tidal barrier?",
    "Where did Lumen Grid open its first factory, and how many jobs did it create?",
    "What did the Bank of Norland do with interest rates in May 2026?",
    "Who scored for Brackwater Rovers in the cup final?",
]


def ensure_demo_index(index_dir: Path | None, console: Console, settings=None) -> Path:
    """Ingests the demo corpus into the index when the index holds no articles; returns the index folder."""
    from ingest.indexing import ingest

    from ..app import open_index
    from ..embedding import load_embedder
    from ..progress import ingest_progress
    from ..settings import load_settings

    settings = settings or load_settings()
    index = open_index(index_dir, settings, create=True)
    try:
        if index.manifest.stats()["articles"] == 0:
            console.print(f"Ingesting the demo corpus into {index.directory} ...")
            with ingest_progress(console) as progress:
                report = ingest([str(CORPUS)], index, load_embedder(settings), progress)
            console.print(report.summary())
        return index.directory
    finally:
        index.close()
