"""The pass that ties the parts: the automaton's matches over the normalised text, each kept or dropped by the
context rule of its kind, and the kept ones turned into mentions or counts of surface forms."""

from __future__ import annotations

import bisect
import contextlib
import datetime
import gc
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from geo.extract.dates import find_document_date
from geo.extract.leaders import UNSEEN, LeaderContext
from geo.extract.matcher import (
    CAPITAL,
    DEMONYM,
    HOMONYM,
    LEADER,
    NAME,
    START,
    Kept,
    LeaderKey,
    Matcher,
    Span,
    matcher_for,
)
from geo.extract.rules.en import (
    CURRENCY,
    CURRENCY_HEADS,
    CURRENCY_INITIALS,
    capital_is_place,
    homonym_place,
    is_language,
    is_other_sense,
    may_name_local_places,
)
from geo.extract.text import URL_MARKS, Doc, in_url
from geo.gazetteer import Gazetteer, load


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of a country form: where it is, what it says and what it stands for."""

    document: str
    start: int
    end: int
    surface: str
    iso3: str
    kind: str


@dataclass(frozen=True, slots=True)
class Decision:
    """Why a form that is also a US or Canadian place counted or not (``--explain``): ``iso3`` is None when it
    did not count; ``rule`` names the rule that decided; offsets are into the normalised text."""

    start: int
    end: int
    surface: str
    iso3: str | None
    rule: str


Explain = Callable[[Decision], None]


class _Context:
    """The context rules of every kind of form but plain names, with what they remember along the text: where the
    last mention, language, place and leader ended, and whom that leader's name could name."""

    __slots__ = (
        "doc",
        "matcher",
        "leaders",
        "explain",
        "last_end",
        "language_end",
        "place_end",
        "leader_end",
        "leaders_named",
        "local",
    )

    def __init__(self, doc: Doc, matcher: Matcher, leaders: LeaderContext, explain: Explain | None = None) -> None:
        self.doc, self.matcher, self.leaders, self.explain = doc, matcher, leaders, explain
        self.last_end = self.language_end = self.place_end = -1
        self.leader_end, self.leaders_named = -2, frozenset()
        self.local: bool | None = None  # whether the text may name US or Canadian towns: read at the first homonym

    def country(self, rule: int, index: int, start: int, end: int, after: str, kept: list[Kept]) -> str | None:
        """The country the match of entry ``index`` at ``start:end`` stands for, or None (``after``: the character
        after it; ``kept``: the matches kept so far)."""
        doc, norm = self.doc, self.doc.norm
        if rule == HOMONYM:
            return self._homonym(index, start, end, after, kept)
        if rule == LEADER:
            return self._leader(index, start, end, kept)
        if rule == DEMONYM:
            if after == " ":
                if (
                    norm[end + 1 : end + 2] in CURRENCY_INITIALS
                    and norm[end + 1 : end + 4] in CURRENCY_HEADS
                    and CURRENCY.match(norm, end)
                ):
                    return None
                if norm[end + 1 : end + 2].isupper():
                    return self.matcher.iso3s[index]
            if is_language(doc, start, end, self.language_end):
                self.language_end = end
                return None
        elif rule == CAPITAL:
            matcher = self.matcher
            if capital_is_place(doc, start, end, matcher.kinds[index], self.place_end, matcher.state_names[index]):
                self.place_end = end
                return None
        elif CURRENCY.match(norm, end) or is_other_sense(doc, start, end):  # a look-alike
            return None
        return self.matcher.iso3s[index]

    def _homonym(self, index: int, start: int, end: int, after: str, kept: list[Kept]) -> str | None:
        """A form that is also a US or Canadian place: the rules of homonyms, then the rule of its kind."""
        matcher = self.matcher
        if self.local is None:
            self.local = may_name_local_places(self.doc)
        reason = homonym_place(self.doc, start, end, matcher.keys[index]) if self.local else None
        if reason is not None:
            iso3 = None
        elif (rule := matcher.homonym_rules[index]) != NAME:
            iso3 = self.country(rule, index, start, end, after, kept)
        else:  # what the scan decides inline for a plain name
            norm = self.doc.norm
            currency = (
                after == " "
                and norm[end + 1 : end + 2] in CURRENCY_INITIALS
                and norm[end + 1 : end + 4] in CURRENCY_HEADS
                and CURRENCY.match(norm, end)
            )
            iso3 = None if currency else matcher.iso3s[index]
        if self.explain is not None:
            kind = matcher.kinds[index] if matcher.iso3s[index] else "leader"
            self.explain(Decision(start, end, self.doc.norm[start:end], iso3, reason or f"the rule of {kind}s"))
        return iso3

    def _leader(self, index: int, start: int, end: int, kept: list[Kept]) -> str | None:
        leaders = self.leaders
        found = leaders.by_entry.get(index, UNSEEN)
        if found is UNSEEN:
            found = leaders.candidates(index, self.matcher.forms[index])
        if found is None:
            return None
        norm = self.doc.norm
        if start - 1 == self.leader_end and norm[start - 1] == " " and not found.leaders.isdisjoint(self.leaders_named):
            return None  # the rest of one name: Crown Prince Mohammed | bin Salman, Dr Mahathir | Mohamad
        iso3 = leaders.resolve(self.doc, start, end, found, self.last_end, kept)
        if iso3 is not None:
            self.leader_end, self.leaders_named = end, found.leaders
        return iso3


def _joined_before(norm: str, start: int, end: int, latin: bool) -> bool:
    """Whether the match at ``start:end`` goes on a word or web address before it (``norm[start - 1]`` is no
    space; ``latin``: its key starts with a letter of a script that writes spaces)."""
    previous = norm[start - 1]
    if (previous.isalnum() or previous == "_") and latin:
        return True
    return previous in URL_MARKS and in_url(norm, start, end)


def _joined_after(norm: str, start: int, end: int, after: str, latin: bool) -> bool:
    """Whether the word or web address goes on after the match (``after``, the character there, is no space)."""
    if (after.isalnum() or after == "_") and latin:  # (no spaces in Chinese)
        return True
    if after in URL_MARKS and in_url(norm, start, end):
        return True
    # Xi'an goes on; a possessive 's ends the name
    return (
        after == "'"
        and norm[end + 1 : end + 2].isalpha()
        and (norm[end + 1] not in "sS" or norm[end + 2 : end + 3].isalnum())
    )


def kept_matches(
    doc: Doc,
    matcher: Matcher,
    leaders: LeaderContext,
    *,
    spans: bool,
    counted_from: int = 0,
    explain: Explain | None = None,
) -> tuple[list[Kept], int]:
    """The matches the context rules keep, in order, and how many of them come before ``counted_from``.

    With ``spans`` every kept match is a :class:`Span`. Without, a kept match of a plain key (see ``Matcher.plain``)
    is its entry index, or a :class:`LeaderKey` for a leader, and any other one a Span: enough to count the surface
    forms (see :func:`forms_by_country`). ``explain`` is told the decision on every form that is also a US or
    Canadian place.
    """
    # (every match passes here: what the loop reads is bound to local names, the plain names decided inline)
    norm, size, rules, iso3s, keys = doc.norm, doc.size, matcher.rules, matcher.iso3s, matcher.keys
    latin_first, latin_last, tags = matcher.latin_first, matcher.latin_last, matcher.no_tags if spans else matcher.tags
    currency_initials, currency_heads, currency, name_rule = CURRENCY_INITIALS, CURRENCY_HEADS, CURRENCY.match, NAME
    joined_before, joined_after, span, leader_key = _joined_before, _joined_after, Span, LeaderKey
    context = _Context(doc, matcher, leaders, explain)
    homonym_rule, homonym_names = HOMONYM, matcher.homonym_names
    country = context.country
    kept: list[Kept] = []
    keep = kept.append
    before_count = 0
    for matches in _pieces_of(matcher, doc, counted_from):
        if matches is None:  # where counting starts
            before_count = len(kept)
            continue
        for index, start, end in matches:
            rule = rules[index]
            if not rule:  # SHIELD: a longer non-country phrase took the text
                continue
            if start and norm[start - 1] != " " and joined_before(norm, start, end, latin_first[index]):
                continue
            after = norm[end] if end < size else ""
            if after != " " and joined_after(norm, start, end, after, latin_last[index]):
                continue
            if rule == homonym_rule and context.local is False and homonym_names[index]:
                rule = name_rule  # a text without US or Canadian places: the name is decided as any other
            if rule == name_rule:
                if (
                    after == " "
                    and norm[end + 1 : end + 2] in currency_initials
                    and norm[end + 1 : end + 4] in currency_heads
                    and currency(norm, end)
                ):
                    continue
                iso3 = iso3s[index]
            else:
                iso3 = country(rule, index, start, end, after, kept)
                if iso3 is None:
                    continue
            context.last_end = end
            tag = tags[index]
            if tag is None:
                keep(span(index, start, end, iso3))
            elif tag < 0:
                keep(leader_key(iso3, keys[index]))
            else:
                keep(tag)
    return kept, before_count


def _pieces_of(matcher: Matcher, doc: Doc, counted_from: int) -> Iterator[list | None]:
    """``matcher.find(doc.norm)``, with ``None`` put in where matches start at ``counted_from`` or later."""
    if counted_from <= 0:
        yield None
        yield from matcher.find(doc.norm, doc)
        return
    pending = True
    for matches in matcher.find(doc.norm, doc):
        if pending and matches and matches[-1][1] >= counted_from:
            cut = bisect.bisect_left(matches, counted_from, key=START)
            if cut:
                yield matches[:cut]
            yield None
            pending = False
            matches = matches[cut:]
        yield matches
    if pending:
        yield None


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection during a scan: it makes no reference cycles, but the match tuples it
    allocates (hundreds of thousands per 40 MB) would start a collection every 700 allocations."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _setup(
    text: str, date: datetime.date | None, gazetteer: Gazetteer | None, find_date: bool = True
) -> tuple[Doc, Matcher, LeaderContext]:
    gazetteer = gazetteer or load()
    doc = Doc(text)
    if date is None and find_date:
        date = find_document_date(text)
    matcher = matcher_for(gazetteer)
    return doc, matcher, LeaderContext(gazetteer.leader_terms, date, matcher.iso3s)


def _scan(
    text: str, date: datetime.date | None, gazetteer: Gazetteer | None, find_date: bool = True
) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, iso3, kind) of every mention in order, with offsets into ``text``."""
    doc, matcher, leaders = _setup(text, date, gazetteer, find_date)
    with _collector_paused():
        kept, _ = kept_matches(doc, matcher, leaders, spans=True)
    kinds = matcher.kinds
    if not doc.marks:
        for index, start, end, iso3 in kept:
            yield start, end, iso3, kinds[index]
        return
    to_text = doc.to_text
    for index, start, end, iso3 in kept:
        yield to_text.start(start), to_text.end(end), iso3, kinds[index]


def extract_mentions(
    text: str,
    *,
    document: str = "-",
    date: datetime.date | None = None,
    gazetteer: Gazetteer | None = None,
    find_date: bool = True,
) -> list[Mention]:
    """Every country mention in ``text``, in order, with spans into ``text``.

    Without ``date``, the first full date written in the text is the document's; ``find_date=False`` reads the
    text as undated instead (the later pieces of a long document whose first piece had no date).
    """
    return [
        Mention(document, start, end, text[start:end], iso3, kind)
        for start, end, iso3, kind in _scan(text, date, gazetteer, find_date)
    ]


def forms_by_country(
    text: str,
    *,
    date: datetime.date | None = None,
    gazetteer: Gazetteer | None = None,
    context: int = 0,
    find_date: bool = True,
) -> dict[str, Counter[str]]:
    """Per ISO3 code, how often each surface form was a mention: the per-document summary
    without building a Mention per occurrence (several times faster on long texts).

    Codes and forms come in the order they first appear. The first ``context`` characters are read (a leader
    named there anchors a later surname) but the mentions that start in them are not counted: the end of the
    previous piece of a long document.

    >>> forms_by_country("China and Russia; Chinese and Russian troops; China again.")
    {'CHN': Counter({'China': 2, 'Chinese': 1}), 'RUS': Counter({'Russia': 1, 'Russian': 1})}
    >>> forms_by_country("Putin and Xi. China, Russia.", context=14)
    {'CHN': Counter({'China': 1}), 'RUS': Counter({'Russia': 1})}
    """
    doc, matcher, leaders = _setup(text, date, gazetteer, find_date)
    counted_from = doc.to_text.first_at(context) if context else 0
    with _collector_paused():
        kept, before = kept_matches(doc, matcher, leaders, spans=False, counted_from=counted_from)
    found: dict[str, Counter[str]] = {}
    for (iso3, surface), count in _surface_counts(kept[before:] if before else kept, matcher, doc).items():
        found.setdefault(iso3, Counter())[surface] = count
    return found


def _surface_counts(kept: list[Kept], matcher: Matcher, doc: Doc) -> dict[tuple[str, str], int]:
    """How often each (country, surface in the input) was kept, in the order of first appearance."""
    iso3s, keys, text = matcher.iso3s, matcher.keys, doc.text
    # spans come in order: their offsets in the input are read walking along the marks (as ToText.start and
    # ToText.end would find them: the marks up to a span's start, and those before its end)
    to_text = doc.to_text
    marks, shifts, passed, total = to_text.marks, to_text.shifts, 0, len(to_text.marks)
    pairs: dict[tuple[str, str], int] = {}
    for match, count in Counter(kept).items():
        kind = match.__class__
        if kind is int:
            pair = (iso3s[match], keys[match])
        elif kind is LeaderKey:
            pair = match
        else:
            _, start, end, iso3 = match
            while passed < total and marks[passed] <= start:
                passed += 1
            inside = passed
            while inside < total and marks[inside] < end:
                inside += 1
            pair = (iso3, text[start + shifts[passed] : end + shifts[inside]])
        pairs[pair] = pairs.get(pair, 0) + count
    return pairs


def explain_homonyms(
    text: str, *, date: datetime.date | None = None, gazetteer: Gazetteer | None = None
) -> list[Decision]:
    """For each form in ``text`` that is also a US or Canadian place, whether it counted and which rule decided
    (offsets into ``text``): why "Paris" in "Paris, Tenn." did not count."""
    doc, matcher, leaders = _setup(text, date, gazetteer)
    decisions: list[Decision] = []
    kept_matches(doc, matcher, leaders, spans=True, explain=decisions.append)
    to_text = doc.to_text
    return [
        Decision(
            to_text.start(d.start),
            to_text.end(d.end),
            text[to_text.start(d.start) : to_text.end(d.end)],
            d.iso3,
            d.rule,
        )
        for d in decisions
    ]


def count_by_country(mentions: Iterable[Mention]) -> dict[str, int]:
    """Mentions per ISO3 code, most mentioned first."""
    return dict(Counter(mention.iso3 for mention in mentions).most_common())
