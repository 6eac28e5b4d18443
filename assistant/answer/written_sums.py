"""Sums written the many ways people and outlets write them, brought to the one form news prose uses most.

"4.3 billion dollars", "$4.3bn", "4.3bn" and "$US4.3 billion" are all "$4.3 billion" (or "4.3 billion" when no
currency is named), so that a question typed one way matches a sentence printed another: its words (the
sentence holds "4.3" and "billion", never "bn" or "dollars") and its amount (a currency symbol, not a word).
"pounds" is a currency only after a scale word ("5 million pounds"; "200 pounds" is a weight).
"""
from __future__ import annotations

import re

_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_SCALE = {"bn": "billion", "b": "billion", "mn": "million", "m": "million", "k": "thousand"}
_SYMBOL = {"dollar": "$", "usd": "$", "euro": "€", "eur": "€", "pound": "£", "gbp": "£", "yen": "¥"}

_PREFIXED = re.compile(r"\$\s?US\s?(?=\d)|\bUS\$\s?(?=\d)")  # "$US612.1 million", "US$612.1 million"
_SHORT = re.compile(rf"(?P<sym>[$€£¥])\s?(?P<n>{_NUMBER})\s?(?P<s>bn|mn|[mbk])\b|\b(?P<n2>{_NUMBER})\s?(?P<s2>bn|mn)\b", re.I)
_WORDED = re.compile(rf"(?<![$€£¥\w.])(?P<n>{_NUMBER})(?:\s(?P<scale>trillion|billion|million|thousand))?\s(?:US\s)?"
                     r"(?P<cur>dollars?|euros?|usd|eur|gbp|yen|pounds?)\b", re.I)


def _short(m: re.Match) -> str:
    if m.group("sym"):
        return f"{m.group('sym')}{m.group('n')} {_SCALE[m.group('s').lower()]}"
    return f"{m.group('n2')} {_SCALE[m.group('s2').lower()]}"


def _worded(m: re.Match) -> str:
    currency = m.group("cur").lower().rstrip("s")
    if currency == "pound" and not m.group("scale"):
        return m.group(0)  # "200 pounds": a weight
    scale = f" {m.group('scale').lower()}" if m.group("scale") else ""
    return f"{_SYMBOL[currency]}{m.group('n')}{scale}"


def one_form(text: str) -> str:
    """`text` with every sum it writes in the one form ("pay 4.3 billion dollars" -> "pay $4.3 billion")."""
    text = _PREFIXED.sub("$", text)
    text = _SHORT.sub(_short, text)
    return _WORDED.sub(_worded, text)
