"""Typing slips in a question, mended against the index's own words before anything searches it.

A word the index does not know ("aslyum", "secuirty", "goverment") matches nothing in BM25, and the answer's
checks read it as a name no article mentions. It is read as the word one slip away inside it (two neighbours
swapped, a letter left out, a letter doubled; `_one_slip` says which and why no other) that the index holds,
the likeliest kind of slip first, then the word in the most chunks. Only ordinary words are mended, in both
directions: the slip must not be a word of the embedding model's English vocabulary, nor such a word with an
ending ("ticker": "tick" + "er"), and the mend must be one, so a name the articles never mention ("kuzminov",
"gauff") stays as typed and is still refused as unknown. Every mend is reported with the answer ("read
'aslyum' as 'asylum'"); ASSISTANT_MEND_SLIPS=false turns mending off.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..store.keyword import STOPWORDS, KeywordIndex, stem

MAX_LETTERS = 30  # a longer "word" is no slip (and its slips would cost memory by the square of its length)
MIN_LETTERS = 5  # shorter words have too many neighbours one slip away ("bet", "bat", "but")
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_WORD = re.compile(r"(?<![\w'’-])[a-z]{%d,}(?![\w'’])" % MIN_LETTERS)
_SUFFIXES = frozenset("##" + s for s in "s es d ed r er ers ing ly y al ful ness ment able".split())


@lru_cache(maxsize=1)
def _english() -> frozenset[str]:
    from .refusal import common_words

    return common_words()


@lru_cache(maxsize=1)
def _wordpieces():
    from tokenizers import Tokenizer

    from ..embedding.minilm import packaged_model_dir

    tokenizer = Tokenizer.from_file(str(packaged_model_dir() / "tokenizer.json"))
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer


def _derived(word: str, english: frozenset[str]) -> bool:
    """An English word with an ending ("ticker" is "tick" + "er", "streamers"): a word, though not a whole
    word of the vocabulary."""
    pieces = _wordpieces().encode(word, add_special_tokens=False).tokens
    return len(pieces) == 2 and pieces[0] in english and len(pieces[0]) >= 3 and pieces[1] in _SUFFIXES


def _one_slip(word: str) -> list[tuple[int, str]]:
    """The strings one slip away from `word`, each with its rank (lower is likelier): two neighbours swapped,
    a letter left out inside it, a letter typed twice inside it ("allready"). Neither end is read as a slip, nor
    any other extra letter: a word that is another word with a letter more ("dalliance", "broil", "polio",
    "retiree") or less at its end ("aspirin") is most often a word of its own. A changed letter is no slip
    either: it turns names into words ("gauff" -> "gruff")."""
    out = []
    for i in range(1, len(word)):
        if i + 1 < len(word) and word[i] != word[i + 1]:
            out.append((0, word[:i] + word[i + 1] + word[i] + word[i + 2:]))
        out += [(1, word[:i] + c + word[i:]) for c in _LETTERS]
        if word[i] == word[i - 1] and i + 1 < len(word):
            out.append((2, word[:i] + word[i + 1:]))
    return [(rank, w) for rank, w in out if w != word]


def _mend(word: str, keyword: KeywordIndex, english: frozenset[str]) -> str | None:
    if len(word) > MAX_LETTERS or word in english or word in STOPWORDS or stem(word) in keyword.vocab \
            or _derived(word, english):
        return None
    found = [(-rank, int(keyword.df[keyword.vocab[s]]), w) for rank, w in _one_slip(word)
             if w in english and (s := stem(w)) in keyword.vocab]
    return max(found)[2] if found else None


def mend_slips(question: str, keyword: KeywordIndex) -> tuple[str, list[tuple[str, str]]]:
    """The question with its slips mended, and the (typed, read as) pairs."""
    english = _english()
    if not english or not keyword.vocab:
        return question, []
    mends: list[tuple[str, str]] = []

    def mend(m: re.Match) -> str:
        fixed = _mend(m.group(0), keyword, english)
        if fixed is None:
            return m.group(0)
        if (m.group(0), fixed) not in mends:
            mends.append((m.group(0), fixed))
        return fixed

    return _WORD.sub(mend, question), mends


def read_as_line(mends: list[tuple[str, str]]) -> str:
    """"read 'aslyum' as 'asylum'", for the reader."""
    return "read " + ", ".join(f"'{typed}' as '{fixed}'" for typed, fixed in mends)
