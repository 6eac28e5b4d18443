"""The answering pipeline, one function per stage: condense -> retrieve -> generate -> cite.

`Assistant.ask_stream` yields events that the CLI prints, the UI renders and the evals score: one code
path, three faces.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import date
from typing import Iterator

from .answer.citations import Citation, finalize
from .answer.condense import condense
from .answer.llm import REFUSAL_TOKEN, LLMError, answer_messages, stream_chat
from .answer.offline import answer_offline
from .filters import Filters
from .retrieval import Passage, retrieve
from .settings import Settings, get_settings
from .store import Index

REFUSAL = "The articles don't say."
EXTRACTIVE_NOTE = "(Quoted from the articles; no language model is configured.)"


@dataclass
class AnswerResult:
    question: str
    standalone_question: str
    answer: str
    citations: list[Citation]
    passages: list[Passage]
    refused: bool
    mode: str  # "llm" or "extractive"
    notice: str | None = None  # e.g. why the LLM was not used
    removed_markers: int = 0
    timings: dict[str, float] = field(default_factory=dict)

    def to_public(self) -> dict:
        return {"answer": self.answer, "citations": [c.to_public() for c in self.citations], "refused": self.refused}


@dataclass
class Event:
    kind: str  # "passages" | "delta" | "result"
    data: object


class Assistant:
    def __init__(self, index_dir=None, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()
        self.index = Index(index_dir, self.settings)
        self._embedder = None

    @property
    def embedder(self):
        if self._embedder is None:
            from .embedding import get_embedder

            self._embedder = get_embedder()
        return self._embedder

    def retrieve(self, query: str, top_k: int | None = None, filters: Filters | None = None) -> list[Passage]:
        return retrieve(self.index, query, top_k, filters, embedder=self.embedder)

    def ask(self, question: str, history: list[tuple[str, str]] | None = None, filters: Filters | None = None,
            top_k: int | None = None, today: date | None = None, passages: list[Passage] | None = None) -> AnswerResult:
        result = None
        for event in self.ask_stream(question, history, filters, top_k, today, passages):
            if event.kind == "result":
                result = event.data
        return result

    def ask_stream(self, question: str, history: list[tuple[str, str]] | None = None, filters: Filters | None = None,
                   top_k: int | None = None, today: date | None = None,
                   passages: list[Passage] | None = None) -> Iterator[Event]:
        """Yields "passages", then "delta"s (LLM only), then one "result". Given `passages` (the evals'
        oracle context) replace retrieval."""
        today = today or date.today()
        timings: dict[str, float] = {}

        t = time.perf_counter()
        standalone = condense(question, history or [], self.settings, today)
        timings["condense"] = time.perf_counter() - t

        t = time.perf_counter()
        if passages is None:
            passages = self.retrieve(standalone, top_k, filters)
        timings["retrieve"] = time.perf_counter() - t
        yield Event("passages", passages)

        t = time.perf_counter()
        notice = None
        raw, refused, mode = "", False, "extractive"
        if not passages:
            refused = True
        elif self.settings.llm_enabled:
            try:
                mode, full = "llm", []
                for delta in self._generate(standalone, passages, today, full):
                    yield Event("delta", delta)
                raw = "".join(full)
                refused = REFUSAL_TOKEN in raw or not raw.strip()
            except LLMError as exc:
                notice, mode = f"{exc} Showing an extractive answer from the articles instead.", "extractive"
                raw = ""
        if mode == "extractive" and passages:
            raw, refused = answer_offline(standalone, passages, self.index.keyword, self.embedder,
                                          self.settings.answer_sentences, self.settings.min_answer_score)
        timings["generate"] = time.perf_counter() - t

        answer, citations, removed = finalize(raw, passages)
        if not refused and not citations:
            refused = True  # an answer that cites nothing is not backed by the articles
        if refused:
            answer, citations = REFUSAL, []
        elif mode == "extractive":
            answer = f"{answer}\n\n{EXTRACTIVE_NOTE}"
        yield Event("result", AnswerResult(question, standalone, answer, citations, passages, refused, mode,
                                           notice, removed, timings))

    def _generate(self, question: str, passages: list[Passage], today: date, full: list[str]) -> Iterator[str]:
        """Streams the model's answer (all of it also into `full`), holding back a possible refusal token."""
        held = ""
        for delta in stream_chat(answer_messages(question, passages, today), self.settings):
            full.append(delta)
            held += delta
            if REFUSAL_TOKEN.startswith(held.strip()) and len(held.strip()) < len(REFUSAL_TOKEN):
                continue
            if REFUSAL_TOKEN in held:
                continue
            yield held
            held = ""
        if held and REFUSAL_TOKEN not in held:
            yield held
