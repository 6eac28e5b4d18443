"""A folder of bad input beside good articles: each bad file is named once with its reason, every good
article is ingested and answerable, and the CLI shows no traceback."""
import json
import os
import subprocess
import sys

import pytest

GOOD = {
    "good one.md": ("---\ntitle: Harbour crane repaired\nsource: Dock News\ndate: 2026-05-02\n---\n"
                    "The broken harbour crane was repaired on Friday by the Quayside Works team after six weeks."),
    "späte Nachricht.txt": "Night market opens\n\nThe night market on Pier Street opened with forty stalls on Saturday.",
    "latin1.txt": None,  # written below in Windows-1252
    "utf16.txt": None,  # written below as UTF-16 with a byte-order mark
    "mixed.jsonl": None,  # one good line, one broken line
    "feed.rss": None,  # one good entry, two broken ones
    "odd dates.json": None,  # unparsable and future dates: kept, with a warning
    "one bad byte.txt": None,  # UTF-8 with one invalid byte: read as UTF-8, the byte replaced, a warning
    "utf16le no bom.txt": None,  # UTF-16 without a byte-order mark, little- and big-endian
    "utf16be no bom.txt": None,
}
QUESTIONS = {
    "Who repaired the harbour crane?": "Quayside Works",
    "How many stalls did the night market open with?": "forty stalls",
    "What did the café on Ship Lane win?": "baking prize",
    "Where is the new ferry ticket office?": "Station Square",
    "How many tonnes of herring were landed?": "380 tonnes",
    "When does the lighthouse museum open?": "June",
    "Who painted the mural on the fish market?": "Lina Berg",
    "Which café in Zürich reopened?": "Zürich café Kornhaus",
    "Where do the night buses stop?": "Mill Road",
    "What colour are the new trams?": "dark green",
}


def build_folder(root):
    d = root / "inbox"
    d.mkdir()
    for name, text in GOOD.items():
        if text:
            (d / name).write_text(text, encoding="utf-8")
    (d / "latin1.txt").write_bytes("Café wins prize\n\nThe café on Ship Lane won the regional baking prize for its rye bread.".encode("cp1252"))
    (d / "utf16.txt").write_bytes("Ferry office moves\n\nThe new ferry ticket office is on Station Square, next to the bus stop.".encode("utf-16"))
    bad_byte = "Zürich café reopens\n\nThe Zürich café Kornhaus reopened after the flood, serving rye bread again.".encode()
    (d / "one bad byte.txt").write_bytes(bad_byte.replace(b"after", b"af\xfft", 1))
    (d / "utf16le no bom.txt").write_bytes("Night buses\n\nThe new night buses stop on Mill Road every twenty minutes.".encode("utf-16-le"))
    (d / "utf16be no bom.txt").write_bytes("Tram colours\n\nThe new trams of the coast line are painted dark green.".encode("utf-16-be"))
    (d / "mixed.jsonl").write_text(json.dumps({"title": "Herring season", "body": "Boats landed 380 tonnes of herring in the first week of the season."}) + "\n{not json\n")
    (d / "feed.rss").write_text("""<?xml version="1.0"?><rss version="2.0"><channel><title>Coast Radio</title>
      <item><title>Museum date set</title><description>The lighthouse museum will open in June after repairs to its stairs.</description></item>
      <item><title>No text</title></item><item></item></channel></rss>""")
    (d / "odd dates.json").write_text(json.dumps([
        {"title": "Mural finished", "body": "Artist Lina Berg painted the new mural on the fish market wall.", "date": "next blursday"},
        {"title": "Future piece", "body": "A story dated in the far future about a new lighthouse keeper.", "date": "2999-01-01"}]))
    bad = {
        "empty.txt": b"",
        "random.json": os.urandom(4096) + b"\x00",
        "truncated.json": b'[{"title": "x", "body": "abc"',
        "wrong types.json": json.dumps([{"title": "T", "body": {"text": 5}}, {"title": "U", "body": 12345}]).encode(),
        "deep.json": b"[" * 100000 + b"]" * 100000,
        "no article.html": b"<html><body><nav><a href='/'>Home</a> <a href='/x'>News</a></nav></body></html>",
        "huge line.txt": b"Title line\n\n" + b"word " * 1_100_000,
    }
    for name, data in bad.items():
        (d / name).write_bytes(data)
    with open(d / "fifty megabytes.txt", "wb") as f:  # written in pieces: the test itself stays small
        f.write(b"Big dump\n\n")
        for _ in range(50):
            f.write((b"This line is part of a very large dump that is not an article. " * 16 + b"\n") * 1000)
    os.symlink(d / "missing-target.md", d / "dangling.md")
    os.mkfifo(d / "pipe.txt")
    (d / "loop").mkdir()
    os.symlink(d, d / "loop" / "back")
    return d


EXPECTED_FAILED = {
    "empty.txt": "empty file",
    "random.json": "binary file",
    "truncated.json": "invalid JSON",
    "wrong types.json": "article text must be a string",
    "deep.json": "nested too deeply",
    "no article.html": "no article text found",
    "huge line.txt": "over the 1,000,000 limit",
    "fifty megabytes.txt": "over the 1,000,000 limit",
    "dangling.md": "cannot access file",
    "pipe.txt": "not a regular file",
}


@pytest.fixture(scope="module")
def ingested(tmp_path_factory):
    root = tmp_path_factory.mktemp("bad")
    folder = build_folder(root)
    code = ("import resource, subprocess, sys; p = subprocess.run(sys.argv[1:], capture_output=True, text=True); "
            "sys.stdout.write(p.stdout); sys.stderr.write(p.stderr); "
            "print('maxrss_mb', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024); sys.exit(p.returncode)")
    proc = subprocess.run([sys.executable, "-c", code, sys.executable, "-m", "assistant", "ingest", str(folder),
                           "--index", str(root / "idx")],
                          capture_output=True, text=True, timeout=600, env={**os.environ, "COLUMNS": "300"})
    return proc, root / "idx"


def test_memory_stays_bounded_on_huge_files(ingested):
    proc, _ = ingested
    rss = int(proc.stdout.split("maxrss_mb")[1].split()[0])
    print(f"peak RSS of the ingest with a 50 MB and a 5.5 MB file: {rss} MB")
    assert rss < 1500


def test_each_bad_file_is_named_once_with_its_reason(ingested):
    proc, _ = ingested
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr + proc.stdout
    failed = [line for line in proc.stderr.splitlines() if line.startswith("failed ")]
    for name, reason in EXPECTED_FAILED.items():
        lines = [l for l in failed if f"/{name}:" in l]
        assert len(lines) == 1 and reason in lines[0], (name, lines)
    assert len(failed) == len(EXPECTED_FAILED)
    skipped = "\n".join(l for l in proc.stderr.splitlines() if l.startswith("skipped "))
    assert "mixed.jsonl: line 2: invalid JSON" in skipped
    assert "feed.rss: entry 2 (No text)" in skipped and "feed.rss: entry 3 (untitled)" in skipped
    warned = "\n".join(l for l in proc.stderr.splitlines() if l.startswith("warning "))
    assert "cannot read the date 'next blursday'" in warned and "is in the future" in warned
    assert "one bad byte.txt: 1 byte sequence not valid UTF-8, replaced with \ufffd" in warned
    assert "11 added" in proc.stdout and "10 failed" in proc.stdout


def test_every_good_article_is_answerable(ingested, embedder):
    from assistant.app import open_assistant

    from .conftest import make_settings

    _, index = ingested
    assistant = open_assistant(index, make_settings(index), embedder=embedder)
    assert assistant.index.status()["articles"] == 11
    assert not [r for r in assistant.index.manifest.all_chunks() if "Ã" in r.text]  # nothing read as Windows-1252
    for question, expected in QUESTIONS.items():
        result = assistant.ask(question)
        assert not result.refused and any(expected in c.text for c in result.citations), (question, result.answer)


def run_cli(*args):
    proc = subprocess.run([sys.executable, "-m", "assistant", *map(str, args)], capture_output=True, text=True,
                          timeout=600, env={**os.environ, "COLUMNS": "300"})
    assert "Traceback" not in proc.stderr + proc.stdout, proc.stderr
    return proc


def test_a_file_name_that_is_not_utf8_is_ingested_under_a_safe_name(tmp_path):
    folder = tmp_path / "names"
    folder.mkdir()
    (folder / "good.md").write_text("Ferry timetable\n\nThe winter ferry timetable starts on the first Monday of November.")
    (folder / os.fsdecode(b"bad\xff.md")).write_text("Quay lamps\n\nThe quay lamps were painted green by the harbour board.")
    (folder / "escapes.json").write_text('{"title": "Lone \\ud800 surrogate", "body": "A JSON escape \\udcff that is no character at all."}')
    proc = run_cli("ingest", folder, "--index", tmp_path / "idx")
    assert proc.returncode == 0 and "3 added" in proc.stdout, proc.stderr
    from assistant.store import Index

    from .conftest import make_settings

    index = Index(tmp_path / "idx", make_settings(tmp_path / "idx"))
    files = {r[0] for r in index.manifest.db.execute("SELECT source_file FROM articles")}
    assert str(folder / "bad\\xff.md") in files  # the undecodable byte shown as \xff
    assert index.manifest.find_article(title="Lone \ufffd surrogate")


def test_yaml_alias_bomb_and_files_over_the_cpu_or_memory_limit_are_named_and_skipped(tmp_path):
    folder = tmp_path / "limits"
    folder.mkdir()
    (folder / "good.md").write_text("Lock gates oiled\n\nThe lock keepers oiled the canal gates before the summer season began.")
    laughs = ["---", "title: Harmless looking", 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):  # 9^9 "lol"s: gigabytes once expanded
        laughs.append(f"{name}: &{name} [{','.join(['*' + prev] * 9)}]")
    (folder / "bomb.md").write_text("\n".join(laughs + ["---", "A harmless looking article about the harbour."]))
    # no alias, but over two megabytes of YAML list: many seconds of CPU to parse
    (folder / "slow.md").write_text("---\ntitle: Slow\nitems:\n" + "".join(f"  - item number {i}\n" for i in range(100_000))
                                    + "---\nThe body of the slow article about the ferry.\n")
    # 30 MB of JSON that parses into three million objects: over half a gigabyte in memory
    (folder / "big.json").write_text("[" + ", ".join(['{"n": 1}'] * 3_000_000) + "]")
    env = {**os.environ, "COLUMNS": "300", "ASSISTANT_READ_CPU_SECONDS": "1", "ASSISTANT_READ_MEMORY_MB": "200"}
    proc = subprocess.run([sys.executable, "-m", "assistant", "ingest", str(folder), "--index", str(tmp_path / "idx")],
                          capture_output=True, text=True, timeout=600, env=env)
    assert "Traceback" not in proc.stderr, proc.stderr
    failed = {line.split(": ", 1)[0].rsplit("/", 1)[-1]: line for line in proc.stderr.splitlines() if line.startswith("failed ")}
    assert set(failed) == {"bomb.md", "slow.md", "big.json"}, proc.stderr
    assert "YAML alias (line 4)" in failed["bomb.md"]
    assert "s of CPU time (ASSISTANT_READ_CPU_SECONDS)" in failed["slow.md"]
    assert "more than 200 MB of memory (ASSISTANT_READ_MEMORY_MB)" in failed["big.json"]
    assert "1 added" in proc.stdout and proc.returncode == 1
