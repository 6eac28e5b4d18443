"""The user's settings in one typed object, read from environment variables (prefix ASSISTANT_): where the
index lives, which model answers, how many passages, limits, the UI's address. How retrieval's stages
are tuned is not here: that is the versioned RetrievalProfile (assistant/retrieval/profile.py).

OPENAI_API_KEY / OPENAI_BASE_URL are read without the prefix, as every OpenAI client does.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def _data_dir() -> Path:
    return Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "news-assistant"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_file=None, extra="ignore")

    # --- storage ---
    index_dir: Path = Field(default_factory=lambda: _data_dir() / "index", description="Folder holding Chroma, the keyword index and the manifest.")
    demo_index_dir: Path = Field(default_factory=lambda: _data_dir() / "demo-index", description="Where `assistant demo` keeps the demo corpus.")
    collection: str = "news"
    chroma_host: str | None = Field(None, description="Use a Chroma server (host) instead of the embedded store.")
    chroma_port: int = 8000
    # a reader of a server's archive (a folder without a manifest) asks the server for its version at most this often
    server_check_seconds: float = 1.0

    # --- ingest ---
    max_file_mb: int = 200
    # each file is read in a worker process with these limits; a file over one is named and skipped
    read_cpu_seconds: int = 60  # CPU time (kernel-counted: a busy machine does not trip it)
    read_memory_mb: int = 2048  # address space of the reader (a 150 MB JSON export peaks at about 530 MB)
    read_timeout_seconds: int = 600  # wall clock, for a file stuck on I/O
    write_batch: int = 256  # chunks embedded and written to Chroma together
    # chunks per segment of the keyword index: its rebuild holds one segment at a time (README "Ingest memory")
    keyword_segment_chunks: int = 20000
    # a new text at a known url replaces the indexed one only if it shares this share of the shorter
    # one's word 3-grams (an edit); otherwise both are kept (a homepage url given for many articles)
    same_url_min_overlap: float = 0.5

    # --- chunking ---
    chunk_tokens: int = 256
    chunk_overlap: int = 32

    # --- embedding ---
    embed_batch_size: int = 32
    embed_threads: int = Field(default_factory=lambda: os.cpu_count() or 1)
    # int8: ~1.9x faster ingest for big archives, retrieval measured equal on MultiHop-RAG (README "Performance");
    # an index keeps the precision it was built with
    embed_precision: Literal["fp32", "int8"] = "fp32"

    # --- retrieval (the stages' tuning is the versioned RetrievalProfile, not a user setting) ---
    top_k: int = Field(6, description="Passages an answer draws on.")
    mend_slips: bool = Field(True, description="Read a typing slip in a question as the index's word one slip away "
                                               "('aslyum' as 'asylum'; answer/spelling.py); the answer says so.")
    retrieval_profile: Path | None = Field(None, description="JSON of {'stage.field': value} changes to the retrieval "
                                                             "profile, for experiments (evals.retrieval_sweep).")

    # --- answering ---
    openai_api_key: str | None = Field(None, validation_alias=AliasChoices("OPENAI_API_KEY", "ASSISTANT_OPENAI_API_KEY"))
    openai_base_url: str | None = Field(None, validation_alias=AliasChoices("OPENAI_BASE_URL", "ASSISTANT_OPENAI_BASE_URL"))
    llm_model: str = "gpt-4o-mini"
    llm_timeout: float = 60.0
    llm_max_retries: int = 2
    llm_temperature: float = 0.1
    llm_max_tokens: int = Field(512, description="Longest answer the model may write (tokens).")
    llm_context: int | None = Field(None, description="The model's context window in tokens; asked from the server when unset.")
    min_answer_score: float = 0.35  # offline refusal bar: the best sentence's relevance (README "Answers")
    claim_min_share: float = 0.75  # a claim is backed by its passage when this share of its content words (and every number) is there

    debug: bool = False  # the CLI shows a traceback for an unexpected error (otherwise one line)

    # --- UI ---
    host: str = "127.0.0.1"
    port: int = 7860
    upload_max_mb: int = 20  # per file uploaded through the chat UI
    upload_name_max_bytes: int = 120  # uploaded file names are shortened to this (UTF-8), keeping the extension
    ui_auth: str | None = Field(None, description="user:password; required to bind an address other than loopback.")

    @property
    def llm_enabled(self) -> bool:
        return bool(self.openai_api_key or self.openai_base_url)


def load_settings(**overrides) -> Settings:
    """The settings from the environment (ASSISTANT_*, OPENAI_*), with `overrides` on top. Built by the
    composition root (app.py) and passed down; nothing keeps a process-wide copy."""
    return Settings(**overrides)
