"""The Gradio app starts, answers over HTTP (gradio_client), and renders article content inert."""
import re

import pytest
from gradio_client import Client

from assistant.answer.citations import Citation
from assistant.app import open_assistant
from assistant.store import Index
from assistant.ui import launch
from assistant.ui_render import escape_markdown, safe_url, sources_html
from ingest.indexing import ingest

from .conftest import make_settings
from .servers import free_port, running_app

UNESCAPED = re.compile(r"(?<!\\)[<>\[\]()!*_`]")  # Markdown/HTML specials not preceded by a backslash
EVIL_TITLE = '<img src=x onerror="alert(1)"> Harbour <script>alert(2)</script>'


@pytest.fixture
def app_url(demo_assistant):
    with running_app(demo_assistant) as url:
        yield url


def message_text(message) -> str:
    content = message["content"]
    return content if isinstance(content, str) else " ".join(part.get("text", "") for part in content)


def test_app_answers_one_question_over_http(app_url):
    client = Client(app_url, verbose=False)
    chat, sources, box = client.predict("Who scored for Brackwater Rovers in the cup final?", [], [], "", "", api_name="/ask")
    answer = message_text(chat[-1])
    assert chat[-1]["role"] == "assistant" and "Tomas Vell" in answer and "\\[1\\]" in answer
    assert "<h3>Sources</h3>" in sources and 'href="https://brackwatersports.example/2026/04/12/cup-final"' in sources
    assert box == ""


def test_app_follow_up_and_filters(app_url):
    client = Client(app_url, verbose=False)
    chat, _, _ = client.predict("Where did Lumen Grid open its first factory?", [], [], "", "", api_name="/ask")
    chat, sources, _ = client.predict("Who is its chief executive now?", chat, [], "", "", api_name="/ask")
    assert "Lumen" in sources
    chat, sources, _ = client.predict("tidal barrier", [], ["Coastal Weather Service"], "", "", api_name="/ask")
    assert "Harbour Gazette" not in sources
    chat, _, _ = client.predict("tidal barrier", [], [], "not a date", "", api_name="/ask")
    assert "Filter error" in message_text(chat[-1])


def test_article_content_is_escaped():
    citation = Citation(1, EVIL_TITLE, "<b>Evil</b>", "2026-01-01", "javascript:alert(3)",
                        "Title\n\n<script>alert(4)</script> [click](javascript:alert(5))", 1.0, "a", "c")
    html = sources_html([citation], [], False)
    assert "<script>" not in html and "<img" not in html and "<b>Evil" not in html
    assert "javascript:" not in html.split("<blockquote>")[0]  # no link is made of a javascript: url
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in html
    assert safe_url("javascript:alert(1)") is None and safe_url("https://ok.example/a") == "https://ok.example/a"
    md = escape_markdown("![x](http://evil.example/p.png) <img src=x> **bold** [1]")
    assert not UNESCAPED.search(md) and "\\[1\\]" in md


def test_malicious_article_through_the_app(tmp_path, embedder):
    (tmp_path / "evil.json").write_text(
        '{"title": "%s", "url": "javascript:alert(1)", "source": "<i>Evil</i>", '
        '"body": "The harbour reopened on Monday. <script>alert(6)</script> ![t](http://evil.example/t.png)"}'
        % EVIL_TITLE.replace('"', '\\"'))
    settings = make_settings(tmp_path / "idx")
    ingest([str(tmp_path / "evil.json")], Index(tmp_path / "idx", settings, create=True), embedder)
    assistant = open_assistant(tmp_path / "idx", settings, embedder=embedder)
    with running_app(assistant) as url:
        chat, sources, _ = Client(url, verbose=False).predict("When did the harbour reopen?", [], [], "", "", api_name="/ask")
    answer = message_text(chat[-1])
    assert "reopened on Monday" in answer and not UNESCAPED.search(answer)
    for raw in ("<script", "<img", "<i>", 'href="javascript'):
        assert raw not in sources


def test_refuses_to_bind_other_addresses_without_auth(demo_index_dir, monkeypatch):
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(demo_index_dir))
    with pytest.raises(SystemExit, match="ASSISTANT_UI_AUTH"):
        launch(demo_index_dir, "0.0.0.0", free_port(), block=False)


@pytest.mark.parametrize("auth", [":", "user:", ":secret", "nocolon"])
def test_refuses_to_start_with_an_auth_nobody_can_use(demo_index_dir, monkeypatch, auth):
    monkeypatch.setenv("ASSISTANT_UI_AUTH", auth)
    # 127.0.0.2: not in the loopback names the UI trusts without auth, yet no other machine can reach it
    with pytest.raises(SystemExit, match="ASSISTANT_UI_AUTH must be user:password"):
        launch(demo_index_dir, "127.0.0.2", free_port(), block=False)


def test_bidi_controls_are_dropped_and_titles_isolated():
    rlo = "Harbour \u202eswen\u202c lights"
    citation = Citation(1, rlo, "Outlet \u2067x", "2026-01-01", "https://ok.example/a", "T\n\nText \u202eabc", 1.0, "a", "c")
    html = sources_html([citation], [], False)
    assert not any(c in html for c in "\u202e\u202c\u2067") and "<bdi>Harbour swen lights</bdi>" in html
    assert "\u202e" not in escape_markdown(rlo)


def test_llm_failure_shows_reason_and_sources_in_the_chat(demo_index_dir, embedder):
    from .fake_openai import FakeOpenAI, Reply

    with FakeOpenAI(lambda body: Reply(status=500)) as server:
        settings = make_settings(demo_index_dir, openai_base_url=server.url, openai_api_key="k", llm_max_retries=0)
        assistant = open_assistant(demo_index_dir, settings, embedder=embedder)
        with running_app(assistant) as url:
            chat, sources, _ = Client(url, verbose=False).predict(
                "How many homes were evacuated during Storm Ingrid?", [], [], "", "", api_name="/ask")
    answer = message_text(chat[-1])
    assert "failed with HTTP 500" in answer and "article text" in answer and "240 homes" in answer
    assert "<h3>Sources</h3>" in sources and "Coastal Weather Service" in sources
