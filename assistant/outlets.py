"""Outlets named in a question ("as reported by The Verge and TechCrunch"), found among the index's
own sources, never a hard-coded list. Sections of one outlet ("FOX News - Health") form one group."""
from __future__ import annotations

import re
from functools import lru_cache

_SECTION = re.compile(r"\s+(?:-|\||:|–)\s+")


def outlet_key(source: str) -> str:
    main = _SECTION.split(source.strip(), maxsplit=1)[0]
    main = re.sub(r"^the\s+", "", main.strip(), flags=re.I)
    return main.casefold()


@lru_cache(maxsize=8)
def _groups(sources: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    groups: dict[str, list[str]] = {}
    for s in sources:
        key = outlet_key(s)
        if len(key) >= 3:
            groups.setdefault(key, []).append(s)
    return {k: tuple(v) for k, v in groups.items()}


def _short_names(key: str, source: str) -> list[tuple[str, bool]]:
    """How people type an outlet's name short, each with whether it must be typed in capitals: its initials
    ("The New York Times" -> "nyt") when the name has three words or more (in capitals when they could spell
    a word: "Anglia News Daily" typed "and" is the word "and"), and its leading initialism ("BBC News" -> "bbc")."""
    words = [w for w in re.findall(r"[\w'’]+", key) if w not in ("of", "and", "the")]
    initials = "".join(w[0] for w in words)
    short = [(initials, bool(re.search(r"[aeiou]|y$", initials)))] if len(words) >= 3 else []
    first = re.sub(r"^the\s+", "", source.strip(), flags=re.I).split()[0]
    if len(words) >= 2 and len(first) >= 3 and first.isupper() and first.isalpha():
        short.append((first.casefold(), False))
    return short


@lru_cache(maxsize=8)
def _names(sources: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...], bool], ...]:
    """(name as typed, sources of its group, whether it must be typed in capitals): each group's full name,
    then the short names no other group has."""
    groups = _groups(sources)
    names = [(key, members, False) for key, members in groups.items()]
    short: dict[tuple[str, bool], list[str]] = {}
    for key, members in groups.items():
        for alias in _short_names(key, members[0]):
            if alias[0] not in groups:
                short.setdefault(alias, []).append(key)
    names += [(alias, groups[keys[0]], caps) for (alias, caps), keys in short.items() if len(set(keys)) == 1]
    return tuple(names)


def outlet_mentions(question: str, sources: tuple[str, ...]) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, sources of the group) for each outlet named in the question, in order of mention."""
    text = question.casefold()
    found, seen = [], set()
    for name, members, caps in _names(sources):
        m = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text)
        if m and caps and not question[m.start():m.end()].isupper():
            m = None
        if m and members not in seen:
            seen.add(members)
            found.append((m.start(), m.end(), members))
    return sorted(found)


def outlets_named(question: str, sources: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Groups of sources whose outlet name appears in the question, in order of mention."""
    return [members for _, _, members in outlet_mentions(question, sources)]
