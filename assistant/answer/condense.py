"""Follow-up questions: turned into a standalone question, by the LLM when configured, else by a rule.

A model's rewrite is used only when it reads as one question and brings in no name or number that the
conversation does not hold; otherwise the offline rule is used (small models answer the question,
prefix "User:", or invent an entity).
"""
from __future__ import annotations

import logging
import re
from datetime import date

import prompts

from ..settings import Settings
from .llm import LLMError, complete
from .prompting import defuse

log = logging.getLogger(__name__)
CONDENSE_MAX_TOKENS = 96
HISTORY_TURNS = 4
ANSWER_CHARS = 600  # of each earlier answer, in the rewrite prompt
_FOLLOW_UP = re.compile(
    r"\b(he|she|it|they|them|him|his|her|hers|its|their|theirs|this|that|these|those|there|then|the same|the other)\b"
    r"|^\s*(and|but|also|what about|how about|why|when|where)\b", re.I)
_QUESTION_START = re.compile(r"^(?:who|whom|whose|what|which|when|where|why|how|did|does|do|is|was|are|were|has|have|had"
                             r"|can|could|will|would|should|in|on|at|by|for|from|according|between)\b", re.I)
_ROLE = re.compile(r"^\s*(?:user|assistant|human|ai|q|question|standalone question|rewritten question)\s*:\s*", re.I)
_NAME_OR_NUMBER = re.compile(r"\b(?:[A-Z][\w'’-]+|\d[\d,.]*)\b")


def needs_context(question: str) -> bool:
    return bool(_FOLLOW_UP.search(question)) or len(re.findall(r"\w{3,}", question)) < 4


def condense_by_rule(question: str, history: list[tuple[str, str]]) -> str:
    """The follow-up with the last user question's subject in brackets ("How many jobs did it create?
    (Lumen Grid open its first factory)"): it keeps the follow-up's own question and the names it refers to."""
    asked = [q for q, _ in reversed(history) if q.strip()]
    named = [q for q in asked if re.search(r"\s[A-Z]", q.strip())]  # names a subject ("... Lumen Grid ...")
    previous = (named or asked or [""])[0]
    if not previous:
        return question
    subject = re.sub(r"^(?:how\s+(?:many|much|long|old)\s+\w+|\w+)\s+", "", previous.strip().rstrip("?")) \
        if _QUESTION_START.match(previous.strip()) else previous.strip().rstrip("?")
    subject = re.sub(r"^(?:(?:did|does|do|is|was|are|were|has|have|had|the|a|an)\s+)+", "", subject, flags=re.I)
    return f"{question.strip().rstrip('?')} ({subject})?"


def valid_rewrite(rewrite: str, question: str, history: list[tuple[str, str]]) -> bool:
    """One question, no role label, nothing the conversation does not already hold."""
    if not rewrite or "\n" in rewrite or not 3 <= len(rewrite) <= 500 or _ROLE.match(rewrite):
        return False
    if not (rewrite.rstrip().endswith("?") or _QUESTION_START.match(rewrite)):
        return False
    known = " ".join([question] + [f"{q} {a}" for q, a in history]).casefold()
    first = rewrite.split(maxsplit=1)[0]
    return all(m.group(0).casefold() in known for m in _NAME_OR_NUMBER.finditer(rewrite) if m.group(0) != first)


def condense(question: str, history: list[tuple[str, str]], settings: Settings, today: date) -> str:
    if not history or not needs_context(question):
        return question
    if not settings.llm_enabled:
        return condense_by_rule(question, history)
    transcript = "\n".join(f"User: {defuse(q)}\nAssistant: {defuse(a[:ANSWER_CHARS])}" for q, a in history[-HISTORY_TURNS:])
    messages = [{"role": "user", "content": prompts.render("condense", today=today.isoformat(), history=transcript,
                                                           question=defuse(question))}]
    try:
        rewritten = complete(messages, settings, CONDENSE_MAX_TOKENS)
    except LLMError:
        return condense_by_rule(question, history)
    rewritten = rewritten.strip().strip('"').strip()
    if valid_rewrite(rewritten, question, history):
        return rewritten
    log.info("follow-up rewrite %r rejected; using the offline rule", rewritten)
    return condense_by_rule(question, history)
