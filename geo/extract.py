"""Country mentions in running text: one automaton pass over the text, then context rules.

What counts is defined in the project's mention guidelines: names and demonyms always; a capital
or seat of government only when it stands for the state; a leader only within their term on the
document's date; look-alikes (South China Sea, US dollars, Xinhua, Michael Jordan) never.

>>> text = "Chinese leader Xi Jinping met Putin in Beijing, not far from Xi'an."
>>> [(m.surface, m.iso3, m.kind) for m in extract_mentions(text)]
[('Chinese', 'CHN', 'demonym'), ('Xi Jinping', 'CHN', 'leader'), ('Putin', 'RUS', 'leader')]
>>> count_by_country(extract_mentions("Beijing said China and Russia agree."))
{'CHN': 2, 'RUS': 1}

When no ``date`` is given, the first full date written in the text (``18 October 2023``,
``October 18, 2023``, ``2023-10-18``) is the document's date; without one, every leader in
office at any time from 2015 on counts.
"""

from __future__ import annotations

import bisect
import datetime
import re
import weakref
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import ahocorasick

from geo.gazetteer import Gazetteer, LeaderForm, LeaderTerm, load, strip_diacritics


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of a country form: where it is, what it says and what it stands for."""

    document: str
    start: int
    end: int
    surface: str
    iso3: str
    kind: str


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- context vocabularies (why each exists is in the guidelines; the words are ours) ---

CURRENCIES = _words(
    "dollar dollars cent cents yuan renminbi rupee rupees rupiah rouble roubles ruble rubles "
    "lira liras yen rand franc francs peso pesos riyal riyals dirham dirhams dinar dinars "
    "pound pounds sterling shilling shillings naira cedi kwacha ringgit baht dong tenge som "
    "sum manat lari dram hryvnia zloty forint koruna krona kronor krone kroner leu lev taka "
    "kyat kip riel tugrik afghani rial real reais"
)
LANGUAGE_CUES = _words(
    "in into speak speaks spoke speaking spoken translated translate translation fluent "
    "learn learning learned learnt taught teach teaching subtitled written"
)
LANGUAGE_NEXT = _words("language languages translation translations subtitles")
PLACE_CUES = _words(
    "in at to from into near outside inside across around via toward towards through "
    "throughout within visit visits visited visiting reach reached reaching leave leaves "
    "left leaving arrive arrives arrived flew fly flies flying returned return returns "
    "the capital city streets downtown central greater suburban"
)
PLACE_NOUNS = _words(
    "summit meeting meetings forum declaration declarations conference talks process "
    "olympics games marathon airport office bureau correspondent correspondents residents "
    "municipality municipal city suburbs suburb skyline streets street metro subway "
    "university hotel hotels hall stadium mayor police district districts neighbourhood "
    "neighborhood neighbourhoods neighborhoods outskirts centre center downtown traffic "
    "smog air weather park square museum zoo temple palace gate bridge restaurants shops "
    "apartment apartments residents marathon venue venues exhibition expo"
)
TITLES = _words(
    "President Premier PM Chancellor King Queen Emir Amir Sheikh Sultan Prince Leader Chairman "
    "Pope Taoiseach Ayatollah Mr Mrs Ms Dr Minister Presidents"
)
NOT_THE_LEADER = _words("Vice vice Deputy deputy former Former ex late Acting")
SENTENCE_WORDS = _words(
    "The A An But And Or While As If When Since Yet So Still Meanwhile However Now Then For "
    "With Both That This These Those Why How What Although Though Because After Before "
    "Until Unlike Like Even Only Also Instead Later Earlier Today Yesterday Last Next "
    "Under Over Neither Nor Not In On At By From To Of His Her Its Their Our Your"
)
WEEKDAYS_MONTHS = _words(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April "
    "May June July August September October November December"
)
PERSON_LIKE_NAMES = _words("Jordan Chad Georgia Niger Holland Kenya Israel India")
STATE_FOLLOWERS = _words(
    "President King Queen Prime Premier Foreign Minister Ministry Government Army Armed "
    "Emir Sheikh Prince Crown Defence Defense Embassy Ambassador News Central Air Airways "
    "National Republic Parliament Senate Supreme"
)
US_STATE_CUES = _words(
    "state State governor Governor Senate senator Senator Republicans Democrats Republican "
    "Democrat Democratic Bulldogs Tech Power Aquarium Dome peach"
)
MONTH_CUES = _words("in of since until by early late mid last next this from through during on")

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = re.compile(
    rf"\b(?:(?P<y1>(?:19|20)\d\d)-(?P<m1>[01]\d)-(?P<d1>[0-3]\d)"
    rf"|(?P<d2>[0-3]?\d)\s+(?P<mon2>{_MONTH_RE})\.?,?\s+(?P<y2>(?:19|20)\d\d)"
    rf"|(?P<mon3>{_MONTH_RE})\.?\s+(?P<d3>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y3>(?:19|20)\d\d))\b",
    re.IGNORECASE,
)
_SPACES = re.compile(r" {2,}")
_WORD_BEFORE = re.compile(r"([^\W\d_][\w'.-]*)([^\w]*)$")
_WORD_AFTER = re.compile(r"([^\w]*)([^\W\d_][\w'-]*)?")
_BLANKS = "\n\r\t\x0b\x0c\xa0\u2028\u2029\u2009\u202f\u3000"


def find_document_date(text: str) -> datetime.date | None:
    """The first full date written in ``text``, if any.

    >>> find_document_date("BEIJING, Oct. 18, 2023 -- ..."), find_document_date("no date")
    (datetime.date(2023, 10, 18), None)
    """
    for match in _DATE.finditer(text):
        groups = match.groupdict()
        try:
            if groups["y1"]:
                return datetime.date(int(groups["y1"]), int(groups["m1"]), int(groups["d1"]))
            if groups["y2"]:
                month = _MONTHS[groups["mon2"].lower()]
                return datetime.date(int(groups["y2"]), month, int(groups["d2"]))
            month = _MONTHS[groups["mon3"].lower()]
            return datetime.date(int(groups["y3"]), month, int(groups["d3"]))
        except ValueError:
            continue
    return None


# --- the automaton: one per gazetteer, built on first use ---


@dataclass(frozen=True, slots=True)
class _Entry:
    length: int
    iso3: str | None  # None for a non-country phrase that only shields what it contains
    kind: str
    leaders: tuple[LeaderForm, ...]


_AUTOMATA: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _variants(surface: str, *, caps: bool) -> set[str]:
    normal = surface.replace("’", "'")
    found = {normal, strip_diacritics(normal)}
    if caps and len(normal) >= 4:
        found |= {v.upper() for v in list(found)}
    return found


def _automaton(gazetteer: Gazetteer) -> ahocorasick.Automaton:
    cached = _AUTOMATA.get(gazetteer)
    if cached is not None:
        return cached
    senses: dict[str, tuple[str | None, str]] = {}
    leaders: dict[str, list[LeaderForm]] = {}
    for phrase in gazetteer.non_country_phrases:
        for key in _variants(phrase, caps=True):
            senses[key] = (None, "non-country")
    for form in gazetteer.text_forms:
        for key in _variants(form.surface, caps=True):
            senses.setdefault(key, (form.iso3, form.kind))
    for leader_form in gazetteer.leader_forms:
        for key in _variants(leader_form.surface, caps=True):
            leaders.setdefault(key, []).append(leader_form)
    automaton = ahocorasick.Automaton()
    for key in senses.keys() | leaders.keys():
        iso3, kind = senses.get(key, (None, "leader"))
        entry = _Entry(len(key), iso3, kind, tuple(leaders.get(key, ())))
        automaton.add_word(key, entry)
    automaton.make_automaton()
    _AUTOMATA[gazetteer] = automaton
    return automaton


# --- text preparation: same offsets, or a map back to them ---


class _Text:
    """The text with blanks and apostrophes unified and runs of spaces collapsed.

    Context rules read ``norm``; ``original_span`` maps a span of ``norm`` back to the input.
    """

    __slots__ = ("norm", "_marks", "_shifts")

    def __init__(self, text: str) -> None:
        norm = text
        for blank in _BLANKS:
            if blank in norm:
                norm = norm.replace(blank, " ")
        for quote in "’‘":
            if quote in norm:
                norm = norm.replace(quote, "'")
        self._marks: list[int] = []
        self._shifts: list[int] = []
        if "  " in norm:
            pieces, removed, last = [], 0, 0
            for run in _SPACES.finditer(norm):
                pieces.append(norm[last : run.start() + 1])
                removed += run.end() - run.start() - 1
                last = run.end()
                self._marks.append(run.start() + 1 - (removed - (run.end() - run.start() - 1)))
                self._shifts.append(removed)
            pieces.append(norm[last:])
            norm = "".join(pieces)
        self.norm = norm

    def original(self, position: int) -> int:
        if not self._marks:
            return position
        index = bisect.bisect_right(self._marks, position) - 1
        return position + (self._shifts[index] if index >= 0 else 0)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.original(start), self.original(end - 1) + 1


# --- context helpers on the normalised text ---


def _word_before(norm: str, start: int) -> tuple[str, str]:
    """The word before ``start`` and the characters between it and ``start``."""
    match = _WORD_BEFORE.search(norm, max(0, start - 40), start)
    return (match.group(1), match.group(2)) if match else ("", norm[max(0, start - 3) : start])


def _word_after(norm: str, end: int) -> tuple[str, str]:
    """The characters after ``end`` up to the next word, and that word."""
    match = _WORD_AFTER.match(norm, end, min(len(norm), end + 40))
    return (match.group(1), match.group(2) or "") if match else ("", "")


def _at_sentence_start(norm: str, start: int) -> bool:
    before = norm[max(0, start - 3) : start].rstrip(" \"“'(")
    return not before or before[-1] in ".!?:;\n"


def _word_starts_sentence(norm: str, word: str, gap: str, start: int) -> bool:
    return _at_sentence_start(norm, start - len(gap) - len(word))


def _in_word(norm: str, start: int, end: int) -> bool:
    """Whether the match is part of a longer word (Xinhua, Xi'an, USAID, Indiana)."""
    if start > 0 and (norm[start - 1].isalnum() or norm[start - 1] == "_"):
        return True
    if end >= len(norm):
        return False
    after = norm[end]
    if after.isalnum() or after == "_":
        return True
    if after == "'" and end + 1 < len(norm) and norm[end + 1].isalpha():
        possessive = norm[end + 1] in "sS" and (end + 2 >= len(norm) or not norm[end + 2].isalnum())
        return not possessive
    return False


def _is_currency(norm: str, end: int) -> bool:
    gap, word = _word_after(norm, end)
    return (gap == " " and word.lower() in CURRENCIES) or norm.startswith("$", end)


def _is_language(norm: str, start: int, end: int, previous_language_end: int) -> bool:
    gap, word = _word_after(norm, end)
    if gap == "-" and word.lower() in ("language", "speaking", "speaker", "speakers"):
        return True
    if gap.strip() == "" and word in LANGUAGE_NEXT:
        return True
    before, between = _word_before(norm, start)
    cued = before.lower() in LANGUAGE_CUES
    if not cued and before.lower() in ("both", "either", "fluent", "in"):
        earlier, _ = _word_before(norm, start - len(before) - len(between))
        cued = earlier.lower() in LANGUAGE_CUES
    if not cued and before.lower() in ("and", "or") and previous_language_end >= 0:
        cued = start - previous_language_end <= 6
    if not cued:
        return False
    return not word or not word[0].islower() or word in ("and", "or") or gap.strip() != ""


def _is_part_of_other_name(norm: str, start: int, end: int) -> bool:
    """``Michael Jordan``, ``Chad Smith``, ``Georgia Tech``: a capitalised neighbour."""
    before, between = _word_before(norm, start)
    if (
        between == " "
        and before[:1].isupper()
        and before not in SENTENCE_WORDS
        and before not in TITLES
        and not _word_starts_sentence(norm, before, between, start)
    ):
        return True
    gap, after = _word_after(norm, end)
    return gap == " " and after[:1].isupper() and after not in STATE_FOLLOWERS


def _is_us_state(norm: str, start: int, end: int) -> bool:
    before, between = _word_before(norm, start)
    if between == ", " and before[:1].isupper():
        return True
    gap, after = _word_after(norm, end)
    if gap in (" ", "'s ") and after in US_STATE_CUES:
        return True
    return norm[max(0, start - 9) : start].lower() == "state of "


def _capital_is_place(norm: str, start: int, end: int, surface: str, kind: str) -> bool:
    """Whether a capital or seat names a place rather than the state (guidelines rule 3)."""
    before, between = _word_before(norm, start)
    if kind == "seat" and before.lower() == "the":
        before, between = _word_before(norm, start - len(before) - len(between))
    elif before.lower() == "the" or before.lower() == "capital":
        return True
    if before.lower() in PLACE_CUES and between.strip(" ,") == "":
        return True
    gap, after = _word_after(norm, end)
    line_start = start == 0 or norm[start - 1] == "\n" or _at_sentence_start(norm, start)
    if surface.isupper() and len(surface) > 3 and gap[:1] in (",", " ", "("):
        return True
    if line_start and gap[:1] == "," and (after[:1].isupper() or after[:1].isdigit()):
        return True
    if gap.startswith("-based") or gap.startswith("-born"):
        return True
    if kind == "capital":
        if gap == " " and after[:1].isupper() and after not in WEEKDAYS_MONTHS:
            return True
        if (
            between == " "
            and before[:1].isupper()
            and before not in SENTENCE_WORDS
            and not _word_starts_sentence(norm, before, between, start)
        ):
            return True
    if gap == " " and after.lower() in PLACE_NOUNS:
        return True
    if gap.startswith("'s") or gap.startswith("' "):
        window = norm[end : end + 40].split()[1:4]
        if any(word.strip(",.;:").lower() in PLACE_NOUNS for word in window):
            return True
    return False


class _LeaderContext:
    """Which leaders are in office on the document's date, and who has been named in full."""

    __slots__ = ("date", "anchored", "terms")

    def __init__(self, terms: dict[str, list[LeaderTerm]], date: datetime.date | None) -> None:
        self.date = date
        self.terms = terms
        self.anchored: set[str] = set()

    def in_office(self, form: LeaderForm) -> bool:
        return any(term.in_office(self.date) for term in self.terms.get(form.leader, ()))

    def resolve(self, norm: str, start: int, end: int, entry: _Entry, last_end: int) -> str | None:
        candidates = [form for form in entry.leaders if self.in_office(form)]
        if not candidates:
            return None
        surface = norm[start:end]
        before, between = _word_before(norm, start)
        titled = before in TITLES and between == " "
        if titled:
            earlier, _ = _word_before(norm, start - len(before) - len(between))
            if earlier in NOT_THE_LEADER:
                return None
        full = " " in surface or "-" in surface or not surface.isascii()
        if full or titled:
            countries = {form.iso3 for form in candidates}
            if len(countries) != 1 and not titled:
                return None
            anchored = [f for f in candidates if f.leader in self.anchored] or candidates
            if len({form.iso3 for form in anchored}) != 1:
                return None
            self.anchored.update(form.leader for form in anchored)
            return anchored[0].iso3
        if surface == "May":
            gap, after = _word_after(norm, end)
            if before.lower() in MONTH_CUES or after[:1].isdigit() or gap[:1] == ",":
                return None
        if (
            between == " "
            and before[:1].isupper()
            and before not in SENTENCE_WORDS
            and start - len(between) != last_end
            and not _word_starts_sentence(norm, before, between, start)
        ):
            return None  # another person of the same name: Melania Trump, Hunter Biden
        gap, after = _word_after(norm, end)
        if gap == " " and after[:1].isupper() and after not in WEEKDAYS_MONTHS:
            return None  # Trump Tower, Boko Haram, Abbas Araghchi
        anchored = [form for form in candidates if form.leader in self.anchored]
        if anchored:
            return anchored[-1].iso3
        if any(form.needs_anchor for form in candidates):
            return None
        countries = {form.iso3 for form in candidates}
        return countries.pop() if len(countries) == 1 else None


def extract_mentions(
    text: str,
    *,
    document: str = "-",
    date: datetime.date | None = None,
    gazetteer: Gazetteer | None = None,
) -> list[Mention]:
    """Every country mention in ``text``, in order, with spans into ``text``."""
    gazetteer = gazetteer or load()
    automaton = _automaton(gazetteer)
    prepared = _Text(text)
    norm = prepared.norm
    if date is None:
        date = find_document_date(text)
    leaders = _LeaderContext(gazetteer.leader_terms, date)
    mentions: list[Mention] = []
    last_end = -1
    language_end = -1
    for last, entry in automaton.iter_long(norm):
        end = last + 1
        start = end - entry.length
        if entry.iso3 is None and not entry.leaders:
            continue
        if _in_word(norm, start, end):
            continue
        kind = entry.kind
        iso3 = entry.iso3
        if iso3 is None:
            iso3 = leaders.resolve(norm, start, end, entry, last_end)
            if iso3 is None:
                continue
        elif kind == "demonym":
            if _is_currency(norm, end):
                continue
            if _is_language(norm, start, end, language_end):
                language_end = end
                continue
        elif kind in ("capital", "seat"):
            if _capital_is_place(norm, start, end, norm[start:end], kind):
                continue
        else:
            surface = norm[start:end]
            if _is_currency(norm, end):
                continue
            if surface in PERSON_LIKE_NAMES and _is_part_of_other_name(norm, start, end):
                continue
            if surface == "Georgia" and _is_us_state(norm, start, end):
                continue
            if surface == "US" and (_word_after(norm, end)[1].isupper() or norm[start - 3 : start - 1].isupper()):
                continue
        original_start, original_end = prepared.original_span(start, end)
        surface = text[original_start:original_end]
        mentions.append(Mention(document, original_start, original_end, surface, iso3, kind))
        last_end = end
    return mentions


def count_by_country(mentions: Iterable[Mention]) -> dict[str, int]:
    """Mentions per ISO3 code, most mentioned first."""
    return dict(Counter(mention.iso3 for mention in mentions).most_common())
