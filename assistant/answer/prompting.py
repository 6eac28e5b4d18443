"""Builds the answer prompt: passages fenced as untrusted, numbered data, fitted to the model's context.

Untrusted text (articles, questions, earlier answers) is defused before it enters a prompt: look-alike
characters folded (full-width, zero-width), HTML entities decoded, then every angle bracket and chat
template token replaced, so nothing inside a fence can close it or start a new turn.
"""
from __future__ import annotations

import html
import math
import re
import unicodedata
from datetime import date

import prompts

from ..core import Passage
from ..settings import Settings

REFUSAL_TOKEN = "NOT_IN_ARTICLES"
CHARS_PER_TOKEN = 3.2  # conservative for English BPE vocabularies (most give about 4)
PROMPT_MARGIN = 64  # tokens kept free for the chat template's own tokens
MIN_PASSAGE_TOKENS = 120  # below this a passage says too little to be worth sending
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_TEMPLATE_TOKENS = re.compile(r"\[/?INST\]|<<\s*/?SYS\s*>>|\|(?:im_start|im_end|endoftext|eot_id|start_header_id|end_header_id)\|"
                              r"|(?:start|end)_of_turn", re.I)


class PromptTooLong(ValueError):
    """Not even one passage fits the model's context beside the instructions and the answer."""


def defuse(text: str) -> str:
    """Untrusted text made inert inside a fenced prompt."""
    text = unicodedata.normalize("NFKC", html.unescape(text or ""))
    text = _INVISIBLE.sub("", text)
    text = _TEMPLATE_TOKENS.sub(lambda m: m.group(0).replace("|", "¦").replace("[", "(").replace("]", ")").replace("_", " "), text)
    return text.replace("<", "‹").replace(">", "›")


def estimate_tokens(text: str, chars_per_token: float = CHARS_PER_TOKEN) -> int:
    return math.ceil(len(text) / chars_per_token)


def passage_block(n: int, p: Passage, body: str | None = None) -> str:
    meta = " · ".join(x for x in (p.source, (p.published_at or "")[:10], f"by {p.author}" if p.author else None) if x)
    head = defuse(f"[{n}] {p.title}" + (f" ({meta})" if meta else ""))
    return f"{head}\n{defuse(p.body if body is None else body)}"


def answer_messages(question: str, passages: list[Passage], today: date, settings: Settings,
                    context: int | None = None, chars_per_token: float = CHARS_PER_TOKEN) -> tuple[list[dict], list[Passage]]:
    """The chat messages, and the passages that fit: as many of the best as the context holds beside the
    instructions and `llm_max_tokens` of answer (the last one cut short if that is all that fits)."""
    day = today.isoformat()
    system = prompts.render("answer_system", today=day, refusal_token=REFUSAL_TOKEN)

    def user(blocks: list[str]) -> str:
        return prompts.render("answer_user", today=day, question=defuse(question), passages="\n\n".join(blocks),
                              refusal_token=REFUSAL_TOKEN)

    blocks: list[str] = []
    used: list[Passage] = []
    if context:
        budget = context - settings.llm_max_tokens - PROMPT_MARGIN - estimate_tokens(system + user([]), chars_per_token)
        for p in passages:
            block = passage_block(len(used) + 1, p)
            cost = estimate_tokens(block, chars_per_token) + 2
            if cost > budget:
                room = int((budget - 2) * chars_per_token) - len(block) + len(p.body)
                if room >= MIN_PASSAGE_TOKENS * chars_per_token:
                    blocks.append(passage_block(len(used) + 1, p, p.body[:room].rsplit(" ", 1)[0] + " …"))
                    used.append(p)
                break
            budget -= cost
            blocks.append(block)
            used.append(p)
        if not used:
            raise PromptTooLong(f"the model's context of {context} tokens holds no passage beside the instructions and "
                                f"{settings.llm_max_tokens} tokens of answer")
    else:
        blocks = [passage_block(n, p) for n, p in enumerate(passages, start=1)]
        used = list(passages)
    return [{"role": "system", "content": system}, {"role": "user", "content": user(blocks)}], used
