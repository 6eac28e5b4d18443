"""The Gradio chat: streamed answers, a sources panel for the markers, filters and index status."""
from __future__ import annotations

import logging
import re
from pathlib import Path

import gradio as gr

from ingest.readers import SUPPORTED

from .app import open_assistant
from .demo import EXAMPLE_QUESTIONS
from .filters import Filters
from .pipeline import Assistant
from .safe_text import without_bidi_controls
from .settings import load_settings
from .store import IndexBusy, IndexUnavailable
from .ui_render import escape_markdown, sources_html, status_markdown
from .uploads import accept_uploads

log = logging.getLogger(__name__)
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
# overflow-wrap: a 6,000-character word (a url, a hash) wraps instead of widening the panel
CSS = (".src{margin-bottom:.8em;overflow-wrap:anywhere} .src blockquote{margin:.3em 0 0 0;font-size:.9em;white-space:pre-wrap}"
       " .message{overflow-wrap:anywhere}")


def _text(content) -> str:
    if isinstance(content, str):
        return re.sub(r"\\(.)", r"\1", content)  # undo escape_markdown
    if isinstance(content, list):
        return " ".join(_text(c) for c in content)
    if isinstance(content, dict):
        return str(content.get("text") or content.get("content") or "")
    return str(content or "")


def _outlet_choices(sources) -> list[tuple[str, str]]:
    """(label, value): the label without bidi controls, the value the outlet exactly as stored (for the filter)."""
    return [(without_bidi_controls(s), s) for s in sources]


def ui_auth(value: str | None) -> tuple[str, str] | None:
    """ASSISTANT_UI_AUTH as (user, password); unset or empty is None. Exits with a message when a part is
    missing: a server with an empty user or password is one nobody can log into."""
    if not value:
        return None
    user, sep, password = value.partition(":")
    if not (sep and user.strip() and password):
        raise SystemExit("ASSISTANT_UI_AUTH must be user:password with a non-empty user and password "
                         "(got an empty user or password, or no colon).")
    return user, password


def _pairs(history: list[dict]) -> list[tuple[str, str]]:
    """Chat messages -> (question, answer) pairs for follow-up condensing."""
    pairs, question = [], None
    for m in history or []:
        role = m.get("role") if isinstance(m, dict) else getattr(m, "role", None)
        content = _text(m.get("content") if isinstance(m, dict) else getattr(m, "content", ""))
        if role == "user":
            question = content
        elif role == "assistant" and question is not None:
            pairs.append((question, content))
            question = None
    return pairs


def build_app(assistant: Assistant) -> gr.Blocks:
    info = assistant.index.status()
    s = assistant.settings
    llm = f"{s.llm_model} at {s.openai_base_url or 'api.openai.com'}" if s.llm_enabled else None

    def respond(message: str, history: list, sources: list[str] | None, since: str, until: str):
        history = list(history or [])
        message = (message or "").strip()
        if not message:
            yield history, gr.update(), ""
            return
        prior = _pairs(history)
        history = history + [{"role": "user", "content": escape_markdown(message)},
                             {"role": "assistant", "content": "Searching the articles…"}]
        yield history, gr.update(), ""
        try:
            filters = Filters.parse(sources, since, until)
        except ValueError as exc:
            history[-1]["content"] = escape_markdown(f"Filter error: {exc}")
            yield history, gr.update(), ""
            return
        streamed = ""
        try:
            for event in assistant.ask_stream(message, prior, filters):
                if event.kind == "passages":
                    history[-1]["content"] = f"Found {len(event.data)} passages; answering…"
                    yield history, sources_html([], event.data, False), ""
                elif event.kind == "delta":
                    streamed += event.data
                    history[-1]["content"] = escape_markdown(streamed)
                    yield history, gr.update(), ""
                else:
                    r = event.data
                    answer = (f"{r.notice}\n\n" if r.notice else "") + r.answer
                    history[-1]["content"] = escape_markdown(answer)
                    yield history, sources_html(r.citations, r.passages, r.refused), ""
        except Exception as exc:  # a bug: logged with its traceback for the operator, one line for the reader
            log.exception("answering %r failed", message)
            history[-1]["content"] = escape_markdown(f"Something went wrong while answering ({type(exc).__name__}); "
                                                     "the server log has the details.")
            yield history, gr.update(), ""

    def add_articles(files):
        files = [f for f in (files or []) if f]
        paths = [getattr(f, "name", f) for f in files]
        names = [getattr(f, "orig_name", None) or Path(p).name for f, p in zip(files, paths)]
        try:
            report, refused = accept_uploads(paths, names, assistant.index, assistant.embedder)
        except (IndexBusy, IndexUnavailable) as exc:
            return escape_markdown(str(exc)), gr.update(), gr.update()
        lines = [report.summary()] + [f"refused {n}: {r}" for n, r in refused] + \
                [f"failed {Path(n).name}: {r}" for n, r in report.failed] + [f"skipped {Path(n).name}: {r}" for n, r in report.skipped] + \
                [f"warning {Path(n).name}: {r}" for n, r in report.warnings]
        fresh = assistant.index.status()
        return ("  \n".join(escape_markdown(line) for line in lines), status_markdown(fresh, llm),
                gr.update(choices=_outlet_choices(fresh["sources"])))

    with gr.Blocks(title="News archive assistant") as app:
        gr.Markdown("## News archive assistant\nAsk about the articles in the index; every claim is cited.")
        status = gr.Markdown(status_markdown(info, llm), elem_id="index-status")
        with gr.Row():
            with gr.Column(scale=3):
                chat = gr.Chatbot(height=480, label="Chat", sanitize_html=True, render_markdown=True,
                                  buttons=["copy", "copy_all"])
                box = gr.Textbox(placeholder="Ask a question about the news…", show_label=False, autofocus=True)
                with gr.Row():
                    send = gr.Button("Ask", variant="primary")
                    clear = gr.Button("New conversation")
                gr.Examples(EXAMPLE_QUESTIONS if info["articles"] else [], inputs=box, label="Examples")
            with gr.Column(scale=2):
                with gr.Accordion("Filters", open=False):
                    outlets = gr.Dropdown(choices=_outlet_choices(info["sources"]), multiselect=True, label="Outlets")
                    since = gr.Textbox(label="Published since (YYYY-MM-DD)")
                    until = gr.Textbox(label="Published until (YYYY-MM-DD)")
                with gr.Accordion("Add articles", open=False):
                    upload = gr.File(file_count="multiple", file_types=list(SUPPORTED),
                                     label=f"Text, Markdown, HTML, JSON/JSONL, RSS/Atom; up to {s.upload_max_mb} MB each")
                    upload_result = gr.Markdown()
                sources = gr.HTML("<h3>Sources</h3><p>Ask a question to see the cited passages.</p>")
        inputs = [box, chat, outlets, since, until]
        box.submit(respond, inputs, [chat, sources, box], api_name="ask")
        send.click(respond, inputs, [chat, sources, box], api_name=False)
        clear.click(lambda: ([], "<h3>Sources</h3>", ""), None, [chat, sources, box], api_name=False)
        upload.upload(add_articles, upload, [upload_result, status, outlets], api_name="upload")
    return app


def launch(index_dir, host: str, port: int, block: bool = True, settings=None, assistant=None):
    """Serves the chat; `assistant` (built by the composition root) or one opened on `index_dir`."""
    from .logs import setup

    setup()
    s = assistant.settings if assistant is not None else (settings or load_settings())
    auth = ui_auth(s.ui_auth)  # checked before anything starts
    if host not in LOOPBACK and auth is None:
        raise SystemExit(f"Refusing to listen on {host}: set ASSISTANT_UI_AUTH=user:password to allow other machines.")
    assistant = assistant or open_assistant(index_dir, s)
    app = build_app(assistant)
    app.queue(default_concurrency_limit=4)
    print(f"Chat on http://{host}:{port} (index {assistant.index.directory}); Ctrl+C stops it.", flush=True)
    return app.launch(server_name=host, server_port=port, share=False, auth=auth, show_error=False, quiet=True,
                      max_file_size=f"{s.upload_max_mb}mb",
                      prevent_thread_lock=not block, css=CSS, footer_links=[])
