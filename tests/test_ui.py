"""The Gradio app over HTTP (gradio_client): answers carry their own source cards, stream (token by token
with an LLM, line by line offline), refuse once, honour filters and the as-of date, start on an empty
index, and render article content inert."""
import re

import httpx
import pytest
from gradio_client import Client

from assistant.answer.citations import Citation
from assistant.app import open_assistant
from assistant.pipeline import REFUSAL
from assistant.store import Index
from assistant.ui import launch
from assistant.ui_cards import cards_and_links, esc
from assistant.ui_render import escape_markdown, safe_url
from ingest.indexing import ingest

from .conftest import make_settings
from .servers import ask_api, free_port, running_app

UNESCAPED = re.compile(r"(?<!\\)[<>\[\]()!*_`]")  # Markdown/HTML specials not preceded by a backslash
EVIL_TITLE = '<img src=x onerror="alert(1)"> Harbour <script>alert(2)</script>'
CUP = "Who scored for Brackwater Rovers in the cup final?"
STORM = "How many homes were evacuated during Storm Ingrid?"
CARD_DATE = re.compile(r'<summary>.*?<span class="meta">.*?</bdi> · (\d{4}&#45;\d\d&#45;\d\d)')
CARD_OUTLET = re.compile(r'<summary>.*?<span class="meta"> — <bdi>(.*?)</bdi>')


@pytest.fixture(scope="module")
def app_url(demo_index_dir, embedder):
    """One server for the module's read-only tests (they only ask)."""
    assistant = open_assistant(demo_index_dir, make_settings(demo_index_dir), embedder=embedder)
    with running_app(assistant) as url:
        yield url
    assistant.index.close()


def content(message) -> str:
    c = message["content"]
    return c if isinstance(c, str) else " ".join(part.get("text", "") for part in c)


def card_dates(html: str) -> list[str]:
    return [d.replace("&#45;", "-") for d in CARD_DATE.findall(html.replace("</summary>", "</summary>\n"))]


def card_outlets(html: str) -> set[str]:
    return set(CARD_OUTLET.findall(html.replace("</summary>", "</summary>\n")))


def states(url: str, question: str, **fields) -> list[str]:
    """Every state the last chat message went through while the answer came in."""
    job = Client(url, verbose=False).submit(question, [], fields.get("outlets", []), "", "", fields.get("as_of", ""),
                                            api_name="/ask")
    job.result()
    return [content(chat[-1]) for chat, _box, _export in job.outputs() if chat]


def test_app_answers_one_question_over_http(app_url):
    chat = ask_api(Client(app_url, verbose=False), CUP)
    answer = content(chat[-1])
    assert chat[-1]["role"] == "assistant" and "Tomas Vell" in answer
    link = re.search(r'<a class="cite" href="#(src-\w+-1)">\[1\]', answer)
    assert link and f'<details class="card" id="{link.group(1)}">' in answer  # the marker points at this answer's card
    assert 'href="https://brackwatersports.example/2026/04/12/cup-final"' in answer
    assert '<mark class="cited">' in answer


def test_app_follow_up_and_filters(app_url):
    client = Client(app_url, verbose=False)
    chat = ask_api(client, "Where did Lumen Grid open its first factory?")
    first = content(chat[-1])
    chat = ask_api(client, "Who is its chief executive now?", chat)
    assert "Lumen" in content(chat[-1]) and len(chat) == 4
    # the first answer keeps its own cards after the second one: the same HTML, its marker ids unlike the second's
    assert content(chat[1]) == first and 'class="sources"' in first
    ids = [set(re.findall(r'<details class="card" id="(src-\w+)-\d+"', content(m))) for m in (chat[1], chat[3])]
    assert len(ids[0]) == 1 and len(ids[1]) == 1 and ids[0] != ids[1]
    answer = content(ask_api(client, "tidal barrier", outlets=["Coastal Weather Service"])[-1])
    assert card_outlets(answer) == {"Coastal Weather Service"} and "outlets&#58; Coastal Weather Service" in answer
    assert "Filter error" in content(ask_api(client, "tidal barrier", since="not a date")[-1])


def test_as_of_date_leaves_later_articles_out_and_reads_relative_dates(app_url):
    client = Client(app_url, verbose=False)
    answer = content(ask_api(client, CUP, as_of="2026-04-01")[-1])  # the cup final report is dated 2026-04-12
    assert "as of 2026&#45;04&#45;01" in answer and "Tomas Vell" not in answer
    assert all(d <= "2026-04-01" for d in card_dates(answer))
    # the storm report is dated 2026-01-28; a week later, "last week" is Monday 26 January to Sunday 1 February
    answer = content(ask_api(client, "What did the storm do in Port Alder last week?", as_of="2026-02-04")[-1])
    assert "read as 2026&#45;01&#45;26 to 2026&#45;02&#45;01" in answer and "Storm Ingrid floods" in answer
    assert card_dates(answer) and all("2026-01-26" <= d <= "2026-02-01" for d in card_dates(answer))


def test_offline_answer_is_revealed_line_by_line_and_a_refusal_renders_once(app_url):
    seen = states(app_url, STORM)
    answers = [s for s in seen if 'class="answer"' in s]
    assert any("answer-line" in s and "evidence" not in s for s in answers)  # the answer line, alone
    assert "evidence" in answers[-1] and 'class="sources"' in answers[-1]
    refusal = states(app_url, "Who won the 2026 Norland election?")
    shown = [s for s in refusal if esc(REFUSAL) in s]
    assert shown and len(set(shown)) == 1  # said once, never replaced
    assert all("turn-status" in s for s in refusal if s not in shown)  # before it, only "Searching…" lines
    assert '<details class="closest"><summary>Closest passages' in shown[0]


def test_llm_answer_streams_token_by_token(demo_index_dir, embedder):
    from .fake_openai import FakeOpenAI, Reply

    text = "Emergency services evacuated 240 homes during Storm Ingrid [1]. No one was seriously hurt [1]."
    with FakeOpenAI(lambda body: Reply(text=text, chunk_size=6)) as server:
        settings = make_settings(demo_index_dir, openai_base_url=server.url, openai_api_key="k", llm_max_retries=0)
        assistant = open_assistant(demo_index_dir, settings, embedder=embedder)
        with running_app(assistant) as url:
            seen = states(url, STORM)
    streamed = [s for s in seen if 'class="answer"' in s and "cite" not in s]
    assert len(streamed) >= 5 and len(set(streamed)) >= 5  # many growing partial answers before the final one
    assert '<a class="cite"' in seen[-1] and "240 homes" in seen[-1]


def test_article_content_is_escaped():
    citation = Citation(1, EVIL_TITLE, "<b>Evil</b>", "2026-01-01", "javascript:alert(3)",
                        "Title\n\n<script>alert(4)</script> [click](javascript:alert(5)) ![p](http://e.example/p.png)",
                        1.0, "a", "c", "<i>Writer</i>")
    cards, links = cards_and_links("t1", "It says so [1].", [citation])
    html = cards + links[1]
    for raw in ("<script>", "<img", "<b>Evil", "<i>Writer", "](", "javascript:", "http://e"):
        assert raw not in html, raw
    assert "&#60;script&#62;alert&#40;4&#41;&#60;/script&#62;" in html
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
        answer = content(ask_api(Client(url, verbose=False), "When did the harbour reopen?")[-1])
    assert "reopened on Monday" in answer
    for raw in ("<script", "<img", "<i>", 'href="javascript', "](http"):
        assert raw not in answer, raw


def test_serve_starts_on_an_empty_index_and_says_how_to_add_articles(tmp_path, embedder, monkeypatch, capsys):
    monkeypatch.setattr("assistant.app.load_embedder", lambda settings: embedder)
    app = launch(tmp_path / "new-index", "127.0.0.1", free_port(), block=False,
                 settings=make_settings(tmp_path / "new-index"))
    try:
        assert "The index is empty" in capsys.readouterr().out
        assert httpx.get(app.local_url, timeout=10).status_code == 200
        answer = content(ask_api(Client(app.local_url, verbose=False), "Anything new?")[-1])
        assert "The index is empty: add articles in the Articles tab" in answer.replace("&#58;", ":")
    finally:
        app.close()


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
    cards, links = cards_and_links("t1", "Text [1].", [citation])
    html = cards + links[1]
    assert not any(c in html for c in "\u202e\u202c\u2067") and '<bdi class="title">Harbour swen lights</bdi>' in html
    assert "<bdi>Outlet x</bdi>" in html
    assert "\u202e" not in escape_markdown(rlo)


def test_llm_failure_shows_reason_and_sources_in_the_chat(demo_index_dir, embedder):
    from .fake_openai import FakeOpenAI, Reply

    with FakeOpenAI(lambda body: Reply(status=500)) as server:
        settings = make_settings(demo_index_dir, openai_base_url=server.url, openai_api_key="k", llm_max_retries=0)
        assistant = open_assistant(demo_index_dir, settings, embedder=embedder)
        with running_app(assistant) as url:
            answer = content(ask_api(Client(url, verbose=False), STORM)[-1])
    assert 'class="notice"' in answer and "HTTP 500" in answer and "article text" in answer and "240 homes" in answer
    assert 'class="sources"' in answer and "Coastal Weather Service" in answer
