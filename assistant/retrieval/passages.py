"""Turns the chunks a result picks into the passages it shows.

A passage is a contiguous run of one article's sentences under the article's header: the chunk,
widened with neighbouring sentences (after, then before, in turn) up to `passage_chars`, because a
fact often sits just past a chunk's edge. Chunks overlap by `chunk_overlap` tokens, so two passages
of one article could repeat text: a passage never takes a sentence another passage of the same
result holds, and a chunk with less than half of itself left is not shown at all.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..core import split_header
from ..sentences import sentence_spans
from ..store import ChunkRow

MIN_SHARE_LEFT = 0.5  # of a chunk's text, once the sentences other passages hold are taken out


@dataclass
class ArticleText:
    """An article rebuilt from its chunks: its sentences once each, and which of them each chunk holds."""
    header: str
    sentences: list[str]
    breaks: list[bool]  # a paragraph break comes before the sentence
    spans: dict[str, tuple[int, int]]  # chunk id -> [start, end) over `sentences`

    def text(self, start: int, end: int) -> str:
        body = "".join(("\n\n" if self.breaks[i] and i > start else " " if i > start else "") + self.sentences[i]
                       for i in range(start, end))
        return f"{self.header}\n\n{body}" if self.header else body

    def chars(self, start: int, end: int) -> int:
        return sum(len(s) + 1 for s in self.sentences[start:end])


def article_text(chunks: list[ChunkRow]) -> ArticleText:
    """Rebuilds the article from its chunks in order; the leading sentences a chunk shares with the one
    before it (the overlap) are recognised and kept once."""
    header, sentences, breaks, spans = "", [], [], {}
    for row in chunks:
        head, body = split_header(row.text)
        header = header or head
        own, own_breaks, end = [], [], 0
        for a, b in sentence_spans(body):
            own.append(body[a:b])
            own_breaks.append("\n" in body[end:a])
            end = b
        tail = " ".join(sentences[-12:])
        skip = 0
        while skip < len(own) and sentences and own[skip] in tail:
            skip += 1
        start = len(sentences)
        if skip:
            start = next((j for j in range(len(sentences) - 1, max(-1, len(sentences) - 13), -1)
                          if own[0] in sentences[j]), len(sentences))
        sentences += own[skip:]
        breaks += own_breaks[skip:]
        spans[row.chunk_id] = (start, len(sentences))
    return ArticleText(header, sentences, breaks, spans)


class PassageMaker:
    """Places the passages of one result, remembering which sentences of each article are taken."""

    def __init__(self, article_chunks, max_chars: int) -> None:
        self._article_chunks = article_chunks  # article id -> its ChunkRows in order
        self.max_chars = max_chars
        self._articles: dict[str, ArticleText] = {}
        self._taken: dict[str, list[bool]] = {}

    def place(self, row: ChunkRow) -> str | None:
        """The passage for this chunk, or None when other passages of the result already hold most of it."""
        art = self._articles.get(row.article_id)
        if art is None:
            art = self._articles[row.article_id] = article_text(self._article_chunks(row.article_id))
            self._taken[row.article_id] = [False] * len(art.sentences)
        taken = self._taken[row.article_id]
        span = art.spans.get(row.chunk_id)
        if span is None or span[0] >= span[1]:
            return row.text
        start, end = self._largest_free_run(art, taken, *span)
        if art.chars(start, end) < MIN_SHARE_LEFT * art.chars(*span):
            return None
        start, end = self._widen(art, taken, start, end)
        shown = set(art.sentences[start:end])
        for i, sentence in enumerate(art.sentences):  # a sentence the article prints twice is shown once too
            taken[i] = taken[i] or sentence in shown
        return art.text(start, end)

    @staticmethod
    def _largest_free_run(art: ArticleText, taken: list[bool], start: int, end: int) -> tuple[int, int]:
        best, run_start = (start, start), None
        for i in range(start, end + 1):
            if i < end and not taken[i]:
                run_start = i if run_start is None else run_start
            elif run_start is not None:
                if art.chars(run_start, i) > art.chars(*best):
                    best = (run_start, i)
                run_start = None
        return best

    def _widen(self, art: ArticleText, taken: list[bool], start: int, end: int) -> tuple[int, int]:
        budget = self.max_chars - len(art.header) - 2 - art.chars(start, end)
        grew = True
        while grew:
            grew = False
            if end < len(art.sentences) and not taken[end] and len(art.sentences[end]) + 1 <= budget:
                budget -= len(art.sentences[end]) + 1
                end, grew = end + 1, True
            if start > 0 and not taken[start - 1] and len(art.sentences[start - 1]) + 1 <= budget:
                budget -= len(art.sentences[start - 1]) + 1
                start, grew = start - 1, True
        return start, end
