"""The answering pipeline, one function per stage: condense -> retrieve -> generate -> cite.

`Assistant.ask_stream` yields events that the CLI prints, the UI renders and the evals score: one code
path, three faces.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from datetime import date
from typing import Iterator

from .answer.citations import Citation
from .answer.condense import condense
from .answer.llm import STOP, ContextOverflow, LLMError, context_window, stream_chat
from .answer.offline import answer_offline
from .answer.prompting import REFUSAL_TOKEN, PromptTooLong, answer_messages
from .answer.spelling import mend_slips
from .answer.support import ClaimCheck
from .answer.verify import verify
from .core import Passage
from .filters import Filters
from .retrieval import RetrievalProfile, retrieve
from .settings import Settings
from .store import Index

log = logging.getLogger(__name__)
REFUSAL = "The articles don't say."
EXTRACTIVE_NOTE = "Answered from the article text without a language model."
FALLBACK_NOTE = "Showing an answer taken from the article text instead."
MAX_UNSUPPORTED = 0.5  # a model answer with more than this share of unsupported sentences is replaced


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
    claims: list[ClaimCheck] = field(default_factory=list)  # every claim of the answer, checked against its passage
    read_as: list[tuple[str, str]] = field(default_factory=list)  # slips mended in the question: (typed, read as)

    @property
    def unsupported_claims(self) -> int:
        return sum(not c.supported for c in self.claims)

    def to_public(self) -> dict:
        return {"answer": self.answer, "citations": [c.to_public() for c in self.citations], "refused": self.refused,
                "mode": self.mode, "notice": self.notice, "unsupported_claims": self.unsupported_claims,
                "read_as": [{"typed": typed, "read_as": fixed} for typed, fixed in self.read_as]}


@dataclass
class Event:
    kind: str  # "passages" | "delta" | "result"
    data: object


class Assistant:
    """The pipeline over one index: built by the composition root (app.open_assistant), which gives it its
    index, embedder, settings and retrieval profile."""

    def __init__(self, index: Index, embedder, settings: Settings, profile: RetrievalProfile | None = None) -> None:
        self.index, self.embedder, self.settings = index, embedder, settings
        self.profile = profile or RetrievalProfile()
        self._context: int | None = None  # the LLM's context window in tokens, once known (0: unknown)

    def retrieve(self, query: str, top_k: int | None = None, filters: Filters | None = None) -> list[Passage]:
        return retrieve(self.index.snapshot(), query, top_k or self.settings.top_k, filters, self.embedder, self.profile)

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
        snapshot = self.index.snapshot()  # one version of the index for this whole answer
        standalone, read_as = mend_slips(standalone, snapshot.keyword) if self.settings.mend_slips else (standalone, [])
        if passages is None:
            passages = retrieve(snapshot, standalone, top_k or self.settings.top_k, filters, self.embedder, self.profile)
        timings["retrieve"] = time.perf_counter() - t
        log.info("%d passages for %r (snapshot %s) in %.0f ms", len(passages), standalone, snapshot.version,
                 timings["retrieve"] * 1000)
        yield Event("passages", passages)

        t = time.perf_counter()
        notice, reason, unchecked = None, None, []
        raw, refused, mode, used = "", False, "extractive", passages
        if not passages:
            refused, reason = True, "No article in the index matches the question."
        elif self.settings.llm_enabled:
            try:
                mode = "llm"
                raw, used = yield from self._generate(standalone, passages, today)
                refused = REFUSAL_TOKEN in raw or not raw.strip()
            except LLMError as exc:
                log.warning("language model failed, answering from the article text: %s", exc)
                notice, mode, used = f"{exc} {FALLBACK_NOTE}", "extractive", passages
        if mode == "extractive" and passages:
            offline = answer_offline(standalone, passages, snapshot, self.embedder, self.settings.min_answer_score)
            raw, refused, reason, unchecked = offline.text, offline.refused, offline.reason, offline.unchecked or []
            used = offline.passages or passages
        timings["generate"] = time.perf_counter() - t

        t = time.perf_counter()
        checked = verify("" if refused else raw, used, mode == "llm", self.settings.claim_min_share, unchecked)
        if mode == "llm" and not refused and checked.checks and checked.unsupported > len(checked.checks) * MAX_UNSUPPORTED:
            # mostly not backed by the passages: the model's text is not shown, the article text answers instead
            notice = (f"The language model's answer was mostly not backed by the passages ({checked.unsupported} of "
                      f"{len(checked.checks)} sentences). {FALLBACK_NOTE}")
            mode = "extractive"
            offline = answer_offline(standalone, passages, snapshot, self.embedder, self.settings.min_answer_score)
            raw, refused, reason, unchecked = offline.text, offline.refused, offline.reason, offline.unchecked or []
            used = offline.passages or passages
            checked = verify("" if refused else raw, used, False, self.settings.claim_min_share, unchecked)
        timings["cite"] = time.perf_counter() - t
        answer, citations = checked.answer, checked.citations
        if not refused and not any(c.supported for c in checked.checks) and not (citations and unchecked):
            refused = True  # an answer with no claim backed by the articles is not an answer
            if mode == "llm" and raw.strip():
                reason = "The model's answer could not be matched to any passage, so it is not shown."
        if refused:
            answer, citations = f"{REFUSAL} {reason}".strip() if reason else REFUSAL, []
        yield Event("result", AnswerResult(question, standalone, answer, citations, used, refused, mode,
                                           notice, checked.removed_markers, timings, [] if refused else checked.checks,
                                           read_as))

    def _generate(self, question: str, passages: list[Passage], today: date):
        """Streams the model's answer as "delta" events; returns (the whole answer, the passages sent).
        When the server reports the prompt longer than its context, the passages are fitted to the window
        it reported and the question asked once more."""
        if self._context is None:
            self._context = context_window(self.settings) or 0
        context, chars_per_token = self._context or None, None
        for attempt in (1, 2):
            try:
                messages, used = answer_messages(question, passages, today, self.settings, context,
                                                 **({"chars_per_token": chars_per_token} if chars_per_token else {}))
            except PromptTooLong as exc:
                raise LLMError(f"The question does not fit the language model's context: {exc}. Set "
                               "ASSISTANT_LLM_CONTEXT to the server's context size or lower ASSISTANT_LLM_MAX_TOKENS.") from None
            full: list[str] = []
            try:
                for delta in self._hold_refusal(stream_chat(messages, self.settings, stop=STOP), full):
                    yield Event("delta", delta)
                return "".join(full), used
            except ContextOverflow as exc:
                if attempt == 2 or full or not exc.context:
                    raise
                self._context = context = exc.context
                sent = sum(len(m["content"]) for m in messages)
                chars_per_token = min(sent / exc.prompt_tokens, 4.0) * 0.9 if exc.prompt_tokens else None
        raise AssertionError("unreachable")

    @staticmethod
    def _hold_refusal(deltas: Iterator[str], full: list[str]) -> Iterator[str]:
        """Passes deltas on (all of them also into `full`), holding back a possible refusal token."""
        held = ""
        for delta in deltas:
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
