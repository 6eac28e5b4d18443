"""How the slip mending (assistant/answer/spelling.py) treats real words and invented slips, on one index.

    python -m evals.slip_check --index DIR --words /usr/share/dict/american-english /usr/share/dict/british-english

Two counts. Real words: every lower-case word of 5+ letters in the word lists (Debian's `wamerican`,
`wbritish`) that the mending reads as another word, which it should never do. Slips: `--slips` English words
of the index (5+ letters), each given one slip at random inside it (a letter left out, two neighbours
swapped, a letter doubled, a stray letter added), and how many are mended back, mended into another word,
or left as typed. Seeded, so a run repeats.
"""
from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

from assistant.answer import spelling
from assistant.app import open_assistant
from assistant.store.keyword import stem

KINDS = ("left out", "swapped", "doubled", "stray")


def _slip(word: str, kind: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    if kind == "left out":
        return word[:i] + word[i + 1:]
    if kind == "swapped":
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == "doubled":
        return word[:i] + word[i] + word[i:]
    return word[:i] + rng.choice("abcdefghijklmnopqrstuvwxyz") + word[i:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", required=True, type=Path)
    parser.add_argument("--words", nargs="*", type=Path, default=[], help="word lists, one word a line")
    parser.add_argument("--slips", type=int, default=1500)
    parser.add_argument("--seed", type=int, default=3)
    args = parser.parse_args()
    keyword = open_assistant(args.index).index.snapshot().keyword
    english = spelling._english()
    words = {w.strip() for path in args.words for w in path.read_text(encoding="utf-8").splitlines()
             if re.fullmatch(r"[a-z]{5,}", w.strip())}
    misread = sorted((w, m) for w in words if (m := spelling._mend(w, keyword, english)))
    if words:
        print(f"real words read as another: {len(misread)} of {len(words)} ({len(misread) / len(words):.1%}); "
              f"e.g. {', '.join(f'{w} -> {m}' for w, m in misread[::max(1, len(misread) // 12)][:12])}")
    rng = random.Random(args.seed)
    targets = sorted(w for w in english if len(w) >= 5 and stem(w) in keyword.vocab)
    tally = {kind: [0, 0, 0] for kind in KINDS}  # mended back, into another word, left as typed
    for word in rng.sample(targets, min(args.slips, len(targets))):
        kind = rng.choice(KINDS)
        typed = _slip(word, kind, rng)
        if typed in english or stem(typed) in keyword.vocab or len(typed) < spelling.MIN_LETTERS:
            continue  # the slip made another word (or one the index knows): nothing to mend
        mended = spelling._mend(typed, keyword, english)
        tally[kind][2 if mended is None else 0 if stem(mended) == stem(word) else 1] += 1
    for kind, (back, other, kept) in tally.items():
        print(f"slip {kind:8s}: mended back {back}, into another word {other}, left as typed {kept}")


if __name__ == "__main__":
    main()
