"""An ingest while the server is answering: no errors, and the new article is answerable without a restart."""
import subprocess
import sys
import threading
import time

from gradio_client import Client

from .servers import ask_api, served_index

QUESTION = "How many lamps on the north quay were replaced?"


def test_ingest_while_serving(index_copy, tmp_path):
    new = tmp_path / "quay.md"
    new.write_text("---\ntitle: Quay lights replaced\nsource: Dock Weekly\ndate: 2026-06-01\n---\n"
                   "All forty lamps on the north quay were replaced with LED lights by the harbour board in May.\n")
    answers, errors, output = [], [], []
    with served_index(index_copy, output) as url:
        ingest_done, first_answer = threading.Event(), threading.Event()

        def ask(client):
            try:
                chat = ask_api(client, QUESTION)
                answers.append(str(chat[-1]["content"]))
            except Exception as exc:  # any failure is what this test looks for
                errors.append(repr(exc))

        def ask_repeatedly():  # questions keep coming for as long as the ingest runs, and once after it
            client = Client(url, verbose=False)
            while not ingest_done.is_set():
                ask(client)
                first_answer.set()
                time.sleep(0.25)
            ask(client)

        asker = threading.Thread(target=ask_repeatedly)
        asker.start()
        first_answer.wait(timeout=300)  # the server answers before the ingest starts, however busy the machine
        ingest = subprocess.run([sys.executable, "-m", "assistant", "ingest", str(new), "--index", str(index_copy)],
                                capture_output=True, text=True, timeout=120)
        ingest_done.set()
        asker.join()
    assert ingest.returncode == 0, ingest.stderr
    assert errors == [] and not any("went wrong" in a for a in answers)
    assert len(answers) >= 2 and "forty lamps" in answers[-1]  # visible to the running server, no restart
    assert "Traceback" not in output[0]
