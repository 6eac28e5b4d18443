"""Test helpers: the Gradio app in this process, or `assistant serve` as a real process, on a free port."""
from __future__ import annotations

import socket
import subprocess
import sys
import time
from contextlib import contextmanager

import httpx

from assistant.ui import LAUNCH_OPTIONS, build_app


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running_app(assistant):
    """Yields the URL of the chat app for `assistant`, served from this process."""
    app = build_app(assistant).queue()
    port = free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, share=False, quiet=True,
               **LAUNCH_OPTIONS)
    try:
        yield f"http://127.0.0.1:{port}/"
    finally:
        app.close()


@contextmanager
def served_index(index_dir, output: list[str] | None = None):
    """Runs `assistant serve` on the index as a separate process; yields its URL once it answers HTTP.
    The server's combined output is appended to `output` when it stops."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--index", str(index_dir), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.time() + 300  # generous: a busy CI machine starts it slowly; no timing is asserted
        while True:
            try:
                if httpx.get(url, timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                if proc.poll() is not None or time.time() > deadline:
                    raise RuntimeError(f"assistant serve did not start (exit status {proc.poll()})")
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
        if output is not None:
            output.append(out)


def ask_api(client, question: str, history=None, outlets=None, since: str = "", until: str = "", as_of: str = "") -> list:
    """The chat's /ask endpoint as gradio_client calls it; returns the chat messages."""
    chat, _box, _export = client.predict(question, history or [], outlets or [], since, until, as_of, api_name="/ask")
    return chat
