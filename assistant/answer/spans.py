"""Answer-shaped spans in a sentence: names, numbers with their unit, amounts, dates.

General patterns of English news prose, no lists of entities: a name is a run of capitalised words
(with "of", "de", "&" inside: "Bank of England", "Johnson & Johnson"); a capitalised word that the
passages also use in lower case ("Officials", "Meanwhile") is an ordinary word, not a name.
"""
from __future__ import annotations

import re

from ..store.keyword import STOPWORDS
from .written_sums import one_form

MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december")
_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December"
           "|Jan\\.?|Feb\\.?|Mar\\.?|Apr\\.?|Jun\\.?|Jul\\.?|Aug\\.?|Sept?\\.?|Oct\\.?|Nov\\.?|Dec\\.?")
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_WORD = r"(?:[A-Z][\w’'.&]*[\w&](?:-[A-Z][\w’'.&]*)*(?:['’](?=\s+[A-Z]))?|[A-Z]|[a-z]+[A-Z][\w-]*|\d+[A-Za-z]*(?=\s+[A-Z]))"
_NAME = re.compile(rf"{_WORD}(?:(?:\s+(?:of|de|del|della|la|le|van|von|der|du|da|di|bin|al|&)\s+|\s+|-)(?:{_WORD}|\d+\b))*")
_DATE = re.compile(
    rf"\b(?:(?:{_WEEKDAYS}),?\s+)?(?:(?:{_MONTHS})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})(?:,?\s+\d{{4}})?|(?:{_MONTHS})\s+\d{{4}}"
    rf"|\d{{4}}-\d{{2}}-\d{{2}}|(?:{_WEEKDAYS})|(?:early|mid|late)[- ](?:{_MONTHS})|(?:in|since|by|until)\s+\d{{4}}"
    rf"|(?:in|since|by|until|last|next|this|from)\s+(?:{_MONTHS})|(?:today|yesterday|tomorrow|tonight|last\s+(?:week|month|year)))\b")
# the ways a sum of money is marked: amounts() reads them, is_money() tells a sum from a measure with them
_CURRENCY_SIGNS = "[$€£¥₹₪]"
_CURRENCY_CODES = r"NIS|USD|EUR|GBP|CHF|INR|JPY|CNY|AUD|CAD|SEK|NOK|DKK|Rs\.?"
_CURRENCY_WORDS = r"dollars|euros|pounds|yen|yuan|rupees|shekels|kronor|krona|kroner|francs|pesos"
_CRORES = r"[cC]rores?|Cr"  # "14 Crore": rupees, the rupee unwritten
_AMOUNT = re.compile(
    rf"(?:(?:{_CURRENCY_SIGNS}|\b(?:{_CURRENCY_CODES}|US\$|A\$|C\$)\s?)\s?\d+(?:[,.]\d+)*"
    r"(?:\s?(?:trillion|billion|million|thousand|bn|mn|crores?|lakhs?|[cC]r|[mMbBkK])\b)?"  # "$65M", "Rs 2 Cr", "$65 million"
    r"|\b\d[\d,.]*\s?(?:%|percentage points?|percent|per cent)"
    rf"|\b\d[\d,.]*\s?(?:{_CRORES})\b"  # "CSK takes Daryl Mitchell for 14 Crore"
    rf"|\b\d[\d,.]*\s?(?:trillion|billion|million|thousand)?\s?(?:{_CURRENCY_WORDS}|USD|EUR|GBP)\b"
    r"|\b\d[\d,.]*\s?(?:metres|meters|metre|meter|m|km|kilometres|kilometers|miles|mile|feet|foot|ft|inches|cm|mm"
    r"|kg|kilograms|tonnes|tons|lbs|degrees|°C|°F|mph|km/h|knots|gigawatt-hours|GWh|MW|kWh|hours|minutes|seconds"
    r"|days|weeks|months|years)\b)")
_NUMBER = re.compile(r"\b(?:\d[\d,.]*|(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:-(?:one|two|three|four|five|six|seven|eight|nine))?"
                     r"|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
                     r"|seventeen|eighteen|nineteen|dozens?|hundreds?"
                     r"|thousands?|millions?|billions?)\b(?:\s+(?:million|billion|thousand|hundred))?", re.I)
_CALENDAR = re.compile(rf"(?:{_MONTHS}|{_WEEKDAYS})(?:\s+\d.*)?|{_DATE.pattern}")
_LEADING = re.compile(r"^(?:The|A|An|This|That|These|Those|His|Her|Its|Their|Our|In|On|At|By|For|From|With|As|But|And"
                      r"|If|When|While|After|Before|Since|Under|Over|Meanwhile|However|Also|Then|So|Yet|Though|Although|Because|Unlike|Until"
                      r"|Once|Mr|Mrs|Ms|Dr)\.?\s+")


_ROLE = re.compile(r"^(?:.*\s)?(?:CEO|CFO|COO|CTO|Chief|President|Judge|Coach|Co-[Ff]ounder|Founder|Director|Chairman|Chairwoman"
                   r"|Chair|Minister|Senator|Sen\.|Rep\.|Gov\.|Governor|Mayor|Dr\.?|Mr\.?|Mrs\.?|Ms\.?|Sir|Dame|Prince|Princess"
                   r"|King|Queen|Pope|Officer|Lt\.?|Lieutenant|General|Gen\.|Captain|Capt\.|Secretary|Chancellor|Prosecutor"
                   r"|Attorney|Lawyer|Analyst|Editor|Reporter|Star|Quarterback|QB|Manager|Striker|Forward|Midfielder|Defender)\s+(?=[A-Z])")


def is_team(word: str, text: str) -> bool:
    """"the Cowboys", "the Dodgers": the text writes the word after "the", as a team's name and never a surname."""
    return re.search(rf"\b[Tt]he\s+{re.escape(word)}\b", text) is not None


def is_role(word: str) -> bool:
    """A title written before a name ("Coach", "Rep."), not a given name."""
    return bool(_ROLE.match(f"{word} X"))


_TITLE_WORDS = re.compile(r"(?:CEO|CFO|COO|CTO|Chief|Executive|President|Judge|Coach|Co-[Ff]ounder|Founder|Director|Chairman"
                          r"|Chairwoman|Chair|Minister|Senator|Governor|Mayor|Officer|Secretary|Chancellor|Manager|Head|Former"
                          r"|Interim|Acting|New|Vice|Deputy|Senior)")


def is_title_only(span: str, asked: frozenset[str] = frozenset()) -> bool:
    """A role title with no name in it ("CEO", "FTX CEO", "Interim CEO"): the words are titles or the
    question's own words ("FTX" in "who is FTX's CEO")."""
    words = span.split()
    return any(_TITLE_WORDS.fullmatch(w) for w in words) and all(
        _TITLE_WORDS.fullmatch(w) or w.casefold() in asked or w.isupper() or w in ("of", "the", "and") for w in words)


def _tidy(span: str, common: set[str], heading: bool = False) -> str:
    """Drops what surrounds a name inside a capitalised run: titles ("FTX CEO Sam Bankman-Fried" ->
    "Sam Bankman-Fried"), an ordinary capitalised word in front ("Confirmation Sam Altman"), numbers at the
    ends ("Broncos 12", "27 Newcastle United")."""
    span = _ROLE.sub("", span)
    words = span.split()
    while words and words[0][0].isdigit():
        words = words[1:]
    while len(words) > 1 and words[-1].isdigit() and not re.search(r"[a-z][A-Z]|\d", words[-2]):
        words = words[:-1]
    while len(words) > 2 and words[0].casefold() in common and words[1][:1].isupper():
        words = words[1:]
    while heading and len(words) > 2 and words[-1].casefold() in common and words[-2][:1].isupper():
        words = words[:-1]  # a headline's trailing words ("Sam Bankman-Fried Is Guilty")
    return " ".join(words)


_TITLE_ABBREVIATION = re.compile(r"\b(?:Rep|Sen|Gov|Dr|Mr|Mrs|Ms|Gen|Lt|Col|Sgt|Capt|Prof|Supt|Insp|Det|Rev|Hon)\.\s+(?=[A-Z])")


def is_heading(text: str) -> bool:
    """A heading or label line rather than a sentence: mostly capitalised words, or no verb-like lower-case word."""
    words = re.findall(r"[A-Za-z][\w’'-]*", text)
    if len(words) < 3:
        return True
    capitalised = sum(w[0].isupper() for w in words)
    return capitalised / len(words) >= 0.7 or text.isupper()


def _pieces(run: str) -> list[str]:
    """"Seattle's Kenneth Walker III" and "Broncos 12 Chiefs 9" hold two names each; "iPhone 15 Pro" one."""
    out: list[list[str]] = [[]]
    for word in run.split():
        if word.isdigit() and out[-1] and not re.search(r"[a-z][A-Z]|\d", out[-1][-1]):
            out.append([])
            continue
        out[-1].append(word)
        if re.search(r"[’']s$", word):
            out.append([])
    return [" ".join(p) for p in out if p]


# a people's adjective alone is no one's name: "European neobroker Scalable Capital", "the German startup"
_DEMONYM = re.compile(r"(?:Afric|Americ|Asi|Austral|Canadi|Mexic|Brazili|Argentin|Chile|Colombi|Indi|Russi|Ukraini"
                      r"|Itali|Germ|Kore|Irani|Palestini|Syri|Egypti|Keny|Norwegi|Hungari|Romani|Bulgari|Serbi|Croati"
                      r"|Belgi|Austri|Indonesi|Malaysi|Ethiopi|Nigeri)an"
                      r"|(?:Chin|Japan|Vietnam|Taiwan|Portugu|Leban|Sudan|Congol)ese|(?:Brit|Engl|Ir|Scott|Span|Swed|Pol|Dan|Turk"
                      r"|Finn|Kurd|Jew)ish|Israeli|Saudi|Iraqi|Qatari|Emirati|Pakistani|Bangladeshi|Afghan|Thai|French|Dutch"
                      r"|Swiss|Greek|Welsh|Arab|Latin|Western|Eastern|Northern|Southern|European|Scandinavian|Nordic")


def is_demonym(word: str) -> bool:
    """A people's adjective or its plural ("European", "Russians"): a people, which may answer "who spotted
    the raft" but is never the name of a person."""
    return bool(_DEMONYM.fullmatch(word) or (word.endswith("s") and _DEMONYM.fullmatch(word[:-1])))


_TITLE_BEFORE = re.compile(r"\b(CEO|CFO|COO|CTO|President|Judge|Coach|Founder|Director|Chairman|Chairwoman|Chair|Minister"
                           r"|Senator|Governor|Mayor|Secretary|Chancellor|Prosecutor|Attorney|Lawyer|Analyst|Editor|Reporter"
                           r"|Quarterback|Manager|Striker|Captain|Prince|Princess|King|Queen|Pope|General)\s+$")


KIN_NOUNS = ("brother|sister|sibling|son|daughter|mother|father|parent|wife|husband|spouse|partner|girlfriend|boyfriend"
             "|uncle|aunt|cousin|nephew|niece|grandson|granddaughter")
KIN = re.compile(rf"(?:{KIN_NOUNS})s?", re.I)  # "which brother": family, not a title a name is introduced by


def title_before(span: str, sentence: str) -> str | None:
    """The title written right before a name ("Russian President Vladimir Putin" -> "President"), if any."""
    at = sentence.find(span)
    m = _TITLE_BEFORE.search(sentence[:at]) if at > 0 else None
    return m.group(1) if m else None


_OPENING = re.compile(r"(?:^|:)\W*$")  # what may stand before a sentence's (or a headline's second part's) first word


def names(sentence: str, common: set[str]) -> list[str]:
    """Proper-name spans; `common` holds words the passages use in lower case (casefolded)."""
    out = []
    sentence = _TITLE_ABBREVIATION.sub("", sentence)
    heading = is_heading(sentence)
    for m in _NAME.finditer(sentence):
        for piece in _pieces(m.group(0)):
            span = piece.strip(" .,'’-")
            while True:  # drop a sentence-initial function word or ordinary capitalised word
                stripped = _LEADING.sub("", span)
                first, _, rest = stripped.partition(" ")
                if rest and first.casefold() in common and _OPENING.search(sentence[:m.start()]):  # "“Check", ": Check India"
                    stripped = rest
                if stripped == span:
                    break
                span = stripped
            span = _tidy(re.sub(r"[’']s$", "", span).strip(" .,-"), common, heading)
            if not span or (" " not in span and (span.casefold() in common or span.casefold() in STOPWORDS
                                                 or _DEMONYM.fullmatch(span))) or _CALENDAR.fullmatch(span):
                continue
            if len(span) >= 2 and not span.isdigit():
                out.append(span)
    return out


_ORGANISATION = re.compile(r"\b(?:Inc|Corp|Corporation|Co|Ltd|LLC|Group|Research|Capital|Ventures|Partners|Holdings|Commission"
                           r"|Court|Department|Ministry|University|College|School|League|Association|Federation|Union|Bank"
                           r"|Party|Council|Committee|Agency|Network|Media|News|Times|Post|Press|Journal|Club|United|City"
                           r"|Foundation|Institute|Fund|Exchange|Securities|Reserve|Board|Office|Service|Services|Labs?"
                           r"|Technologies|Systems|Motors|Airlines|Studios|Records|Games|Entertainment|Sports|Organi[sz]ation"
                           r"|Alliance|Treaty|Nations|Republic|Kingdom|States|Army|Navy|Force|Forces|Legion|Police|Government)\b")
_PLACE_WORD = re.compile(r"\b(?:Tower|Building|Center|Centre|Stadium|Arena|Park|Street|Square|Airport|Station|Bridge|Hospital"
                         r"|Church|Hotel|Island|River|Road|Avenue|Lane|Harbour|Harbor|Bay|Port|Quay)\b")


_STATE = re.compile(r"\b(?:Republic|Kingdom|States|Nations|Federation|Emirates|Islands?|Union)\b")


def is_organisation(span: str) -> bool:
    """An organisation's name rather than a place's ("BBC News"; not "Republic of Lithuania")."""
    return bool(_ORGANISATION.search(_STATE.sub("", span)))


# pronouns and forms of "be" are never part of a person's name: "We Were Young" is a festival's title
_NOT_IN_A_NAME = frozenset("i we you he she it they me us him her them our their its was were are is am be been".split())


_VENUE = re.compile(r"\b(?:Tower|Building|Cent(?:er|re)|Stadium|Arena|Square|Street|Road|Avenue|Airport|Station|Bridge"
                    r"|Hospital|Hotel|Theat(?:er|re)|Hall)$")  # "Park", "Bay", "Lane" are surnames too


def is_venue(span: str) -> bool:
    """A building or place's name ("Coca-Cola Arena", "Wembley Stadium"), never a person's."""
    return bool(_VENUE.search(span))


def is_title(span: str) -> bool:
    """A title of a work rather than a name: it holds a pronoun or a form of "be" ("We Were Young")."""
    return any(w.casefold() in _NOT_IN_A_NAME for w in span.split())


def looks_like_person(span: str) -> bool:
    """Two to four capitalised words, no acronym, no organisation word ("Research", "Commission"), no
    pronoun or form of "be"."""
    words = span.split()
    return (2 <= len(words) <= 4 and all(w[:1].isupper() and not w.isupper() for w in words if len(w) > 2)
            and not _ORGANISATION.search(span) and not _PLACE_WORD.search(span)
            and not is_title(span))


WEEKDAY_NAMES = tuple(d.lower() for d in _WEEKDAYS.split("|"))
_WEEKDAY_INDEX = {d: i for i, d in enumerate(WEEKDAY_NAMES)}
_RELATIVE_DAYS = {"yesterday": -1, "today": 0, "tonight": 0, "tomorrow": 1}


def resolve_date(span: str, published: str | None) -> str:
    """A weekday or "yesterday" read against the article's publication date: "Monday" in an article of
    Tuesday 2023-12-12 -> "Monday (December 11, 2023)"; other spans unchanged."""
    from datetime import date, timedelta

    word = span.strip().lower()
    try:
        day = date.fromisoformat((published or "")[:10])
    except ValueError:
        return span
    if word in _WEEKDAY_INDEX:
        back = (day.weekday() - _WEEKDAY_INDEX[word]) % 7
        return f"{span} ({_written(day - timedelta(days=back))})"
    if word in _RELATIVE_DAYS:
        return f"{span} ({_written(day + timedelta(days=_RELATIVE_DAYS[word]))})"
    return span


def _written(day) -> str:
    return f"{day:%B} {day.day}, {day.year}"  # as a reader writes it, and as questions ask it ("December 9")


def is_vague_date(span: str) -> bool:
    """A weekday or a word like "today": a date only with the article's own date to read it by."""
    return span.strip().lower() in _WEEKDAY_INDEX or span.strip().lower() in _RELATIVE_DAYS


def names_a_day(span: str) -> bool:
    """"December 8", "8 Dec", "Friday", "yesterday", "2023-12-08": a date that names its day."""
    return bool(re.search(rf"(?<!\d)\d{{1,2}}(?!\d)|\b(?:{_WEEKDAYS})\b|\b(?:today|yesterday|tomorrow|tonight)\b", span, re.I))


def dates(sentence: str) -> list[str]:
    return [m.group(0).strip() for m in _DATE.finditer(sentence)]


def amounts(sentence: str) -> list[str]:
    return [m.group(0).strip() for m in _AMOUNT.finditer(sentence)]


_MULTIPLIER = {"thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
               "trillion": 1e12, "lakh": 1e5, "lakhs": 1e5, "crore": 1e7, "crores": 1e7, "cr": 1e7}


_VALUE = re.compile(r"([$€£¥])?\s?(\d[\d,]*(?:\.\d+)?)\s?(%|percent|per cent)?\s?"
                    rf"({'|'.join(sorted(_MULTIPLIER, key=len, reverse=True))})?\b", re.I)  # longest multiplier first


def value(span: str) -> tuple[float, str] | None:
    """(number, unit) of an amount: "€6.5 million" and "6.5 million euros" -> (6500000.0, "€"); "2.4%" -> (2.4, "%")."""
    m = _VALUE.search(one_form(span))
    if not m:
        return None
    number = float(m.group(2).replace(",", "")) * _MULTIPLIER.get((m.group(4) or "").lower(), 1)
    unit = m.group(1) or ("%" if m.group(3) else "")
    return number, unit


_MONEY_UNIT = re.compile(rf"{_CURRENCY_SIGNS}|\b(?:{_CURRENCY_CODES}|{_CURRENCY_WORDS}|{_CRORES})(?!\w)")


def is_money(span: str) -> bool:
    """An amount of money ("$10,000", "Rs 2", "11 million kronor"), not a measure ("30 years", "24 hours") or a share."""
    return bool(_MONEY_UNIT.search(span))


def amount_values(text: str) -> set[tuple[float, str]]:
    """The amounts a text gives, as (number, unit): "$65M" and "$65 million" are one."""
    return {v for v in (value(a) for a in amounts(text)) if v}


_SCORE = re.compile(r"\b\d{1,3}\s?(?:[-–]|to)\s?\d{1,3}\b(?!\s?(?:million|billion|thousand|%|percent|per\s+cent|(?:year|day|hour|minute"
                    r"|second|week|month|time|game|match|yard|mile|metre|meter|foot|feet|inch|inche|pound|dollar|cent|people"
                    r"|player|member)s?\b|-(?:year|day|hour|week|month|man|member)))")


_TEAM = r"[A-Z][\w.’'&-]*(?:\s[A-Z][\w.’'&-]*){0,2}"
_LINE_SCORE = re.compile(rf"\b{_TEAM}\s\d{{1,3}},\s{_TEAM}\s\d{{1,3}}\b")  # "Rangers 11, Diamondbacks 7"
_FINAL_LABEL = r"^\s*(?:final(?:\s+score)?|full[\s-]time|FT)\s*[:–—-]\s*"
_FINAL_LINE = re.compile(_FINAL_LABEL, re.I)
_FINAL_RESULT = re.compile(_FINAL_LABEL + r"(?P<a>.+?)\s(?P<x>\d{1,3}),\s(?P<b>.+?)\s(?P<y>\d{1,3})\s*\.?$", re.I)


def scores(sentence: str) -> list[str]:
    """Game scores and tallies: "24-17", "3–1", and a score line's "Rangers 11, Diamondbacks 7"."""
    return [m.group(0) for m in _SCORE.finditer(sentence)] + [m.group(0) for m in _LINE_SCORE.finditer(sentence)]


def final_result(text: str) -> tuple[str, int, str, int] | None:
    """"Final: Rangers 11, Diamondbacks 7" -> ("Rangers", 11, "Diamondbacks", 7); None for any other line."""
    m = _FINAL_RESULT.match(text)
    return (m.group("a"), int(m.group("x")), m.group("b"), int(m.group("y"))) if m else None


def is_final_score_line(text: str) -> bool:
    """"Final: Rangers 11, Diamondbacks 7": a live page's label line that states the result."""
    m = _FINAL_LINE.match(text)
    return bool(m) and bool(_LINE_SCORE.search(text[m.end():]) or _SCORE.search(text[m.end():]))


_NOT_A_COUNT = re.compile(rf"(?:(?:{_MONTHS})\s*|No\.\s*|[$€£¥]\s?|[\w]-|\d:)$")
_AGE = re.compile(r"\b(?:aged?|age of)\s+(\d{1,3})\b|\b(\d{1,3})-year-old\b|(?<=[A-Za-z]),\s(\d{1,3}),\s")


_COUNTED = re.compile(r"[\s-]+(?!(?:of|in|on|at|to|for|from|by|with|and|or|but|as|than|per|a|an|the|who|which|that|this|is|are"
                      r"|was|were|has|have|had|will|would|people|percent)\b)[A-Za-z][\w-]*(?<!ed)(?<!ing)\b")


_RANK_BEFORE = re.compile(r"\b(?:top|number|rank(?:ed)?|week|game|round|stage|leg|heat|episode|chapter|season|day)\s*$|#\s*$", re.I)
_GENERIC_UNITS = {"people", "persons", "individuals", "times"}
# a number right after a capitalised word inside a sentence names a model or an item ("the Boeing 747",
# "Apollo 11", "Section 230"): it counts nothing; at the sentence's start the word is just capitalised
_NAMED_NUMBER = re.compile(rf"[^\s.!?\"“‘(:;—–-]\s+(?!(?:{_WEEKDAYS})\s)(?:[A-Z][\w’'-]*|[a-z]+[A-Z][\w-]*)\s$")


_NTH_TIME = re.compile(r"\b(second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|\d{1,3}(?:st|nd|rd|th))"
                       r"\s+(?:straight\s+|consecutive\s+|successive\s+)?time\b", re.I)


def counts(sentence: str, units: tuple[str, ...] = (), bare: bool = False) -> list[str]:
    """Counts ("300 jobs"), with the noun asked for when it follows ("how many jobs" -> units ("jobs",)).
    When units are asked for, only counts of that noun are returned, and with `bare` numbers written
    without any noun ("a crowd of 18,200 watched"), never counts of another noun ("45 employees" does not
    answer "how many customers"). Dates, times, ranks ("No. 22"), prices and parts of names ("COVID-19")
    are not counts."""
    out = []
    stems = [re.escape(u[: max(3, len(u) - 2)]) for u in units if u]
    if "times" in units:  # "how many times has India made the semis": "for the seventh time"
        out += [m.group(1) for m in _NTH_TIME.finditer(sentence)]
    for m in _NUMBER.finditer(sentence):
        if _NOT_A_COUNT.search(sentence[max(0, m.start() - 12): m.start()]) or re.match(r"\s?(?:%|percent|:\d)", sentence[m.end():]):
            continue
        if re.fullmatch(r"(?:19|20)\d\d", m.group(0)):  # a year
            continue
        if re.match(r"\s?[-–]\s?\d", sentence[m.end():]) or _RANK_BEFORE.search(sentence[max(0, m.start() - 12): m.start()]):
            continue  # a score or range ("42-18", "5-7") or a rank ("top 20", "Week 14") counts nothing
        if m.group(0)[0].isdigit() and _NAMED_NUMBER.search(sentence[max(0, m.start() - 40): m.start()]):
            continue
        tail = sentence[m.end(): m.end() + 48]
        people = re.match(r"-(?:person|member|man|woman|strong)\b", tail) if set(units) & _GENERIC_UNITS else None
        if people:  # "the nine-person jury" answers "how many people were on the jury"
            out.append(sentence[m.start(): m.end() + people.end()])
        elif stems:
            near = next((n for s in stems if (n := re.match(rf"[\s-]+(?:[\w-]+\s+){{0,2}}?({s}\w*)", tail, re.I))), None)
            if near and m.group(0).lower() != "one":  # "one soldier said" tells of a soldier, not how many
                out.append(sentence[m.start(): m.end() + near.end()].strip())
            elif bare and m.group(0)[0].isdigit() and not _COUNTED.match(tail) and (
                    set(units) & _GENERIC_UNITS or any(re.search(rf"\b{s}", sentence, re.I) for s in stems)):
                # "a crowd of 18,200 watched" answers "how many people"; a bare "42" answers "how many fans"
                # only where the sentence speaks of fans
                out.append(m.group(0))
        elif m.group(0)[0].isdigit():
            out.append(m.group(0))
    return out


# ranks of armies, navies and police forces; "major", "general" and "private" only before a name, where
# they cannot be the adjectives they usually are
_RANK = re.compile(
    r"\b(?:(?:first|second|staff|master|chief|gunnery|command|flight|sub|vice|rear|lance|detective|police|chief)\s+)?"
    r"(?:lieutenant(?:\s+(?:colonel|general|commander))?|captain|colonel|sergeant(?:\s+major)?|corporal|admiral|brigadier"
    r"(?:\s+general)?|commodore|field\s+marshal|marshal|ensign|inspector|superintendent|constable|major\s+general"
    r"|(?:major|general|private)(?=\s+(?-i:[A-Z][a-z])))\b"
    r"|\b(?-i:(?:Lt|Col|Capt|Sgt|Gen|Maj|Cpl|Adm|Brig)\.(?:\s+(?:Col|Gen|Cmdr)\.)?)(?=\s+(?-i:[A-Z]))", re.I)


def ranks(sentence: str) -> list[str]:
    """Military and police ranks ("a lieutenant in the Russian army", "Major General Ivan Petrov"), in lower case."""
    return [m.group(0).lower() for m in _RANK.finditer(sentence)]


def ages(sentence: str) -> list[str]:
    """A person's age as news prints it: "Smith, 44,", "a 44-year-old", "aged 44"."""
    return [next(g for g in m.groups() if g) for m in _AGE.finditer(sentence)]


def lowercase_words(texts: list[str]) -> set[str]:
    """Words that the texts use in lower case somewhere (so a capitalised one is a sentence start, not a name)."""
    return {w.casefold() for t in texts for w in re.findall(r"(?<![\w.])[a-z][a-z’'-]+", t)}


_SUFFIXES = ("s", "es", "ed", "d", "ing", "ly", "er", "ers", "ment", "ness", "ion", "ions", "al", "ity", "ies", "y",
             "ful", "less", "able", "ize", "ise", "ized", "ised", "ation", "ations")


_ENDINGS = ("", "e", "y", "s", "ed", "ing", "ion", "ation")


def is_coined(word: str, ordinary: frozenset[str]) -> bool:
    """A lower-case word that is no ordinary English word in any inflection ("lecanemab", not "layoffs" from
    "layoff"): the name of a drug, material or species."""
    if len(word) < 5 or not word.isalpha() or word in ordinary:
        return False
    for suffix in _SUFFIXES:
        base = word[: -len(suffix)]
        if word.endswith(suffix) and len(base) >= 3 and any(base + end in ordinary for end in _ENDINGS):
            return False  # "renovating": "renovated" is a word
    return True


def noun_stem(noun: str) -> str:
    """What a noun of the question is matched by in any of its forms: "university" -> "univers" (also
    "universities"), "drug" -> "drug"."""
    return noun[: max(4, len(noun) - 2)]


def coined_names(sentence: str, unit: str, ordinary: frozenset[str]) -> list[str]:
    """Coined lower-case names set beside the noun they name: "the drug lecanemab", "a second drug,
    donanemab,", "these medicines – lecanemab –", "Leqembi (lecanemab)". A coined word anywhere else in
    a sentence is not taken for a name."""
    stem = re.escape(noun_stem(unit))
    word = r"([a-z][a-z-]{4,})"
    found = re.findall(rf"\b{stem}\w*,?\s+{word}\b", sentence, re.I) + re.findall(rf"\s[–—-]\s+{word}\s+[–—-]\s", sentence) \
        + re.findall(rf"\({word}\)", sentence)
    return list(dict.fromkeys(w for w in found if is_coined(w, ordinary)))



_MONTH_ALTERNATIVES = rf"(?:{'|'.join(MONTH_NAMES)}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)"  # any case
_MONTH_WORD = re.compile(rf"\b({_MONTH_ALTERNATIVES})\b", re.I)
_ABOUT_THE_ARTICLE = re.compile(r"\b(?:published|posted|dated|reported|article|report|story|piece|written)\s+(?:\w+\s+){0,3}?"
                                rf"(?:on|in|from)\s+(?:\w+,?\s+)?(?:{_MONTHS})(?:\s+\d{{1,2}}\w*)?(?:,?\s+\d{{4}})?", re.I)


def months(text: str, questioned: bool = False) -> set[int]:
    """The months a text names (1-12), written with a capital ("May", "Nov."), or in full in a question typed in
    lower case ("filed in november"; not "may" or "march"). In a question (`questioned`), the month of the
    article it cites ("an article published on November 5") is not the month of the event asked about."""
    if questioned:
        text = _ABOUT_THE_ARTICLE.sub(" ", text)
    found = set()
    for m in _MONTH_WORD.finditer(text):
        word = m.group(1)
        if word[:1].isupper() or (questioned and word in MONTH_NAMES and word not in ("may", "march")):
            found.add(month_number(word))
    return found


_ASKED_DAY = re.compile(rf"\b(?P<month>{_MONTH_ALTERNATIVES})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b"
                        r"(?!\s*(?:%|percent|per\s+cent|million|billion|more|of|years?|days?|weeks?|months?|people|times))"
                        r"(?:,?\s+(?P<year>\d{4}))?"
                        rf"|\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>{_MONTH_ALTERNATIVES})\b\.?"
                        r"(?:,?\s+(?P<year2>\d{4}))?", re.I)


def month_number(word: str) -> int | None:
    """1-12 for a month's name or its abbreviation ("Dec", "sept"), else None."""
    word = word.casefold()
    if len(word) < 3:
        return None
    return next((i for i, name in enumerate(MONTH_NAMES, start=1) if name.startswith(word)), None)


def asked_days(question: str) -> list[tuple[int, int, int | None]]:
    """(month, day, year or None) of each day a question names, leaving out the day of an article it cites
    ("the report published on October 4, 2023" is when the report came out, not what it reports)."""
    text = _ABOUT_THE_ARTICLE.sub(" ", question)
    found = []
    for m in _ASKED_DAY.finditer(text):
        word, day, year = m.group("month") or m.group("month2"), m.group("day") or m.group("day2"), m.group("year") or m.group("year2")
        if word in ("may", "march"):
            continue  # in lower case these are usually the verbs ("what may 10 more years do")
        month = month_number(word)
        if month and 1 <= int(day) <= 31:
            found.append((month, int(day), int(year) if year else None))
    return found
