"""Per-case metrics, computed by the harness without any LLM: retrieval, answer, citation, refusal."""
from __future__ import annotations

import re
import string
import unicodedata
from collections import Counter

from .sets import Case, Gold

_MARKER = re.compile(r"\[\d+\]")
_ARTICLES = re.compile(r"\b(a|an|the)\b")


def squash(text: str) -> str:
    """MultiHop-RAG's evidence matching deletes every space and newline before comparing."""
    return re.sub(r"[ \n]", "", text)


def normalise(text: str) -> str:
    """SQuAD-style normalisation: case, accents kept, punctuation, articles and ordinal suffixes dropped,
    spaces folded."""
    text = unicodedata.normalize("NFKC", _MARKER.sub(" ", text)).casefold()
    text = "".join(" " if ch in string.punctuation or ch in "“”‘’«»—–" else ch for ch in text)
    text = re.sub(r"\b(\d+)(?:st|nd|rd|th)\b", r"\1", text)  # "November 16th" states "November 16"
    return " ".join(_ARTICLES.sub(" ", text).split())


def _same_article(passage: dict, gold: Gold) -> bool:
    if gold.url and passage.get("url"):
        return passage["url"].rstrip("/") == gold.url.rstrip("/")
    return bool(gold.title) and normalise(passage.get("title") or "") == normalise(gold.title)


def supports(passage: dict, gold: Gold) -> bool:
    """A passage supports a gold item if it contains the evidence sentence (MultiHop-RAG matching:
    spaces and newlines ignored), or, for article-level gold, comes from that article."""
    if gold.evidence:
        return squash(gold.evidence) in squash(passage["text"])
    return _same_article(passage, gold)


def retrieval_metrics(passages: list[dict], gold: list[Gold], ks=(4, 10)) -> dict[str, float]:
    if not gold:
        return {}
    ranks = [next((r for r, p in enumerate(passages, 1) if supports(p, g)), None) for g in gold]
    found = [r for r in ranks if r is not None]
    first = min(found) if found else None
    out = {f"hits@{k}": float(first is not None and first <= k) for k in ks}
    out["mrr@10"] = 1.0 / first if first and first <= 10 else 0.0
    out["all_evidence@10"] = float(all(r is not None and r <= 10 for r in ranks))
    articles = {(g.url or g.title): g for g in gold}
    top = passages[:10]
    out["article_recall@10"] = sum(any(_same_article(p, g) for p in top) for g in articles.values()) / len(articles)
    out["all_articles@10"] = float(out["article_recall@10"] == 1.0)
    return out


def misses(passages: list[dict], gold: list[Gold], sources: list[str | None], k: int = 10) -> dict[str, int]:
    """Where the gold the top k lacks is: missing articles (and how many of them come from an outlet the
    top k already shows), missing facts (and how many sit in an article the top k shows through another
    passage). `sources` holds the outlet of each gold item."""
    top = passages[:k]
    shown_outlets = {p.get("source") for p in top}
    out = dict.fromkeys(("articles_missing", "articles_missing_outlet_shown", "facts_missing",
                         "facts_missing_article_shown"), 0)
    articles = {(g.url or g.title): (g, s) for g, s in zip(gold, sources)}
    for g, source in articles.values():
        if not any(_same_article(p, g) for p in top):
            out["articles_missing"] += 1
            out["articles_missing_outlet_shown"] += source in shown_outlets
    for g in gold:
        if g.evidence and not any(supports(p, g) for p in top):
            out["facts_missing"] += 1
            out["facts_missing_article_shown"] += any(_same_article(p, g) for p in top)
    return out


def repeats_text(passages: list[dict], min_chars: int = 60) -> bool:
    """Two passages of one article in one result share a sentence (of `min_chars` or more: shorter lines
    such as photo credits legitimately recur within an article)."""
    from assistant.core import split_header
    from assistant.sentences import split_sentences

    seen: dict[tuple[str, str], int] = {}
    for n, p in enumerate(passages):
        article = p.get("url") or p.get("title") or ""
        for sentence in split_sentences(split_header(p["text"])[1]):
            if len(sentence) >= min_chars and seen.setdefault((article, sentence), n) != n:
                return True
    return False


def token_f1(prediction: str, truth: str) -> float:
    p, t = normalise(prediction).split(), normalise(truth).split()
    common = sum((Counter(p) & Counter(t)).values())
    if not common:
        return 0.0
    precision, recall = common / len(p), common / len(t)
    return 2 * precision * recall / (precision + recall)


YES_NO = ("yes", "no")


def _tokens(text: str) -> set[str]:
    return {w.strip(string.punctuation + "“”‘’") for w in _MARKER.sub(" ", text).lower().split()} - {""}


def answer_line(answer: str) -> str:
    """The answer's first line: where the answer itself is stated (evidence follows it)."""
    return next((line for line in answer.splitlines() if line.strip()), "")


def yes_no_metrics(case: Case, answer: str, refused: bool) -> dict[str, float]:
    """For a case whose gold answer is Yes or No: whether the answer's first word says it. Kept per gold
    label (yes_gold_correct / no_gold_correct) so that the summary's balanced accuracy is the mean of the
    two recalls, and always saying "Yes" scores 0.5."""
    gold = normalise(case.answers[0]) if case.answers else ""
    if gold not in YES_NO:
        return {}
    said = (normalise(answer_line(answer)).split() or [""])[0]
    return {f"{gold}_gold_correct": float(not refused and said == gold)}


def answer_metrics(case: Case, answer: str, refused: bool) -> dict[str, float]:
    out: dict[str, float] = {}
    text = normalise(answer)
    if not refused:
        out["answer_words"] = float(len(_MARKER.sub(" ", answer).split()))
    if case.answers:
        aliases = [normalise(a) for a in case.answers]
        line = normalise(answer_line(answer))
        out["answer_line_contains"] = float(not refused and any(re.search(rf"(^| ){re.escape(a)}( |$)", line) for a in aliases if a))
        out.update(yes_no_metrics(case, answer, refused))
        out["exact_match"] = float(not refused and any(text == a for a in aliases))
        out["contains_answer"] = float(not refused and any(re.search(rf"(^| ){re.escape(a)}( |$)", text) for a in aliases if a))
        out["token_f1"] = 0.0 if refused else max(token_f1(answer, a) for a in case.answers)
        # MultiHop-RAG paper's lenient scorer: at least one shared whitespace token (lowercased; punctuation around
        # a token ignored, so that "Yes:" shares "yes" with the gold "Yes")
        out["lenient"] = float(not refused and bool(_tokens(answer) & _tokens(case.answers[0])))
    elif case.expect_refusal:  # the paper's lenient scorer over all queries: a null query's gold is "Insufficient information"
        out["lenient"] = float(refused)
    low = answer.casefold()
    if case.must_include:
        found = [any(a.casefold() in low for a in alternatives(m)) for m in case.must_include]
        out["must_include"] = float(not refused and all(found))
        out["must_include_share"] = 0.0 if refused else sum(found) / len(found)
    if case.must_not_include:
        out["must_not_include"] = float(not any(m.casefold() in low for m in case.must_not_include))
    return out


def alternatives(entry: str | list[str]) -> list[str]:
    """A must_include entry is one string or a list of accepted alternatives."""
    return [entry] if isinstance(entry, str) else list(entry)


def correct(case: Case, m: dict[str, float], refused: bool) -> bool:
    if case.expect_refusal:
        return refused
    checks = [m[k] for k in ("contains_answer", "must_include", "must_not_include") if k in m]
    if not checks:  # gold-only case: right if it answered from a supporting passage
        checks = [m.get("citation_precision", 0.0) > 0]
    return not refused and all(c == 1.0 for c in checks)


def _claims(answer: str) -> list[str]:
    """Sentences (or list items) that state something: headers ending in ':' are not claims."""
    parts = []
    for line in answer.splitlines():
        line = line.strip().lstrip("-•* ").strip()
        if not line or line.endswith(":"):
            continue
        parts.extend(s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"“])", line) if len(s) > 2)
    return parts


def citation_metrics(answer: str, citations: list[dict], gold: list[Gold]) -> dict[str, float]:
    claims = _claims(answer)
    out = {"marker_share": sum(bool(_MARKER.search(c)) for c in claims) / len(claims) if claims else 0.0}
    if gold and citations:
        out["citation_precision"] = sum(any(supports(c, g) for g in gold) for c in citations) / len(citations)
        out["citation_recall"] = sum(any(supports(c, g) for c in citations) for g in gold) / len(gold)
    elif gold:
        out["citation_recall"] = 0.0
    return out


def crag_score(case: Case, is_correct: bool, refused: bool) -> float:
    """CRAG scoring: +1 right (a refusal is right when the articles don't say), 0 missed, -1 wrong."""
    if case.expect_refusal:
        return 1.0 if refused else -1.0
    if refused:
        return 0.0
    return 1.0 if is_correct else -1.0
