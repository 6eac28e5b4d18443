"""Quality gates: a small text file of thresholds checked against a run's summary.

One gate per line, `[type/]metric OP number`, e.g. `hits@10 >= 0.9`, `unanswerable/refusal_rate >= 0.8`,
`latency_ms.total.p95 <= 2000`. `#` starts a comment. A metric missing from the run fails its gate.
"""
from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from pathlib import Path

_OPS = {">=": operator.ge, "<=": operator.le, ">": operator.gt, "<": operator.lt, "==": operator.eq}
_LINE = re.compile(r"^\s*(?:(?P<type>[\w-]+)/)?(?P<metric>[\w@.]+)\s*(?P<op>>=|<=|==|>|<)\s*(?P<value>-?[\d.]+)\s*$")


@dataclass
class Gate:
    text: str
    type: str | None
    metric: str
    op: str
    value: float


class GateFileError(ValueError):
    pass


def load_gates(path: Path) -> list[Gate]:
    gates, problems = [], []
    for n, raw in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        m = _LINE.match(line)
        if not m:
            problems.append(f"{Path(path).name}:{n}: expected `[type/]metric >= number`, got {line!r}")
            continue
        gates.append(Gate(line, m["type"], m["metric"], m["op"], float(m["value"])))
    if problems:
        raise GateFileError("\n".join(problems))
    return gates


def _lookup(block: dict, metric: str):
    value = block
    for part in metric.split("."):
        if not isinstance(value, dict) or part not in value:
            return None
        value = value[part]
    return value if isinstance(value, (int, float)) else None


def check(gates: list[Gate], summary: dict) -> list[dict]:
    """Each gate with its measured value and whether it passed."""
    out = []
    for g in gates:
        block = summary["by_type"].get(g.type, {}) if g.type else summary["overall"]
        value = _lookup(block, g.metric)
        passed = value is not None and _OPS[g.op](value, g.value)
        out.append({"gate": g.text, "value": value, "passed": passed})
    return out
