"""File names as text that can be stored (SQLite, Chroma) and printed.

A POSIX file name is bytes; Python decodes bytes that are not UTF-8 into lone surrogates, which no
UTF-8 encoder accepts. Such bytes are shown as `\\xNN` instead: `bad\\xff.md` stays readable, distinct
and stable from run to run, so it also works as an identity key.
"""
from __future__ import annotations

import os
import re

_SURROGATE = re.compile("[\ud800-\udfff]")


def name_text(name: str | os.PathLike) -> str:
    """The file name (or any path-derived string) with undecodable bytes written as \\xNN."""
    text = os.fspath(name)
    if not _SURROGATE.search(text):
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # surrogates that are not escaped bytes (e.g. from a JSON \\ud800)
        return text.encode("utf-8", "surrogatepass").decode("utf-8", "backslashreplace")


def valid_text(text: str) -> str:
    """Text with lone surrogates (from a JSON escape such as \\ud800) replaced by U+FFFD."""
    return _SURROGATE.sub("\ufffd", text)
