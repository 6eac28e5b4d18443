"""Sums written the many ways people and outlets write them, brought to the one form news prose uses most.

"4.3 billion dollars", "$4.3bn", "4.3bn" and "$US4.3 billion" are all "$4.3 billion" (or "4.3 billion" when no
currency is named), so that a question typed one way matches a sentence printed another: its words (the
sentence holds "4.3" and "billion", never "bn" or "dollars") and its amount (a currency symbol, not a word).
"pounds" is a currency only after a scale word ("5 million pounds"; "200 pounds" is a weight).
"""
from __future__ import annotations

import re

_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_SCALE = {"tn": "trillion", "t": "trillion", "bn": "billion", "b": "billion", "mn": "million", "mil": "million",
          "m": "million", "k": "thousand"}
_SYMBOL = {"dollar": "$", "usd": "$", "euro": "€", "eur": "€", "pound": "£", "gbp": "£", "yen": "¥"}

_PREFIXED = re.compile(r"\$\s?US\s?(?=\d)|\bUS\$\s?(?=\d)")  # "$US612.1 million", "US$612.1 million"
# "$4.3bn", "$65M", "$1.2T", "4.3bn" (a letter scale touches its number; "bn"/"mn" alone only in lower case: "Route 169 MN")
_SHORT = re.compile(rf"(?P<sym>[$€£¥])\s?(?P<n>{_NUMBER})(?:\s?(?P<s>(?i:bn|mn|tn|mil))|(?P<s1>(?i:[mbkt])))\b"
                    rf"|\b(?P<n2>{_NUMBER})\s?(?P<s2>bn|mn|tn)\b")
# "4.3 billion dollars", "$20,000 USD" (a symbol already there stays); "2023 dollars" is a year's dollars, not a sum
_WORDED = re.compile(rf"(?<![\w.,])(?P<sym>[$€£¥])?(?P<n>{_NUMBER})(?:\s(?P<scale>trillion|billion|million|thousand))?\s(?:US\s)?"
                     r"(?P<cur>dollars?|euros?|usd|eur|gbp|yen|pounds?)\b", re.I)
_YEAR = re.compile(r"(?:19|20)\d\d")


def _short(m: re.Match) -> str:
    if m.group("sym"):
        return f"{m.group('sym')}{m.group('n')} {_SCALE[(m.group('s') or m.group('s1')).lower()]}"
    return f"{m.group('n2')} {_SCALE[m.group('s2')]}"


def _worded(m: re.Match) -> str:
    currency = m.group("cur").lower().rstrip("s")
    scale = f" {m.group('scale').lower()}" if m.group("scale") else ""
    if not m.group("sym") and not scale and (currency == "pound" or _YEAR.fullmatch(m.group("n"))):
        return m.group(0)  # "200 pounds" is a weight, "2023 dollars" a year's dollars
    return f"{m.group('sym') or _SYMBOL[currency]}{m.group('n')}{scale}"


def one_form(text: str) -> str:
    """`text` with every sum it writes in the one form ("pay 4.3 billion dollars" -> "pay $4.3 billion")."""
    text = _PREFIXED.sub("$", text)
    text = _SHORT.sub(_short, text)
    return _WORDED.sub(_worded, text)
