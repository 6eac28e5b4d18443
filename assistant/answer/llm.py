"""The LLM component: any OpenAI-compatible endpoint through the `openai` client, streamed.

Passages go into the prompt fenced and numbered as untrusted data; failures become LLMError with a
message fit for the user (the caller still shows the retrieved sources).
"""
from __future__ import annotations

import html
import re
from datetime import date
from typing import Iterator

import openai

import prompts

from ..settings import Settings
from ..retrieval import Passage

REFUSAL_TOKEN = "NOT_IN_ARTICLES"


class LLMError(RuntimeError):
    """A failure of the language model endpoint, described for the user."""


def _client(settings: Settings) -> openai.OpenAI:
    return openai.OpenAI(api_key=settings.openai_api_key or "not-needed", base_url=settings.openai_base_url or None,
                         timeout=settings.llm_timeout, max_retries=settings.llm_max_retries)


def _attr(value: str | None) -> str:
    return html.escape(value or "", quote=True)


def fence_passages(passages: list[Passage]) -> str:
    """Numbered passages inside tags; tag look-alikes inside article text are defused."""
    blocks = []
    for n, p in enumerate(passages, start=1):
        body = re.sub(r"<(/?)(passages?)\b", r"‹\1\2", p.text, flags=re.I)
        blocks.append(f'<passage n="{n}" title="{_attr(p.title)}" outlet="{_attr(p.source)}" '
                      f'published="{_attr(p.published_at)}">\n{body}\n</passage>')
    return "\n".join(blocks)


def answer_messages(question: str, passages: list[Passage], today: date) -> list[dict]:
    day = today.isoformat()
    return [
        {"role": "system", "content": prompts.render("answer_system", today=day, refusal_token=REFUSAL_TOKEN)},
        {"role": "user", "content": prompts.render("answer_user", today=day, question=question,
                                                   passages=fence_passages(passages))},
    ]


def _describe(exc: Exception, settings: Settings) -> str:
    where = settings.openai_base_url or "the OpenAI API"
    if isinstance(exc, openai.APITimeoutError):
        return f"The language model at {where} did not answer within {settings.llm_timeout:.0f} s."
    if isinstance(exc, openai.APIConnectionError):
        return f"Cannot connect to the language model at {where}."
    if isinstance(exc, openai.AuthenticationError):
        return f"The language model at {where} refused the API key (401). Check OPENAI_API_KEY."
    if isinstance(exc, openai.RateLimitError):
        return f"The language model at {where} is rate-limiting requests (429); try again shortly."
    if isinstance(exc, openai.NotFoundError):
        return f"The model {settings.llm_model!r} was not found at {where} (404). Set ASSISTANT_LLM_MODEL."
    if isinstance(exc, openai.APIStatusError):
        return f"The language model at {where} failed with HTTP {exc.status_code}."
    return f"The language model at {where} failed: {type(exc).__name__}."


def stream_chat(messages: list[dict], settings: Settings) -> Iterator[str]:
    """Yields text deltas. Raises LLMError on any endpoint failure, including a cut stream."""
    try:
        stream = _client(settings).chat.completions.create(
            model=settings.llm_model, messages=messages, temperature=settings.llm_temperature, stream=True)
        finished, produced = False, False
        for event in stream:
            if not event.choices:
                continue
            choice = event.choices[0]
            if choice.delta and choice.delta.content:
                produced = produced or bool(choice.delta.content.strip())
                yield choice.delta.content
            finished = finished or bool(choice.finish_reason)
        if not finished:
            raise LLMError("The language model's answer was cut off before it finished.")
        if not produced:
            raise LLMError("The language model returned an empty answer.")
    except LLMError:
        raise
    except openai.OpenAIError as exc:
        raise LLMError(_describe(exc, settings)) from None
    except Exception as exc:  # a broken stream surfaces as httpx errors
        raise LLMError(f"The language model's answer was cut off ({type(exc).__name__}).") from None


def complete(messages: list[dict], settings: Settings) -> str:
    return "".join(stream_chat(messages, settings)).strip()
