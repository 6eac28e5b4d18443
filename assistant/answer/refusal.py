"""Refuses when the question's key names have no support: the articles never mention them.

A key name is what the question is about: a capitalised name (not an outlet of the index, not the
sentence's first word) or, in a question typed in lower case, a word that is neither a common English
word (one piece of the embedding model's vocabulary) nor in the index. A name is missing when no
retrieved passage holds it; when the question names several things and none of the passages holds one
of them, the articles cannot answer it, whatever sentence happens to share its other words. A person's
name is missing too when the passages give its surname to someone else and never write it whole ("Tucker
Carlson" beside Mel Tucker and Daniel Carlson).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..core import Passage
from ..outlets import outlet_key, outlet_mentions
from ..store.keyword import STOPWORDS
from .spans import is_role, is_team

_WORD = r"[A-Z][\w’'&.]*[\w&](?:-[A-Z][\w’'&.]*[\w&])*"
_NAME = re.compile(rf"(?<![\w’'-])({_WORD}(?:\s+(?:(?:of|de|la|van|von|&)\s+)?{_WORD})*)(?![\w-])")
_FIRST_WORDS = re.compile(r"^(?:who|whom|whose|what|which|when|where|why|how|did|does|do|is|was|are|were|has|have|had|can"
                          r"|could|will|would|should|between|after|before|considering|according|in|on|at|for|from|the|a|an"
                          r"|as|of|if|and|but|i|it|its|this|that|these|those|there|then)$", re.I)
_CALENDAR = re.compile(r"^(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday"
                       r"|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)$")


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Whole words of the embedding model's WordPiece vocabulary: ordinary English (about 20k words)."""
    import json

    from ..embedding.minilm import packaged_model_dir

    try:
        data = json.loads((packaged_model_dir() / "tokenizer.json").read_text(encoding="utf-8"))
        vocab = data["model"]["vocab"]
    except (OSError, KeyError, ValueError):
        return frozenset()
    return frozenset(w for w in vocab if w.isalpha() and not w.startswith("##"))


def _norm(text: str) -> str:
    return re.sub(r"[^\w]+", " ", text.casefold()).strip()


def key_names(question: str, outlets: tuple[str, ...]) -> list[str]:
    """The names a question is about (outlet names and calendar words aside)."""
    outlet_keys = {outlet_key(o) for o in outlets} | {_norm(o) for o in outlets}
    names = []
    common = common_words()
    for m in _NAME.finditer(question):
        opening = m.start() == 0 or re.search(r"[:?.!-]\s*$", question[: m.start()])
        if opening and " " not in m.group(1) and m.group(1).lower() in common:
            continue  # "Mystery dog illness: ..." is capitalised by position, not a name
        words = m.group(1).split()
        while words and (_FIRST_WORDS.match(words[0]) or _CALENDAR.match(words[0])):
            words = words[1:]  # "Did", "The", "In" open a sentence; they are not part of a name
        name = " ".join(words).rstrip(".")
        name = re.sub(r"[’']s$", "", name)
        if len(name) < 2 or _norm(name) in outlet_keys or any(_norm(name) in k or k in _norm(name) for k in outlet_keys if len(k) > 3):
            continue
        if outlets and " " not in name and outlet_mentions(name, outlets):
            continue  # an outlet typed by its initials ("NYT")
        names.append(name)
    if not names and question == question.lower():  # typed in lower case: uncommon words may be names
        names = [w for w in re.findall(r"[a-z][a-z0-9-]{3,}", question) if common and w not in common]
    return list(dict.fromkeys(names))


def _is_capitalised(name: str) -> bool:
    return name[:1].isupper()


def _runs(text: str, proper) -> list[list[str]]:
    """The runs of lower-case words of `text`, side by side, for which `proper` holds."""
    runs, run = [], []
    for word in re.findall(r"[a-z][a-z’'-]*", text) + [""]:
        if word and proper(word):
            run.append(word)
        elif run:
            runs.append(run)
            run = []
    return runs


def typed_names(question: str, raw: str) -> list[str]:
    """Two words of a question typed in lower case that the passages only ever write capitalised, side by side
    in the question and between other words ("tucker carlson"): a person's name, in its capitalised form."""
    if question != question.lower():
        return []

    def proper(word: str) -> bool:
        return len(word) > 2 and word not in STOPWORDS and re.search(rf"\b{re.escape(word.capitalize())}\b", raw) is not None \
            and re.search(rf"\b{re.escape(word)}\b", raw) is None

    # "joe biden israel" is two names side by side, not one of three words
    return [" ".join(w.capitalize() for w in run) for run in _runs(question, proper) if len(run) == 2]


def lower_case_names(text: str, raw: str) -> list[str]:
    """Names typed in lower case: runs of the text's words that `raw` (the articles) writes only capitalised
    ("yamamoto", "lsg", "lockie ferguson"); words typed side by side are one name."""
    def proper(word: str) -> bool:
        return word not in STOPWORDS and len(word) > 1 and re.search(rf"\b{re.escape(word)}\b", raw, re.I) is not None \
            and re.search(rf"\b{re.escape(word)}\b", raw) is None

    return [" ".join(run) for run in _runs(text, proper)]


def _someone_else(name: str, texts: list[str]) -> bool:
    """A person's name ("Tucker Carlson") the passages never write, while they give its surname to someone else
    ("Daniel Carlson") and hold its two words in no one passage: the articles speak of other people, whatever
    their words share with the question ("kelce swift", two people of one story, is not one name)."""
    raw = " ".join(texts)
    words = name.split()
    if len(words) != 2 or not all(re.fullmatch(r"[A-Z][a-z]{2,}", w) for w in words):
        return False  # "CEOs Scharff" is a title and a name
    first, last = words
    if first.casefold() not in common_words():
        return False  # "Bezos Musk": a given name is an ordinary word piece of the vocabulary, a rare surname is not
    if re.search(rf"\b{re.escape(first)}\s+(?:[A-Z]\.?\s+)?{re.escape(last)}\b", raw, re.I):
        return False
    if any(re.search(rf"\b{re.escape(first)}\b", t, re.I) and re.search(rf"\b{re.escape(last)}\b", t, re.I) for t in texts):
        return False
    if is_team(last, raw):
        return False
    return any(m.group(1).casefold() != first.casefold() and _given_name(m.group(1), raw)
               for m in re.finditer(rf"\b([A-Z][a-z]+)\s+{re.escape(last)}\b", raw))


def _given_name(word: str, raw: str) -> bool:
    """A word the passages only write before another capitalised word ("Daniel" of "Daniel Carlson"): news gives
    a person's full name once and the surname after, so a given name never stands alone ("Dallas" does)."""
    if _FIRST_WORDS.match(word) or _CALENDAR.match(word) or is_role(word):
        return False
    return all(re.match(r"\s+(?:[A-Z]\.\s+)?[A-Z]", raw[m.end():]) and not re.search(r"\b[A-Z][a-z]+\s+$", raw[:m.start()])
               for m in re.finditer(rf"\b{word}\b", raw))  # "Oklahoma State Cowboys": "State" follows a name


def missing_names(question: str, passages: list[Passage], outlets: tuple[str, ...], keyword=None) -> list[str]:
    """Key names of the question that the articles do not mention: names the index has never seen, or,
    when no passage holds any of the question's names, all of them. (A name of several words counts as
    mentioned when one of its distinctive words is there: "Caroline Ellison" is found by "Ellison".)"""
    texts = [p.text + " " + (p.author or "") for p in passages]
    raw = " ".join(texts)
    text = f" {_norm(raw)} "
    names = key_names(question, outlets)
    others = [name for name in names + typed_names(question, raw) if _someone_else(name, texts)]
    if others:
        return list(dict.fromkeys(others))
    absent = []
    for name in names:
        words = [w for w in _norm(name).split() if len(w) > 2 or w.isdigit()] or _norm(name).split()
        if not any(f" {w} " in text for w in words):
            absent.append((name, words))
    if not absent:
        return []
    unknown = [name for name, words in absent if keyword is not None and not any(keyword.terms(w, known_only=True) for w in words)]
    if unknown:
        return unknown
    # a lower-case word counts only when the index has never seen it (it may be an ordinary word in another form)
    capitalised = [name for name, _ in absent if _is_capitalised(name)]
    return capitalised if capitalised and len(absent) == len(names) else []


_OUTLET_NAME = r"(?:(?:[Tt]he\s+)?[A-Z][\w’'&.-]*(?:\s+(?:of|&|and(?:\s+the)?)?\s*[A-Z][\w’'&.-]*)*)"  # "The Wall Street Journal", "BBC"
_ATTRIBUTED = re.compile(  # the outlet's name keeps its capitals; the words around it may have any case
    rf"\b(?i:articles?|reports?|pieces?|stories|story|coverage|reviews?|columns?|analysis|features?|another)\s+(?i:from|by|in)\s+"
    rf"(?P<a>{_OUTLET_NAME})"
    rf"|\b(?i:as\s+reported\s+(?:by|in))\s+(?P<b>{_OUTLET_NAME})"
    rf"|\b(?i:an?|the)\s+(?P<c>{_OUTLET_NAME})\s+(?i:article|report|review|piece|story|column)s?\b")


def _attributed_outlets(question: str) -> list[str]:
    """Outlets a question says reported something: "an article from The Verge", "as reported by Bloomberg",
    "a Forbes article" (names joined by "and" are split: "The New York Times and The Washington Post")."""
    names = []
    for m in _ATTRIBUTED.finditer(question):
        for part in re.split(r"\s+and\s+(?:the\s+)?", m.group("a") or m.group("b") or m.group("c")):
            part = re.sub(r"^(?:[Tt]he)\s+", "", part).strip(" .'’")
            if part and not _FIRST_WORDS.match(part) and not _CALENDAR.match(part.split()[0]):
                names.append(part)
    return list(dict.fromkeys(names))


def unknown_outlets(question: str, outlets: tuple[str, ...]) -> list[str]:
    """Outlets the question attributes a report to that no article in the index comes from: the archive
    cannot say what they reported."""
    if not outlets:
        return []
    return [name for name in _attributed_outlets(question) if not outlet_mentions(name, outlets)
            and not any(_norm(name) in _norm(o) for o in outlets)]
