"""Question-set files (YAML or JSONL): loading and validation with the line of every bad field.

A set has a name, a corpus (path relative to the set file) or an index, defaults (top_k, filters,
as_of) and cases. Gold evidence is article-level (url or title) plus, optionally, the exact evidence
sentence, so labels survive re-chunking.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

CASE_TYPES = ("single_fact", "multi_hop", "comparison", "temporal", "inference", "unanswerable", "follow_up",
              "aggregation", "other")


class Gold(BaseModel):
    model_config = ConfigDict(extra="forbid")
    url: str | None = None
    title: str | None = None
    evidence: str | None = None  # an exact sentence of the article

    @model_validator(mode="after")
    def _needs_article(self):
        if not (self.url or self.title):
            raise ValueError("gold evidence needs the article's url or title")
        return self


class Turn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    question: str
    answer: str = ""


class Filters(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sources: list[str] = Field(default_factory=list)
    since: str | None = None
    until: str | None = None


class Case(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    question: str = Field(min_length=3)
    type: Literal[CASE_TYPES] = "other"  # type: ignore[valid-type]
    answers: list[str] = Field(default_factory=list)
    expect_refusal: bool = False
    # every entry must appear in the answer; an entry may be a list of alternatives (["Ellison", "Caroline Ellison"])
    must_include: list[str | list[str]] = Field(default_factory=list)
    must_not_include: list[str] = Field(default_factory=list)
    gold: list[Gold] = Field(default_factory=list)
    history: list[Turn] = Field(default_factory=list)
    tags: list[str] = Field(default_factory=list)
    filters: Filters | None = None
    top_k: int | None = Field(None, ge=1, le=100)

    @model_validator(mode="after")
    def _expectation(self):
        if self.expect_refusal and (self.answers or self.must_include):
            raise ValueError("a case that expects a refusal cannot also list answers or must_include")
        if not (self.expect_refusal or self.answers or self.must_include or self.gold):
            raise ValueError("give answers, must_include, gold evidence, or expect_refusal: true")
        return self


class Defaults(BaseModel):
    model_config = ConfigDict(extra="forbid")
    top_k: int = Field(6, ge=1, le=100)
    filters: Filters = Field(default_factory=Filters)
    as_of: date | None = None  # "today" for the prompts, fixed so that runs are reproducible


class EvalSet(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str
    description: str = ""
    corpus: str | None = None
    index: str | None = None
    defaults: Defaults = Field(default_factory=Defaults)
    cases: list[Case] = Field(min_length=1)
    path: Path | None = Field(None, exclude=True)

    @model_validator(mode="after")
    def _unique_ids(self):
        seen = set()
        for case in self.cases:
            if case.id in seen:
                raise ValueError(f"duplicate case id {case.id!r}")
            seen.add(case.id)
        return self

    def resolve(self, relative: str | None) -> Path | None:
        if not relative:
            return None
        p = Path(relative).expanduser()
        return p if p.is_absolute() or self.path is None else (self.path.parent / p).resolve()


class SetError(ValueError):
    """A set file with problems; `problems` are lines like 'demo.yaml:12: cases[3].type: ...'."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _yaml_line(node, loc: tuple) -> int | None:
    """The 1-based line of the YAML node at a pydantic error location (the deepest one that exists)."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            match = next((v for k, v in node.value if k.value == key), None)
            if match is None:
                match = next((k for k, v in node.value if k.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            match = node.value[key]
        else:
            match = None
        if match is None:
            break
        node = match
        line = node.start_mark.line + 1
    return line


def _where(loc: tuple) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _problems(exc: ValidationError, name: str, line_of) -> list[str]:
    rows = []
    for err in exc.errors():
        loc = tuple(err["loc"])
        rows.append(f"{name}:{line_of(loc) or '?'}: {_where(loc) or '(top level)'}: {err['msg']}")
    return rows


def load_set(path: Path) -> EvalSet:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SetError([f"{path}: cannot read ({exc.strerror})"]) from None
    if path.suffix.lower() in (".jsonl", ".ndjson"):
        data, line_of = _load_jsonl(text, path.name)
    else:
        try:
            root = yaml.compose(text)
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            raise SetError([f"{path.name}:{mark.line + 1 if mark else '?'}: invalid YAML ({getattr(exc, 'problem', exc)})"]) from None
        if not isinstance(data, dict):
            raise SetError([f"{path.name}:1: expected a mapping with name, defaults and cases"])
        line_of = lambda loc: _yaml_line(root, loc)  # noqa: E731
    try:
        eval_set = EvalSet.model_validate(data)
    except ValidationError as exc:
        raise SetError(_problems(exc, path.name, line_of)) from None
    eval_set.path = path.resolve()
    return eval_set


def _load_jsonl(text: str, name: str):
    """JSONL sets: one case per line; a line without `question` is the header (name, defaults, ...)."""
    header: dict = {}
    cases: list[dict] = []
    lines: list[int] = []
    problems = []
    for n, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            problems.append(f"{name}:{n}: invalid JSON ({exc.msg})")
            continue
        if isinstance(obj, dict) and "question" not in obj and not cases:
            header = obj
        else:
            cases.append(obj)
            lines.append(n)
    if problems:
        raise SetError(problems)
    data = {"name": Path(name).stem, **header, "cases": cases}

    def line_of(loc: tuple) -> int | None:
        if len(loc) >= 2 and loc[0] == "cases" and isinstance(loc[1], int) and loc[1] < len(lines):
            return lines[loc[1]]
        return 1
    return data, line_of
