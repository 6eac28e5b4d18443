"""The retrieval profile: how each stage is tuned, versioned with the code and kept apart from user
settings (a user sets the index, the model, top_k and filters; nobody needs these knobs to use the product).

Each stage has its own small config with an `enabled` switch; `RetrievalProfile.without(stage)` turns
one off without touching the others (no stage reads another's switch). The numbers were tuned on the
MultiHop-RAG dev split and checked against the natural-question set (docs/retrieval.md has the table).
"""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path

VERSION = "2026-11-30"


@dataclass(frozen=True)
class Candidates:
    """BM25 and MiniLM fused (weighted sum of normalised scores), plus the question's cosine to each
    candidate's closest sentence."""
    keyword_weight: float = 0.8
    per_retriever: int = 50
    closest_sentence: float = 0.6


@dataclass(frozen=True)
class BestFirst:
    """The whole question's best passage leads the result."""
    enabled: bool = True


@dataclass(frozen=True)
class OutletSlots:
    """Each outlet the question names gets its best passage early."""
    enabled: bool = True
    articles: int = 1


@dataclass(frozen=True)
class OutletExtra:
    """...and one more article: among the outlet's best chunks by words, the one nearest the question."""
    enabled: bool = True
    pool: int = 50
    tries: int = 3


@dataclass(frozen=True)
class QuestionParts:
    """Each part of a multi-part question gets passages of its own, in round-robin rounds."""
    enabled: bool = True
    rounds: int = 2
    mix: float = 0.2  # share of the whole question's score in a part's ranking
    min_terms: int = 2  # a part needs this many words that are neither outlet names nor about the coverage
    pool: int = 60  # parts search the articles of the whole question's best chunks...
    named_scope: bool = True  # ...and of the outlets the question names
    outlet: bool = True  # a part that names an outlet searches that outlet
    sentence: float = 0.6  # share of a part's score from the one sentence holding most of its words
    dense: float = 0.6  # share from MiniLM's cosine of the part to a chunk's closest sentence
    dense_candidates: int = 100


@dataclass(frozen=True)
class DateLift:
    """Articles published within a day of a date the question (or a part) names score higher."""
    enabled: bool = True
    boost: float = 0.5


@dataclass(frozen=True)
class FinalOrder:
    """Passages that state what the question or a part asks move up past clearly weaker ones."""
    enabled: bool = True
    step: float = 0.04
    words: float = 0.3


@dataclass(frozen=True)
class Passages:
    """What a result may show: passages per article, syndicated copies once, each chunk widened."""
    max_per_article: int = 3
    one_copy: bool = True
    chars: int = 1400


STAGES = ("best_first", "outlet_slots", "outlet_extra", "question_parts", "date_lift", "final_order")


@dataclass(frozen=True)
class RetrievalProfile:
    version: str = VERSION
    candidates: Candidates = field(default_factory=Candidates)
    best_first: BestFirst = field(default_factory=BestFirst)
    outlet_slots: OutletSlots = field(default_factory=OutletSlots)
    outlet_extra: OutletExtra = field(default_factory=OutletExtra)
    question_parts: QuestionParts = field(default_factory=QuestionParts)
    date_lift: DateLift = field(default_factory=DateLift)
    final_order: FinalOrder = field(default_factory=FinalOrder)
    passages: Passages = field(default_factory=Passages)

    def without(self, *stages: str) -> "RetrievalProfile":
        """The same profile with these stages switched off."""
        out = self
        for stage in stages:
            if stage not in STAGES:
                raise KeyError(f"no stage {stage!r}; stages: {', '.join(STAGES)}")
            out = replace(out, **{stage: replace(getattr(out, stage), enabled=False)})
        return out

    def with_values(self, values: dict[str, object]) -> "RetrievalProfile":
        """The profile with "stage.field" values changed ({"question_parts.rounds": 3}); unknown names raise."""
        out = self
        for name, value in values.items():
            stage, _, key = name.partition(".")
            part = getattr(out, stage, None)
            if part is None or key not in {f.name for f in fields(part)}:
                raise KeyError(f"no retrieval setting {name!r}")
            out = replace(out, **{stage: replace(part, **{key: type(getattr(part, key))(value)})})
        return out

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def load(cls, path: Path | None) -> "RetrievalProfile":
        """The default profile, with the "stage.field" values of a JSON file applied (for sweeps)."""
        if path is None:
            return cls()
        return cls().with_values(json.loads(Path(path).read_text(encoding="utf-8")))
