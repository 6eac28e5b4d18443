"""Runs a question set through the product's own pipeline and scores every case.

Modes: the full pipeline (LLM when configured, else extractive), --retrieval-only, and
--oracle-context (answers from the gold evidence, to separate retrieval errors from answering errors).
"""
from __future__ import annotations

import statistics
import time
from datetime import date, datetime, timezone
from typing import Callable

from assistant.core import Passage, split_header
from assistant.filters import Filters
from assistant.pipeline import Assistant

from . import metrics as M
from .sets import Case, EvalSet

METRIC_KS = (4, 10)


def _filters(case: Case, eval_set: EvalSet) -> Filters:
    f = case.filters or eval_set.defaults.filters
    return Filters.parse(f.sources, f.since, f.until)


def _oracle_passages(case: Case, assistant: Assistant) -> list[Passage]:
    """Gold evidence as passages: each gold article's evidence sentences (or all its chunks)."""
    manifest = assistant.index.manifest
    passages: list[Passage] = []
    groups: dict[str, list] = {}
    for g in case.gold:
        groups.setdefault(g.url or g.title, []).append(g)
    for n, golds in enumerate(groups.values()):
        row = manifest.find_article(golds[0].url, golds[0].title) or {}
        title = row.get("title") or golds[0].title or golds[0].url
        header = "\n".join(x for x in (title, " · ".join(y for y in (row.get("source"), (row.get("published_at") or "")[:10]) if y)) if x)
        evidence = [g.evidence for g in golds if g.evidence]
        texts = [" ".join(evidence)] if evidence else [split_header(t)[1] for _, t in manifest.article_chunks(row["article_id"])] if row else []
        for k, body in enumerate(texts):
            passages.append(Passage(f"oracle-{n}-{k}", row.get("article_id", f"gold-{n}"), f"{header}\n\n{body}", title,
                                    row.get("source"), row.get("url") or golds[0].url, row.get("published_at"), row.get("author"), 1.0))
    return passages


def _public_passage(p: Passage) -> dict:
    return {"text": p.text, "title": p.title, "source": p.source, "url": p.url, "published_at": p.published_at,
            "score": p.score, "article_id": p.article_id}


def _failures(case: Case, m: dict, refused: bool, retrieval_only: bool) -> list[str]:
    out = []
    if case.gold and m.get("hits@10") == 0.0:
        out.append("no gold evidence in the top 10 passages")
    if retrieval_only:
        return out
    if case.expect_refusal and not refused:
        out.append("answered a question the articles do not answer (expected a refusal)")
    if not case.expect_refusal and refused:
        out.append("refused a question the articles answer")
    if not refused:
        if m.get("contains_answer") == 0.0:
            out.append(f"answer contains none of {case.answers}")
        if m.get("must_include") == 0.0:
            out.append(f"answer misses one of must_include {case.must_include}")
        if m.get("must_not_include") == 0.0:
            out.append(f"answer contains one of must_not_include {case.must_not_include}")
        if m.get("citation_precision", 1.0) == 0.0:
            out.append("no cited passage holds the gold evidence")
    return out


def run_case(case: Case, eval_set: EvalSet, assistant: Assistant, retrieval_only: bool, oracle: bool) -> dict:
    today = eval_set.defaults.as_of or date.today()
    top_k = case.top_k or eval_set.defaults.top_k
    filters = _filters(case, eval_set)
    history = [(t.question, t.answer) for t in case.history]
    row = {"id": case.id, "type": case.type, "tags": case.tags, "question": case.question,
           "expected": {"answers": case.answers, "expect_refusal": case.expect_refusal,
                        "must_include": case.must_include, "must_not_include": case.must_not_include},
           "gold": [g.model_dump(exclude_none=True) for g in case.gold], "history": [t.model_dump() for t in case.history]}
    started = time.perf_counter()
    if retrieval_only:
        from assistant.answer.condense import condense

        standalone = condense(case.question, history, assistant.settings, today)
        result = None
    else:
        result = assistant.ask(case.question, history, filters, top_k, today,
                               passages=_oracle_passages(case, assistant) if oracle else None)
        standalone = result.standalone_question
    t = time.perf_counter()
    retrieved = assistant.retrieve(standalone, max(10, top_k), filters)  # the same retrieval, deeper, for metrics
    timings = dict(result.timings) if result else {"retrieve": time.perf_counter() - t}
    timings["total"] = time.perf_counter() - started
    passages = [_public_passage(p) for p in retrieved]
    m = M.retrieval_metrics(passages, case.gold)
    refused = bool(result and result.refused)
    if result:
        citations = [{**c.to_public(), "article_id": c.article_id} for c in result.citations]
        m.update(M.answer_metrics(case, result.answer, refused))
        if not refused:
            m.update(M.citation_metrics(result.answer, citations, case.gold))
            if result.claims:
                m["claims"] = float(len(result.claims))
                m["unsupported_claims"] = float(result.unsupported_claims)
                m["claim_support"] = 1 - result.unsupported_claims / len(result.claims)
        is_correct = M.correct(case, m, refused)
        m["correct"] = float(is_correct)
        m["crag_score"] = M.crag_score(case, is_correct, refused)
        row.update({"standalone_question": standalone, "answer": result.answer, "refused": refused, "mode": result.mode,
                    "notice": result.notice, "citations": citations,
                    "claims": [{"text": c.text, "supported": c.supported, "score": c.score, "missing": c.missing}
                               for c in result.claims],
                    "answer_passages": [_public_passage(p) for p in result.passages]})
    failures = _failures(case, m, refused, retrieval_only)
    row.update({"retrieved": passages, "metrics": {k: round(v, 4) for k, v in m.items()}, "failures": failures,
                "passed": not failures, "timings_ms": {k: round(v * 1000, 1) for k, v in timings.items()}})
    return row


def _pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * len(values)))], 1) if values else 0.0


def summarise(rows: list[dict]) -> dict:
    """Means of every metric, refusal rates, CRAG score and stage latencies; overall and per type."""
    def block(items: list[dict]) -> dict:
        keys = sorted({k for r in items for k in r["metrics"]})
        out: dict = {"n": len(items), "passed": sum(r["passed"] for r in items)}
        for k in keys:
            vals = [r["metrics"][k] for r in items if k in r["metrics"]]
            out[k] = round(statistics.mean(vals), 4)
        if "yes_gold_correct" in out and "no_gold_correct" in out:
            out["yes_no_balanced"] = round((out["yes_gold_correct"] + out["no_gold_correct"]) / 2, 4)
        words = [r["metrics"]["answer_words"] for r in items if "answer_words" in r["metrics"]]
        if words:
            out["answer_words_p50"] = statistics.median(words)
        unanswerable = [r for r in items if r["expected"]["expect_refusal"] and "refused" in r]
        answerable = [r for r in items if not r["expected"]["expect_refusal"] and "refused" in r]
        if unanswerable:
            out["refusal_rate"] = round(sum(r["refused"] for r in unanswerable) / len(unanswerable), 4)
        if answerable:
            out["false_refusal_rate"] = round(sum(r["refused"] for r in answerable) / len(answerable), 4)
            out["accuracy"] = round(sum(r["metrics"].get("correct", 0) for r in answerable) / len(answerable), 4)
        stages = sorted({s for r in items for s in r["timings_ms"]})
        out["latency_ms"] = {s: {"p50": _pct([r["timings_ms"][s] for r in items if s in r["timings_ms"]], 0.5),
                                 "p95": _pct([r["timings_ms"][s] for r in items if s in r["timings_ms"]], 0.95)}
                             for s in stages}
        return out
    by_type: dict[str, list] = {}
    for r in rows:
        by_type.setdefault(r["type"], []).append(r)
    return {"overall": block(rows), "by_type": {t: block(items) for t, items in sorted(by_type.items())}}


def run_set(eval_set: EvalSet, assistant: Assistant, retrieval_only: bool = False, oracle: bool = False,
            limit: int | None = None, progress: Callable[[int, int], None] | None = None) -> dict:
    cases = eval_set.cases[:limit] if limit else eval_set.cases
    started = time.perf_counter()
    rows = []
    for n, case in enumerate(cases, start=1):
        rows.append(run_case(case, eval_set, assistant, retrieval_only, oracle))
        if progress:
            progress(n, len(cases))
    s = assistant.settings
    mode = "retrieval-only" if retrieval_only else ("oracle-context" if oracle else ("llm" if s.llm_enabled else "extractive"))
    return {
        "set": eval_set.name, "set_path": str(eval_set.path), "mode": mode,
        "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - started, 2), "index": str(assistant.index.directory),
        "settings": {"top_k": eval_set.defaults.top_k, "retrieval_profile": assistant.profile.version,
                     "llm_model": s.llm_model if s.llm_enabled else None, "embedding_model": assistant.index.model_name},
        "summary": summarise(rows), "cases": rows,
    }
