"""Kill ingest with SIGKILL at random moments: a re-run always completes, and afterwards Chroma, the
keyword index and the manifest agree exactly with a clean ingest. Two writers: the second is told the
index is busy. CI runs 4 kills; ASSISTANT_LONG_TESTS=1 runs 12."""
import json
import os
import random
import signal
import subprocess
import sys
import time

import pytest

from assistant.store import Index, IndexBusy, WriteLock
from ingest.indexing import ingest

from .conftest import make_settings

KILLS = 12 if os.environ.get("ASSISTANT_LONG_TESTS") == "1" else 4
WORDS = ("harbour council ferry storm bridge market school budget festival library river railway hospital "
         "election factory museum park tram station farm bakery theatre stadium airport port island").split()


def write_corpus(folder, n=300, seed=7):
    rng = random.Random(seed)
    folder.mkdir()
    records = []
    for i in range(n):
        topic = rng.sample(WORDS, 3)
        sentences = [f"The {topic[0]} report number {i} says the {rng.choice(WORDS)} plan will cost {rng.randint(2, 90)} million."
                     for _ in range(12)] + [f"Officials in town {i} discussed the {topic[1]} and the {topic[2]} on day {j}." for j in range(10)]
        records.append({"title": f"Report {i} on the {topic[0]}", "url": f"https://crash.example/{i}",
                        "source": f"Outlet {i % 5}", "date": f"2026-0{1 + i % 9}-1{i % 9}", "body": " ".join(sentences)})
    for part in range(4):  # several files, so a kill can land between files too
        (folder / f"part{part}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records[part::4]))


def snapshot(directory):
    index = Index(directory, make_settings(directory))
    manifest = index.manifest.all_chunk_ids()
    vectors = index.vectors.all_ids()
    keyword = index.keyword.chunk_ids
    index.close()
    return manifest, vectors, keyword


def run_ingest(folder, directory):
    return subprocess.Popen([sys.executable, "-m", "assistant", "ingest", str(folder), "--index", str(directory)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_sigkill_during_ingest_leaves_a_consistent_index(tmp_path, embedder):
    folder = tmp_path / "corpus"
    write_corpus(folder)
    clean_dir = tmp_path / "clean"
    ingest([str(folder)], Index(clean_dir, make_settings(clean_dir), create=True), embedder)
    clean_manifest, clean_vectors, clean_keyword = snapshot(clean_dir)

    crashed = tmp_path / "crashed"
    rng = random.Random(2026)
    kills = 0
    for _ in range(KILLS):
        proc = run_ingest(folder, crashed)
        time.sleep(rng.uniform(2.5, 7.0))  # the model loads in ~3 s; embedding all takes ~6 s more (300 articles)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.communicate()
    final = run_ingest(folder, crashed)
    out, err = final.communicate(timeout=600)
    assert final.returncode == 0, err
    assert "Traceback" not in err
    manifest, vectors, keyword = snapshot(crashed)
    assert kills >= KILLS // 2  # most runs really were killed mid-way
    assert manifest == clean_manifest
    assert vectors == clean_vectors == set(manifest)
    assert sorted(keyword) == sorted(clean_keyword) and len(keyword) == len(set(keyword))
    print(f"{kills} kills survived; {len(manifest)} chunks agree")


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
