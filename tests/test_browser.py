"""The chat in a real browser (Debian's chromium driven by Playwright), one server and one browser for the
module: answers stream in, a [n] marker opens its own answer's card with the cited sentence marked,
earlier answers keep their cards, filters and the as-of date narrow what is cited, an upload shows in a
second browser context and a deleted article is gone from answers, export and copy work, the page works
at 390 px, and article text (scripts, onerror images, javascript: links, Markdown tricks, 6,000-character
words, bidi overrides) stays inert, keyboard only and axe-core at 1280 and 390 px.

The default run keeps the page sessions few (each assertion rides on a session that is open anyway): a
desktop session (keyboard ask, marker, second question, XSS, long words, as-of date, outlet filter, export,
copy, axe), a phone session (example click, marker, long words, axe) and the upload/delete session over
two browser contexts. ASSISTANT_LONG_TESTS=1 adds the slower variants (the first answer's card after a
refresh-free reload of many answers at 390 px, the as-of date typed at 390 px).
Screenshots of each state, at 1280 and 390 px, go to $ASSISTANT_SCREENSHOTS (printed at the end)."""
import json
import os
import shutil
import warnings
from pathlib import Path

import pytest

from assistant.app import open_assistant
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


# questions of one conversation that read as standalone (offline, a question starting "When", "Why" or
# "Where", or holding "it", "that", "there" ..., is taken as a follow-up of the one before)
QUILLMOUTH = "What day did the Quillmouth ferry pier reopen after the sea wall repair?"
SKERRY = "On what day were the Skerry harbour lights switched on again?"
LONG = os.environ.get("ASSISTANT_LONG_TESTS") == "1"
TAB_LIMIT = 150  # Tab presses before a keyboard walk gives up


@pytest.fixture(scope="module")
def shots(tmp_path_factory, request):
    folder = screenshot_dir(tmp_path_factory)
    yield folder
    reporter = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if reporter is not None and capture is not None:  # printed even under -q and output capture
        with capture.global_and_fixture_disabled():
            reporter.write_line(f"\nbrowser screenshots ({len(list(folder.glob('*.png')))}): {folder}")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, demo_index_dir, embedder):
    """The demo index (built once per session) with two hostile articles added, served for the module."""
    folder = tmp_path_factory.mktemp("browser-corpus")
    (folder / "evil.json").write_text(json.dumps(EVIL))
    (folder / "wide.json").write_text(json.dumps(WIDE))
    shutil.copytree(demo_index_dir, folder / "idx")
    settings = make_settings(folder / "idx")
    report = ingest([str(folder / "evil.json"), str(folder / "wide.json")], Index(folder / "idx", settings), embedder)
    assert report.added == 2, report.summary()
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


def _tab_until(page, predicate: str, what: str) -> None:
    """Presses Tab until the JS `predicate` (about document.activeElement, as `el`) holds: keyboard only."""
    for _ in range(TAB_LIMIT):
        if page.evaluate(f"() => {{ const el = document.activeElement; return !!el && ({predicate}); }}"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {what}")


def _open_filters(page):
    if not page.locator("#as-of textarea, #as-of input").first.is_visible():
        page.click("#filters button, #filters .label-wrap")
    page.wait_for_selector("#as-of textarea, #as-of input", state="visible")


def _card_is_target(card) -> bool:
    return card.evaluate("c => c.open && c.classList.contains('is-target')")


def _reset_card(card) -> None:
    card.evaluate("c => { c.open = false; c.classList.remove('is-target'); }")


def _no_overflow_and_titles_isolated(page) -> None:
    """The 6,000-character word wraps (no horizontal overflow of the page or a card) and the bidi override
    in its title is gone."""
    last_turn(page).locator("details.card").evaluate_all("cards => cards.forEach(c => c.open = true)")
    overflow = page.evaluate("""() => ({
        page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        cards: Math.max(...[...document.querySelectorAll('details.card, details.card blockquote')]
                        .map(e => e.scrollWidth - e.clientWidth)),
    })""")
    titles = page.eval_on_selector_all(".turn details.card bdi.title", "els => els.map(e => e.textContent)")
    assert overflow == {"page": 0, "cards": 0}, (page.viewport_size, overflow)
    assert "Harbour swen lights" in titles


def _axe(page, found: dict) -> None:
    """axe-core's WCAG 2.0/2.1 A and AA rules on the Ask tab (as it is, answers and an open card included)
    and on the Articles tab; violations are collected in `found` by (width, tab)."""
    if not AXE.exists():
        warnings.warn(f"axe-core is not installed at {AXE} (scripts/setup.sh test installs it from npm): "
                      "the accessibility check did not run", stacklevel=2)
        return
    page.wait_for_function(  # the card's flash has ended (axe would measure a colour mid-way)
        "() => [...document.querySelectorAll('details.card.is-target')].every(c => c.getAnimations().length === 0)")
    for tab in ("Ask", "Articles"):
        page.get_by_role("tab", name=tab).click()
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("axe.run(document, {runOnly: {type: 'tag', values: %s}, rules: %s})"
                               % (json.dumps(AXE_TAGS), json.dumps(AXE_SKIPPED_RULES)))
        found[(page.viewport_size["width"], tab)] = [
            (v["id"], [(n["target"], n["html"][:120], n.get("failureSummary", "")[-160:]) for n in v["nodes"]])
            for v in result["violations"]]
    page.get_by_role("tab", name="Ask").click()


def _watch_the_answer_grow(page) -> None:
    """Records every state the newest answer goes through (the offline answer is revealed line by line)."""
    page.evaluate("""() => { window.__states = [];
        new MutationObserver(() => { const t = [...document.querySelectorAll('.turn')].pop();
            if (t) window.__states.push({line: !!t.querySelector('.answer-line'), list: !!t.querySelector('ul.evidence'),
                                         sources: !!t.querySelector('.sources')}); })
        .observe(document.body, {subtree: true, childList: true, characterData: true}); }""")


def test_desktop_session(app_url, browser, shots):
    """1280 px, one page: the welcome; a question asked with the keyboard alone streams in line by line;
    Enter on its marker opens its card with the cited sentence marked; after a second question and a
    scroll, a click on the first answer's marker still opens the first answer's card; article scripts stay
    inert and a 6,000-character word wraps; an as-of date leaves later articles out; an outlet filter
    holds; export and copy; axe-core finds no WCAG A/AA violation (answers, cards and Articles tab)."""
    page = open_page(browser, app_url, DESKTOP, permissions=["clipboard-read", "clipboard-write"])
    dialogs, requests = [], []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: requests.append(r.url))
    page.wait_for_selector("#chat .placeholder-content h3")
    status = page.inner_text("#index-status").replace("\n", " ")
    assert "17 articles" in status and "8 outlets" in status
    welcome = page.locator("#chat .placeholder-content h3")
    assert welcome.inner_text() == "Ask the archive" and welcome.bounding_box()["y"] >= 0  # not cut off
    shot(page, shots, "01-first-page")

    # keyboard only: Tab to the question box, type, Enter; the answer line shows alone before its evidence
    _watch_the_answer_grow(page)
    _tab_until(page, f"el.matches({QUESTION!r})", "the question box")
    page.keyboard.type(STORM)
    page.keyboard.press("Enter")
    page.wait_for_selector(".turn .turn-tools", timeout=ANSWER_TIMEOUT_MS)
    states = page.evaluate("window.__states")
    assert {"line": True, "list": False, "sources": False} in states  # the answer line came first, alone
    assert states[-1] == {"line": True, "list": True, "sources": True}
    shot(page, shots, "02-answer")

    _tab_until(page, "el.matches('.turn a.cite')", "a marker")
    card_id = page.evaluate("document.activeElement.getAttribute('href')").lstrip("#")
    page.keyboard.press("Enter")
    card = page.locator(f"details.card#{card_id}")
    assert _card_is_target(card)
    assert page.evaluate("document.activeElement.closest('details.card').id") == card_id  # focus moved to the card
    assert "evacuated 240 homes" in card.locator("mark.cited").inner_text()
    assert card.locator("a[target=_blank]").get_attribute("href") == "https://coastalweather.example/reports/storm-ingrid"
    shot(page, shots, "03-marker-opens-card")

    # a second question; the first answer's marker, clicked after a scroll, opens the first answer's card
    ask(page, CUP)
    assert "Tomas Vell" in last_turn(page).locator(".answer").inner_text()  # the cup final report (2026-04-12)
    page.evaluate("() => document.querySelector('#chat .bubble-wrap').scrollTo(0, 99999)")
    _reset_card(card)
    page.locator(f'a.cite[href="#{card_id}"]').first.click()
    assert _card_is_target(card) and card.is_visible()
    assert "evacuated 240 homes" in card.locator("mark.cited").inner_text()
    assert page.locator(".turn").count() == 2 and page.locator(".turn").first.locator("details.card").count() >= 1
    shot(page, shots, "04-earlier-answer-card")

    # hostile article text: nothing runs, nothing loads; a 6,000-character word wraps, bidi overrides go
    ask(page, QUILLMOUTH)
    evil = last_turn(page)
    evil.locator("details.card summary").first.click()  # the card's passage is on the page
    for link in evil.locator("a.cite").all():
        link.hover()
    xss = page.evaluate("window.__xss === undefined ? null : window.__xss")
    injected = page.evaluate("""() => ({
        imgs: document.querySelectorAll('img[src="x"]').length,
        iframes: [...document.querySelectorAll('iframe')].filter(f => (f.src || '').startsWith('javascript')).length,
        jsLinks: [...document.querySelectorAll('a')].filter(a => (a.getAttribute('href') || '').startsWith('javascript')).length,
        bold: [...document.querySelectorAll('b')].filter(b => b.textContent.includes('Evil Times')).length,
    })""")
    text = evil.inner_text()
    assert xss is None and dialogs == []
    assert injected == {"imgs": 0, "iframes": 0, "jsLinks": 0, "bold": 0}
    assert not any("track.png" in u for u in requests)  # no Markdown image fetched a tracking pixel
    assert "<script>window.__xss='body'</script>" in text  # shown as text, not run
    assert "reopened on Monday" in text
    shot(page, shots, "05-inert-article")
    ask(page, SKERRY)
    _no_overflow_and_titles_isolated(page)
    shot(page, shots, "06-long-word-wraps")

    # as of 2026-04-01 the cup final report (2026-04-12) is left out
    _open_filters(page)
    page.fill("#as-of textarea, #as-of input", "2026-04-01")
    ask(page, CUP)
    turn = last_turn(page)
    assert "as of 2026-04-01" in turn.locator(".turn-meta").inner_text()
    assert "Tomas Vell" not in turn.inner_text()
    dates = turn.evaluate("t => [...t.querySelectorAll('details.card summary .meta')].map(m => m.textContent.slice(-10))")
    assert all(d <= "2026-04-01" for d in dates), dates
    shot(page, shots, "07-as-of-date")

    # the as-of date cleared, one outlet chosen: only it is cited
    page.fill("#as-of textarea, #as-of input", "")
    page.click("#outlets input")
    page.get_by_role("option", name="Coastal Weather Service").click()
    page.keyboard.press("Escape")
    ask(page, "tidal barrier storm surge")
    assert set(cited_outlets(page)) == {"Coastal Weather Service"}
    meta = last_turn(page).locator(".turn-meta").inner_text()
    assert "outlets: Coastal Weather Service" in meta and "as of" not in meta
    shot(page, shots, "08-outlet-filter")

    with page.expect_download() as download:
        page.click("#export")
    exported = Path(download.value.path()).read_text()
    assert "## 1. How many homes" in exported and "## 2. Who scored" in exported and "## References" in exported
    assert "1. Storm Ingrid floods" in exported and "Tomas Vell" in exported and "*as of 2026-04-01" in exported
    page.locator(".turn").nth(1).locator("button.copy-answer").click()
    page.wait_for_function("() => [...document.querySelectorAll('button.copy-answer')][1].textContent == 'Copied'")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "Tomas Vell" in copied and "Sources:\n[1] " in copied

    found = {}
    page.locator(f'a.cite[href="#{card_id}"]').first.click()  # axe sees an open, marked card
    _axe(page, found)
    page.context.close()
    assert all(v == [] for v in found.values()), found


def test_phone_session(app_url, browser, shots):
    """390 px: the welcome; clicking an example asks it; a marker scrolls its cited sentence into view with
    no horizontal overflow; a 6,000-character word wraps; keyboard reaches a marker; axe-core at 390 px."""
    page = open_page(browser, app_url, PHONE)
    page.wait_for_selector("#chat .placeholder-content h3")
    assert page.locator("#chat .placeholder-content h3").bounding_box()["y"] >= 0
    shot(page, shots, "10-phone-first-page", both=False)
    page.get_by_role("button", name=f"Select example 5: {CUP}").click()
    page.wait_for_selector(".turn .turn-tools", timeout=ANSWER_TIMEOUT_MS)  # clicking an example asks it
    assert "Tomas Vell" in last_turn(page).locator(".answer").inner_text()
    shot(page, shots, "11-phone-answer", both=False)
    _tab_until(page, "el.matches('.turn a.cite')", "a marker")
    card_id = page.evaluate("document.activeElement.getAttribute('href')").lstrip("#")
    page.keyboard.press("Enter")
    card = page.locator(f"details.card#{card_id}")
    assert _card_is_target(card)
    box = card.locator("mark.cited").first.bounding_box()
    assert box and 0 <= box["y"] and box["y"] + box["height"] <= PHONE["height"]  # the cited sentence is on screen
    assert page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth") == 0
    shot(page, shots, "12-phone-card", both=False)
    ask(page, SKERRY)
    _no_overflow_and_titles_isolated(page)
    found = {}
    _reset_card(card)
    page.locator(f'a.cite[href="#{card_id}"]').first.click()
    _axe(page, found)
    page.context.close()
    assert all(v == [] for v in found.values()), found


def test_upload_shows_in_a_second_context_and_delete_removes_it(app_url, browser, shots, tmp_path):
    upload = tmp_path / "quay lamps.md"
    upload.write_text(UPLOAD)
    first = open_page(browser, app_url)
    first.get_by_role("tab", name="Articles").click()
    shot(first, shots, "13-articles-tab")
    first.set_input_files("#upload input[type=file]", str(upload))
    first.wait_for_function("() => (document.querySelector('#upload-result') || {}).innerText?.includes('added')",
                            timeout=ANSWER_TIMEOUT_MS)
    assert "18 articles" in first.inner_text("#index-status").replace("\n", " ")
    shot(first, shots, "14-upload-result")

    second = open_page(browser, app_url)  # a page loaded after the upload, in another browser context
    second.wait_for_function("() => document.querySelector('#index-status').innerText.includes('18')")
    assert "9 outlets" in second.inner_text("#index-status").replace("\n", " ")
    _open_filters(second)
    second.click("#outlets input")
    assert second.get_by_role("option", name="Quay Courier").count() == 1
    assert second.get_by_role("option", name="(unknown)").count() == 0
    second.keyboard.press("Escape")
    ask(second, LAMPS)
    assert "Quay Courier" in cited_outlets(second) and "forty" in last_turn(second).inner_text()

    second.get_by_role("tab", name="Articles").click()
    second.fill("#article-search textarea, #article-search input", "quay lamps")
    second.wait_for_function("() => document.querySelector('#article-table').innerText.includes('Quay lamps replaced')"
                             " && !document.querySelector('#article-table').innerText.includes('Storm Ingrid')")
    shot(second, shots, "15-article-search")
    second.locator("#article-table").get_by_test_id("cell-0-1").click()  # a row picks the article
    second.wait_for_selector("#delete-article:not([disabled])")
    second.click("#delete-article")
    second.click("#confirm-delete")
    second.wait_for_function("() => document.querySelector('#corpus-message').innerText.includes('Deleted')",
                             timeout=ANSWER_TIMEOUT_MS)
    assert "17 articles" in second.inner_text("#index-status").replace("\n", " ")
    shot(second, shots, "16-deleted")
    second.get_by_role("tab", name="Ask").click()
    ask(second, LAMPS)
    assert "Quay Courier" not in cited_outlets(second) and "forty" not in last_turn(second).inner_text()
    shot(second, shots, "17-deleted-article-gone-from-answers")
    first.context.close()
    second.context.close()


@pytest.mark.skipif(not LONG, reason="long test: ASSISTANT_LONG_TESTS=1")
def test_phone_filters_and_many_answers_keep_their_cards(app_url, browser, shots):
    """390 px (long): the as-of date typed on a phone; after four answers, each answer's first marker
    still opens that answer's own card."""
    page = open_page(browser, app_url, PHONE)
    _open_filters(page)
    page.fill("#as-of textarea, #as-of input", "2026-04-01")
    ask(page, CUP)
    assert "as of 2026-04-01" in last_turn(page).inner_text() and "Tomas Vell" not in last_turn(page).inner_text()
    page.fill("#as-of textarea, #as-of input", "")
    for question in (STORM, CUP, "Why do the fishers oppose the tidal barrier?"):
        ask(page, question)
    assert page.locator(".turn").count() == 4
    for n in range(4):
        marker = page.locator(".turn").nth(n).locator("a.cite").first
        if marker.count() == 0:
            continue
        target = marker.get_attribute("href")[1:]
        marker.click()
        card = page.locator(f"details.card#{target}")
        assert _card_is_target(card) and card.is_visible()
        assert page.locator(".turn").nth(n).locator(f"details.card#{target}").count() == 1  # its own answer's card
    shot(page, shots, "18-phone-many-answers", both=False)
    page.context.close()
