"""Text from articles made safe for a terminal: control characters and escape sequences removed, so a
title cannot move the cursor, recolour the screen or hide what follows."""
from __future__ import annotations

import re

_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def safe_text(text: str | None) -> str:
    """Escape sequences and control characters (bidi overrides included) removed; newlines and tabs kept."""
    return _CONTROL.sub("", _ANSI.sub("", text or ""))
