"""Compares two runs of the same set: cases that got worse or better, and metric deltas with paired
bootstrap confidence intervals, so that noise is not read as progress."""
from __future__ import annotations

import random
import statistics

BOOTSTRAP_SAMPLES = 2000
SEED = 13


def _paired_ci(a: list[float], b: list[float]) -> tuple[float, float, float]:
    """Mean of b - a and its 95% bootstrap interval over cases."""
    diffs = [y - x for x, y in zip(a, b)]
    rng = random.Random(SEED)
    means = sorted(statistics.mean(rng.choices(diffs, k=len(diffs))) for _ in range(BOOTSTRAP_SAMPLES))
    return statistics.mean(diffs), means[int(0.025 * BOOTSTRAP_SAMPLES)], means[int(0.975 * BOOTSTRAP_SAMPLES) - 1]


def compare_runs(run_a: dict, run_b: dict) -> dict:
    cases_a = {c["id"]: c for c in run_a["cases"]}
    cases_b = {c["id"]: c for c in run_b["cases"]}
    common = [i for i in cases_a if i in cases_b]
    worse, better = [], []
    for i in common:
        a, b = cases_a[i], cases_b[i]
        sa, sb = a["metrics"].get("crag_score", float(a["passed"])), b["metrics"].get("crag_score", float(b["passed"]))
        if (a["passed"] and not b["passed"]) or sb < sa:
            worse.append({"id": i, "type": b["type"], "question": b["question"], "before": a["failures"], "after": b["failures"]})
        elif (b["passed"] and not a["passed"]) or sb > sa:
            better.append({"id": i, "type": b["type"], "question": b["question"], "before": a["failures"], "after": b["failures"]})
    deltas = {}
    metrics = sorted({k for i in common for k in cases_a[i]["metrics"]} & {k for i in common for k in cases_b[i]["metrics"]})
    for k in metrics:
        ids = [i for i in common if k in cases_a[i]["metrics"] and k in cases_b[i]["metrics"]]
        a = [cases_a[i]["metrics"][k] for i in ids]
        b = [cases_b[i]["metrics"][k] for i in ids]
        mean, lo, hi = _paired_ci(a, b)
        deltas[k] = {"a": round(statistics.mean(a), 4), "b": round(statistics.mean(b), 4), "delta": round(mean, 4),
                     "ci95": [round(lo, 4), round(hi, 4)], "significant": lo > 0 or hi < 0, "n": len(ids)}
    return {"common_cases": len(common), "only_in_a": sorted(set(cases_a) - set(cases_b)),
            "only_in_b": sorted(set(cases_b) - set(cases_a)), "worse": worse, "better": better, "deltas": deltas}
