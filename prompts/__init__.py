"""Prompt templates live as text files in this folder; `render` fills {placeholders} at run time."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

FOLDER = Path(__file__).parent


@lru_cache(maxsize=None)
def load(name: str) -> str:
    return (FOLDER / f"{name}.txt").read_text(encoding="utf-8")


def render(name: str, **values: str) -> str:
    text = load(name)
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text
