"""The LLM component: any OpenAI-compatible endpoint through the `openai` client, streamed.

Failures become LLMError with a message fit for the user (the caller still answers from the passages).
A prompt longer than the model's context becomes ContextOverflow carrying the window the server
reported, so the caller can fit the passages and try once more.
"""
from __future__ import annotations

import json
import logging
import re
import urllib.request
from typing import Iterator

import httpx
import openai

from ..settings import Settings

log = logging.getLogger(__name__)
_OVERFLOW = re.compile(r"maximum context length is (\d+)|exceeds? (?:the )?(?:available )?context(?: size| window)?(?: of (\d+))?"
                       r"|context[_ ]length[_ ]exceeded|n_ctx[^\d]{0,20}(\d+)", re.I)
_REQUESTED = re.compile(r"(\d+) in the messages|requested (\d+) tokens", re.I)


class LLMError(RuntimeError):
    """A failure of the language model endpoint, described for the user."""


class ContextOverflow(LLMError):
    """The prompt did not fit the model's context window."""

    def __init__(self, message: str, context: int | None, prompt_tokens: int | None) -> None:
        super().__init__(message)
        self.context, self.prompt_tokens = context, prompt_tokens


def _client(settings: Settings) -> openai.OpenAI:
    return openai.OpenAI(api_key=settings.openai_api_key or "not-needed", base_url=settings.openai_base_url or None,
                         timeout=settings.llm_timeout, max_retries=settings.llm_max_retries)


def _where(settings: Settings) -> str:
    return settings.openai_base_url or "the OpenAI API"


def _overflow(exc: openai.APIStatusError, settings: Settings) -> ContextOverflow | None:
    text = str(getattr(exc, "message", "") or exc)
    m = _OVERFLOW.search(text)
    if exc.status_code not in (400, 413, 500) or not m:
        return None
    window = next((int(g) for g in m.groups() if g), None)
    asked = _REQUESTED.search(text)
    prompt = int(next(g for g in asked.groups() if g)) if asked else None
    size = f" of {window} tokens" if window else ""
    return ContextOverflow(f"The question and passages did not fit the context window{size} of the model at "
                           f"{_where(settings)}. Set ASSISTANT_LLM_CONTEXT to the server's context size, lower "
                           f"ASSISTANT_TOP_K or ASSISTANT_LLM_MAX_TOKENS, or start the server with a larger context.",
                           window, prompt)


def _describe(exc: Exception, settings: Settings) -> str:
    where = _where(settings)
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


# where a model that starts echoing the prompt's scaffolding (small local models do) should stop
STOP = ["</passages>", "\nQuestion (asked on", "\n\n\n"]


def stream_chat(messages: list[dict], settings: Settings, max_tokens: int | None = None,
                stop: list[str] | None = None) -> Iterator[str]:
    """Yields text deltas. Raises LLMError on any endpoint failure: before the first token (connection,
    status, overflow) or after it (the stream broke off)."""
    started = False
    try:
        stream = _client(settings).chat.completions.create(
            model=settings.llm_model, messages=messages, temperature=settings.llm_temperature, stream=True,
            max_tokens=max_tokens or settings.llm_max_tokens, **({"stop": stop} if stop else {}))
        finished, produced = False, False
        for event in stream:
            started = True
            if not event.choices:
                continue
            choice = event.choices[0]
            if choice.delta and choice.delta.content:
                produced = produced or bool(choice.delta.content.strip())
                yield choice.delta.content
            finished = finished or bool(choice.finish_reason)
        if not started:  # an empty stream: some servers (llama-cpp-python) report a refused request only without streaming
            _probe(messages, settings)
            raise LLMError(f"The language model at {_where(settings)} closed the stream without answering.")
        if not finished:
            raise LLMError(f"The connection to the language model at {_where(settings)} broke off before the answer finished.")
        if not produced:
            raise LLMError(f"The language model at {_where(settings)} returned an empty answer.")
    except LLMError:
        raise
    except openai.APIStatusError as exc:
        raise (_overflow(exc, settings) or LLMError(_describe(exc, settings))) from None
    except openai.OpenAIError as exc:
        if started:
            raise LLMError(f"The connection to the language model at {_where(settings)} broke off mid-answer.") from None
        raise LLMError(_describe(exc, settings)) from None
    except (httpx.HTTPError, OSError, ValueError) as exc:  # a broken stream surfaces as httpx/socket errors
        log.info("language model stream failed: %r", exc)
        if started:
            raise LLMError(f"The connection to the language model at {_where(settings)} broke off mid-answer "
                           f"({type(exc).__name__}).") from None
        raise LLMError(_describe(exc, settings)) from None


def _probe(messages: list[dict], settings: Settings) -> None:
    """Asks once more without streaming, for one token, to learn why a stream came back empty (raises
    ContextOverflow or LLMError with the server's reason; returns if the request is accepted)."""
    try:
        _client(settings).chat.completions.create(model=settings.llm_model, messages=messages, max_tokens=1,
                                                  temperature=settings.llm_temperature)
    except openai.APIStatusError as exc:
        raise (_overflow(exc, settings) or LLMError(_describe(exc, settings))) from None
    except openai.OpenAIError:
        return


def complete(messages: list[dict], settings: Settings, max_tokens: int | None = None) -> str:
    return "".join(stream_chat(messages, settings, max_tokens)).strip()


def context_window(settings: Settings) -> int | None:
    """The model's context size: ASSISTANT_LLM_CONTEXT, else what the server says about itself (vLLM's and
    LM Studio's /v1/models, llama.cpp's /props), else None (then the prompt is sent whole and an overflow
    reply tells the size)."""
    if settings.llm_context:
        return settings.llm_context
    if not settings.openai_base_url:
        return None
    base = settings.openai_base_url.rstrip("/")
    headers = {"Authorization": f"Bearer {settings.openai_api_key or 'not-needed'}"}
    for url, pick in ((f"{base}/models", _from_models), (re.sub(r"/v1$", "", base) + "/props", _from_props)):
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=min(5.0, settings.llm_timeout)) as r:
                found = pick(json.loads(r.read(1_000_000)))
        except (OSError, ValueError):
            continue
        if found:
            return found
    return None


def _from_models(data: dict) -> int | None:
    for model in data.get("data") or []:
        for key in ("max_model_len", "context_length", "max_context_length", "n_ctx"):
            if isinstance(model.get(key), int):
                return model[key]
        meta = model.get("meta") or {}
        if isinstance(meta.get("n_ctx"), int):
            return meta["n_ctx"]
    return None


def _from_props(data: dict) -> int | None:
    n_ctx = (data.get("default_generation_settings") or {}).get("n_ctx")
    return n_ctx if isinstance(n_ctx, int) else None
