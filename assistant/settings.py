"""All configuration in one typed object, read from environment variables (prefix ASSISTANT_).

OPENAI_API_KEY / OPENAI_BASE_URL are read without the prefix, as every OpenAI client does.
"""
from __future__ import annotations

import os
from functools import lru_cache
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

    # --- ingest ---
    max_file_mb: int = 200
    # each file is read in a worker process with these limits; a file over one is named and skipped
    read_cpu_seconds: int = 60  # CPU time (kernel-counted: a busy machine does not trip it)
    read_memory_mb: int = 2048  # address space of the reader (a 150 MB JSON export peaks at about 530 MB)
    read_timeout_seconds: int = 600  # wall clock, for a file stuck on I/O
    write_batch: int = 256  # chunks embedded and written to Chroma together
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

    # --- retrieval ---
    top_k: int = 6
    candidates: int = 50  # per retriever, before fusion
    max_per_article: int = 3  # passages from one article in one result (MultiHop-RAG dev: all-evidence@10 0.349 -> 0.365)
    outlet_slots: bool = True  # outlets named in the question each get their best passage first
    outlet_articles: int = 1  # articles per named outlet given a first place (2 or 3: all-articles up, all-evidence down)
    outlet_closest_pool: int = 50  # ...then one more article each: nearest the question among its 50 best chunks by words (0: off; all-articles 0.679 -> 0.702)
    facet_rounds: int = 2  # each part of a multi-part question gets this many passages (all-evidence@10 0.365 -> 0.395)
    facet_mix: float = 0.2  # share of the whole question's score in a part's ranking (0.3 before sentence vectors)
    facet_min_terms: int = 2  # parts with fewer known search terms are not searched alone
    facet_pool: int = 60  # parts search only the articles of the whole question's top 60 chunks (all-evidence 0.397 -> 0.404)
    facet_named_scope: bool = True  # ...and of the outlets the question names, if any (all-evidence 0.443 -> 0.452)
    facet_dense: float = 0.6  # share of a part's score from MiniLM's cosine to a chunk's closest sentence (README "Measured")
    facet_dense_candidates: int = 100  # chunks per part compared sentence by sentence (the words' best)
    facet_outlet: bool = True  # a part that names an outlet searches that outlet only (all-evidence 0.404 -> 0.413, Hits@10 0.895 -> 0.913)
    facet_sentence: float = 0.6  # share of a part's score from its best-matching sentence (all-evidence 0.413 -> 0.424)
    date_boost: float = 0.5  # articles published within a day of a date the question (or a part of it) names: Hits@10 0.920 -> 0.931
    passage_chars: int = 1400  # a passage is its chunk widened with neighbouring sentences up to this size
    closest_sentence: float = 0.6  # a candidate's fused score gains this x the question's cosine to its closest sentence (all-evidence 0.473 -> 0.484)
    order_step: float = 0.04  # final order: a passage moves up past others whose evidence score is this much lower per place (0: off)
    order_words: float = 0.3  # ...its evidence score: closest-sentence cosine + this x one sentence's share of the words
    keyword_weight: float = 0.8  # share of the fused score given to BM25 (tuned on MultiHop-RAG dev: README "Measured")

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


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
