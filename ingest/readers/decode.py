"""Turns file bytes into text: BOMs, UTF-8, UTF-16/32 without a BOM, and a Windows-1252 fallback.

UTF-8 with a few bad bytes (a file cut or edited with the wrong tool) stays UTF-8: the bad bytes
become U+FFFD and the caller gets a note naming how many, rather than the whole file being read as
Windows-1252 ("ZÃ¼rich"). A file is taken for Windows-1252 only when it has more bad UTF-8 sequences
than good multi-byte ones. UTF-16 and UTF-32 without a byte-order mark are recognised by
charset-normalizer; other files with NUL bytes are refused as binary.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from charset_normalizer import from_bytes

from ..article import ReadError

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_WIDE = {"utf_16_le": "utf-16-le", "utf_16_be": "utf-16-be", "utf_32_le": "utf-32-le", "utf_32_be": "utf-32-be"}
SAMPLE_BYTES = 65_536  # what the NUL-byte and UTF-16 checks look at
_REPLACEMENT = "\ufffd".encode()
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")  # no text has these; binary read as UTF-16 does
_SPACING = re.compile("[\\s\u3000-\u303f\uff01-\uff0f]")  # every text has spaces, line breaks or CJK punctuation


def _wide_text(data: bytes) -> str | None:
    """The text of a UTF-16/32 (LE or BE) file without a byte-order mark, or None if it is not one:
    charset-normalizer's guess, kept only if the whole file decodes, has spacing or punctuation and no
    control characters (a few bytes of binary also decode as UTF-16)."""
    sample = data[:SAMPLE_BYTES]
    guess = from_bytes(sample[: len(sample) - len(sample) % 4]).best()
    encoding = _WIDE.get(guess.encoding) if guess is not None else None
    if encoding is None:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return text if _SPACING.search(text) and not _CONTROL.search(text) else None


def _utf8_with_bad_bytes(data: bytes) -> tuple[str, int] | None:
    """(text, bad sequences replaced) when the file is UTF-8 with a few bad bytes, else None."""
    text = data.decode("utf-8", errors="replace")
    already = data.count(_REPLACEMENT)  # U+FFFD written in the file itself
    bad = text.count("\ufffd") - already
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    good_multibyte = non_ascii - bad - already
    return (text, bad) if good_multibyte >= bad else None


def decode(data: bytes) -> tuple[str, str | None]:
    """(text, a note for the user when something was replaced). Raises ReadError for binary data."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), None
            except UnicodeDecodeError:
                raise ReadError(f"text starts with a {encoding} byte-order mark but is not valid {encoding}") from None
    has_nul = b"\x00" in data[:SAMPLE_BYTES]  # NUL is valid UTF-8, but no text file has it: UTF-16 or binary
    if not has_nul:
        try:
            return data.decode("utf-8"), None
        except UnicodeDecodeError:
            pass
    wide = _wide_text(data)
    if wide is not None:
        return wide, None
    if has_nul:
        raise ReadError("binary file, not text")
    mostly_utf8 = _utf8_with_bad_bytes(data)
    if mostly_utf8:
        text, bad = mostly_utf8
        return text, (f"{bad} byte sequence{'s' if bad > 1 else ''} not valid UTF-8, "
                      "replaced with \ufffd (the rest of the file is UTF-8)")
    text = data.decode("cp1252", errors="replace")
    if text.count("\ufffd") > max(10, len(text) // 100):
        raise ReadError("not valid text in UTF-8 or Windows-1252")
    return text, None


def read_text(path: Path) -> tuple[str, list[str]]:
    """The file's text and the notes its decoding left (empty when it was clean)."""
    text, note = decode(path.read_bytes())
    return text, [note] if note else []
