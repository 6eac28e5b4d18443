"""Writes a run as results.json, a self-contained HTML report for people, and JUnit XML for CI."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

from .metrics import squash

SUMMARY_COLUMNS = ("n", "passed", "accuracy", "crag_score", "refusal_rate", "false_refusal_rate", "contains_answer",
                   "answer_line_contains", "yes_no_balanced", "must_include", "claim_support", "unsupported_claims",
                   "answer_words_p50", "token_f1", "marker_share", "citation_precision", "citation_recall", "hits@4", "hits@10", "mrr@10",
                   "all_evidence@10", "article_recall@10", "all_articles@10")
CSS = """body{font:14px/1.45 system-ui,sans-serif;margin:2em;max-width:1200px;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}
th:first-child,td:first-child{text-align:left}.case{border:1px solid #ddd;border-radius:6px;padding:.6em 1em;margin:1em 0}
.fail{border-left:6px solid #c0392b}.pass{border-left:6px solid #27ae60}.p{white-space:pre-wrap;font-size:.92em;
background:#f7f7f7;padding:.4em;margin:.3em 0}mark{background:#ffe066}.meta{color:#666}details summary{cursor:pointer}"""


def _e(value) -> str:
    return html.escape(str(value if value is not None else ""))


def _highlight(text: str, evidences: list[str]) -> str:
    """Escapes a passage and marks each gold evidence sentence found in it (whitespace-insensitive)."""
    spans = []
    for ev in evidences:
        chars = [c for c in ev if not c.isspace()]
        if not chars or squash(ev) not in squash(text):
            continue
        pattern = r"\s*".join(re.escape(c) for c in chars)
        m = re.search(pattern, text)
        if m:
            spans.append((m.start(), m.end()))
    out, pos = [], 0
    for start, end in sorted(spans):
        if start < pos:
            continue
        out += [html.escape(text[pos:start]), "<mark>", html.escape(text[start:end]), "</mark>"]
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)


def _summary_table(summary: dict) -> str:
    rows = [("overall", summary["overall"])] + list(summary["by_type"].items())
    head = "".join(f"<th>{_e(c)}</th>" for c in ("group",) + SUMMARY_COLUMNS)
    body = ""
    for name, block in rows:
        cells = "".join(f"<td>{_e(block.get(c, '—'))}</td>" for c in SUMMARY_COLUMNS)
        body += f"<tr><td>{_e(name)}</td>{cells}</tr>"
    return f"<div style='overflow-x:auto'><table><tr>{head}</tr>{body}</table></div>"


def _case_html(c: dict) -> str:
    evidences = [g["evidence"] for g in c["gold"] if g.get("evidence")]
    expected = ("a refusal" if c["expected"]["expect_refusal"] else
                "; ".join(filter(None, [", ".join(c["expected"]["answers"]),
                                        "must include " + ", ".join(m if isinstance(m, str) else " / ".join(m) for m in c["expected"]["must_include"]) if c["expected"]["must_include"] else ""])))
    parts = [f'<div class="case {"pass" if c["passed"] else "fail"}"><b>{_e(c["id"])}</b> '
             f'<span class="meta">{_e(c["type"])} · {"passed" if c["passed"] else "FAILED"}</span>',
             f"<p><b>Question:</b> {_e(c['question'])}</p>"]
    if c.get("history"):
        parts.append("<p class='meta'>After: " + " / ".join(_e(t["question"]) for t in c["history"]) + "</p>")
    if c.get("standalone_question") and c["standalone_question"] != c["question"]:
        parts.append(f"<p class='meta'>Searched as: {_e(c['standalone_question'])}</p>")
    parts.append(f"<p><b>Expected:</b> {_e(expected or 'gold evidence cited')}</p>")
    if c["failures"]:
        parts.append("<ul>" + "".join(f"<li>{_e(f)}</li>" for f in c["failures"]) + "</ul>")
    if "answer" in c:
        parts.append(f"<p><b>Answer</b> ({_e(c['mode'])}):</p><div class='p'>{_e(c['answer'])}</div>")
        if c.get("notice"):
            parts.append(f"<p class='meta'>{_e(c['notice'])}</p>")
        for cit in c.get("citations", []):
            parts.append(f"<p class='meta'>[{cit['n']}] {_e(cit['title'])} — {_e(cit['source'])}, {_e((cit['published_at'] or '')[:10])}</p>"
                         f"<div class='p'>{_highlight(cit['text'], evidences)}</div>")
    if c["gold"]:
        parts.append("<p><b>Gold evidence:</b></p><ul>" + "".join(
            f"<li>{_e(g.get('title') or g.get('url'))}: <mark>{_e(g.get('evidence', '(whole article)'))}</mark></li>" for g in c["gold"]) + "</ul>")
    retrieved = "".join(f"<div class='p'><b>{r}.</b> {_highlight(p['text'], evidences)}</div>" for r, p in enumerate(c["retrieved"], 1))
    parts.append(f"<details><summary>Retrieved passages ({len(c['retrieved'])})</summary>{retrieved}</details>")
    metrics = ", ".join(f"{k} {v}" for k, v in c["metrics"].items())
    parts.append(f"<p class='meta'>{_e(metrics)} · {_e(c['timings_ms'])} ms</p></div>")
    return "".join(parts)


def render_html(run: dict) -> str:
    gates = run.get("gates") or []
    gate_html = ""
    if gates:
        gate_html = "<h2>Gates</h2><ul>" + "".join(
            f"<li>{'✅' if g['passed'] else '❌'} {_e(g['gate'])} (measured {_e(g['value'])})</li>" for g in gates) + "</ul>"
    cases = sorted(run["cases"], key=lambda c: (c["passed"], c["type"], c["id"]))  # failures first
    return (f"<!doctype html><html><head><meta charset='utf-8'><title>{_e(run['set'])} — eval report</title>"
            f"<style>{CSS}</style></head><body><h1>{_e(run['set'])}</h1>"
            f"<p class='meta'>{_e(run['started'])} · mode {_e(run['mode'])} · {len(run['cases'])} cases in {_e(run['seconds'])} s · "
            f"index {_e(run['index'])} · {_e(run['settings'])}</p>{gate_html}<h2>Summary</h2>{_summary_table(run['summary'])}"
            f"<h2>Cases (failures first)</h2>{''.join(_case_html(c) for c in cases)}</body></html>")


def render_junit(run: dict) -> str:
    suite = ET.Element("testsuite", name=f"eval:{run['set']}", tests=str(len(run["cases"]) + len(run.get("gates") or [])),
                       failures=str(sum(not c["passed"] for c in run["cases"]) + sum(not g["passed"] for g in run.get("gates") or [])),
                       time=str(run["seconds"]))
    for c in run["cases"]:
        case = ET.SubElement(suite, "testcase", classname=f"{run['set']}.{c['type']}", name=c["id"],
                             time=str(c["timings_ms"].get("total", 0) / 1000))
        if not c["passed"]:
            ET.SubElement(case, "failure", message="; ".join(c["failures"])).text = c.get("answer", "")
    for g in run.get("gates") or []:
        case = ET.SubElement(suite, "testcase", classname=f"{run['set']}.gates", name=g["gate"])
        if not g["passed"]:
            ET.SubElement(case, "failure", message=f"measured {g['value']}")
    return ET.tostring(suite, encoding="unicode", xml_declaration=True)


def write_run(run: dict, output: Path) -> dict[str, Path]:
    output.mkdir(parents=True, exist_ok=True)
    paths = {"results": output / "results.json", "report": output / "report.html", "junit": output / "junit.xml"}
    paths["results"].write_text(json.dumps(run, indent=1, ensure_ascii=False), encoding="utf-8")
    paths["report"].write_text(render_html(run), encoding="utf-8")
    paths["junit"].write_text(render_junit(run), encoding="utf-8")
    return paths
