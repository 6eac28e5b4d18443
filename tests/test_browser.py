"""In a real browser (Debian's chromium driven by Playwright): article text with <script>, <img onerror>,
javascript: links and Markdown tricks renders as inert text, and no script of theirs runs."""
import json
import shutil

import pytest

from assistant.app import open_assistant
from assistant.store import Index
from ingest.indexing import ingest

from .conftest import make_settings
from .servers import running_app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")

EVIL = {
    "title": "Harbour <img src=x onerror=\"window.__xss='title'\"> news <script>window.__xss='title2'</script>",
    "url": "javascript:window.__xss='url'",
    "source": "<b onmouseover=\"window.__xss='source'\">Evil Times</b>",
    "date": "2026-03-01",
    "body": ("The harbour reopened on Monday after the sea wall was repaired. <script>window.__xss='body'</script> "
             "<img src=x onerror=\"window.__xss='img'\"> ![pixel](http://127.0.0.1:9/track.png) "
             "[click me](javascript:window.__xss='md') <iframe src=\"javascript:window.__xss='iframe'\"></iframe>"),
}


def test_no_article_script_runs_in_the_browser(tmp_path, embedder):
    from playwright.sync_api import sync_playwright

    (tmp_path / "evil.json").write_text(json.dumps(EVIL))
    settings = make_settings(tmp_path / "idx")
    ingest([str(tmp_path / "evil.json")], Index(tmp_path / "idx", settings, create=True), embedder)
    assistant = open_assistant(tmp_path / "idx", settings, embedder=embedder)
    dialogs, requests = [], []
    with running_app(assistant) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--disable-quic", "--no-first-run"])
        page = browser.new_page()
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.on("request", lambda r: requests.append(r.url))
        page.goto(url)
        page.get_by_placeholder("Ask a question about the news…").fill("When did the harbour reopen?")
        page.keyboard.press("Enter")
        page.wait_for_function("() => document.body.innerText.includes('[1]') && !document.body.innerText.includes('answering')",
                               timeout=60000)
        page.wait_for_timeout(1000)
        xss = page.evaluate("window.__xss === undefined ? null : window.__xss")
        injected = page.evaluate("""() => ({
            imgs: document.querySelectorAll('img[src="x"]').length,
            iframes: [...document.querySelectorAll('iframe')].filter(f => (f.src || '').startsWith('javascript')).length,
            jsLinks: [...document.querySelectorAll('a')].filter(a => (a.getAttribute('href') || '').startsWith('javascript')).length,
            bold: [...document.querySelectorAll('b')].filter(b => b.textContent.includes('Evil Times')).length,
        })""")
        text = page.inner_text("body")
        browser.close()
    assert xss is None and dialogs == []
    assert injected == {"imgs": 0, "iframes": 0, "jsLinks": 0, "bold": 0}
    assert not any("track.png" in u for u in requests)  # no Markdown image fetched a tracking pixel
    assert "<script>window.__xss='body'</script>" in text  # shown as text, not run
    assert "reopened on Monday" in text


def test_long_words_wrap_and_bidi_controls_do_not_reorder_titles(tmp_path, embedder):
    from playwright.sync_api import sync_playwright

    word = "x" * 6000  # a url or hash with no break opportunity
    (tmp_path / "wide.json").write_text(json.dumps({
        "title": "Harbour \u202eswen\u202c lights", "source": "Dock Weekly", "date": "2026-03-01",
        "body": f"The harbour lights were switched on again on Friday. The log reads {word} for that night."}))
    settings = make_settings(tmp_path / "idx")
    ingest([str(tmp_path / "wide.json")], Index(tmp_path / "idx", settings, create=True), embedder)
    assistant = open_assistant(tmp_path / "idx", settings, embedder=embedder)
    with running_app(assistant) as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(url)
        page.get_by_placeholder("Ask a question about the news…").fill("When were the harbour lights switched on?")
        page.keyboard.press("Enter")
        page.wait_for_selector(".src blockquote", timeout=60000)
        overflow = page.evaluate("""() => ({
            page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
            sources: Math.max(...[...document.querySelectorAll('.src, .src blockquote')].map(e => e.scrollWidth - e.clientWidth)),
        })""")
        titles = page.eval_on_selector_all(".src bdi", "els => els.map(e => e.textContent)")
        browser.close()
    assert overflow == {"page": 0, "sources": 0}, overflow
    assert "Harbour swen lights" in titles
