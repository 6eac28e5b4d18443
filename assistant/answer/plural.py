"""Questions that ask for several people holding one role ("openai interim ceos", "who are the founders of X?").

The answer is the best candidate and every other person the articles name in that same role: written right
before the name ("interim CEO Emmett Shear", "co-founders Anirudh Pandita and Ashwin Suresh") or after it, set
off by a comma or "as" ("Emmett Shear, the co-founder of Twitch, as interim CEO") with no other person's name
between; with the question's modifier ("interim"), of the organisation the question names, not another one's
("Quora CEO", "co-founder and CEO of rival ... Anthropic"); scored at least PLURAL_SHARE of the best. A role
asked in the singular ("openai interim ceo", "who is the arsenal boss ...") still gets one name.
"""
from __future__ import annotations

import re

from ..store.keyword import stem
from . import spans
from .evidence import Sentence
from .facts import Candidate
from .question import PERSON_ROLES

PLURAL_SHARE = 0.5  # another holder of the role scores at least this share of the best candidate
MAX_HOLDERS = 4
ROLE_AFTER = 14  # words from a name to its role written after it ("X, the co-founder of Y, as interim CEO")
ROLE_BEFORE = 12  # ...or before it ("interim CEO Emmett Shear"; "co-founders (A, B and C)")
_ROLES = PERSON_ROLES + r"|head coach|manager|co-?founder|owner|president"  # a keyword query's person roles, and more
# a word that makes the role another one: "interim ceos" are not the ceos ("Quora CEO Adam D'Angelo")
_MODIFIERS = r"interim|acting|former|new|current|deputy|vice|assistant|head|joint|caretaker|permanent"
_NAME = r"[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*"
_LIST_OF_NAMES = re.compile(rf"(?:{_NAME}\s*(?:,|\band\b|&)\s*)+$")  # "co-founders Anirudh Pandita and" before "Ashwin Suresh"
_SET_OFF = re.compile(r"^\s*(?:[,(–—]|(?:as|is|was|who|now)\b)")  # "Emmett Shear, ... as interim CEO"; not "Big Ten coaches"
_OF_ORGANISATION = re.compile(r"\w*(?:\s+and\s+(?:\w+\s+){0,2}?\w+)?\s+(?:of|at)\s+(?:[a-z][\w-]*\s+){0,4}([A-Z][\w’'-]+)")


def plural_role(text: str, unit: str | None) -> str | None:
    """The role a question asks for in the plural ("ceos", "interim ceos"), singular, or None. A question with an
    asked noun ("who is the arsenal boss who faced chelsea's coaches?") asks for that noun only."""
    if re.match(r"\W*(?:[^:?]{1,60}:\s*)?who(?:\s+is|'s)\b", text, re.I):
        return None
    roles = [m.group(1) for m in re.finditer(rf"\b({_ROLES})(?:s|es)\b", text, re.I)]
    # "who are the chief executives": the role is "chief executive", not any "executive"
    nouns = [r for r in roles if r.lower().endswith(unit.lower())] + [unit] if unit else roles
    for noun in nouns:
        if m := re.search(rf"\b(?:({_MODIFIERS})[\s-]+)?{re.escape(noun)}(?:s|es)\b", text, re.I):
            return f"{m.group(1) + ' ' if m.group(1) else ''}{noun}".lower()
    return None


def _organisation(question: str, role: str) -> str | None:
    """"who are the co-founders of google?" -> "google": the organisation the role is asked of."""
    noun = re.escape(role.split()[-1])
    m = re.search(rf"{noun}(?:s|es)\s+(?:of|at|for)\s+(?:the\s+)?([\w’'-]+)", question, re.I)
    return m.group(1).casefold() if m else None


def _elsewhere(ahead: str, behind: str, asked: set[str]) -> bool:
    """The role (`ahead` of it, `behind` it) is another organisation's than the one asked about: "Quora CEO",
    "Android co-founder", "co-founder and CEO of rival developer Anthropic"."""
    ahead = re.sub(rf"(?:\b(?:co|{_MODIFIERS}|chief)[\s-]*)+$", "", ahead.rstrip(), flags=re.I)
    before = re.search(r"([A-Z][\w’'-]*)\W*$", ahead)
    after = _OF_ORGANISATION.match(behind)
    return any(m and re.sub(r"[’']s$", "", m.group(1).casefold()) not in asked for m in (before, after))


def _pattern(role: str) -> str:
    """"interim ceo" -> a pattern of the role as articles write it ("interim CEO"; "co-founder", "cofounder")."""
    *modifier, noun = role.split()
    return "".join(rf"{m}[\s-]+" for m in modifier) + re.escape(spans.noun_stem(noun)).replace(r"\-", "[\\s-]?")


def _of(organisation: str | None, name: str, sentence: str, role: str) -> bool:
    """The role is the organisation's: it is named before the role ("Google co-founder", "OpenAI has appointed Emmett
    Shear ... as interim CEO") or right after it ("co-founder of Google"), not only later ("all three co-founders (...)
    previously worked at Google's DeepMind")."""
    if organisation is None:
        return True
    at = sentence.find(name)
    found = [m for m in re.finditer(rf"\b{_pattern(role)}\w*", sentence, re.I)]
    role_at = min(found, key=lambda m: abs(m.start() - at)) if found else None
    if role_at is None:
        return False
    ahead = {stem(re.sub(r"[’']s$", "", w)) for w in re.findall(r"[\w’'-]+", sentence[:role_at.start()])}
    of = _OF_ORGANISATION.match(sentence[role_at.end():])
    return stem(organisation) in ahead or bool(of and of.group(1).casefold().startswith(organisation))


def _holds(name: str, sentence: str, role: str, asked: set[str]) -> bool:
    """The sentence calls `name` the `role` asked about (see the module's docstring)."""
    at = sentence.find(name)
    if at < 0:
        return False
    pattern = _pattern(role)
    head, after = sentence[:at], sentence[at + len(name):]
    before = _LIST_OF_NAMES.sub("", " ".join(head.split()[-ROLE_BEFORE:]))
    if (m := re.search(rf"\b{pattern}\w*\W*$", before, re.I)):
        return not _elsewhere(before[:m.start()], "", asked)
    window = " ".join(after.split()[:ROLE_AFTER])
    m = re.search(rf"\b{pattern}", window, re.I)
    if not m or not _SET_OFF.match(after):
        return False
    between = window[:m.start()]
    rest = window[m.end():]
    if re.match(rf"\w*\s+{_NAME}", rest) and not _OF_ORGANISATION.match(rest):
        return False  # "Google VP Bradley Horowitz, Android co-founder Rich Miner": the role is the next name's
    return ";" not in between and not _elsewhere(between, rest, asked) and not any(
        spans.looks_like_person(n) for n in re.findall(r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)+", between))


def holders(role: str, found: list[Candidate], sentences: list[Sentence], question: str) -> list[tuple[Candidate, int]]:
    """The best candidate and the others the articles name as holding `role` (at most MAX_HOLDERS), each with the
    sentence that says so; just the best (with its best sentence) when it is not itself written as holding it."""
    asked = {w.casefold() for w in re.findall(r"[\w’'-]+", question)}
    organisation = _organisation(question, role)

    def held(c: Candidate) -> int | None:
        return next((i for i in c.sentences[:3] if _holds(c.text, sentences[i].text, role, asked)
                     and _of(organisation, c.text, sentences[i].text, role)), None)

    best = found[0]
    first = held(best)
    if first is None:
        return [(best, best.sentences[0])]
    out = [(best, first)]
    for c in found[1:]:
        if len(out) == MAX_HOLDERS or c.score < PLURAL_SHARE * best.score:
            break
        if spans.looks_like_person(c.text) and all(len(w) > 1 for w in c.text.split()) \
                and not any(c.text in o.text or o.text in c.text for o, _ in out) and (i := held(c)) is not None:
            out.append((c, i))
    return out
