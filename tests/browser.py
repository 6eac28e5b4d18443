"""Helpers for the browser tests: Debian's chromium driven by Playwright (never a downloaded browser),
screenshots saved under $ASSISTANT_SCREENSHOTS (default: a pytest temporary folder; the browser module prints it), and the few page
actions the tests repeat. Waits are for selectors and page state only, never for wall-clock time."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic", "--no-first-run"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
ANSWER_TIMEOUT_MS = 60_000  # generous: a shared 2-core machine; a test never asserts on time
QUESTION = "#question textarea"


def screenshot_dir(tmp_path_factory) -> Path:
    chosen = os.environ.get("ASSISTANT_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def shot(page, folder: Path, name: str, both: bool = True) -> None:
    """Saves the page as it is, then (with `both`) the same state at the other width (1280 or 390 px)."""
    size = page.viewport_size
    page.screenshot(path=str(folder / f"{name}-{size['width']}.png"))
    if both:
        other = PHONE if size["width"] > PHONE["width"] else DESKTOP
        page.set_viewport_size(other)
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")  # laid out again
        page.screenshot(path=str(folder / f"{name}-{other['width']}.png"))
        page.set_viewport_size(size)


def open_page(browser, url: str, viewport=DESKTOP, **context_options):
    context = browser.new_context(viewport=viewport, **context_options)
    page = context.new_page()
    page.goto(url)
    page.wait_for_selector("#index-status p", timeout=ANSWER_TIMEOUT_MS)
    return page


def answered(page) -> int:
    """Number of finished answers (turns with sources, a refusal or a tools bar) on the page."""
    return page.evaluate("() => document.querySelectorAll('.turn .turn-tools, .turn .refusal').length")


def ask(page, question: str) -> None:
    """Types the question, presses Enter, and waits until one more answer is complete."""
    before = answered(page)
    page.fill(QUESTION, question)
    page.press(QUESTION, "Enter")
    page.wait_for_function(f"() => document.querySelectorAll('.turn .turn-tools, .turn .refusal').length > {before}",
                           timeout=ANSWER_TIMEOUT_MS)


def last_turn(page):
    return page.locator(".turn").last


def cited_outlets(page) -> list[str]:
    """The outlets of the last answer's source cards."""
    return last_turn(page).locator("details.card summary .meta bdi").all_inner_texts()
