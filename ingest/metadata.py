"""Field aliases, date parsing and stable article ids."""
from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from datetime import datetime, timedelta, timezone

from dateutil import parser as date_parser

from .article import Article
from .names import valid_text

MAX_ARTICLE_CHARS = 1_000_000  # no news article is longer; bigger "articles" are dumps or junk
MAX_TITLE_CHARS = 300

FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "body": ("body", "text", "content", "article", "story"),
    "title": ("title", "headline", "name"),
    "published": ("published_at", "date", "published", "pubDate", "pubdate", "datetime", "timestamp", "time"),
    "source": ("source", "outlet", "site", "publisher", "site_name", "sitename"),
    "url": ("url", "link", "href", "permalink"),
    "author": ("author", "byline", "authors", "by"),
    "category": ("category", "section", "categories", "topic"),
}


def pick(record: dict, field_name: str) -> tuple[str | None, object]:
    """Returns (the key used, the value) for the first alias present with a non-empty value."""
    for alias in FIELD_ALIASES[field_name]:
        for key in (alias, alias.lower()):
            if key in record and record[key] not in (None, "", []):
                return key, record[key]
    return None, None


def as_text(value: object) -> str | None:
    """Flattens lists (several authors) and scalars into a string; drops empty values."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        parts = [as_text(v) for v in value]
        return ", ".join(p for p in parts if p) or None
    if isinstance(value, dict):
        return as_text(value.get("name") or value.get("title") or value.get("value"))
    text = valid_text(str(value)).strip()
    return text or None


def parse_date(value: object) -> datetime | None:
    """Parses ISO 8601, RFC 822 and most written dates; epoch numbers too. Naive dates are taken as UTC."""
    if value is None or value == "":
        return None
    try:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            seconds = value / 1000 if value > 1e11 else value  # milliseconds
            return datetime.fromtimestamp(seconds, tz=timezone.utc)
        if isinstance(value, datetime):
            parsed = value
        else:
            parsed = date_parser.parse(str(value).strip())
    except (ValueError, OverflowError, OSError, TypeError):
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.astimezone(timezone.utc)


def iso(dt: datetime | None) -> str | None:
    return dt.isoformat().replace("+00:00", "Z") if dt else None


def normalise_for_id(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"\s+", " ", text).strip()


def article_id(article: Article) -> str:
    """Same words in the same order -> same id, whatever the file, whitespace or case."""
    digest = hashlib.sha256(normalise_for_id(article.title + "\n" + article.body).encode("utf-8"))
    return digest.hexdigest()[:20]


def _scalar(value: object) -> str | int | float | bool:
    """Metadata stores scalars only; anything nested is kept as compact JSON text."""
    if isinstance(value, str):
        return valid_text(value)
    if isinstance(value, (int, float, bool)):
        return value
    return valid_text(json.dumps(value, ensure_ascii=False, default=str)[:2000])


def from_record(record: dict, source_file: str, key_fallback: str) -> Article:
    """Builds an Article from a JSON-like record, mapping aliases and keeping unknown fields."""
    used: set[str] = set()
    values: dict[str, object] = {}
    for name in FIELD_ALIASES:
        key, value = pick(record, name)
        if key:
            used.add(key)
        values[name] = value
    raw_body = values["body"]
    if raw_body is not None and not isinstance(raw_body, str) and not (
            isinstance(raw_body, list) and all(isinstance(x, str) for x in raw_body)):
        raise ValueError(f"article text must be a string (or a list of paragraphs), got {type(raw_body).__name__}")
    body = "\n\n".join(raw_body) if isinstance(raw_body, list) else as_text(raw_body)
    if not body:
        raise ValueError("no article text (expected one of: body, text, content)")
    if len(body) > MAX_ARTICLE_CHARS:
        raise ValueError(f"article text is {len(body):,} characters, over the {MAX_ARTICLE_CHARS:,} limit for one article")
    warnings: list[str] = []
    title = as_text(values["title"]) or body.strip().splitlines()[0]
    if len(title) > MAX_TITLE_CHARS:
        warnings.append(f"title cut to {MAX_TITLE_CHARS} characters")
        title = title[:MAX_TITLE_CHARS].rsplit(" ", 1)[0] + "…"
    published = parse_date(values["published"])
    if values["published"] not in (None, "") and published is None:
        warnings.append(f"cannot read the date {str(values['published'])[:40]!r}; stored without a date")
    elif published and published > datetime.now(timezone.utc) + timedelta(days=2):
        warnings.append(f"date {published.date()} is in the future; kept as given")
    url = as_text(values["url"])
    extra = {valid_text(str(k)): _scalar(v) for k, v in record.items() if k not in used and v is not None}
    return Article(
        title=title,
        body=body,
        source_file=source_file,
        key=url or key_fallback,
        source=as_text(values["source"]),
        author=as_text(values["author"]),
        url=url,
        published=published,
        category=as_text(values["category"]),
        extra=extra,
        warnings=warnings,
    )
