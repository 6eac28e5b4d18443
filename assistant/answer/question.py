"""Reads a question the way the offline answerer needs: its form and the kind of answer it wants.

General rules of English questions only: the first wh-word or auxiliary of the main clause gives the form
("Did ...?" is yes/no; "Between A and B, was there ...?" too); "which <noun>" and "how many <noun>" give
the kind of answer; "who wrote", "which outlet published", "when was it published" ask about an article's
metadata; "latest", "now", "currently" ask for the newest news; "before"/"after" between two reports ask
for an order in time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..question_split import answer_clauses
from .spans import KIN_NOUNS

_WH = r"who|whom|whose|what|which|when|where|why|how"
_AUX = r"did|does|do|is|was|are|were|has|have|had|can|could|will|would|should|shall|may|might|must"
_SUBORDINATE_OPENING = re.compile(r"^\W*(?:between|after|before|following|according\s+to|considering|given|since|in\s+light\s+of)\b", re.I)
_CHOICE = re.compile(r"\b(?:higher|lower|more|less|up|down|bigger|smaller|greater|fewer|rise|fall)\s+or\s+\w+", re.I)
_DIRECTION = re.compile(r"\b(?:rise|rose|risen|fall|fell|fallen|increase[sd]?|decrease[sd]?|grow|grew|grown|drop(?:ped)?|go|went"
                        r"|higher|lower|more|less|up|down)\b", re.I)
_CLAUSE_START = re.compile(rf"(?:^|[,;:]\s+|\?\s+)(?:and\s+|but\s+|so\s+)?({_WH}|{_AUX})\b", re.I)
_PERSON = ("person|people|individual|player|quarterback|ceo|chief|executive|exec|founder|co-founder|director|judge|coach"
           "|actor|actress|singer|rapper|artist|author|writer|journalist|reporter|president|leader|chairman|chairwoman|chair"
           "|politician|official|star|athlete|manager|head|figure|celebrity|musician|footballer|striker|pitcher|boss"
           "|entrepreneur|billionaire|candidate|minister|spokesperson|spokesman|lawyer|attorney|scientist|researcher"
           "|prosecutor|defendant|witness|investor|analyst|owner|captain|driver|rider|golfer|boxer|fighter|senator"
           f"|{KIN_NOUNS}|staffer|aide|employee|suspect|nominee|scorer")
_PLACE = "country|city|town|state|place|region|nation|village|port|area|county|continent|location|venue|stadium|province|island"
_TIME = "year|month|day|date|time|week|season|night|weekend|quarter"
_OUTLET = r"outlet|publication|newspaper|news\s+(?:source|site|outlet|organi[sz]ation)|site|website|paper|magazine|source|media"
_WHICH = re.compile(rf"\b(?:which|what)\s+(?:(?:(?!(?:{_AUX})\b)\w+[- ]){{0,2}}?)({_PERSON}|{_PLACE}|{_TIME}|{_OUTLET})s?\b", re.I)
_WHICH_ANY = re.compile(r"\b(?:which|what)('s|\s+is|\s+was|\s+are)?\s+(?:the\s+name\s+of\s+(?:the\s+|an?\s+)?)?"
                        r"(?:(?:the|a|an|his|her|its|their)\s+)?(?:(?:latest|new|current|total|final|first|last|original"
                        r"|initial|estimated|expected|official|monthly|annual|yearly)\s+)?(?:[a-z][\w-]*['’]s\s+)?([a-z][\w-]*)", re.I)
_AMOUNT_NOUN = re.compile(r"share|percentage|proportion|fraction|portion|percent|revenue|price|cost|salary|fee|fine|value|worth"
                          r"|amount|sum|total|income|profit|loss|budget|valuation|rate|number|size|pay|deal|population|level"
                          r"|height|depth|speed|distance|length|temperature|weight|capacity|attendance|turnout|toll")
_ANCHOR_NOUN = re.compile(r"price|revenue|salary|valuation|income|profit|budget|population|wage|rent|tariff")  # named where given
_SCORE_NOUN = re.compile(r"score|result|vote|tally|margin|record|scoreline")
_COUNT = re.compile(r"\bhow\s+many\s+((?:[a-z][\w'-]*\s+){0,2}?[a-z][\w'-]*)(?=\s+(?:did|does|do|is|are|was|were|has|have|had|can"
                    r"|could|will|would|should|in|on|at|for|of|from|by|to|did)\b|\s*\?|\s*$)|\bhow\s+many\s+([a-z][\w-]*)", re.I)
_AMOUNT = re.compile(r"\bhow\s+(?:much|big|large|high|low|expensive|fast|tall|deep|heavy|many)\b", re.I)
_AUTHOR = re.compile(r"\b(?:author|byline)\b(?!\w)|\bwho\s+(?:wrote|authored|penned|reported on)\b|\b(?:author|byline|writer|journalist)\s+of\b"
                     r"|\bwritten\s+by\s+(?:whom|who)\b|\bwho(?:'s|\s+is|\s+was)\s+the\s+(?:author|writer)\b", re.I)
_PUBLISHED = re.compile(r"\bwhen\s+(?:was|were|did)\s+(?:the|this|that|it|its|an?)\b.{0,80}?"
                        r"\b(?:publish(?:ed)?|post(?:ed)?|come out|run|writ(?:e|ten))\b"
                        r"|\bwhen\s+did\s+.{1,40}?\bpublish\b"  # "when did dock post publish its story on ..."
                        r"|\bpublication\s+date\b|\b(?:published|posted)\s+(?:on\s+)?(?:what|which)\s+(?:date|day)\b", re.I)
_OUTLET_ASK = re.compile(rf"\b(?:which|what)\s+(?:\w+\s+)?(?:{_OUTLET})s?\b|\bwho\s+(?:published|reported|broke|covered|ran|carried)\b", re.I)
_FROM_TEXT = re.compile(r"\b(?:broke|first\s+reported|according\s+to|citing|cited|told)\b", re.I)
_RECENT = re.compile(r"\b(?:latest|now|currently|current|still|most\s+recent(?:ly)?|newest|as\s+of|these\s+days|today|nowadays|anymore)\b", re.I)
_ORDER = re.compile(r"\b(before|after|earlier\s+than|later\s+than|prior\s+to|preceded|followed|subsequent(?:ly)?)\b", re.I)
_META_WORDS = re.compile(r"\b(?:who|which|what|when|was|were|did|is|the|this|that|an?|wrote|written|write|authored|author"
                         r"|byline|published|publish|posted|ran|run|covered|cover|reported|broke|outlet|publication|newspaper"
                         r"|site|website|source|piece|article|story|report|news|media|date|two|three|both)\b", re.I)
RECENT_MAX_WORDS = 20  # "now" in a long descriptive question ("who is now facing charges") does not ask for the latest


_NOT_NOUNS = {"is", "was", "are", "were", "did", "does", "do", "has", "have", "had", "happened", "went", "caused", "made",
              "led", "will", "would", "can", "could", "should", "about", "if", "kind", "sort", "type", "else", "his", "her",
              "their", "its", "the", "a", "an", "this", "that", "these", "those", "he", "she", "they", "it", "we", "you",
              "i", "my", "our", "your", "there", "to", "of", "in", "on", "for"}


@dataclass
class Clause:
    text: str
    kind: str | None  # "person", "name", "place", "date", "count", "age", "amount", "rank", "outlet", "reason" or None
    unit: str | None = None  # for "how many X": X (the words after "how many"); for "which X": X
    keywords: bool = False  # typed as keywords ("nike q1 revenue"): its anchor is a preference, not a condition

    @property
    def units(self) -> tuple[str, ...]:
        """The nouns a count must be of ("how many different stis" -> ("stis", "different")), or the noun
        a name is of ("which university" -> ("university",))."""
        if self.anchor:
            return ()
        return tuple(reversed(self.unit.split())) if self.unit and self.kind in ("count", "name", "person", "place", "date") else ()

    @property
    def anchor(self) -> str | None:
        """For an amount, the attribute asked about ("what is the share price" -> "price"), which the
        answer's sentence should name near the amount."""
        named = self.kind in ("amount", "count") and self.unit and _ANCHOR_NOUN.fullmatch(self.unit.rstrip("s"))
        return self.unit if named else None


@dataclass
class Intent:
    text: str
    form: str  # "yesno", "fact" (a wh-question), "compare" (two values), "metadata" (about an article itself) or "open"
    kind: str | None  # as Clause.kind; for metadata: "outlet", "author" or "published"
    recent: bool = False
    order: str | None = None  # "before" or "after" when a yes/no question orders two reports in time
    from_text: bool = False  # an outlet question about who broke or reported a story, not who published the article
    clauses: list[Clause] = field(default_factory=list)
    topic: str = ""  # what to match the passages against: for metadata questions, the story without "who wrote"

    def __post_init__(self) -> None:
        if not self.topic:
            self.topic = _META_WORDS.sub(" ", self.text).strip() if self.form == "metadata" else self.text


_TOPIC = re.compile(rf"^[^:?]{{1,60}}?(?::|\s[-–—])\s+(?=(?:{_WH})\b)", re.I)


def topic_of(question: str) -> str:
    """The topic a question opens with ("Kraken: how much ...?" -> "Kraken"), or ""."""
    m = _TOPIC.match(question.strip())
    return m.group(0).rstrip(" :-–—") if m else ""


_MONEY_VERB = re.compile(r"what\s+(?:did|does|do|was|were|is|will|would|had|has)\b.*?\b(?:cost|costs|pay|paid|charge|charged"
                         r"|value|valued|earn|earned|raise|raised|fetch|fetched|sell\s+for|sold\s+for)\b", re.I)


_CALLED = re.compile(r"\s*what\s+(?:is|are|was|were|'s)\s+(?:the\s+|an?\s+|this\s+|these\s+|those\s+)?(.+?)\s+"
                     r"(?:called|named|known\s+as)\s*\??\s*$")


def clause_kind(text: str) -> tuple[str | None, str | None]:
    text = _TOPIC.sub("", text.strip())  # "Everton - how many points ...", "Beeper Mini: what was it ..."
    named = re.match(r"(?:[^:?!.]{1,60}:\s+)?(?:the\s+)?(names?\s+of\s.*)", text, re.I | re.S)
    if named:  # "... and name of the sign stealing staffer"
        text = f"what is the {named.group(1)}"
    original = " " + text
    low = original.lower()
    count = _COUNT.search(low)
    if count and count.start() < 12:
        return "count", count.group(1) or count.group(2)
    if re.match(r"\s*how\s+old\b", low):
        return "age", None
    called = _CALLED.match(low)
    if called:  # "what are the super thin materials that can pull co2 out of the air called": a name for "materials"
        phrase = re.split(r"\s+(?:that|which|who|whose|where|used|able)\s+", called.group(1))[0]
        return "name", phrase.split()[-1]
    which = _WHICH.search(low)
    if which and which.start() < 40 and not original[which.start(1)].isupper():  # "what did Time name her": a name
        noun = which.group(1)
        for kind, words in (("person", _PERSON), ("place", _PLACE), ("date", _TIME), ("outlet", _OUTLET)):
            if re.fullmatch(words, noun):
                return kind, noun
    head = low.lstrip()
    if re.match(r"(?:in\s+|by\s+|at\s+)?(?:who|whom|whose)\b", head):
        role = re.match(rf"who(?:'s|\s+is|\s+was|\s+are|\s+were|\s+will\s+be)\s+(?:the\s+|an?\s+)?(?:\w+\s+)?({_PERSON})s?\b", head)
        return "person", role.group(1) if role else None
    if re.match(r"when\b", head):
        return "date", None
    if re.match(r"where\b", head):
        return "place", None
    if _AMOUNT.match(head):
        return ("count", None) if re.match(r"how\s+many\b", head) else ("amount", None)
    if re.match(r"(?:why|how)\b", head):
        return "reason", None
    if re.search(r"\bworth\b\W*$", low) or _MONEY_VERB.match(head):
        return "amount", None  # "what did a ticket cost", "what did his statement value the club at"
    which = _WHICH_ANY.search(low)
    if which and which.start() < 30 and which.group(2) not in _NOT_NOUNS:
        noun = which.group(2)
        if "name of" in which.group(0):  # "the name of the sign stealing staffer": the phrase's last noun is asked for
            phrase = re.split(r"\s+(?:who|that|which|whose|in|at|on|for|from|with|of|by|to|is|was|did|does)\s+|\W*$",
                              low[which.start(2):])[0].split()
            if phrase and re.fullmatch(rf"(?:{_PERSON})s?", phrase[-1]):
                return "person", phrase[-1]
            if phrase and re.fullmatch(rf"(?:{_PLACE})s?", phrase[-1]):  # "the name of the stadium": a place
                return "place", phrase[-1]
        after = low[which.end():]
        noun = next((w for w in [noun] + re.findall(r"[a-z]+", after)[:1] if _SCORE_NOUN.fullmatch(w.rstrip("s"))
                     or _AMOUNT_NOUN.fullmatch(w.rstrip("s"))), noun)  # "what sea level": the second word
        if _SCORE_NOUN.fullmatch(noun.rstrip("s")):
            return "score", noun
        if noun.rstrip("s") == "rank":  # "what rank does she hold": a rank's name ("lieutenant")
            return "rank", None
        if re.fullmatch(r"population|attendance|turnout|toll|number", noun):
            return "count", noun if noun == "population" else None
        if which.group(1) and not (_AMOUNT_NOUN.fullmatch(noun.rstrip("s")) or re.match(r"\s+of\b", after)
                                   or "name" in which.group(0)):
            kind = keyword_kind(low)  # "what is lumen grid's share price": the kind its words name
            anchor = re.findall(r"[a-z]+", low)[-1] if kind == "amount" else None
            return (kind, anchor) if kind else (None, None)
        if re.match(r"name\b", low[which.start():].split(" ", 2)[-1]) or noun in ("person",):
            return "person", noun
        return ("amount" if _AMOUNT_NOUN.fullmatch(noun.rstrip("s")) else "name"), noun

    return None, None


# the roles a person is asked for by ("openai interim ceos"; plural.py reads them in the plural)
PERSON_ROLES = r"ceo|chief executive|coach|judge|winner|player|founder|chair|chairman|leader|boss|author|scorer"
_KEYWORD_KINDS = (  # what a search typed as keywords asks for, by its last words ("nike q1 revenue")
    ("date", r"date|day|when|launch date|release date|deadline"),
    ("score", r"score|result|final score|scoreline|record|vote|tally"),
    ("amount", r"price|cost|costs|worth|net worth|revenue|income|profit|loss|salary|pay|fine|valuation|value|stake"
               r"|stake size|size|budget|deal|fee|amount|raise|funding|percentage|share"),
    ("count", r"number|count|attendance|crowd|crowd size|total|toll|death toll|downloads|users|subscribers|employees"
              r"|population|turnout"),
    ("person", rf"who|{PERSON_ROLES}"),
    ("place", r"where|location|venue|headquarters|hq|based"),
    ("rank", r"rank|military rank|police rank"),
)


def keyword_kind(query: str) -> str | None:
    """The answer kind named by a keyword query's words ("nike q1 revenue", "judge trump fraud case"):
    the last such word wins, except a person word that opens the query."""
    words = re.findall(r"[a-z]+", query.lower())
    found, i = [], 0
    while i < len(words):
        for size in (2, 1):
            phrase = " ".join(words[i:i + size])
            kind = next((k for k, pattern in _KEYWORD_KINDS if re.fullmatch(rf"(?:{pattern})s?", phrase)), None)  # "ceos"
            if kind:
                found.append((i, kind))
                i += size - 1
                break
        i += 1
    if not found:
        return None
    if found[0][0] == 0 and found[0][1] == "person":
        return "person"
    return found[-1][1]


def clauses(question: str) -> list[Clause]:
    parts = answer_clauses(question)
    out = []
    first = clause_kind(parts[0])
    for p in parts:
        kind, unit = clause_kind(p)
        if kind is None and len(parts) > 1 and not re.match(rf"\W*(?:{_WH})\b", p, re.I):
            kind, unit = first  # "... for nike's q1, and uber's q3": the other side wants the same kind of answer
        out.append(Clause(p, kind, unit))
    return out


def main_word(question: str) -> tuple[str | None, int]:
    """The wh-word or auxiliary that opens the main clause, and where it is: "Did ...?" -> did;
    "roughly how many ...?" -> how; "Between A and B, was there ...?" -> was; "Binance: how big ...?" -> how;
    "ohtani contract how much" -> how."""
    q = question.strip()
    m = re.match(rf"(?:\W*\w+\W+){{0,2}}?({_WH}|{_AUX})\b", q, re.I)
    if m and (m.start(1) == 0 or re.fullmatch(_WH, m.group(1), re.I)):
        return m.group(1).lower(), m.start(1)
    starts = [m for m in _CLAUSE_START.finditer(q) if m.end(1) < len(q.rstrip("? "))]  # opened by a subordinate phrase
    if _SUBORDINATE_OPENING.match(q):
        # "After the report of May 4, which discussed X, did B ...?": a wh-word after a comma there opens a
        # relative clause; the main clause is the first one opened by an auxiliary, when there is one
        starts = [m for m in starts if re.fullmatch(_AUX, m.group(1), re.I)] or starts
    if starts:
        return starts[0].group(1).lower(), starts[0].start(1)
    m = re.search(rf"\b({_WH})\b", q, re.I)  # keywords with a question word somewhere
    return (m.group(1).lower(), m.start(1)) if m else (None, 0)


_RANK_WORD = re.compile(r"\b(?:what|which)?\s*(?:military\s+|police\s+)?ranks?\b", re.I)


def read(question: str) -> Intent:
    q = question.strip()
    word, at = main_word(q)
    recent = bool(_RECENT.search(q)) and len(q.split()) <= RECENT_MAX_WORDS
    parts = clauses(q)
    from .compare import detect

    asks_yes_no = bool(word and re.fullmatch(_AUX, word))
    if detect(q) and not (asks_yes_no and not _CHOICE.search(q) and not _DIRECTION.search(q)):
        # "Has X changed between A and B?" asks whether it did (yes/no); "Did X go up or down between A and
        # B?" and "Did X rise between A and B?" ask for the two values
        return Intent(q, "compare", None, recent, clauses=parts)
    if _AUTHOR.search(q):
        return Intent(q, "metadata", "author", recent, clauses=parts)
    if _PUBLISHED.search(q):
        return Intent(q, "metadata", "published", recent, clauses=parts)
    if word and re.fullmatch(_AUX, word):
        order = _ORDER.search(q) if at == 0 else None  # "Did A report X before B ...?", not "Between A and the subsequent B, ..."
        return Intent(q, "yesno", None, recent, order=order.group(1).lower().split()[0] if order else None, clauses=parts)
    if _OUTLET_ASK.search(q) and word in {None, "which", "what", "who"}:
        return Intent(q, "metadata", "outlet", recent, from_text=bool(_FROM_TEXT.search(q)), clauses=parts)
    kind, unit = clause_kind(q[at:]) if word else (keyword_kind(q), None)
    if not word and kind == "count":  # "temu us downloads 2023 number": a count of downloads, not of minutes
        counted = re.findall(r"\b(downloads|users|subscribers|employees|customers|visitors|viewers|members|jobs|deaths)\b", q, re.I)
        unit = counted[-1].lower() if counted else None
    if not word and kind == "amount":  # "nike q1 revenue": the sum written near "revenue", not "footwear sales ... $8.4 billion"
        named = [w for w in re.findall(r"[a-z]+", q.lower()) if _ANCHOR_NOUN.fullmatch(w.rstrip("s"))]
        unit = named[-1].rstrip("s") if named else None
    if parts and parts[0].kind is None and kind:
        parts[0] = Clause(parts[0].text, kind, unit, keywords=not word)
    if kind == "rank":  # an article says "a lieutenant", never "his rank": the passages are matched without it
        return Intent(q, "fact", kind, recent, clauses=parts, topic=_RANK_WORD.sub(" ", q).strip() or q)
    if kind not in (None, "reason") or any(c.kind not in (None, "reason") for c in parts[1:]):
        return Intent(q, "fact", kind, recent, clauses=parts)  # a part asking for a fact makes it a fact question
    return Intent(q, "open", kind, recent, clauses=parts)
