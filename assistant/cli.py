"""The `assistant` command: ingest, status, retrieve, ask, serve, demo. Presentation only; the work is in
ingest/ and pipeline.py."""
from __future__ import annotations

import functools
import json
import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console
from rich.live import Live
from rich.markup import escape
from rich.text import Text

from .safe_text import terminal_text
from .settings import load_settings

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Ask questions of a news archive; every claim cited to the passage it came from.")
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@app.callback()
def _options(verbose: int = typer.Option(0, "--verbose", "-v", count=True,
                                         help="Log what happens on stderr (-v: steps, -vv: details).")) -> None:
    from .logs import setup

    setup(verbose)

IndexOpt = typer.Option(None, "--index", help="Index folder (default: $ASSISTANT_INDEX_DIR or ~/.local/share/news-assistant/index).")
TopKOpt = typer.Option(None, "--top-k", "-k", min=1, max=100, help="How many passages to retrieve.")
SourceOpt = typer.Option(None, "--source", "-s", help="Only these outlets (repeat for several).")
SinceOpt = typer.Option(None, "--since", help="Only articles published on or after this date (YYYY-MM-DD).")
UntilOpt = typer.Option(None, "--until", help="Only articles published on or before this date (YYYY-MM-DD).")


def _register_eval() -> None:
    from .cli_eval import eval_app

    app.add_typer(eval_app, name="eval")


_register_eval()


def show(text: str) -> str:
    """Untrusted text for the terminal: no rich markup, no control or bidi characters."""
    return escape(terminal_text(text))


class UserError(Exception):
    """An error the user can fix; printed without a traceback."""


def _filters(source, since, until):
    from .filters import Filters

    try:
        return Filters.parse(source, since, until)
    except ValueError as exc:
        raise UserError(str(exc)) from None


EXTRACTIVE_NOTE = "(Answered from the article text without a language model; set OPENAI_BASE_URL to use one.)"


def _reads_index(command):
    """A storage error while the command reads the index (a disk that filled up, a file system gone
    read-only) becomes one line naming the index and the cause."""
    @functools.wraps(command)
    def guarded(*args, **kwargs):
        from .store.errors import storage_errors

        with storage_errors(Path(kwargs.get("index") or load_settings().index_dir).expanduser(), "read"):
            return command(*args, **kwargs)
    return guarded


def _assistant(index: Optional[Path]):
    from .app import open_assistant

    return open_assistant(index)


@app.command()
def ingest(paths: list[str] = typer.Argument(..., help="Files, folders (recursive) or globs: .txt .md .html .json .jsonl .xml .rss .atom"),
           index: Optional[Path] = IndexOpt,
           workers: int = typer.Option(1, "--workers", min=1, help="Reader processes reading and parsing files at once "
                                       "(the result is the same for any number).")) -> None:
    """Read, clean, chunk and embed articles into the index. Re-running skips what is already there."""
    from ingest.indexing import ingest as run_ingest

    from .app import open_index
    from .embedding import load_embedder
    from .progress import ingest_progress

    settings = load_settings()
    idx = open_index(index, settings, create=True)
    with ingest_progress(err) as progress:
        report = run_ingest(paths, idx, load_embedder(settings), progress, workers=workers)
    for name, reason in report.failed:
        err.print(f"[red]failed[/red] {show(name)}: {show(reason)}")
    for name, reason in report.skipped:
        err.print(f"[yellow]skipped[/yellow] {show(name)}: {show(reason)}")
    for name, reason in report.warnings:
        err.print(f"[yellow]warning[/yellow] {show(name)}: {show(reason)}")
    out.print(report.summary())
    if report.failed:
        raise typer.Exit(1)


@app.command()
@_reads_index
def status(index: Optional[Path] = IndexOpt, as_json: bool = typer.Option(False, "--json", help="Print JSON.")) -> None:
    """Show what the index holds: articles, chunks, outlets, date range, embedding model."""
    from .app import open_index

    info = open_index(index).status()
    if as_json:
        out.print_json(json.dumps(info), ensure_ascii=True)
        return
    rng = info["date_range"] or ["-", "-"]
    out.print(f"Index {info['index_dir']}\n{info['articles']} articles, {info['chunks']} chunks, "
              f"{len(info['sources'])} outlets, published {rng[0]} .. {rng[1]}\n"
              f"Embedding model: {info['embedding_model']} ({info['embedding_dim']}-d)")
    if "chroma_server" in info:
        out.print(f"Chroma server {show(info['chroma_server'])}: this folder is the {info['role']}")
    for name, n in list(info["sources"].items())[:20]:
        out.print(f"  {n:5d}  {show(name)}")
    if info["chunks_without_sentence_vectors"]:
        out.print(f"{info['chunks_without_sentence_vectors']} chunks were indexed before sentence vectors were stored: "
                  "retrieval matches them by words and their one vector only. To add them, ingest into a new index "
                  "(or delete this folder and ingest again).")


@app.command()
@_reads_index
def retrieve(query: Optional[str] = typer.Argument(None, help="A question (omit when using --queries)."),
             index: Optional[Path] = IndexOpt, top_k: Optional[int] = TopKOpt,
             queries: Optional[Path] = typer.Option(None, "--queries", help="JSON array or JSONL of {id, query|question}."),
             output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write JSONL results here (with --queries)."),
             source: Optional[list[str]] = SourceOpt, since: Optional[str] = SinceOpt, until: Optional[str] = UntilOpt) -> None:
    """Print the top passages for a question, or run a batch of queries to JSONL."""
    from .batch import load_queries, run_batch

    filters = _filters(source, since, until)
    assistant = _assistant(index)
    if queries is None:
        if not query:
            raise UserError("give a question, or --queries FILE")
        for rank, p in enumerate(assistant.retrieve(query, top_k, filters), start=1):
            out.print(f"[bold][{rank}][/bold] {show(p.title)} — {show(p.source or 'unknown outlet')}, "
                      f"{(p.published_at or 'undated')[:10]}  score {p.score:.3f}\n    {show(p.url or '')}\n"
                      f"    {show(p.body[:400])}\n")
        return
    items = load_queries(queries)
    sink = open(output, "w", encoding="utf-8") if output else sys.stdout
    try:
        run_batch(assistant, items, top_k or assistant.settings.top_k, filters, sink, err)
    finally:
        if output:
            sink.close()
            err.print(f"wrote {len(items)} results to {output}")


LLM_FAILED_EXIT = 3  # answered, but without the configured language model (it failed; see the notice)


def _history_file(path: Optional[Path]) -> list[tuple[str, str]]:
    """Earlier turns for a follow-up: a JSON list of {"question", "answer"} objects (or [question, answer] pairs)."""
    if path is None:
        return []
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
        turns = [(t["question"], t.get("answer", "")) if isinstance(t, dict) else (t[0], t[1] if len(t) > 1 else "")
                 for t in items]
    except (OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise UserError(f"cannot read the history file {path}: {type(exc).__name__}: {exc}") from None
    if not all(isinstance(q, str) and isinstance(a, str) for q, a in turns):
        raise UserError(f"cannot read the history file {path}: questions and answers must be text")
    return turns


def _answer(assistant, question: str, history: list[tuple[str, str]], filters, top_k, live_output: bool):
    """Runs the pipeline; on a terminal the model's draft streams live, then gives way to the final answer."""
    result, streamed = None, ""
    with Live(console=out, transient=True, auto_refresh=False) if live_output and out.is_terminal else nullcontext() as live:
        for event in assistant.ask_stream(question, history, filters=filters, top_k=top_k):
            if event.kind == "delta" and live is not None:
                streamed += event.data
                live.update(Text(terminal_text(streamed)), refresh=True)
            elif event.kind == "result":
                result = event.data
    return result


def _print_result(result) -> None:
    if result.notice:
        err.print(f"[yellow]{show(result.notice)}[/yellow]")
    if result.read_as:
        from .answer.spelling import read_as_line

        err.print(f"[dim]({show(read_as_line(result.read_as))})[/dim]")
    out.print(show(result.answer))
    if result.citations:
        out.print("\n[bold]Sources[/bold]")
    for c in result.citations:
        by = f", by {c.author}" if c.author else ""
        out.print(f"[bold][{c.n}][/bold] {show(c.title)} — {show(c.source or 'unknown outlet')}, "
                  f"{(c.published_at or 'undated')[:10]}{show(by)}\n    {show(c.url or '')}\n"
                  f"    {show(c.text.split(chr(10) * 2, 1)[-1][:500])}")
    if result.refused and result.passages:
        out.print("\nClosest passages found:")
        for p in result.passages[:3]:
            out.print(f"  - {show(p.title)} — {show(p.source or 'unknown outlet')}, "
                      f"{(p.published_at or 'undated')[:10]}")
    if result.mode == "extractive" and not result.notice and not result.refused:
        out.print(f"[dim]{EXTRACTIVE_NOTE}[/dim]")


@app.command()
@_reads_index
def ask(question: str = typer.Argument(..., help="Your question."), index: Optional[Path] = IndexOpt,
        as_json: bool = typer.Option(False, "--json", help="Print {answer, citations, refused, mode, notice, unsupported_claims, read_as} as JSON."),
        history: Optional[Path] = typer.Option(None, "--history", help="JSON file of earlier turns [{question, answer}] for a follow-up."),
        top_k: Optional[int] = TopKOpt, source: Optional[list[str]] = SourceOpt,
        since: Optional[str] = SinceOpt, until: Optional[str] = UntilOpt) -> None:
    """Answer a question from the articles, with numbered citations. Exit status 3: answered without the
    configured language model because it failed (the notice says why)."""
    filters = _filters(source, since, until)
    turns = _history_file(history)
    assistant = _assistant(index)
    result = _answer(assistant, question, turns, filters, top_k, live_output=not as_json)
    if as_json:
        out.print_json(json.dumps(result.to_public()), ensure_ascii=True)  # \u escapes: nothing reaches the terminal raw
    else:
        _print_result(result)
    if result.notice and assistant.settings.llm_enabled:
        raise typer.Exit(LLM_FAILED_EXIT)


@app.command()
@_reads_index
def chat(index: Optional[Path] = IndexOpt, top_k: Optional[int] = TopKOpt, source: Optional[list[str]] = SourceOpt,
         since: Optional[str] = SinceOpt, until: Optional[str] = UntilOpt) -> None:
    """An interactive session in the terminal: follow-up questions use the conversation. Type /new to start
    over, /quit (or Ctrl+D) to leave."""
    filters = _filters(source, since, until)
    assistant = _assistant(index)
    turns: list[tuple[str, str]] = []
    err.print("Ask a question about the news (/new starts over, /quit leaves).")
    while True:
        try:
            question = input("> ").strip()
        except EOFError:
            break
        if question in ("/quit", "/exit", "quit", "exit"):
            break
        if question == "/new":
            turns = []
            err.print("New conversation.")
            continue
        if not question:
            continue
        result = _answer(assistant, question, turns, filters, top_k, live_output=True)
        if result.standalone_question != question:
            err.print(f"[dim](searched for: {show(result.standalone_question)})[/dim]")
        _print_result(result)
        out.print()
        turns.append((question, result.answer))


@app.command()
def serve(index: Optional[Path] = IndexOpt,
          host: str = typer.Option(None, "--host", help="Address to bind (default 127.0.0.1)."),
          port: int = typer.Option(None, "--port", help="Port (default 7860).")) -> None:
    """Start the browser chat on the index."""
    from .ui import launch

    s = load_settings()
    launch(index, host or s.host, port or s.port, settings=s)


@app.command()
def demo(index: Optional[Path] = IndexOpt, host: str = typer.Option(None, "--host"), port: int = typer.Option(None, "--port"),
         no_serve: bool = typer.Option(False, "--no-serve", help="Only ingest the demo corpus.")) -> None:
    """Ingest the bundled demo corpus (into its own index unless --index is given) if empty, then start the chat."""
    from .demo import ensure_demo_index

    path = ensure_demo_index(index or load_settings().demo_index_dir, err)
    if not no_serve:
        serve(path, host, port)


@app.command()
def bench(corpus: Path = typer.Option(Path(__file__).resolve().parents[2] / "shared/data/multihop-rag/corpus.json",
                                      "--corpus", help="A JSON array of articles (default: the MultiHop-RAG corpus)."),
          queries: Optional[Path] = typer.Option(None, "--queries", help="JSON list of {query}; default: MultiHop-RAG dev."),
          scales: str = typer.Option("1,4", "--scales", help="Corpus sizes for the growth rows, e.g. 1,4,16."),
          workdir: Path = typer.Option(Path("runs/bench"), "--workdir", help="Scratch folder (emptied first)."),
          json_out: Optional[Path] = typer.Option(None, "--json", help="Also write the results here."),
          embedder_only: bool = typer.Option(False, "--embedder-only",
                                             help="Only the embedder's throughput, fp32 vs int8 (under a minute)."),
          latency_index: Optional[Path] = typer.Option(None, "--latency-only", metavar="INDEX",
                                                       help="Only query latency (retrieve, answer) on an existing index."),
          scale: Optional[int] = typer.Option(None, "--scale", metavar="N",
                                              help="Instead: N synthetic chunks in a real `chroma run` server, keyword and "
                                                   "sentence-vector options alongside (evals/scale_bench.py, docs/scaling.md)."),
          chroma_port: int = typer.Option(0, "--chroma-port", help="With --scale: the server's port (0: a free one).")) -> None:
    """Measure ingest and query costs against the embedder's limit and a naive llama-index pipeline."""
    if scale is not None:
        from evals import scale_bench

        argv = ["--chunks", str(scale), "--port", str(chroma_port), "--workdir", str(workdir)]
        if corpus.exists():
            argv += ["--corpus", str(corpus)]
        else:
            argv += ["--no-corpus"]
        scale_bench.main(argv + (["--json", str(json_out)] if json_out else []))
        return
    from evals.bench import query_latency, render, run

    if latency_index is not None:
        default_queries = corpus.parent / "queries-dev.json"
        source = queries or (default_queries if default_queries.exists() else None)
        questions = [q["query"] for q in json.loads(source.read_text())][:100] if source else []
        if not questions:
            raise UserError("no questions: give --queries FILE")
        lat = query_latency(latency_index, questions)
        out.print(f"{lat['questions']} questions on {latency_index}: retrieve p50/p95 {lat['retrieve_ms']['p50']} / "
                  f"{lat['retrieve_ms']['p95']} ms; whole ask {lat['answer_ms']['p50']} / {lat['answer_ms']['p95']} ms; "
                  f"answer and cite stages {lat['answer_stage_ms']['p50']} / {lat['answer_stage_ms']['p95']} ms")
        if json_out:
            json_out.write_text(json.dumps(lat, indent=1))
        return
    if not corpus.exists():
        raise UserError(f"no corpus at {corpus}; give --corpus")
    default_queries = corpus.parent / "queries-dev.json"
    save = (lambda partial: json_out.write_text(json.dumps(partial, indent=1))) if json_out else None
    result = run(corpus, queries or (default_queries if default_queries.exists() else None),
                 [int(x) for x in scales.split(",") if x.strip()], workdir, on_phase=save,
                 embedder_only=embedder_only)
    out.print(render(result))
    if json_out:
        json_out.write_text(json.dumps(result, indent=1))


def main() -> None:
    from .batch import QueryFileError
    from .embedding import EmbeddingModelMissing
    from .store import IndexBusy, IndexMismatch, IndexNotFound, IndexUnavailable
    from .store.errors import STORAGE_ERRORS

    try:
        app()
    except (UserError, QueryFileError, IndexBusy, IndexNotFound, IndexMismatch, IndexUnavailable,
            EmbeddingModelMissing) as exc:
        err.print(f"[red]error:[/red] {show(str(exc))}")
        sys.exit(2)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except STORAGE_ERRORS as exc:  # a file system error outside the index (an --output file, ...)
        err.print(f"[red]error:[/red] {show(f'{type(exc).__name__}: {exc}')}")
        sys.exit(2)
    except Exception as exc:  # a bug: one line for the user, the traceback only when asked for
        if load_settings().debug:
            raise
        err.print(f"[red]error:[/red] unexpected {type(exc).__name__}: {show(str(exc))} "
                  "(a bug; ASSISTANT_DEBUG=1 shows the traceback)")
        sys.exit(1)
