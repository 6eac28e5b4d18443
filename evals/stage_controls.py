"""Runs the retrieval stages' control tests once per stage switched off, and shows that each stage's
test fails without it (and the others still pass):

    python -m evals.stage_controls

Each run sets ASSISTANT_RETRIEVAL_PROFILE to a profile with one stage (or one passage rule) off and runs
tests/test_retrieval_stages.py; the table lists the tests that failed.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from assistant.retrieval.profile import STAGES

TESTS = Path(__file__).resolve().parents[1] / "tests" / "test_retrieval_stages.py"
SWITCHES = {**{stage: {f"{stage}.enabled": False} for stage in STAGES},
            "question parts: coverage-only part": {"question_parts.min_terms": 0},
            "passages: per-article cap": {"passages.max_per_article": 100},
            "passages: syndicated copies once": {"passages.one_copy": False}}


def failed_tests(changes: dict | None) -> list[str]:
    env = dict(os.environ)
    if changes:
        handle = tempfile.NamedTemporaryFile("w", suffix=".json", delete=False)
        json.dump(changes, handle)
        handle.close()
        env["ASSISTANT_RETRIEVAL_PROFILE"] = handle.name
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(TESTS), "-rf"],
                          capture_output=True, text=True, env=env, cwd=TESTS.parents[1])
    return sorted(line.split("::")[1].split(" ")[0] for line in proc.stdout.splitlines() if line.startswith("FAILED"))


def main() -> None:
    print(f"{'switched off':34} failed control tests")
    print(f"{'(nothing)':34} {', '.join(failed_tests(None)) or 'none'}", flush=True)
    for name, changes in SWITCHES.items():
        print(f"{name:34} {', '.join(failed_tests(changes)) or 'NONE (the stage has no effect on its test)'}", flush=True)


if __name__ == "__main__":
    main()
