"""Server mode against a real `chroma run` (docs/server-mode.md): the same product as embedded mode.

One server for the module. The writer's folder ingests the demo corpus into it; a second folder,
empty, reads the server's archive through its mirror (what an assistant on another machine does).
Both give the passages and answers the embedded demo index gives; the mirror gives its passages for
every case of the demo eval set (filters and follow-ups included; with ASSISTANT_LONG_TESTS=1 the
set is answered too and its gates checked). Re-ingest skips; the server killed mid-ingest and started again,
the next ingest ends with the same chunks; vectors the server lost are re-added; a folder that did
not write the archive cannot ingest into it. Two OS processes (this one ingesting, a reader answering
from its own folder): the new article is answered without restarting the reader; UI uploads too.
"""
from __future__ import annotations

import html
import json
import os
import subprocess
import sys
import textwrap

import pytest

from assistant.demo import CORPUS
from assistant.filters import Filters

from .chroma_server import ChromaServer, chroma_executable
from .conftest import REPO, make_settings

LONG = os.environ.get("ASSISTANT_LONG_TESTS") == "1"
pytestmark = pytest.mark.skipif(not chroma_executable().exists(), reason=f"no chroma executable at {chroma_executable()}")

NEW_ARTICLE = """---
title: Port Alder opens a ferry line to Vossa Island
date: 2026-11-20
source: The Harbour Gazette
url: https://harbourgazette.example/2026/11/20/vossa-ferry
---
A new ferry line between Port Alder and Vossa Island opened on Friday. The ferry makes six crossings a day.

Harbour master Petra Lind said the crossing to Vossa Island takes 35 minutes.
"""
NEW_QUESTION = "How long does the ferry crossing to Vossa Island take?"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("chroma-server")
    srv = ChromaServer(folder / "data", folder / "chroma.log")
    srv.start()
    yield srv
    srv.stop()


def server_settings(server, directory, **overrides):
    return make_settings(directory, chroma_host=server.host, chroma_port=server.port, **overrides)


@pytest.fixture(scope="module")
def writer_dir(server, tmp_path_factory, embedder):
    """The demo corpus ingested into the server from the writer's folder."""
    from assistant.store import Index
    from ingest.indexing import ingest

    directory = tmp_path_factory.mktemp("writer")
    index = Index(directory, server_settings(server, directory), create=True)
    report = ingest([str(CORPUS)], index, embedder)
    assert report.added == 15 and not report.failed, report.summary()
    again = ingest([str(CORPUS)], index, embedder)
    assert (again.added, again.unchanged, again.chunks_added) == (0, 15, 0), again.summary()
    index.close()
    return directory


def chunks_of(index) -> dict[str, str]:
    return {r.chunk_id: r.text for r in index.manifest.all_chunks()}


def passages(assistant, query, filters=None):
    return [(p.chunk_id, round(p.score, 4)) for p in assistant.retrieve(query, 6, filters)]


def test_writer_and_mirror_give_what_embedded_mode_gives(server, writer_dir, demo_assistant, embedder, tmp_path):
    from assistant.app import open_assistant
    from evals.gates import check, load_gates
    from evals.runner import run_set
    from evals.sets import load_set

    writer = open_assistant(writer_dir, server_settings(server, writer_dir), embedder=embedder)
    reader = open_assistant(tmp_path / "reader", server_settings(server, tmp_path / "reader"), embedder=embedder)
    assert reader.index.mirror and not writer.index.mirror
    embedded = demo_assistant
    assert chunks_of(writer.index) == chunks_of(reader.index) == chunks_of(embedded.index)
    ids = sorted(chunks_of(embedded.index))
    stored = embedded.index.sentence_vectors(ids)
    for other in (writer, reader):
        got = other.index.sentence_vectors(ids)
        assert all(got[c] is not None and (got[c] == stored[c]).all() for c in ids)
    for query, filters in [("Who will build the tidal barrier?", None),
                           ("interest rate decision", Filters.parse(sources=["Norland Business Daily"])),
                           ("storm damage in the harbour", Filters.parse(since="2026-03-01", until="2026-12-31"))]:
        want = passages(embedded, query, filters)
        assert want and passages(writer, query, filters) == want and passages(reader, query, filters) == want, query

        answer = embedded.ask(query, filters=filters).answer
        assert writer.ask(query, filters=filters).answer == answer == reader.ask(query, filters=filters).answer

    eval_set = load_set(REPO / "evals/sets/demo.yaml")  # every case type, with filters and follow-ups
    mine = run_set(eval_set, reader, retrieval_only=not LONG)
    theirs = run_set(eval_set, embedded, retrieval_only=True)
    for a, b in zip(mine["cases"], theirs["cases"]):
        assert [(p["article_id"], p["text"]) for p in a["retrieved"]] == [(p["article_id"], p["text"]) for p in b["retrieved"]], a["id"]
    if LONG:  # answers too (the default run compares answers above, and test_eval_demo runs the gates embedded)
        gates = check(load_gates(REPO / "evals/gates/demo.txt"), mine["summary"])
        assert len(gates) >= 8 and all(g["passed"] for g in gates), gates
    for a in (writer, reader):
        a.index.close()


def test_only_the_writers_folder_ingests(server, writer_dir, embedder, tmp_path):
    from assistant.store import Index, IndexUnavailable, NotTheWriter
    from ingest.indexing import ingest

    reader = Index(tmp_path / "reader", server_settings(server, tmp_path / "reader"))
    with pytest.raises(IndexUnavailable, match="mirrors the archive"):
        ingest([str(CORPUS)], reader, embedder)
    with pytest.raises(NotTheWriter, match="written by another index folder"):  # its repair would delete every chunk
        Index(tmp_path / "other", server_settings(server, tmp_path / "other"), create=True)
    assert Index(tmp_path / "other", server_settings(server, tmp_path / "other")).mirror  # still a reader's folder
    assert reader.vectors.count() == 15


def test_mirror_holds_whole_articles_and_follows_removals(server, writer_dir, tmp_path):
    """What a reader sees while a writer is mid-way: an article whose chunks are not all on the server yet
    is left out; one the writer removed goes."""
    import numpy as np

    from assistant.store import Index

    reader = Index(tmp_path / "reader", server_settings(server, tmp_path / "reader", server_check_seconds=0))
    store = reader.vectors
    vectors = np.eye(2, 384, dtype=np.float32)
    meta = {"article_id": "late", "title": "A late article", "source": "Test Wire", "n_chunks": 2}

    def publish():
        store.set_server_meta(keyword_version=f"test-{len(store.all_ids())}")

    try:
        store.add(["late-0"], vectors[:1], ["Late article, first part."], [{**meta, "position": 0}])
        publish()
        assert reader.snapshot().article_chunks("late") == []
        store.add(["late-1"], vectors[1:], ["Late article, second part."], [{**meta, "position": 1}])
        publish()
        assert [c.chunk_id for c in reader.snapshot().article_chunks("late")] == ["late-0", "late-1"]
    finally:
        store.delete(["late-0", "late-1"])
        publish()
    assert reader.snapshot().article_chunks("late") == [] and reader.snapshot().chunk("late-0") is None
    reader.close()


class KillServer:
    """An embedder that kills the Chroma server when asked to embed for the n-th time (mid-ingest)."""

    def __init__(self, inner, server, at: int) -> None:
        self.inner, self.server, self.at, self.calls = inner, server, at, 0

    def encode(self, texts):
        self.calls += 1
        if self.calls == self.at:
            self.server.kill()
        return self.inner.encode(texts)


def test_server_killed_mid_ingest_and_restarted(server, demo_index_dir, embedder, tmp_path):
    from assistant.store import Index, IndexUnavailable
    from ingest.indexing import ingest

    settings = server_settings(server, tmp_path / "w", collection="restart-test", write_batch=2)
    index = Index(tmp_path / "w", settings, create=True)
    with pytest.raises(IndexUnavailable, match="Chroma server does not answer"):
        ingest([str(CORPUS)], index, KillServer(embedder, server, at=4))
    half = index.manifest.stats()["chunks"]
    assert 0 < half < 15
    server.start()  # the same folder and port
    report = ingest([str(CORPUS)], index, embedder)
    assert (report.added, report.unchanged) == (15 - half, half), report.summary()
    reference = Index(demo_index_dir, make_settings(demo_index_dir))
    assert chunks_of(index) == chunks_of(reference)
    assert index.vectors.all_ids() == set(chunks_of(reference))
    assert index.vectors.server_meta()["keyword_version"] == index.manifest.get_meta("keyword_version")

    # a server that lost vectors (restored from an older copy): the next ingest adds their articles again
    lost = sorted(set(index.manifest.chunk_ids(next(iter(index.manifest.all_chunk_ids().values())))))
    index.vectors.delete(lost)
    report = ingest([str(CORPUS)], index, embedder)
    assert report.added == 1 and index.vectors.all_ids() == set(chunks_of(reference)), report.summary()
    # a writer stopped between its keyword rebuild and telling the server: the next ingest tells it
    index.vectors.set_server_meta(keyword_version="lagging")
    ingest([str(CORPUS)], index, embedder)
    assert index.vectors.server_meta()["keyword_version"] == index.manifest.get_meta("keyword_version")
    for i in (index, reference):
        i.close()


READER = textwrap.dedent("""
    import json, sys
    from assistant.app import open_assistant
    assistant = open_assistant(sys.argv[1])
    print(json.dumps({"ready": assistant.index.status()["articles"]}), flush=True)
    for line in sys.stdin:
        result = assistant.ask(line.strip())
        print(json.dumps({"answer": result.answer, "titles": [p.title for p in result.passages]}), flush=True)
""")


def _ask(proc, question: str) -> dict:
    proc.stdin.write(question + "\n")
    proc.stdin.flush()
    line = proc.stdout.readline()
    if not line:
        raise AssertionError(f"the reader ended: {proc.stderr.read()[-3000:]}")
    return json.loads(line)


def test_article_ingested_by_one_process_is_answered_by_another(server, writer_dir, embedder, tmp_path):
    """A reader process on its own folder (as on another machine) answers; this process ingests one new
    article from the writer's folder; the reader, not restarted, answers from it. An assistant in this
    process on the writer's folder (the same machine) answers from it too."""
    from assistant.app import open_assistant, open_index
    from ingest.indexing import ingest

    new = tmp_path / "ferry.md"
    new.write_text(NEW_ARTICLE)
    same_machine = open_assistant(writer_dir, server_settings(server, writer_dir), embedder=embedder)
    assert "35 minutes" not in same_machine.ask(NEW_QUESTION).answer
    env = {**os.environ, **server.env, "ASSISTANT_SERVER_CHECK_SECONDS": "0", "PYTHONPATH": str(REPO)}
    reader = subprocess.Popen([sys.executable, "-c", READER, str(tmp_path / "reader")], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)
    try:
        assert json.loads(reader.stdout.readline() or "{}").get("ready") == 15, reader.stderr.read()[-3000:]
        assert "35 minutes" not in _ask(reader, NEW_QUESTION)["answer"]
        report = ingest([str(new)], open_index(writer_dir, server_settings(server, writer_dir)), embedder)
        assert report.added == 1, report.summary()
        after = _ask(reader, NEW_QUESTION)
        assert "35 minutes" in after["answer"] and after["titles"][0].startswith("Port Alder opens a ferry"), after
        assert "35 minutes" in same_machine.ask(NEW_QUESTION).answer
    finally:
        reader.stdin.close()
        reader.kill()
        reader.wait()
        same_machine.index.close()


def test_chat_says_in_one_line_that_its_server_does_not_answer(server, writer_dir, embedder):
    """The chat UI on a server that stops: the reader is told the Chroma server does not answer and what
    to check (not "something went wrong"); once the server is back, the next question is answered."""
    from gradio_client import Client

    from assistant.app import open_assistant

    from .servers import ask_api, running_app

    question = "Where did Lumen Grid open its first factory?"
    assistant = open_assistant(writer_dir, server_settings(server, writer_dir), embedder=embedder)
    try:
        with running_app(assistant) as url:
            client = Client(url, verbose=False)
            assert 'class="turn"' in str(ask_api(client, question)[-1]["content"])
            server.kill()
            try:
                down = html.unescape(str(ask_api(client, question)[-1]["content"]))
            finally:
                server.start()
            assert "Cannot read the index" in down and "Chroma server does not answer" in down, down
            assert "ASSISTANT_CHROMA_HOST" in down
            assert "went wrong" not in down and "Traceback" not in down
            assert 'class="turn"' in str(ask_api(client, question)[-1]["content"])
    finally:
        assistant.index.close()


def test_uploads_reach_readers(server, writer_dir, embedder, tmp_path):
    """The UI's upload path: refused on a reader's folder (nothing copied); on the writer's, the reader
    answers from the uploaded file."""
    from assistant.app import open_assistant
    from assistant.store import IndexUnavailable
    from assistant.uploads import accept_uploads

    reader = open_assistant(tmp_path / "reader", server_settings(server, tmp_path / "reader", server_check_seconds=0),
                            embedder=embedder)
    writer = open_assistant(writer_dir, server_settings(server, writer_dir), embedder=embedder)
    upload = tmp_path / "upload.md"
    upload.write_text(NEW_ARTICLE.replace("Vossa Island", "Holm Rock").replace("35 minutes", "50 minutes")
                      .replace("vossa-ferry", "holm-ferry"))
    with pytest.raises(IndexUnavailable, match="mirrors the archive"):  # what the UI shows a reader's upload
        accept_uploads([str(upload)], ["holm ferry.md"], reader.index, embedder)
    assert not (tmp_path / "reader" / "uploads").exists()
    result = accept_uploads([str(upload)], ["holm ferry.md"], writer.index, embedder)
    assert result.report.added == 1 and not result.refused, result.report.summary()
    result = reader.ask("How long does the ferry crossing to Holm Rock take?")
    assert "50 minutes" in result.answer and result.passages[0].title == "Port Alder opens a ferry line to Holm Rock"
    for a in (reader, writer):
        a.index.close()


@pytest.mark.skipif(not LONG, reason="long test: ASSISTANT_LONG_TESTS=1")
def test_server_killed_at_every_write(server, demo_index_dir, embedder, tmp_path):
    """The kill of the server at each embedding call of a demo ingest in turn, each followed by a restart
    and a complete ingest: always the same chunks."""
    from assistant.store import Index, IndexUnavailable
    from ingest.indexing import ingest

    reference = chunks_of(Index(demo_index_dir, make_settings(demo_index_dir)))
    for at in range(1, 9):
        settings = server_settings(server, tmp_path / f"w{at}", collection=f"kill-{at}", write_batch=2)
        index = Index(tmp_path / f"w{at}", settings, create=True)
        try:
            ingest([str(CORPUS)], index, KillServer(embedder, server, at=at))
        except IndexUnavailable:
            pass
        server.start()
        ingest([str(CORPUS)], index, embedder)
        assert chunks_of(index) == reference and index.vectors.all_ids() == set(reference), at
        index.close()
