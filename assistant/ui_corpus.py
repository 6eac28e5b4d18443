"""The Articles tab: upload files (a progress step per file, then each file's result), list and search
the indexed articles by title, outlet or date, and delete one after a confirmation. The handlers return
plain values; ui.py wires them to the rest of the page (status line, outlet filter, chat welcome)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import gradio as gr

from ingest.readers import SUPPORTED

from . import corpus
from .safe_text import without_bidi_controls
from .store import IndexBusy, IndexUnavailable
from .ui_render import escape_markdown
from .uploads import accept_uploads

TABLE_HEADERS = ["Published", "Title", "Outlet", "Author", "Passages"]
RESULT_HEADERS = ["File", "Result", "Details"]


def _plain(text: str | None) -> str:
    """Table cells are shown as text by the Dataframe; bidi controls still go."""
    return without_bidi_controls(text or "")


def article_rows(articles: list[dict]) -> list[list]:
    return [[(a["published_at"] or "")[:10], _plain(a["title"]), _plain(a["source"]), _plain(a["author"]), a["n_chunks"]]
            for a in articles]


def article_choices(articles: list[dict]) -> list[tuple[str, str]]:
    """(label, article id) for the delete picker."""
    return [(_plain(f"{a['title']} — {a['source'] or 'unknown outlet'}, {(a['published_at'] or 'undated')[:10]}"),
             a["article_id"]) for a in articles]


@dataclass
class CorpusTab:
    upload: gr.File
    upload_result: gr.Dataframe
    search: gr.Textbox
    table: gr.Dataframe
    listed: gr.State  # the article ids shown, in table order
    pick: gr.Dropdown
    delete: gr.Button
    confirm: gr.Button
    cancel: gr.Button
    message: gr.Markdown

    @classmethod
    def build(cls, upload_max_mb: int) -> "CorpusTab":
        gr.Markdown("### Add articles")
        upload = gr.File(file_count="multiple", file_types=list(SUPPORTED), elem_id="upload",
                         label=f"Text, Markdown, HTML, JSON/JSONL, RSS/Atom; up to {upload_max_mb} MB each")
        upload_result = gr.Dataframe(headers=RESULT_HEADERS, label="Upload results", visible=False, wrap=True,
                                     interactive=False, elem_id="upload-result")
        gr.Markdown("### Articles in the index")
        search = gr.Textbox(label="Search by title, outlet or date", placeholder="e.g. barrier, Harbour Gazette, 2026-03",
                            elem_id="article-search")
        table = gr.Dataframe(headers=TABLE_HEADERS, label="Articles (newest first)", interactive=False, wrap=True,
                             max_height=420, elem_id="article-table")
        listed = gr.State([])
        with gr.Row():
            pick = gr.Dropdown(label="Article to delete", choices=[], value=None, elem_id="delete-pick",
                               info="Choose one, or click its row in the table")
            delete = gr.Button("Delete article…", variant="stop", interactive=False, elem_id="delete-article")
        with gr.Row():
            confirm = gr.Button("Yes, delete it", variant="stop", visible=False, elem_id="confirm-delete")
            cancel = gr.Button("Cancel", visible=False)
        message = gr.Markdown(elem_id="corpus-message")
        return cls(upload, upload_result, search, table, listed, pick, delete, confirm, cancel, message)


def listing(index, text: str) -> tuple[list[list], list[str], list[tuple[str, str]]]:
    """(table rows, their article ids, delete choices) for a search."""
    articles = corpus.list_articles(index, text or "")
    return article_rows(articles), [a["article_id"] for a in articles], article_choices(articles)


def upload_files(files, index, embedder, progress) -> tuple[list[list], str]:
    """Ingests the uploaded files; (a result row per file, a one-line summary)."""
    files = [f for f in (files or []) if f]
    paths = [getattr(f, "name", f) for f in files]
    names = [getattr(f, "orig_name", None) or Path(p).name for f, p in zip(files, paths)]

    def step(name: str, done: int, total: int, stage: str) -> None:
        progress((done, max(total, 1)), desc=f"{name}: {stage}" if name else "done")

    try:
        result = accept_uploads(paths, names, index, embedder, step)
    except IndexUnavailable as exc:  # a server-mode reader's folder, a read-only index: said, nothing copied
        return [[_plain(n), "refused", _plain(str(exc))] for n in names], escape_markdown(str(exc))
    rows = [[_plain(f.name), f.outcome, _plain(f.detail)] for f in result.files]
    return rows, escape_markdown(result.report.summary())


def delete(index, embedder, article_id: str | None) -> str:
    """Deletes the article; a line saying what happened (never a traceback)."""
    if not article_id:
        return "Choose an article first."
    try:
        done = corpus.delete_article(index, embedder, article_id)
    except (IndexBusy, IndexUnavailable) as exc:
        return escape_markdown(str(exc))
    if done is None:
        return "That article is no longer in the index."
    again = f"; {done.recleaned} other articles cleaned again" if done.recleaned else ""
    return f"Deleted **{escape_markdown(done.title)}** ({done.passages} passages{again})."
