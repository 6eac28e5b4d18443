"""Follow-up questions: turned into a standalone question, by the LLM when configured, else by a rule."""
from __future__ import annotations

import re
from datetime import date

import prompts

from ..settings import Settings
from .llm import LLMError, complete

_FOLLOW_UP = re.compile(
    r"\b(he|she|it|they|them|him|his|her|hers|its|their|theirs|this|that|these|those|there|then|the same|the other)\b"
    r"|^\s*(and|but|also|what about|how about|why|when|where)\b", re.I)


def needs_context(question: str) -> bool:
    return bool(_FOLLOW_UP.search(question)) or len(re.findall(r"\w{3,}", question)) < 4


def condense_by_rule(question: str, history: list[tuple[str, str]]) -> str:
    """Prefixes the last user question, whose names the follow-up most likely refers to."""
    previous = next((q for q, _ in reversed(history) if q.strip()), "")
    return f"{previous.strip()} {question.strip()}" if previous else question


def condense(question: str, history: list[tuple[str, str]], settings: Settings, today: date) -> str:
    if not history or not needs_context(question):
        return question
    if not settings.llm_enabled:
        return condense_by_rule(question, history)
    transcript = "\n".join(f"User: {q}\nAssistant: {a[:600]}" for q, a in history[-4:])
    messages = [{"role": "user", "content": prompts.render("condense", today=today.isoformat(),
                                                           history=transcript, question=question)}]
    try:
        rewritten = complete(messages, settings)
    except LLMError:
        return condense_by_rule(question, history)
    rewritten = rewritten.strip().strip('"').splitlines()[0] if rewritten.strip() else ""
    return rewritten if 3 <= len(rewritten) <= 500 else condense_by_rule(question, history)
