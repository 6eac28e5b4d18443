"""Prompt templates live as text files in this folder; `render` fills their {placeholders}.

Strict: one pass over the template only, so text put in (a question holding "{passages}") is never
substituted again; a placeholder without a value, or a value without a placeholder, is an error
rather than a silently wrong prompt.
"""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

FOLDER = Path(__file__).parent
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class PromptError(KeyError):
    """A template and its values do not match."""


@lru_cache(maxsize=None)
def load(name: str) -> str:
    return (FOLDER / f"{name}.txt").read_text(encoding="utf-8")


def placeholders(name: str) -> set[str]:
    return set(_PLACEHOLDER.findall(load(name)))


def render(name: str, **values: str) -> str:
    wanted = placeholders(name)
    if wanted != set(values):
        raise PromptError(f"prompt {name!r} needs {sorted(wanted)}, got {sorted(values)}")
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], load(name))
