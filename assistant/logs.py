"""Logging for the whole package: one logger per module (logging.getLogger(__name__)); the faces call
`setup` once (`--verbose` on the CLI: INFO, twice: DEBUG; ASSISTANT_LOG_LEVEL for the server)."""
from __future__ import annotations

import logging
import os

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
QUIET = ("httpx", "httpcore", "urllib3", "chromadb", "bm25s", "gradio", "openai", "asyncio", "multipart", "matplotlib")


def setup(verbosity: int = 0) -> None:
    """WARNING by default, INFO with one -v, DEBUG with two; other libraries stay at WARNING."""
    named = os.environ.get("ASSISTANT_LOG_LEVEL", "").upper()
    level = getattr(logging, named, None) if named else [logging.WARNING, logging.INFO, logging.DEBUG][min(verbosity, 2)]
    logging.basicConfig(level=level or logging.WARNING, format=FORMAT)
    for name in QUIET:
        logging.getLogger(name).setLevel(max(logging.WARNING, level or logging.WARNING))
