"""Numeric claims in news text ("representatives of 130 countries", "two dozen world leaders", "a record $190
billion"), each with its sentence; those about participation are the ones a forum's data can answer.

>>> [c.text for c in extract_claims("Xi welcomed two dozen world leaders and more than a hundred delegations.")]
['two dozen world leaders', 'more than a hundred delegations']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from geo.sentences import sentences

# --- numbers -------------------------------------------------------------------------------------------------

ONES = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
TENS = {
    w: 10 * i for i, w in enumerate(["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], 2)
}
SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12, "bn": 1e9, "mn": 1e6, "m": 1e6}

_SMALL = "|".join(sorted((w for w in ONES if w != "zero"), key=len, reverse=True))
_TENS = "|".join(TENS)
_WORD_NUMBER = (
    rf"(?:half\s+a|a|{_SMALL})\s+dozen"
    rf"|(?:a|{_SMALL})\s+(?:hundred|thousand)"
    rf"|(?:{_TENS})(?:[-\s](?:{_SMALL}))?"
    rf"|{_SMALL}"
)
NUMBER_RE = re.compile(
    r"(?<![\w.,$€£¥-])"
    r"(?:(?P<currency>US\$|\$|€|£|¥|(?:RMB|USD|EUR)(?=\s?\d))\s?)?"
    rf"(?P<number>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?|{_WORD_NUMBER})"
    r"(?P<plus>\+|-plus|-odd)?"
    r"(?:\s*(?P<scale>thousand|million|billion|trillion|bn|mn)\b|(?P<tight>m)\b)?"
    r"(?![\w])",
    re.IGNORECASE,
)


def number_value(written: str) -> float:
    """The value of a number as written: '1,500' → 1500, 'two dozen' → 24, 'twenty-nine' → 29.

    >>> [number_value(w) for w in ("1,500", "2.5", "two dozen", "half a dozen", "a hundred", "twenty-nine")]
    [1500.0, 2.5, 24.0, 6.0, 100.0, 29.0]
    """
    words = written.lower().replace("-", " ").split()
    if not words:
        raise ValueError("empty number")
    if written[0].isdigit():
        return float(written.replace(",", ""))
    if words[-1] == "dozen":
        return 6.0 if words[0] == "half" else 12.0 * (1 if words[0] == "a" else ONES[words[0]])
    if words[-1] in ("hundred", "thousand"):
        return (1 if words[0] == "a" else ONES[words[0]]) * (100.0 if words[-1] == "hundred" else 1000.0)
    return float(sum(TENS.get(w, ONES.get(w, 0)) for w in words))


# --- what is counted ------------------------------------------------------------------------------------------

# (pattern, unit, about participation); the first that matches right after the number wins, so longer first.
UNITS: tuple[tuple[str, str, bool], ...] = (
    (r"countries\s+and\s+regions|countries|country|nations?|states|economies", "countries", True),
    (r"international\s+organi[sz]ations?|organi[sz]ations?|IOs|international\s+institutions", "organizations", True),
    (
        r"heads\s+of\s+state\s+(?:and|or)\s+(?:of\s+)?government|heads\s+of\s+(?:state|government)"
        r"|world\s+leaders|leaders?|presidents|prime\s+ministers|dignitaries",
        "leaders",
        True,
    ),
    (r"delegations?", "delegations", True),
    (r"representatives|delegates|guests|participants|attendees|officials|ministers", "representatives", True),
    (r"journalists|reporters", "journalists", True),
    (r"times", "times", False),
    (r"meetings|summits|visits", "meetings", False),
    (r"years?|decades?|months?|weeks?|days?", "duration", False),
    (r"per\s?cent\b|%", "percent", False),
    (r"(?:US\s+|U\.S\.\s+|American\s+)?dollars|yuan|renminbi|RMB|euros?", "money", False),
    (r"agreements|documents|deals|memorand\w+|MoUs|contracts|projects", "agreements", False),
)
# What the number counts, right after it or after up to three words; "%" may touch the number.
_UNIT_RE = re.compile(
    r"(?:\s+|-|(?=%))(?:" + "|".join(f"(?P<u{i}>{pattern})" for i, (pattern, _, _) in enumerate(UNITS)) + r")(?!\w)",
    re.IGNORECASE,
)
# Words that may stand between a number and what it counts ("30 international organizations", "24 foreign
# leaders") are any words but these, and at most three of them.
_GAP_STOP = frozenset(
    [
        "and",
        "or",
        "of",
        "in",
        "from",
        "to",
        "the",
        "a",
        "an",
        "that",
        "which",
        "who",
        "whom",
        "with",
        "for",
        "on",
        "at",
        "by",
        "as",
        "had",
        "have",
        "has",
        "is",
        "are",
        "was",
        "were",
        "will",
        "would",
        "this",
        "these",
        "last",
        "next",
        "per",
        "than",
        "since",
    ]
)
_WORD_RE = re.compile(r"\s+([A-Za-z][\w'-]*)")

QUALIFIERS = (
    "more than",
    "well over",
    "just over",
    "over",
    "upwards of",
    "at least",
    "as many as",
    "about",
    "around",
    "approximately",
    "roughly",
    "some",
    "nearly",
    "almost",
    "close to",
    "just under",
    "under",
    "less than",
    "fewer than",
    "up to",
    "a record",
    "record",
    "only",
    "exactly",
)
_QUALIFIER_RE = re.compile(r"\b(" + "|".join(q.replace(" ", r"\s+") for q in QUALIFIERS) + r")\s+$", re.IGNORECASE)
# "representatives of 130 countries": who came, from how many countries.
_LEAD_RE = re.compile(
    r"\b((?:world\s+)?(?:leaders|heads\s+of\s+(?:state|government)(?:\s+(?:and|or)\s+(?:of\s+)?government)?)"
    r"|representatives|delegations|delegates|officials|ministers|envoys|guests|participants|attendees)"
    r"\s+(?:of|from)\s+$",
    re.IGNORECASE,
)

_DETERMINER_RE = re.compile(
    r"\b(?:the|their|both|our|these|those|its|his|her|no|any|each|every|either|neither)\s+$", re.IGNORECASE
)
_NOT_STATE_LEADERS = frozenset(
    ["business", "corporate", "industry", "religious", "party", "youth", "community", "local", "opposition"]
    + ["military", "tribal", "thought", "student", "civic", "trade", "union"]
)

TOPICS = {
    "signatories": "signatories",
    "attendance": "at the forum",
    "leaders": "leaders",
    "participation": "taking part",
}
_SIGN_RE = re.compile(
    r"\b(sign(?:ed|ing|s)?|signatories|agreements?|MoUs?|memorand\w+|cooperation\s+documents?|joined|join"
    r"|partners?|members?)\b",
    re.IGNORECASE,
)
_ATTEND_RE = re.compile(
    r"\b(attend\w*|host(?:s|ed|ing)?|welcom\w*|gather\w*|participat\w*|t(?:ook|ake|aking)\s+part|arriv\w*"
    r"|came|come|coming|sen(?:d|t|ding)|delegat\w*|representatives|forum|summit|roundtable|guests?)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Claim:
    """One number and what it counts, as a document states it."""

    value: float  # 130, 24 for "two dozen", 2e11 for "200 billion US dollars"
    unit: str  # countries, organizations, leaders, delegations, representatives, journalists, times, money, …
    qualifier: str  # "about", "more than", "record", … as written (lower case); "" when the number stands alone
    topic: str  # signatories, attendance, leaders, participation; "" when the claim is not about participation
    text: str  # the phrase: "representatives of 130 countries"
    sentence: str
    start: int  # offsets of ``text`` in the document
    end: int
    document: str = ""

    @property
    def about_participation(self) -> bool:
        return bool(self.topic)


# --- claims -------------------------------------------------------------------------------------------------


def _unit_after(text: str, position: int) -> tuple[str, bool, int] | None:
    """(unit, about participation, end) of what the number ending at ``position`` counts, if anything."""
    skipped: list[str] = []
    for _ in range(4):  # the unit, or up to three words ("international", "world", "African") before it
        if unit := _UNIT_RE.match(text, position):
            _, name, participation = UNITS[int(unit.lastgroup[1:])]
            if name == "leaders" and _NOT_STATE_LEADERS.intersection(skipped):
                name = "representatives"  # "1,000 business leaders" are guests, not heads of state
            return name, participation, unit.end()
        word = _WORD_RE.match(text, position)
        if not word or word.group(1).lower() in _GAP_STOP:
            return None
        skipped.append(word.group(1).lower())
        position = word.end()
    return None


def _nearest(pattern: re.Pattern, sentence: str, offset: int) -> int | None:
    distances = [min(abs(m.start() - offset), abs(m.end() - offset)) for m in pattern.finditer(sentence)]
    return min(distances) if distances else None


def _topic(unit: str, lead: str, sentence: str, offset: int) -> str:
    if lead:
        return "leaders" if re.match(r"(?:world\s+)?(?:leaders|heads)", lead, re.IGNORECASE) else "attendance"
    if unit == "leaders":
        return "leaders"
    if unit in ("delegations", "representatives", "journalists"):
        return "attendance"
    sign, attend = _nearest(_SIGN_RE, sentence, offset), _nearest(_ATTEND_RE, sentence, offset)
    if sign is not None and (attend is None or sign <= attend):
        return "signatories"
    if attend is not None:
        return "attendance"
    return "participation"


def extract_claims(text: str, document: str = "") -> list[Claim]:
    """Every number in ``text`` that counts something, with its sentence, in order of appearance."""
    claims: list[Claim] = []
    for s_start, s_end in sentences(text):
        sentence = text[s_start:s_end]
        previous: Claim | None = None
        for match in NUMBER_RE.finditer(sentence):
            number, currency = match.group("number"), match.group("currency")
            scale = match.group("scale") or match.group("tight")
            if not currency and not scale and re.fullmatch(r"(?:19|20)\d\d", number):
                continue  # a year
            value = number_value(number) * (SCALES[scale.lower()] if scale else 1)
            if currency:
                unit, participation, end = "money", False, match.end()
            elif found := _unit_after(sentence, match.end()):
                unit, participation, end = found
            else:
                continue
            if participation and value < 10 and _DETERMINER_RE.search(sentence, 0, match.start()):
                continue  # "their two countries", "the two leaders": the parties to a meeting, not a count
            begin = match.start()
            qualifier = ""
            if q := _QUALIFIER_RE.search(sentence, 0, begin):
                qualifier, begin = " ".join(q.group(1).lower().split()), q.start()
            if match.group("plus"):
                qualifier = qualifier or ("about" if match.group("plus") == "-odd" else "more than")
            lead = ""
            if participation and (found_lead := _LEAD_RE.search(sentence, 0, begin)):
                lead, begin = found_lead.group(1), found_lead.start()
            if (
                not qualifier
                and previous is not None
                and previous.about_participation == participation
                and re.fullmatch(r"\s*,?\s*and\s*", sentence[previous.end - s_start : match.start()])
            ):
                qualifier = previous.qualifier  # "about 150 countries and 30 organizations": "about" covers both
            claim = Claim(
                value=value,
                unit=unit,
                qualifier=qualifier,
                topic=_topic(unit, lead, sentence, match.start()) if participation else "",
                text=" ".join(sentence[begin:end].split()),
                sentence=sentence,
                start=s_start + begin,
                end=s_start + end,
                document=document,
            )
            claims.append(claim)
            previous = claim
    return claims


def participation_claims(texts: Iterable[tuple[str, str]]) -> list[Claim]:
    """The participation claims of several (document id, text) pairs, in order."""
    return [c for document, text in texts for c in extract_claims(text, document) if c.about_participation]


def panel_lines(
    claims: Iterable[Claim], data: Mapping[str, str], reported: Mapping[tuple[str, str], str] | None = None
) -> tuple[str, ...]:
    """One line per participation claim, beside the dataset's own count for its topic (``data``, by topic) and
    what official sources reported (``reported``, by topic and unit), when known:
    'coverage: about 150 countries (signatories) · data: 150 (GFDC, Dec 2023) + 5 later or disputed'."""
    lines: dict[str, None] = {}
    for claim in claims:
        if not claim.about_participation:
            continue
        count = data.get("organizations" if claim.unit == "organizations" else claim.topic, "")
        official = (reported or {}).get((claim.topic, claim.unit), "")
        line = f"coverage: {claim.text} ({TOPICS[claim.topic]})"
        line += (f" · data: {count}" if count else "") + (f" · official: {official}" if official else "")
        lines[line] = None
    return tuple(lines)
