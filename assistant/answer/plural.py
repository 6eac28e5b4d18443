"""Questions that ask for several people holding one role ("openai interim ceos", "who are the founders of X?").

The answer is the best candidate and every other person the articles name in that same role: written right
beside it ("interim CEO Emmett Shear", "Emmett Shear, the co-founder of Twitch, as interim CEO"), with no
other person's name between the two, and scored at least PLURAL_SHARE of the best. A role asked in the singular
("openai interim ceo") still gets one name.
"""
from __future__ import annotations

import re

from . import spans
from .evidence import Sentence
from .facts import Candidate

PLURAL_SHARE = 0.5  # another holder of the role scores at least this share of the best candidate
MAX_HOLDERS = 4
ROLE_AFTER = 14  # words from a name to its role written after it ("X, the co-founder of Y, as interim CEO")
ROLE_BEFORE = 4  # ...or before it ("interim CEO Emmett Shear")
_ROLES = r"ceo|chief executive|coach|judge|winner|player|founder|co-founder|chair|chairman|leader|boss|author|scorer"
# a word that makes the role another one: "interim ceos" are not the ceos ("Quora CEO Adam D'Angelo")
_MODIFIERS = r"interim|acting|former|new|current|deputy|vice|assistant|head|co|joint|caretaker|permanent"


def plural_role(text: str, unit: str | None) -> str | None:
    """The role a question asks for in the plural ("ceos", "interim ceos"), singular, or None."""
    nouns = [unit.split()[-1]] if unit else []
    nouns += [m.group(1) for m in re.finditer(rf"\b({_ROLES})(?:s|es)\b", text, re.I)]
    for noun in nouns:
        if m := re.search(rf"\b(?:({_MODIFIERS})[\s-]+)?{re.escape(noun)}(?:s|es)\b", text, re.I):
            return f"{m.group(1) + ' ' if m.group(1) else ''}{noun}".lower()
    return None


def _elsewhere(ahead: str, behind: str, asked: set[str]) -> bool:
    """The role (`ahead` of it, `behind` it) is another organisation's than the one asked about: "Quora CEO",
    "co-founder and CEO of rival developer Anthropic"."""
    before = re.search(r"([A-Z][\w’'-]*)\W*$", ahead)
    after = _OF_ORGANISATION.match(behind)
    return any(m and re.sub(r"[’']s$", "", m.group(1).casefold()) not in asked for m in (before, after))


_OF_ORGANISATION = re.compile(r"\w*(?:\s+and\s+(?:\w+\s+){0,2}?\w+)?\s+(?:of|at)\s+(?:[a-z][\w-]*\s+){0,4}([A-Z][\w’'-]+)")


def _holds(name: str, sentence: str, role: str, asked: set[str]) -> bool:
    """The sentence calls `name` the `role` asked about: the role stands right before the name, or after it
    with no other person's name between them ("Brockman alleges that Mira Murati, ... interim CEO": the CEO is
    Murati), and is not another organisation's role."""
    at = sentence.find(name)
    if at < 0:
        return False
    *modifier, noun = role.split()
    stem = "".join(rf"{m}[\s-]+" for m in modifier) + re.escape(spans.noun_stem(noun))
    head, after = sentence[:at], sentence[at + len(name):]
    before = " ".join(head.split()[-ROLE_BEFORE:])
    if m := re.search(rf"\b{stem}\w*\W*$", before, re.I):
        return not _elsewhere(before[:m.start()], before[m.end():], asked)
    window = " ".join(after.split()[:ROLE_AFTER])
    m = re.search(rf"\b{stem}", window, re.I)
    if not m:
        return False
    between = window[:m.start()]
    return ";" not in between and not _elsewhere(between, window[m.end():], asked) and not any(
        spans.looks_like_person(n) for n in re.findall(r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)+", between))


def holders(role: str, found: list[Candidate], sentences: list[Sentence], question: str) -> list[Candidate]:
    """The best candidate and the others the articles name as holding `role` (at most MAX_HOLDERS); just the best
    when it is not itself written as holding it."""
    best = found[0]
    asked = {w.casefold() for w in re.findall(r"[\w’'-]+", question)}
    if not any(_holds(best.text, sentences[i].text, role, asked) for i in best.sentences[:3]):
        return [best]
    out = [best]
    for c in found[1:]:
        if len(out) == MAX_HOLDERS or c.score < PLURAL_SHARE * best.score:
            break
        if spans.looks_like_person(c.text) and all(len(w) > 1 for w in c.text.split()) \
                and not any(c.text in o.text or o.text in c.text for o in out) \
                and any(_holds(c.text, sentences[i].text, role, asked) for i in c.sentences[:3]):
            out.append(c)
    return out
