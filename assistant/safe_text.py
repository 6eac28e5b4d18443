"""Untrusted text (titles, outlets, file names, article text) made safe to show.

For a terminal: control characters (ESC sequences that recolour, move the cursor or retitle the
window, BEL, backspace, C1 controls such as CSI) are shown as visible escapes, `\\x1b`, and bidi
controls are dropped. For a page: bidi controls are dropped, since an RLO (U+202E) in a title reorders
the title and the text after it; the page also isolates each title with <bdi> (ui_render.py).
"""
from __future__ import annotations

import re

# LRM, RLM, ALM; LRE, RLE, PDF, LRO, RLO; LRI, RLI, FSI, PDI
BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]")
_TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # all but tab and newline


def without_bidi_controls(text: str) -> str:
    return BIDI_CONTROLS.sub("", text)


def terminal_text(text: str) -> str:
    """Text that prints as itself: controls written as \\xNN, bidi controls removed."""
    text = without_bidi_controls(text)
    return _TERMINAL_CONTROLS.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
