"""The Gradio app: an "Ask" tab (the chat, whose answers each carry their own source cards, with filters
and an as-of date, export and copy) and an "Articles" tab (upload, list, search, delete). The index
status, the outlet choices and the chat's welcome are read again on every page load, upload and delete.
"""
from __future__ import annotations

import logging
import tempfile
import time
import uuid
from datetime import datetime
from pathlib import Path

import gradio as gr

from . import corpus
from .app import open_assistant
from .date_scope import scope
from .demo import DEMO_OUTLETS, EXAMPLE_QUESTIONS
from .pipeline import Assistant
from .safe_text import without_bidi_controls
from .settings import load_settings
from .store.errors import STORAGE_ERRORS, IndexUnavailable, storage_failure
from .ui_answer import status_html, streaming_html, turn_steps
from .ui_assets import CSS, HEAD
from .ui_corpus import CorpusTab, delete, listing, upload_files
from .ui_export import Turn, conversation_markdown
from .ui_render import escape_markdown, status_markdown, welcome_markdown

log = logging.getLogger(__name__)
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
REVEAL_PAUSE = 0.12  # seconds between the lines of an offline answer as they are revealed
EXAMPLES_FROM_TITLES = 3  # an index that is not the demo offers its newest titles as examples
LAUNCH_OPTIONS = {"css": CSS, "head": HEAD, "footer_links": []}  # no footer: its grey links fail contrast


def _outlet_choices(outlets) -> list[tuple[str, str]]:
    """(label, value): the label without bidi controls, the value the outlet exactly as stored (for the filter)."""
    return [(without_bidi_controls(s), s) for s in outlets]


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


def _role(message) -> str | None:
    return message.get("role") if isinstance(message, dict) else getattr(message, "role", None)


def _examples(index, summary) -> list[dict]:
    if summary.empty:
        return []
    if all(o in summary.outlets for o in DEMO_OUTLETS):
        return [{"text": q} for q in EXAMPLE_QUESTIONS]
    return [{"text": without_bidi_controls(a["title"])} for a in corpus.list_articles(index, "", EXAMPLES_FROM_TITLES)]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


def build_app(assistant: Assistant) -> gr.Blocks:
    s = assistant.settings
    index = assistant.index
    llm = f"{s.llm_model} at {s.openai_base_url or 'api.openai.com'}" if s.llm_enabled else None
    exports = Path(tempfile.mkdtemp(prefix="assistant-exports-"))

    def page_state(search: str = ""):
        """Everything that depends on what the index holds: status, outlet choices, chat welcome, article list."""
        summary = corpus.summary(index)
        rows, ids, choices = listing(index, search)
        return (status_markdown(summary, llm), gr.update(choices=_outlet_choices(summary.outlets)),
                gr.update(placeholder=welcome_markdown(summary), examples=_examples(index, summary) or None),
                rows, ids, gr.update(choices=choices, value=None))

    def respond(message: str, history: list, outlets: list[str] | None, since: str, until: str, as_of: str, turns: list):
        history, message = list(history or []), (message or "").strip()
        turns = list(turns or [])[:sum(_role(m) == "assistant" for m in history)]  # the turns still on screen
        if not message:
            yield history, gr.update(), turns, gr.update()
            return
        prior = [(t.question, t.answer) for t in turns]
        history += [{"role": "user", "content": escape_markdown(message)},
                    {"role": "assistant", "content": status_html("Searching the articles…")}]
        yield history, "", turns, gr.update()
        try:
            where = scope(message, outlets, since, until, as_of)
        except ValueError as exc:
            history[-1]["content"] = status_html(f"Filter error: {exc}")
            yield history, "", turns, gr.update()
            return
        if corpus.summary(index).empty:
            history[-1]["content"] = status_html("The index is empty: add articles in the Articles tab first.")
            yield history, "", turns, gr.update()
            return
        turn_id, streamed = uuid.uuid4().hex[:8], ""
        try:
            for event in assistant.ask_stream(message, prior, where.filters, today=where.today):
                if event.kind == "passages":
                    found = f"Found {len(event.data)} passages; answering…" if event.data else "No passage matches; answering…"
                    history[-1]["content"] = status_html(found)
                    yield history, "", turns, gr.update()
                elif event.kind == "delta":
                    streamed += event.data
                    history[-1]["content"] = streaming_html(streamed)
                    yield history, "", turns, gr.update()
                else:
                    r = event.data
                    turn = Turn.of(message, r.answer, r.citations, r.refused, where.notes)
                    for step, html in enumerate(turn_steps(turn_id, r, turn, where.notes)):
                        if step:
                            time.sleep(REVEAL_PAUSE)
                        history[-1]["content"] = html
                        yield history, "", turns, gr.update()
                    turns = turns + [turn]
                    yield history, "", turns, gr.update(value=export(turns), interactive=True)
        except (IndexUnavailable, *STORAGE_ERRORS) as exc:  # the index or its Chroma server: the cause, in one line
            failure = exc if isinstance(exc, IndexUnavailable) else storage_failure(index.directory, exc, "read")
            log.warning("answering %r failed: %s", message, failure)
            history[-1]["content"] = status_html(_sentence(str(failure)))
            yield history, "", turns, gr.update()
        except Exception as exc:  # a bug: logged with its traceback for the operator, one line for the reader
            log.exception("answering %r failed", message)
            history[-1]["content"] = status_html(f"Something went wrong while answering ({type(exc).__name__}); "
                                                 "the server log has the details.")
            yield history, "", turns, gr.update()

    def export(turns: list) -> str:
        path = exports / f"conversation-{datetime.now():%Y%m%d-%H%M%S}-{uuid.uuid4().hex[:6]}.md"
        path.write_text(conversation_markdown(turns), encoding="utf-8")
        return str(path)

    with gr.Blocks(title="News archive assistant") as app:
        gr.Markdown("## News archive assistant")
        status = gr.Markdown(elem_id="index-status")
        with gr.Tabs():
            with gr.Tab("Ask", id="ask"):
                with gr.Accordion("Filters and as-of date", open=False, elem_id="filters"):
                    with gr.Row():
                        # choices are read again on every page load; an outlet added since is still accepted
                        outlets = gr.Dropdown(choices=_outlet_choices(corpus.summary(index).outlets), multiselect=True,
                                              label="Outlets", elem_id="outlets", info="Search only these outlets",
                                              allow_custom_value=True)
                        as_of = gr.Textbox(label="As of (YYYY-MM-DD)", elem_id="as-of",
                                           info='Later articles are left out; "last week" is the week before it')
                    with gr.Row():
                        since = gr.Textbox(label="Published from (YYYY-MM-DD)", elem_id="since")
                        until = gr.Textbox(label="Published until (YYYY-MM-DD)", elem_id="until")
                chat = gr.Chatbot(label="Conversation", show_label=False, height="64vh", elem_id="chat",
                                  sanitize_html=True, render_markdown=True, latex_delimiters=[], buttons=[],
                                  placeholder="Loading…")
                box = gr.Textbox(label="Your question", placeholder="Ask a question about the news…", autofocus=True,
                                 elem_id="question")
                with gr.Row():
                    send = gr.Button("Ask", variant="primary", elem_id="ask")
                    clear = gr.Button("New conversation")
                    download = gr.DownloadButton("Export conversation (.md)", interactive=False, elem_id="export")
            with gr.Tab("Articles", id="articles"):
                tab = CorpusTab.build(s.upload_max_mb)
        turns = gr.State([])

        refreshed = [status, outlets, chat, tab.table, tab.listed, tab.pick]
        app.load(page_state, None, refreshed, api_name=False)
        inputs = [box, chat, outlets, since, until, as_of, turns]
        outputs = [chat, box, turns, download]
        box.submit(respond, inputs, outputs, api_name="ask")
        send.click(respond, inputs, outputs, api_name=False)
        def on_example(evt: gr.SelectData) -> str:
            return evt.value["text"]

        chat.example_select(on_example, None, box, api_name=False).then(
            respond, inputs, outputs, api_name=False)
        clear.click(lambda: ([], "", [], gr.update(value=None, interactive=False)), None, outputs, api_name=False)

        def on_upload(files, search, progress=gr.Progress()):
            rows, summary = upload_files(files, index, embedder=assistant.embedder, progress=progress)
            return (gr.update(value=rows, visible=True), summary, None) + page_state(search)

        tab.upload.upload(on_upload, [tab.upload, tab.search], [tab.upload_result, tab.message, tab.upload] + refreshed,
                          api_name="upload")
        tab.search.change(lambda text: listing(index, text)[:2] + (gr.update(choices=listing(index, text)[2], value=None),),
                          tab.search, [tab.table, tab.listed, tab.pick], api_name=False)

        def on_row(ids: list, evt: gr.SelectData):
            row = evt.index[0] if isinstance(evt.index, (list, tuple)) else evt.index
            return gr.update(value=ids[row]) if 0 <= row < len(ids) else gr.update()

        tab.table.select(on_row, tab.listed, tab.pick, api_name=False)
        tab.pick.change(lambda v: gr.update(interactive=bool(v)), tab.pick, tab.delete, api_name=False)
        asking = [tab.delete, tab.confirm, tab.cancel]
        tab.delete.click(lambda: (gr.update(visible=False), gr.update(visible=True), gr.update(visible=True)),
                         None, asking, api_name=False)
        tab.cancel.click(lambda: (gr.update(visible=True), gr.update(visible=False), gr.update(visible=False)),
                         None, asking, api_name=False)

        def on_delete(article_id, search):
            said = delete(index, assistant.embedder, article_id)
            return (said, gr.update(visible=True, interactive=False), gr.update(visible=False),
                    gr.update(visible=False)) + page_state(search)

        tab.confirm.click(on_delete, [tab.pick, tab.search], [tab.message] + asking + refreshed, api_name="delete")
    return app


def launch(index_dir, host: str, port: int, block: bool = True, settings=None, assistant=None):
    """Serves the chat; `assistant` (built by the composition root) or one opened on `index_dir`."""
    from .logs import setup

    setup()
    s = assistant.settings if assistant is not None else (settings or load_settings())
    auth = ui_auth(s.ui_auth)  # checked before anything starts
    if host not in LOOPBACK and auth is None:
        raise SystemExit(f"Refusing to listen on {host}: set ASSISTANT_UI_AUTH=user:password to allow other machines.")
    # the UI can be the first step: an empty index is made, not refused
    assistant = assistant or open_assistant(index_dir, s, create=True)
    app = build_app(assistant)
    app.queue(default_concurrency_limit=4)
    where = assistant.index.directory
    print(f"Chat on http://{host}:{port} (index {where}); Ctrl+C stops it.", flush=True)
    if corpus.summary(assistant.index).empty:
        print(f"The index is empty: add articles in the page's Articles tab, or run: assistant ingest PATH --index {where}",
              flush=True)
    app.launch(server_name=host, server_port=port, share=False, auth=auth, show_error=False, quiet=True,
               max_file_size=f"{s.upload_max_mb}mb", prevent_thread_lock=not block, **LAUNCH_OPTIONS)
    return app
