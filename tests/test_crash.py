"""Kill ingest with SIGKILL at varied moments, with the input brought in over several runs: the last run
always completes, and afterwards the manifest (chunk ids and texts), Chroma and the keyword index are
exactly those of one clean ingest of the same articles, boilerplate cleaning included (a line in three
articles of one outlet is dropped from all of them, whichever runs brought them). Two writers: the
second is told the index is busy. CI runs 4 kills over fictional articles; ASSISTANT_LONG_TESTS=1 adds
more kills and the same test on the 609-article MultiHop-RAG corpus, in two halves."""
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from assistant.store import Index, IndexBusy, WriteLock
from ingest.indexing import ingest

from .conftest import SHARED, make_settings

LONG = os.environ.get("ASSISTANT_LONG_TESTS") == "1"
KILLS_PER_PART = 3 if LONG else 1
MULTIHOP = SHARED / "data" / "multihop-rag" / "corpus.json"
OUTLETS = ("Harbour Gazette", "Coast Radio", "Valley Ledger", "Dock Weekly")
WORDS = ("harbour council ferry storm bridge market school budget festival library river railway hospital "
         "election factory museum park tram station farm bakery theatre stadium airport port island").split()


def promo(outlet: str, n: int) -> str:
    return f"{outlet} readers in the valley received note number {n} about the weekend edition schedule."


def write_corpus(folder, n=48, parts=4, seed=7):
    """Fictional articles of four outlets (article i from outlet i % 4), in `parts` files of consecutive
    articles. Promo line j of an outlet is in its articles j .. j + 1 + j % 3: in 2 (not boilerplate), 3
    or 4 of them (boilerplate), and for some lines those articles sit in different files."""
    rng = random.Random(seed)
    folder.mkdir()
    records = []
    for i in range(n):
        outlet_index = i % len(OUTLETS)
        outlet, nth = OUTLETS[outlet_index], i // len(OUTLETS)
        topic = rng.sample(WORDS, 3)
        paragraphs = [" ".join(f"The {topic[0]} report {i} says the {rng.choice(WORDS)} plan will cost {rng.randint(2, 90)} "
                               f"million and open in {rng.choice(WORDS)} week {j}." for j in range(4)) for _ in range(2)]
        promos = [promo(outlet, j) for j in range(max(0, nth - 3), nth + 1) if nth <= j + 1 + j % 3]
        paragraphs[1:1] = promos
        records.append({"title": f"Report {i} on the {topic[0]}", "url": f"https://crash.example/{i}", "source": outlet,
                        "date": f"2026-0{1 + i % 9}-1{i % 9}", "body": "\n\n".join(paragraphs)})
    size = n // parts
    for part in range(parts):
        (folder / f"part{part}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records[part * size : (part + 1) * size]))
    return sorted(folder.glob("part*.jsonl"))


def snapshot(directory):
    """(chunk id -> text from the manifest, Chroma's ids, the keyword index's ids)."""
    index = Index(directory, make_settings(directory))
    texts = {r.chunk_id: r.text for r in index.manifest.all_chunks()}
    vectors = index.vectors.all_ids()
    keyword = index.keyword.chunk_ids
    index.close()
    return texts, vectors, keyword


def run_ingest(inputs, directory, write_batch, workers=1):
    env = {**os.environ, "ASSISTANT_WRITE_BATCH": str(write_batch)}  # small groups: kills land between writes too
    return subprocess.Popen([sys.executable, "-m", "assistant", "ingest", *map(str, inputs), "--index", str(directory),
                             "--workers", str(workers)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def _chunks_written(directory) -> int:
    try:
        with sqlite3.connect(f"file:{directory / 'manifest.sqlite'}?mode=ro", uri=True, timeout=1) as db:
            return db.execute("SELECT COUNT(*) FROM chunks").fetchone()[0]
    except sqlite3.Error:  # not created yet, or busy
        return -1


def kill_mid_way(proc, directory, rng, longest_wait) -> int:
    """SIGKILLs the ingest a random while after its first write lands (1 if it was still running)."""
    start = _chunks_written(directory)
    while proc.poll() is None and _chunks_written(directory) == start:
        time.sleep(0.05)
    time.sleep(rng.uniform(0, longest_wait))
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    proc.communicate()
    return int(killed)


def complete(inputs, directory, write_batch, workers=1):
    proc = run_ingest(inputs, directory, write_batch, workers)
    out, err = proc.communicate(timeout=1800)
    assert proc.returncode == 0 and "Traceback" not in err, err
    return out


def crash_through(parts, directory, rng, write_batch, longest_wait, workers=1):
    """Runs that each bring one more part (with the earlier ones, which may be half done), killed mid-way
    KILLS_PER_PART times each; then one run over all parts completes."""
    kills = 0
    for n in range(1, len(parts) + 1):
        for _ in range(KILLS_PER_PART):
            kills += kill_mid_way(run_ingest(parts[:n], directory, write_batch, workers), directory, rng, longest_wait)
    complete(parts, directory, write_batch, workers)
    assert not (directory / "staging.sqlite").exists()  # a killed run's staging file is thrown away, the last one's removed
    return kills


def assert_equal_to_clean(clean_dir, crashed_dir):
    clean_texts, clean_vectors, clean_keyword = snapshot(clean_dir)
    texts, vectors, keyword = snapshot(crashed_dir)
    differing = sorted(c for c in set(texts) | set(clean_texts) if texts.get(c) != clean_texts.get(c))
    assert not differing, f"{len(differing)} chunks differ from the clean ingest, e.g. {differing[:3]}"
    assert vectors == clean_vectors == set(texts)
    assert sorted(keyword) == sorted(clean_keyword) and len(keyword) == len(set(keyword))
    return len(texts)


def test_boilerplate_cleaning_does_not_depend_on_how_the_input_is_split(tmp_path, embedder):
    parts = write_corpus(tmp_path / "corpus")
    clean_dir, split_dir, reversed_dir = tmp_path / "clean", tmp_path / "split", tmp_path / "reversed"
    ingest([str(p) for p in parts], Index(clean_dir, make_settings(clean_dir), create=True), embedder)
    texts = snapshot(clean_dir)[0]
    assert not any(promo(OUTLETS[0], 1) in t for t in texts.values())  # in 3 articles: boilerplate, gone
    assert any(promo(OUTLETS[0], 0) in t for t in texts.values())  # in 2 articles only: kept
    reports = []
    for directory, runs in ((split_dir, [[p] for p in parts]), (reversed_dir, [parts[:1:-1], parts[1::-1]])):
        index = Index(directory, make_settings(directory), create=True)
        reports += [ingest([str(p) for p in run], index, embedder) for run in runs]
        index.close()
        assert_equal_to_clean(clean_dir, directory)
    assert sum(r.recleaned for r in reports) > 0  # earlier runs' articles were cleaned again

    # a line stops being boilerplate when an article holding it is replaced by a version without it:
    # the other articles get it back, as a clean ingest of the final articles gives
    records = [json.loads(line) for p in parts for line in p.read_text().splitlines()]
    article = next(r for r in records if r["url"] == "https://crash.example/4")  # outlet 0's second article
    article["body"] = article["body"].replace(promo(OUTLETS[0], 1), "A sentence written in place of the note.")
    (tmp_path / "edited.jsonl").write_text(json.dumps(article) + "\n")
    report = ingest([str(tmp_path / "edited.jsonl")], Index(split_dir, make_settings(split_dir)), embedder)
    assert report.updated == 1 and report.recleaned == 2
    final_dir = tmp_path / "final"
    (tmp_path / "final.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    ingest([str(tmp_path / "final.jsonl")], Index(final_dir, make_settings(final_dir), create=True), embedder)
    assert_equal_to_clean(final_dir, split_dir)


def test_sigkill_during_split_ingests_ends_equal_to_a_clean_ingest(tmp_path, embedder):
    parts = write_corpus(tmp_path / "corpus")
    clean_dir = tmp_path / "clean"
    ingest([str(p) for p in parts], Index(clean_dir, make_settings(clean_dir), create=True), embedder)
    # read on 3 reader processes (`--workers 3`), against a clean ingest read on one: the same chunks
    kills = crash_through(parts, tmp_path / "crashed", random.Random(2026), write_batch=4, longest_wait=0.6, workers=3)
    assert kills >= len(parts) * KILLS_PER_PART // 2  # most runs really were killed mid-way
    chunks = assert_equal_to_clean(clean_dir, tmp_path / "crashed")
    print(f"{kills} kills survived; {chunks} chunks agree with the clean ingest, text for text")


@pytest.mark.skipif(not LONG or not MULTIHOP.exists(), reason="long test (ASSISTANT_LONG_TESTS=1) on the MultiHop-RAG corpus")
def test_sigkill_on_multihop_rag_in_two_halves_ends_equal_to_a_clean_ingest(tmp_path, embedder):
    records = json.loads(MULTIHOP.read_text())
    halves = [tmp_path / "first-half.json", tmp_path / "second-half.json"]  # temporary copies, never in the repository
    halves[0].write_text(json.dumps(records[: len(records) // 2]))
    halves[1].write_text(json.dumps(records[len(records) // 2 :]))
    clean_dir = tmp_path / "clean"
    ingest([str(MULTIHOP)], Index(clean_dir, make_settings(clean_dir), create=True), embedder)
    rng = random.Random(609)
    kills = 0
    for half in halves:
        for _ in range(KILLS_PER_PART + 1):
            kills += kill_mid_way(run_ingest([half], tmp_path / "crashed", 256), tmp_path / "crashed", rng, 40)
        complete([half], tmp_path / "crashed", 256)
    complete([MULTIHOP], tmp_path / "crashed", 256)
    chunks = assert_equal_to_clean(clean_dir, tmp_path / "crashed")
    print(f"MultiHop-RAG: {kills} kills over two halves; {chunks} chunks agree with the clean ingest, text for text")


def test_repair_removes_strays_and_incomplete_articles(index_copy):
    index = Index(index_copy, make_settings(index_copy))
    import numpy as np

    index.vectors.add(["stray-0001"], np.ones((1, 384), np.float32) / 384 ** 0.5, ["stray"], [{"title": "stray"}])
    victim = next(iter(index.manifest.all_chunk_ids().items()))
    index.vectors.delete([victim[0]])
    articles_before = index.status()["articles"]
    assert index.repair() == {"orphan_vectors": 1, "incomplete_articles": 1, "keyword_rebuilt": 1}
    assert index.status()["articles"] == articles_before - 1
    assert index.vectors.all_ids() == set(index.manifest.all_chunk_ids()) == set(index.keyword.chunk_ids)


def test_second_writer_is_told_the_index_is_busy(index_copy, embedder):
    with WriteLock(index_copy):
        with pytest.raises(IndexBusy, match="is busy"):
            ingest(["/nonexistent"], Index(index_copy, make_settings(index_copy)), embedder)
        proc = subprocess.run([sys.executable, "-m", "assistant", "ingest", "/nonexistent", "--index", str(index_copy)],
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 2 and "is busy" in proc.stderr and "Traceback" not in proc.stderr
