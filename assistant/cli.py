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
from .settings import get_settings

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Ask questions of a news archive; every claim cited to the passage it came from.")
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

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


def _reads_index(command):
    """A storage error while the command reads the index (a disk that filled up, a file system gone
    read-only) becomes one line naming the index and the cause."""
    @functools.wraps(command)
    def guarded(*args, **kwargs):
        from .store.errors import storage_errors

        with storage_errors(Path(kwargs.get("index") or get_settings().index_dir).expanduser(), "read"):
            return command(*args, **kwargs)
    return guarded


def _assistant(index: Optional[Path]):
    from .pipeline import Assistant

    return Assistant(index)


@app.command()
def ingest(paths: list[str] = typer.Argument(..., help="Files, folders (recursive) or globs: .txt .md .html .json .jsonl .xml .rss .atom"),
           index: Optional[Path] = IndexOpt) -> None:
    """Read, clean, chunk and embed articles into the index. Re-running skips what is already there."""
    from .embedding import get_embedder
    from .progress import ingest_progress
    from .store import Index
    from ingest.indexing import ingest as run_ingest

    idx = Index(index, create=True)
    with ingest_progress(err) as progress:
        report = run_ingest(paths, idx, get_embedder(), progress)
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
    from .store import Index

    info = Index(index).status()
    if as_json:
        out.print_json(json.dumps(info), ensure_ascii=True)
        return
    rng = info["date_range"] or ["-", "-"]
    out.print(f"Index {info['index_dir']}\n{info['articles']} articles, {info['chunks']} chunks, "
              f"{len(info['sources'])} outlets, published {rng[0]} .. {rng[1]}\nEmbedding model: {info['embedding_model']} ({info['embedding_dim']}-d)")
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


@app.command()
@_reads_index
def ask(question: str = typer.Argument(..., help="Your question."), index: Optional[Path] = IndexOpt,
        as_json: bool = typer.Option(False, "--json", help="Print {answer, citations, refused} as JSON."),
        top_k: Optional[int] = TopKOpt, source: Optional[list[str]] = SourceOpt,
        since: Optional[str] = SinceOpt, until: Optional[str] = UntilOpt) -> None:
    """Answer a question from the articles, with numbered citations."""
    filters = _filters(source, since, until)
    assistant = _assistant(index)
    result = None
    streamed = ""
    # on a terminal the draft streams live, then gives way to the final, renumbered answer
    with Live(console=out, transient=True, auto_refresh=False) if not as_json and out.is_terminal else nullcontext() as live:
        for event in assistant.ask_stream(question, filters=filters, top_k=top_k):
            if event.kind == "delta" and live is not None:
                streamed += event.data
                live.update(Text(terminal_text(streamed)), refresh=True)
            elif event.kind == "result":
                result = event.data
    if as_json:
        out.print_json(json.dumps(result.to_public()), ensure_ascii=True)  # \u escapes: nothing reaches the terminal raw
        return
    if result.notice:
        err.print(f"[yellow]{show(result.notice)}[/yellow]")
    out.print(show(result.answer))
    if result.citations:
        out.print("\n[bold]Sources[/bold]")
    for c in result.citations:
        out.print(f"[bold][{c.n}][/bold] {show(c.title)} — {show(c.source or 'unknown outlet')}, "
                  f"{(c.published_at or 'undated')[:10]}\n    {show(c.url or '')}\n    {show(c.text.split(chr(10) * 2, 1)[-1][:500])}")
    if result.refused and result.passages:
        out.print("\nClosest passages found:")
        for p in result.passages[:3]:
            out.print(f"  - {show(p.title)} — {show(p.source or 'unknown outlet')}, {(p.published_at or 'undated')[:10]}")


@app.command()
def serve(index: Optional[Path] = IndexOpt,
          host: str = typer.Option(None, "--host", help="Address to bind (default 127.0.0.1)."),
          port: int = typer.Option(None, "--port", help="Port (default 7860).")) -> None:
    """Start the browser chat on the index."""
    from .ui import launch

    s = get_settings()
    launch(index, host or s.host, port or s.port)


@app.command()
def demo(index: Optional[Path] = IndexOpt, host: str = typer.Option(None, "--host"), port: int = typer.Option(None, "--port"),
         no_serve: bool = typer.Option(False, "--no-serve", help="Only ingest the demo corpus.")) -> None:
    """Ingest the bundled demo corpus (into its own index unless --index is given) if empty, then start the chat."""
    from .demo import ensure_demo_index

    path = ensure_demo_index(index or get_settings().demo_index_dir, err)
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
                                             help="Only the embedder's throughput, fp32 vs int8 (under a minute).")) -> None:
    """Measure ingest and query costs against the embedder's limit and a naive llama-index pipeline."""
    from evals.bench import render, run

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
        if get_settings().debug:
            raise
        err.print(f"[red]error:[/red] unexpected {type(exc).__name__}: {show(str(exc))} "
                  "(a bug; ASSISTANT_DEBUG=1 shows the traceback)")
        sys.exit(1)
