"""Plain text and Markdown: optional YAML front matter; otherwise the first non-empty line is the title."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from ..article import Article, ReadError, ReadResult
from ..metadata import MAX_TITLE_CHARS, from_record
from .decode import read_text

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


class _NoAliases(yaml.SafeLoader):
    """Safe YAML without aliases: `*name` may repeat a value a billion times (538 bytes became 3 GB), and
    no article's fields need them, so front matter with an alias is refused."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            line = self.peek_event().start_mark.line + 2  # + the opening --- line, 1-based
            raise ReadError(f"front matter uses a YAML alias (line {line}); aliases are not accepted "
                            "(a few of them can expand to gigabytes)")
        return super().compose_node(parent, index)


def split_front_matter(text: str) -> tuple[dict, str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        meta = yaml.load(match.group(1), Loader=_NoAliases) or {}
    except yaml.YAMLError as exc:
        raise ReadError(f"front matter is not valid YAML ({str(exc).splitlines()[0]})") from None
    if not isinstance(meta, dict):
        raise ReadError("front matter must be a YAML mapping of fields")
    return meta, text[match.end():]


def read(path: Path) -> ReadResult:
    text, notes = read_text(path)
    meta, content = split_front_matter(text)
    lines = content.strip().splitlines()
    if not meta.get("title") and not meta.get("headline"):
        while lines and not lines[0].strip():
            lines.pop(0)
        if not lines:
            raise ReadError("no text")
        first = lines[0].strip().lstrip("#").strip()
        if len(first) <= MAX_TITLE_CHARS:  # a longer first line is text, not a headline: keep it in the body
            lines.pop(0)
        meta["title"] = first
    body = "\n".join(lines).strip()
    if not body:
        raise ReadError("no article text after the title")
    record = {**meta, "body": body}
    try:
        article: Article = from_record(record, str(path), key_fallback=str(path.resolve()))
    except ValueError as exc:
        raise ReadError(str(exc)) from None
    return ReadResult([article], notes=notes)
