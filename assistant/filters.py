"""Search filters (outlets, published date range), applied the same way to both retrievers."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timezone

import numpy as np

from ingest.metadata import parse_date


@dataclass
class Filters:
    sources: list[str] = field(default_factory=list)
    since: datetime | None = None
    until: datetime | None = None

    @classmethod
    def parse(cls, sources: list[str] | None = None, since: str | None = None, until: str | None = None) -> "Filters":
        """Builds filters from user text; raises ValueError naming the date that cannot be read."""
        def day(value: str | None, end: bool) -> datetime | None:
            if not value:
                return None
            parsed = parse_date(value)
            if parsed is None:
                raise ValueError(f"cannot read the date {value!r}; use YYYY-MM-DD")
            if end and len(value.strip()) <= 10:  # a bare day means the whole day
                parsed = datetime.combine(parsed.date(), time.max, tzinfo=timezone.utc)
            return parsed
        return cls([s for s in (sources or []) if s], day(since, False), day(until, True))

    def __bool__(self) -> bool:
        return bool(self.sources or self.since or self.until)

    def chroma_where(self) -> dict | None:
        clauses: list[dict] = []
        if self.sources:
            clauses.append({"source": {"$in": self.sources}})
        if self.since:
            clauses.append({"published_ts": {"$gte": int(self.since.timestamp())}})
        if self.until:
            clauses.append({"published_ts": {"$lte": int(self.until.timestamp())}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def mask(self, published_ts: np.ndarray, sources: np.ndarray) -> np.ndarray:
        keep = np.ones(len(published_ts), dtype=bool)
        if self.sources:
            keep &= np.isin(sources, self.sources)
        if self.since:
            keep &= published_ts >= int(self.since.timestamp())
        if self.until:
            keep &= (published_ts <= int(self.until.timestamp())) & (published_ts > -2**62)
        return keep
