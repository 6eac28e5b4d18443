"""The chat in a real browser (Debian's chromium driven by Playwright), one server and one browser for the
module: answers stream in, a [n] marker opens its own answer's card with the cited sentence marked,
earlier answers keep their cards, filters and the as-of date narrow what is cited, an upload shows in a
second browser context and a deleted article is gone from answers, export and copy work, the page works
at 390 px, and article text (scripts, onerror images, javascript: links, Markdown tricks, 6,000-character
words, bidi overrides) stays inert. Screenshots of each state go to $ASSISTANT_SCREENSHOTS."""
import json
import os
from pathlib import Path

import pytest

from assistant.app import open_assistant
from assistant.demo import CORPUS
from assistant.store import Index
from ingest.indexing import ingest

from .browser import (
    ANSWER_TIMEOUT_MS,
    CHROMIUM,
    CHROMIUM_ARGS,
    DESKTOP,
    PHONE,
    QUESTION,
    ask,
    cited_outlets,
    last_turn,
    open_page,
    screenshot_dir,
    shot,
)
from .conftest import make_settings
from .servers import running_app

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed")

EVIL = {
    "title": "Quillmouth <img src=x onerror=\"window.__xss='title'\"> news <script>window.__xss='title2'</script>",
    "url": "javascript:window.__xss='url'",
    "source": "<b onmouseover=\"window.__xss='source'\">Evil Times</b>",
    "date": "2026-03-01",
    "body": ("The Quillmouth ferry pier reopened on Monday after the sea wall was repaired. "
             "<script>window.__xss='body'</script> <img src=x onerror=\"window.__xss='img'\"> "
             "![pixel](http://127.0.0.1:9/track.png) [click me](javascript:window.__xss='md') "
             "<iframe src=\"javascript:window.__xss='iframe'\"></iframe>"),
}
LONG_WORD = "x" * 6000  # a url or hash with no break opportunity
WIDE = {"title": "Harbour \u202eswen\u202c lights", "source": "Dock Weekly", "date": "2026-03-01",
        "body": f"The Skerry harbour lights were switched on again on Friday. The log reads {LONG_WORD} for that night."}
UPLOAD = ("---\ntitle: Quay lamps replaced\nsource: Quay Courier\ndate: 2026-06-01\n---\n"
          "All forty lamps on the north quay were replaced with LED lights by the harbour board in May.\n")
LAMPS = "How many lamps on the north quay were replaced?"
STORM = "How many homes were evacuated during Storm Ingrid?"
CUP = "Who scored for Brackwater Rovers in the cup final?"
REPO = Path(__file__).resolve().parents[1]
AXE = Path(os.environ.get("ASSISTANT_AXE_JS", REPO / ".venv/node/node_modules/axe-core/axe.min.js"))
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Gradio's own file drop zone names its button "Click to upload or drop files" while it reads "Drop File Here -
# or - Click to Upload" (WCAG 2.5.3, label in name); not ours to change without rewriting the component
AXE_SKIPPED_RULES = {"label-content-name-mismatch": {"enabled": False}}


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    return screenshot_dir(tmp_path_factory)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, embedder):
    folder = tmp_path_factory.mktemp("browser-corpus")
    (folder / "evil.json").write_text(json.dumps(EVIL))
    (folder / "wide.json").write_text(json.dumps(WIDE))
    settings = make_settings(folder / "idx")
    ingest([str(CORPUS), str(folder / "evil.json"), str(folder / "wide.json")],
           Index(folder / "idx", settings, create=True), embedder)
    assistant = open_assistant(folder / "idx", settings, embedder=embedder)
    with running_app(assistant) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


def test_first_page_welcomes_and_an_example_asks(app_url, browser, shots):
    for viewport in (DESKTOP, PHONE):
        page = open_page(browser, app_url, viewport)
        page.wait_for_selector("#chat .placeholder-content h3")
        status = page.inner_text("#index-status")
        assert "17 articles" in status.replace("\n", " ") and "8 outlets" in status.replace("\n", " ")
        welcome = page.locator("#chat .placeholder-content h3")
        assert welcome.inner_text() == "Ask the archive" and welcome.bounding_box()["y"] >= 0  # not cut off
        shot(page, shots, "01-first-page")
        page.context.close()
    page = open_page(browser, app_url)
    page.get_by_role("button", name="Select example 5: Who scored for Brackwater Rovers in the cup final?").click()
    page.wait_for_selector(".turn .turn-tools", timeout=ANSWER_TIMEOUT_MS)  # clicking an example asks it
    assert "Tomas Vell" in last_turn(page).locator(".answer").inner_text()
    page.context.close()


def test_answer_streams_marker_opens_its_card_and_earlier_cards_stay(app_url, browser, shots):
    page = open_page(browser, app_url, permissions=["clipboard-read", "clipboard-write"])
    # record every state the answer goes through: the offline answer is revealed line by line
    page.evaluate("""() => { window.__states = [];
        new MutationObserver(() => { const t = [...document.querySelectorAll('.turn')].pop();
            if (t) window.__states.push({line: !!t.querySelector('.answer-line'), list: !!t.querySelector('ul.evidence'),
                                         sources: !!t.querySelector('.sources')}); })
        .observe(document.body, {subtree: true, childList: true, characterData: true}); }""")
    ask(page, STORM)
    states = page.evaluate("window.__states")
    assert {"line": True, "list": False, "sources": False} in states  # the answer line came first, alone
    assert states[-1] == {"line": True, "list": True, "sources": True}
    shot(page, shots, "02-answer")

    card_id = last_turn(page).locator("a.cite").first.get_attribute("href")[1:]
    marker = page.locator(f'a.cite[href="#{card_id}"]').first  # this answer's marker, wherever the chat scrolls
    marker.click()
    card = page.locator(f"details.card#{card_id}")
    assert card.evaluate("c => c.open && c.classList.contains('is-target')")
    assert "evacuated 240 homes" in card.locator("mark.cited").inner_text()
    assert card.locator("a[target=_blank]").get_attribute("href") == "https://coastalweather.example/reports/storm-ingrid"
    shot(page, shots, "03-marker-opens-card")

    ask(page, CUP)
    assert "Tomas Vell" in last_turn(page).locator(".answer").inner_text()
    page.evaluate("() => document.querySelector('#chat .bubble-wrap').scrollTo(0, 99999)")
    card.evaluate("c => { c.open = false; c.classList.remove('is-target'); }")
    marker.click()  # the first answer's marker, after a second question and a scroll
    assert card.evaluate("c => c.open && c.classList.contains('is-target')") and card.is_visible()
    assert page.locator("details.card").count() >= 2  # each answer kept its own cards
    shot(page, shots, "04-earlier-answer-card")

    with page.expect_download() as download:
        page.click("#export")
    exported = Path(download.value.path()).read_text()
    assert "## 1. How many homes" in exported and "## 2. Who scored" in exported and "## References" in exported
    assert "1. Storm Ingrid floods" in exported and "Tomas Vell" in exported

    last_turn(page).locator("button.copy-answer").click()
    page.wait_for_function("() => [...document.querySelectorAll('button.copy-answer')].pop().textContent == 'Copied'")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "Tomas Vell" in copied and "Sources:\n[1] " in copied
    page.context.close()


def test_phone_layout_reaches_sources_from_the_answer(app_url, browser, shots):
    page = open_page(browser, app_url, PHONE)
    ask(page, STORM)
    shot(page, shots, "05-phone-answer")
    marker = last_turn(page).locator("a.cite").first
    marker.click()
    card = page.locator(f"details.card#{marker.get_attribute('href')[1:]}")
    box = card.locator("mark.cited").bounding_box()
    assert box and 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"]  # the cited sentence is on screen
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow == 0
    shot(page, shots, "06-phone-card")
    page.context.close()


def _open_filters(page):
    page.click("#filters button, #filters .label-wrap")
    page.wait_for_selector("#as-of textarea, #as-of input", state="visible")


def test_outlet_filter_and_as_of_date(app_url, browser, shots):
    page = open_page(browser, app_url)
    _open_filters(page)
    page.click("#outlets input")
    page.get_by_role("option", name="Coastal Weather Service").click()
    page.keyboard.press("Escape")
    ask(page, "tidal barrier storm surge")
    assert set(cited_outlets(page)) == {"Coastal Weather Service"}
    assert "outlets: Coastal Weather Service" in last_turn(page).locator(".turn-meta").inner_text()
    shot(page, shots, "07-outlet-filter")
    page.context.close()

    page = open_page(browser, app_url)
    ask(page, CUP)
    assert "Tomas Vell" in last_turn(page).inner_text()  # the cup final report (2026-04-12) answers it
    _open_filters(page)
    page.fill("#as-of textarea, #as-of input", "2026-04-01")
    ask(page, CUP)
    turn = last_turn(page)
    assert "as of 2026-04-01" in turn.locator(".turn-meta").inner_text()
    assert "Tomas Vell" not in turn.inner_text()
    dates = turn.evaluate("t => [...t.querySelectorAll('details.card summary .meta')].map(m => m.textContent.slice(-10))")
    assert all(d <= "2026-04-01" for d in dates), dates
    shot(page, shots, "08-as-of-date")
    page.context.close()


def test_upload_shows_in_a_second_context_and_delete_removes_it(app_url, browser, shots, tmp_path):
    upload = tmp_path / "quay lamps.md"
    upload.write_text(UPLOAD)
    first = open_page(browser, app_url)
    first.get_by_role("tab", name="Articles").click()
    first.set_input_files("#upload input[type=file]", str(upload))
    first.wait_for_function("() => (document.querySelector('#upload-result') || {}).innerText?.includes('added')",
                            timeout=ANSWER_TIMEOUT_MS)
    assert "18 articles" in first.inner_text("#index-status").replace("\n", " ")
    shot(first, shots, "09-upload-result")

    second = open_page(browser, app_url)  # a page loaded after the upload, in another browser context
    second.wait_for_function("() => document.querySelector('#index-status').innerText.includes('18')")
    assert "9 outlets" in second.inner_text("#index-status").replace("\n", " ")
    _open_filters(second)
    second.click("#outlets input")
    assert second.get_by_role("option", name="Quay Courier").count() == 1
    assert second.get_by_role("option", name="(unknown)").count() == 0
    second.keyboard.press("Escape")
    ask(second, LAMPS)
    assert "Quay Courier" in cited_outlets(second)

    second.get_by_role("tab", name="Articles").click()
    second.fill("#article-search textarea, #article-search input", "quay lamps")
    second.wait_for_function("() => document.querySelector('#article-table').innerText.includes('Quay lamps replaced')"
                             " && !document.querySelector('#article-table').innerText.includes('Storm Ingrid')")
    shot(second, shots, "10-article-search")
    second.locator("#article-table").get_by_test_id("cell-0-1").click()  # a row picks the article
    second.wait_for_selector("#delete-article:not([disabled])")
    second.click("#delete-article")
    second.click("#confirm-delete")
    second.wait_for_function("() => document.querySelector('#corpus-message').innerText.includes('Deleted')",
                             timeout=ANSWER_TIMEOUT_MS)
    assert "17 articles" in second.inner_text("#index-status").replace("\n", " ")
    shot(second, shots, "11-deleted")
    second.get_by_role("tab", name="Ask").click()
    ask(second, LAMPS)
    assert "Quay Courier" not in cited_outlets(second) and "forty" not in last_turn(second).inner_text()
    first.context.close()
    second.context.close()


def test_no_article_script_runs_in_the_browser(app_url, browser, shots):
    page = open_page(browser, app_url)
    dialogs, requests = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    ask(page, "When did the Quillmouth ferry pier reopen?")
    page.locator(".turn details.card summary").first.click()  # open the card: its passage is on the page
    for link in page.locator(".turn a.cite").all():
        link.hover()
    xss = page.evaluate("window.__xss === undefined ? null : window.__xss")
    injected = page.evaluate("""() => ({
        imgs: document.querySelectorAll('img[src="x"]').length,
        iframes: [...document.querySelectorAll('iframe')].filter(f => (f.src || '').startsWith('javascript')).length,
        jsLinks: [...document.querySelectorAll('a')].filter(a => (a.getAttribute('href') || '').startsWith('javascript')).length,
        bold: [...document.querySelectorAll('b')].filter(b => b.textContent.includes('Evil Times')).length,
    })""")
    text = page.inner_text(".turn")
    shot(page, shots, "12-inert-article")
    page.context.close()
    assert xss is None and dialogs == []
    assert injected == {"imgs": 0, "iframes": 0, "jsLinks": 0, "bold": 0}
    assert not any("track.png" in u for u in requests)  # no Markdown image fetched a tracking pixel
    assert "<script>window.__xss='body'</script>" in text  # shown as text, not run
    assert "reopened on Monday" in text


def test_long_words_wrap_and_bidi_controls_do_not_reorder_titles(app_url, browser):
    for viewport in (DESKTOP, PHONE):
        page = open_page(browser, app_url, viewport)
        ask(page, "When were the Skerry harbour lights switched on?")
        page.locator(".turn details.card").evaluate_all("cards => cards.forEach(c => c.open = true)")
        overflow = page.evaluate("""() => ({
            page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
            cards: Math.max(...[...document.querySelectorAll('details.card, details.card blockquote')]
                            .map(e => e.scrollWidth - e.clientWidth)),
        })""")
        titles = page.eval_on_selector_all(".turn details.card bdi.title", "els => els.map(e => e.textContent)")
        page.context.close()
        assert overflow == {"page": 0, "cards": 0}, (viewport, overflow)
        assert "Harbour swen lights" in titles


def _tab_to(page, selector: str, most: int = 60) -> None:
    """Presses Tab until the focused element matches `selector` (keyboard only, no clicks)."""
    for _ in range(most):
        if page.evaluate(f"() => !!document.activeElement && document.activeElement.matches({selector!r})"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def test_keyboard_only_ask_and_open_a_source(app_url, browser):
    page = open_page(browser, app_url)
    _tab_to(page, QUESTION)
    page.keyboard.type(STORM)
    page.keyboard.press("Enter")
    page.wait_for_selector(".turn .turn-tools", timeout=ANSWER_TIMEOUT_MS)
    _tab_to(page, ".turn a.cite")
    card_id = page.evaluate("document.activeElement.getAttribute('href')").lstrip("#")
    page.keyboard.press("Enter")
    assert page.locator(f"details.card#{card_id}").evaluate("c => c.open && c.classList.contains('is-target')")
    assert page.evaluate("document.activeElement.closest('details.card').id") == card_id  # focus moved to the card
    page.context.close()


@pytest.mark.skipif(not AXE.exists(), reason=f"axe-core not installed at {AXE} (scripts/setup.sh test installs it from npm)")
def test_axe_finds_no_wcag_a_or_aa_violations(app_url, browser):
    found = {}
    for viewport in (DESKTOP, PHONE):
        page = open_page(browser, app_url, viewport)
        ask(page, STORM)
        last_turn(page).locator("a.cite").first.click()
        page.wait_for_function(  # the card's flash has ended (axe would measure a colour mid-way)
            "() => [...document.querySelectorAll('details.card.is-target')].every(c => c.getAnimations().length === 0)")
        for tab in ("Ask", "Articles"):
            page.get_by_role("tab", name=tab).click()
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: %s}, rules: %s})"
                                   % (json.dumps(AXE_TAGS), json.dumps(AXE_SKIPPED_RULES)))
            found[(viewport["width"], tab)] = [(v["id"], [(n["target"], n["html"][:120], n.get("failureSummary", "")[-160:]) for n in v["nodes"]]) for v in result["violations"]]
        page.context.close()
    assert all(v == [] for v in found.values()), found
