"""A read-only index and a full disk: `status`, `ask` and `ingest` give one line naming the cause and
exit with status 2, never a traceback, and the index keeps everything it held. Real conditions: a
read-only bind mount and a small tmpfs (root may mount here; the tests are skipped where it cannot)."""
import os
import shutil
import subprocess
import sys
from contextlib import contextmanager

import pytest

from .test_crash import snapshot, write_corpus

ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "COLUMNS": "300"}


def run(*args):
    proc = subprocess.run([sys.executable, "-m", "assistant", *map(str, args)], capture_output=True, text=True,
                          env=ENV, timeout=300)
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    return proc


@contextmanager
def mounted(target, *options):
    target.mkdir(exist_ok=True)
    done = subprocess.run(["mount", *options, str(target)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount here ({done.stderr.strip()})")
    try:
        yield target
    finally:
        subprocess.run(["umount", "-l", str(target)], check=True)


def assert_one_line_error(proc, cause):
    lines = proc.stderr.strip().splitlines()
    assert proc.returncode == 2 and len(lines) == 1 and lines[0].startswith("error: ") and cause in lines[0], proc.stderr


def test_read_only_index(index_copy, tmp_path):
    before = snapshot(index_copy)
    new = tmp_path / "new.md"
    new.write_text("Pier opens\n\nThe new pier opened on Monday with a ceremony attended by the mayor.")
    with mounted(tmp_path / "ro", "--bind", str(index_copy)) as ro:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(ro)], check=True)
        for args in (("status",), ("status", "--json"), ("ask", "What happened in the storm?"), ("ingest", new)):
            assert_one_line_error(run(*args, "--index", ro), "read-only file system")
    assert snapshot(index_copy) == before


def test_full_disk_during_ingest(demo_index_dir, tmp_path):
    with mounted(tmp_path / "small", "-t", "tmpfs", "-o", "size=40m", "tmpfs") as disk:
        index = disk / "index"
        shutil.copytree(demo_index_dir, index)
        before = snapshot(index)[0]
        parts = write_corpus(tmp_path / "new", n=24, parts=2)
        filler = disk / "filler"
        filler.write_bytes(b"\0" * (shutil.disk_usage(disk).free - 300_000))  # the ingest runs out of space part way
        failed = run("ingest", *parts, "--index", index)
        assert_one_line_error(failed, "disk holding it is full")
        assert_one_line_error(run("status", "--index", index), "disk holding it is full")
        filler.unlink()
        kept = snapshot(index)[0]
        assert {c: t for c, t in kept.items() if c in before} == before  # nothing it held was lost
        assert run("ingest", *parts, "--index", index).returncode == 0
        assert run("status", "--index", index).stdout.splitlines()[1].startswith("39 articles")
