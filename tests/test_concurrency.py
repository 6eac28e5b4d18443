"""An ingest while the server is answering: no errors, and the new article is answerable without a restart."""
import subprocess
import sys
import threading
import time

import httpx
from gradio_client import Client

from .test_load import free_port

QUESTION = "How many lamps on the north quay were replaced?"


def test_ingest_while_serving(index_copy, tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--index", str(index_copy), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    new = tmp_path / "quay.md"
    new.write_text("---\ntitle: Quay lights replaced\nsource: Dock Weekly\ndate: 2026-06-01\n---\n"
                   "All forty lamps on the north quay were replaced with LED lights by the harbour board in May.\n")
    answers, errors = [], []
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if httpx.get(url, timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)

        def ask_repeatedly():
            client = Client(url, verbose=False)
            for _ in range(12):
                try:
                    chat, _, _ = client.predict(QUESTION, [], [], "", "", api_name="/ask")
                    answers.append(str(chat[-1]["content"]))
                except Exception as exc:  # any failure is what this test looks for
                    errors.append(repr(exc))
                time.sleep(0.25)

        asker = threading.Thread(target=ask_repeatedly)
        asker.start()
        time.sleep(0.5)
        ingest = subprocess.run([sys.executable, "-m", "assistant", "ingest", str(new), "--index", str(index_copy)],
                                capture_output=True, text=True, timeout=120)
        asker.join()
    finally:
        server.terminate()
        out, _ = server.communicate(timeout=30)
    assert ingest.returncode == 0, ingest.stderr
    assert errors == [] and not any("went wrong" in a for a in answers)
    assert "forty lamps" in answers[-1]  # visible to the running server, no restart
    assert "Traceback" not in out
