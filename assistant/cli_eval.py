"""`assistant eval ...`: validate, run and compare question sets; import MultiHop-RAG. Presentation only;
the work is in evals/."""
from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

eval_app = typer.Typer(no_args_is_help=True, help="Scripted question sets: validate, run (with gates), compare, import.")
out = Console(highlight=False, soft_wrap=True, width=None if Console().is_terminal else 170)
err = Console(stderr=True, highlight=False)
COLUMNS = {"n": "n", "passed": "pass", "accuracy": "acc", "contains_answer": "fact", "yes_no_balanced": "y/n",
           "crag_score": "CRAG", "refusal_rate": "refuse", "false_refusal_rate": "false-ref",
           "claim_support": "claims-ok", "citation_precision": "cite-P", "citation_recall": "cite-R",
           "answer_words_p50": "words", "hits@10": "H@10", "mrr@10": "MRR"}


def _load(path: Path):
    from evals.sets import SetError, load_set

    try:
        return load_set(path)
    except SetError as exc:
        for line in exc.problems:
            err.print(f"[red]{escape(line)}[/red]")
        raise typer.Exit(2)


@eval_app.command()
def validate(sets: list[Path] = typer.Argument(..., help="Set files (.yaml or .jsonl).")) -> None:
    """Check set files; each bad field is named with its line."""
    for path in sets:
        s = _load(path)
        out.print(f"{path}: ok, {len(s.cases)} cases ({', '.join(sorted({c.type for c in s.cases}))})")


def _index_for(eval_set, index: Optional[Path], corpus: Optional[Path], settings, embedder) -> Path:
    """The index to run on; a corpus (option or the set's) is ingested into it first (incrementally)."""
    corpus_path = corpus.resolve() if corpus else eval_set.resolve(eval_set.corpus)
    if index is None and corpus_path is None:
        index = eval_set.resolve(eval_set.index) or settings.index_dir
    if index is None:
        digest = hashlib.sha1(str(corpus_path).encode()).hexdigest()[:12]
        index = settings.index_dir.parent / "eval-indexes" / f"{corpus_path.name}-{digest}"
    if corpus_path is not None:
        from assistant.app import open_index
        from assistant.progress import ingest_progress
        from ingest.indexing import ingest

        idx = open_index(index, settings, create=True)
        with ingest_progress(err) as progress:
            report = ingest([str(corpus_path)], idx, embedder, progress)
        idx.close()
        err.print(f"index {index}: {report.summary()}")
    return index


def _summary_table(summary: dict, title: str) -> Table:
    table = Table(title=title, caption="acc: answer correct (answerable cases); fact: answer contains an accepted answer; "
                  "y/n: balanced accuracy of Yes/No on the answer's first word; CRAG: +1 right, 0 refused, -1 wrong; "
                  "refuse: refusal rate on unanswerable; false-ref: refusals of answerable; claims-ok: share of answer "
                  "claims backed by their cited passage; cite-P/R: citation precision/recall; words: median answer "
                  "length; H@10, MRR: retrieval", caption_justify="left")
    table.add_column("group", no_wrap=True)
    for c in COLUMNS.values():
        table.add_column(c, justify="right", no_wrap=True)
    for name, block in [("overall", summary["overall"])] + list(summary["by_type"].items()):
        table.add_row(name, *[("—" if block.get(c) is None else f"{block[c]:.3f}" if isinstance(block[c], float) else str(block[c])) for c in COLUMNS])
    return table


@eval_app.command()
def run(set_file: Path = typer.Argument(..., metavar="SET", help="A set file (.yaml or .jsonl)."),
        index: Optional[Path] = typer.Option(None, "--index", help="Run on this index (ingesting the set's corpus into it first)."),
        corpus: Optional[Path] = typer.Option(None, "--corpus", help="Ingest this corpus (cached index) and run on it."),
        retrieval_only: bool = typer.Option(False, "--retrieval-only", help="Score retrieval only; no answers."),
        oracle_context: bool = typer.Option(False, "--oracle-context", help="Answer from the gold evidence instead of retrieval."),
        limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Only the first N cases."),
        output: Optional[Path] = typer.Option(None, "--output", "-o", help="Folder for results.json, report.html, junit.xml."),
        gates: Optional[Path] = typer.Option(None, "--gates", help="Thresholds file; exit 1 when one fails.")) -> None:
    """Run a set through the assistant and write results.json, report.html and junit.xml."""
    from assistant.app import open_assistant
    from assistant.embedding import load_embedder
    from assistant.settings import load_settings
    from evals.gates import GateFileError, check, load_gates
    from evals.report import write_run
    from evals.runner import run_set

    eval_set = _load(set_file)
    try:
        gate_list = load_gates(gates) if gates else []
    except (GateFileError, OSError) as exc:
        err.print(f"[red]{escape(str(exc))}[/red]")
        raise typer.Exit(2)
    settings = load_settings()
    embedder = load_embedder(settings)
    assistant = open_assistant(_index_for(eval_set, index, corpus, settings, embedder), settings, embedder)
    bars = Progress(TextColumn("eval"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err,
                    disable=not err.is_terminal)
    with bars:
        task = bars.add_task("eval", total=min(len(eval_set.cases), limit or len(eval_set.cases)))
        result = run_set(eval_set, assistant, retrieval_only, oracle_context, limit,
                         lambda done, total: bars.update(task, completed=done))
    result["gates"] = check(gate_list, result["summary"])
    output = output or Path("runs") / f"{eval_set.name}-{datetime.now():%Y%m%d-%H%M%S}"
    paths = write_run(result, output)
    out.print(_summary_table(result["summary"], f"{eval_set.name}: {result['mode']}, {len(result['cases'])} cases, {result['seconds']} s"))
    lat = result["summary"]["overall"]["latency_ms"]
    out.print("latency ms (p50/p95): " + ", ".join(f"{k} {v['p50']}/{v['p95']}" for k, v in lat.items()))
    for g in result["gates"]:
        out.print(f"{'[green]pass[/green]' if g['passed'] else '[red]FAIL[/red]'} gate {escape(g['gate'])} (measured {g['value']})")
    out.print(f"report: {paths['report']}\nresults: {paths['results']}\njunit: {paths['junit']}")
    if any(not g["passed"] for g in result["gates"]):
        raise typer.Exit(1)


@eval_app.command()
def compare(run_a: Path = typer.Argument(..., help="Baseline run folder or results.json."),
            run_b: Path = typer.Argument(..., help="New run folder or results.json."),
            as_json: bool = typer.Option(False, "--json", help="Print the comparison as JSON.")) -> None:
    """Cases that got worse and better, and metric deltas with 95% bootstrap intervals."""
    from evals.compare import compare_runs

    def load(p: Path) -> dict:
        p = p / "results.json" if p.is_dir() else p
        try:
            return json.loads(p.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            err.print(f"[red]cannot read {p}: {exc}[/red]")
            raise typer.Exit(2)
    diff = compare_runs(load(run_a), load(run_b))
    if as_json:
        out.print_json(json.dumps(diff))
        return
    table = Table(title=f"{diff['common_cases']} common cases: B - A with 95% bootstrap interval")
    for col in ("metric", "A", "B", "delta", "95% CI", ""):
        table.add_column(col, justify="right" if col not in ("metric", "") else "left")
    for k, d in diff["deltas"].items():
        table.add_row(k, f"{d['a']:.3f}", f"{d['b']:.3f}", f"{d['delta']:+.3f}", f"[{d['ci95'][0]:+.3f}, {d['ci95'][1]:+.3f}]",
                      "significant" if d["significant"] else "noise")
    out.print(table)
    for label, rows in (("worse", diff["worse"]), ("better", diff["better"])):
        out.print(f"\n{len(rows)} {label}:")
        for r in rows:
            out.print(f"  {escape(r['id'])} ({r['type']}): {escape(r['question'][:90])}\n     now: {escape('; '.join(r['after']) or 'passes')}")


@eval_app.command("import-multihop")
def import_multihop_cmd(queries: Path = typer.Argument(..., help="MultiHop-RAG queries JSON."),
                        corpus: Path = typer.Argument(..., help="MultiHop-RAG corpus.json."),
                        output: Path = typer.Option(Path("runs/multihop-dev.jsonl"), "--output", "-o", help="Where to write the set (keep it out of git: the evidence sentences belong to the publishers)."),
                        name: str = typer.Option("multihop-dev", "--name")) -> None:
    """Turn MultiHop-RAG files into a question set (null queries expect a refusal)."""
    from evals.multihop_import import import_multihop

    lines = import_multihop(queries, corpus, name)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    out.print(f"wrote {len(lines) - 1} cases to {output}")
