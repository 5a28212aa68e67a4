"""The pass that ties the parts: the automaton's matches over the normalised text, each kept or dropped by the
context rule of its kind, and the kept ones turned into mentions or counts of surface forms."""

from __future__ import annotations

import bisect
import contextlib
import datetime
import gc
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import compress, filterfalse

from geo.extract.dates import find_document_date
from geo.extract.lang import detect, segments
from geo.extract.leaders import UNSEEN, LeaderContext
from geo.extract.matcher import (
    CAPITAL,
    DEMONYM,
    ENTRY,
    LEADER,
    NAME,
    START,
    Kept,
    Matcher,
    matcher_for,
)
from geo.extract.rules.en import (
    CURRENCY,
    CURRENCY_HEADS,
    CURRENCY_INITIALS,
    NAME_FOLLOWER_INITIALS,
    NAME_STREET_HEADS,
    STREET_HEADS,
    STREET_INITIALS,
    capital_is_place,
    is_feature,
    is_language,
    is_other_sense,
    is_street,
)
from geo.extract.rules.en_congo import follow_named_congo, follow_named_congo_tally
from geo.extract.rules.en_document import dateline_town, focus_drops
from geo.extract.rules.en_homonyms import homonym_place
from geo.extract.rules.en_sports import team
from geo.extract.text import URL_MARKS, Doc, in_url
from geo.extract.vocabulary import place_tables
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


def kept_matches(
    doc: Doc, matcher: Matcher, leaders: LeaderContext, *, spans: bool, counted_from: int = 0
) -> tuple[list[Kept], int]:
    """The matches the context rules keep, in order, and how many of them come before ``counted_from``.

    With ``spans`` every kept match is a :data:`~geo.extract.matcher.Span`. Without, a match of a plain key is kept
    as the code of its (country, surface) pair in ``matcher.pairs``, any other one as a Span: enough to count the
    surface forms (see :func:`forms_by_country`).

    (One loop over every match, longer than a function should be: a call per match for the boundary tests or per
    kind of form made the scan 25-30% slower, so the rules are called from here as the kind of form asks.)
    """
    norm, size, rules, iso3s, kinds, forms_of = (
        doc.norm,
        doc.size,
        matcher.rules,
        matcher.iso3s,
        matcher.kinds,
        matcher.forms,
    )
    latin_first, latin_last, state_names = matcher.latin_first, matcher.latin_last, matcher.state_names
    currency_initials, currency_heads, currency = CURRENCY_INITIALS, CURRENCY_HEADS, CURRENCY.match
    street_initials, street_heads, name_street_heads = STREET_INITIALS, STREET_HEADS, NAME_STREET_HEADS
    name_initials = NAME_FOLLOWER_INITIALS
    url_marks, codes = URL_MARKS, matcher.no_codes if spans else matcher.codes
    resolve, candidates, unseen = leaders.resolve, leaders.by_entry, UNSEEN
    name_rule, leader_rule, demonym_rule, capital_rule = NAME, LEADER, DEMONYM, CAPITAL
    kept: list[Kept] = []
    keep = kept.append
    before_count = 0
    last_end = language_end = place_end = -1
    leader_end, leaders_named = -2, frozenset()  # where the last leader mention ended, and whom it could name
    people: set[str] = set()  # the country names the text gave a person (Jordan Rogers)
    pieces = _read_places(matcher, doc, leaders)
    teams = matcher.teams  # (the forms that may name a town's team: see geo.extract.rules.en_sports)
    for matches in _pieces_of(pieces, counted_from):
        if matches is None:  # where counting starts
            before_count = len(kept)
            continue
        for index, start, end in matches:
            rule = rules[index]
            if not rule:  # SHIELD: a longer non-country phrase took the text
                continue
            if start:
                previous = norm[start - 1]
                if previous != " ":
                    if (previous.isalnum() or previous == "_") and latin_first[index]:
                        continue
                    if previous in url_marks and in_url(norm, start, end):
                        continue
            after = norm[end] if end < size else ""
            if after != " ":
                if (after.isalnum() or after == "_") and latin_last[index]:  # no spaces in Chinese
                    continue
                if after in url_marks and in_url(norm, start, end):
                    continue
                if (
                    after == "'"
                    and norm[end + 1 : end + 2].isalpha()
                    and (norm[end + 1] not in "sS" or norm[end + 2 : end + 3].isalnum())
                ):
                    continue  # Xi'an goes on; a possessive 's ends the name
            if rule == name_rule:
                if after == " " and norm[end + 1 : end + 2] in name_initials:
                    head = norm[end + 1 : end + 4]
                    if head in currency_heads and currency(norm, end):
                        continue
                    if head in name_street_heads and is_street(norm, end):
                        continue  # Gibraltar Street, Panama Ave.
                if index in teams and team(doc, pieces, matcher, index):
                    continue  # Mexico fell short 43-42 (Mexico, Mo.)
                iso3 = iso3s[index]
            elif rule == leader_rule:
                found = candidates.get(index, unseen)
                if found is unseen:
                    found = leaders.candidates(index, forms_of[index])
                if found is None:
                    continue
                if start - 1 == leader_end and norm[start - 1] == " " and not found.leaders.isdisjoint(leaders_named):
                    continue  # the rest of one name: Crown Prince Mohammed | bin Salman, Dr Mahathir | Mohamad
                iso3 = resolve(doc, start, end, found, last_end, kept)
                if iso3 is None:
                    continue
                leader_end, leaders_named = end, found.leaders
            elif rule == demonym_rule:
                if after == " ":
                    following = norm[end + 1 : end + 2]
                    if (
                        following in currency_initials
                        and norm[end + 1 : end + 4] in currency_heads
                        and currency(norm, end)
                    ):
                        continue
                    if not following.isupper():
                        if is_language(doc, start, end, language_end):
                            language_end = end
                            continue
                    elif (
                        following in street_initials
                        and norm[end + 1 : end + 4] in street_heads
                        and (is_street(norm, end) or is_feature(norm, start, end))
                    ):
                        continue  # 77 German St., Chinese Street
                elif is_language(doc, start, end, language_end):
                    language_end = end
                    continue
                iso3 = iso3s[index]
            elif rule == capital_rule:
                if capital_is_place(doc, start, end, kinds[index], place_end, state_names[index]):
                    place_end = end
                    continue
                if index in teams and team(doc, pieces, matcher, index):
                    continue  # scored 31 points for Paris (Paris, Texas)
                iso3 = iso3s[index]
            else:  # a look-alike
                if currency(norm, end) or is_other_sense(doc, start, end, people):
                    continue
                if index in teams and team(doc, pieces, matcher, index):
                    continue  # helped the Jordan football team (Jordan, Minn.)
                iso3 = iso3s[index]
            last_end = end
            code = codes[index]
            if code.__class__ is int:
                keep(code)
            elif code is None:
                keep((index, start, end, iso3))
            else:  # a leader's plain key: the code of the country the context gave it
                keep(code[iso3])
    return kept, before_count


def _read_places(matcher: Matcher, doc: Doc, leaders: LeaderContext) -> list[list[tuple[int, int, int]]]:
    """``matcher.find(doc.norm)``, a list per piece, without the forms the rules of homonyms read as a US or
    Canadian place (``Paris, Tenn.``): in a text with a local cue word (see :func:`names_local_places`) or a local
    dateline (``PALESTINE –``) only, so that elsewhere the scan is the scan of forms alone. Such a text is local news
    for the leaders' rules too (``leaders.local``: a surname a local person bears)."""
    pieces = list(matcher.find(doc.norm, doc))
    if not reads_local_places(pieces, matcher, doc):
        return pieces
    leaders.local = True
    places = homonym_places(doc, pieces, matcher)
    if places:
        pieces = [list(filterfalse(places.__contains__, matches)) for matches in pieces]
    return pieces


def homonym_places(
    doc: Doc, pieces: list[list[tuple[int, int, int]]], matcher: Matcher
) -> dict[tuple[int, int, int], str]:
    """The matches of a text with a local cue word that the rules of homonyms read as a US or Canadian place, each
    with the rule's name: those of one match's neighbours, then the document's focus."""
    keys, kinds, homonyms = matcher.keys, matcher.kinds, matcher.homonyms.__contains__
    places = {}
    for matches in pieces:
        # (the matches to test picked without a Python step per match: China and Russia are town names)
        for match in compress(matches, map(homonyms, map(ENTRY, matches))):
            reason = homonym_place(doc, match[1], match[2], keys[match[0]], kinds[match[0]])
            if reason:
                places[match] = reason
    places.update(focus_drops(doc, pieces, matcher, places))
    return places


def reads_local_places(pieces: list[list[tuple[int, int, int]]], matcher: Matcher, doc: Doc) -> bool:
    """Whether the rules of homonyms read the text: it has a local cue word (or Georgia or Washington after a town of
    theirs named like a country, ``Rome, Georgia``) or opens with a local dateline."""
    return names_local_places(pieces, matcher, doc.norm) or dateline_town(doc, pieces, matcher) is not None


def names_local_places(pieces: list[list[tuple[int, int, int]]], matcher: Matcher, norm: str) -> bool:
    """Whether the text may name US or Canadian towns: whether the matches (``pieces``) hold a local cue word
    (``County``, ``R-``, a state or province, see ``geo.extract.vocabulary.PlaceTables``) that starts a word and, unless
    it ends in a mark (``Tenn.``), ends one, or a state left out of the cue words after a comma, as a town's state
    (``Rome, Georgia``). The cue words are keys of the automaton (rule SHIELD): no second pass over the text, and no
    Python step per match."""
    cues = matcher.local_checks
    size = len(norm)
    for matches in pieces:
        for index, start, end in compress(matches, map(cues.__contains__, map(ENTRY, matches))):
            whole = cues[index]
            if whole is None:  # Georgia, Washington
                if norm[start - 2 : start] == ", " and _homonym_town_of(norm, start - 2, matcher.keys[index]):
                    return True
                continue
            if start and (norm[start - 1].isalnum() or norm[start - 1] == "_"):
                continue
            if not whole or end == size or not (norm[end].isalnum() or norm[end] == "_"):
                return True
    return False


def _homonym_town_of(norm: str, comma: int, state: str) -> bool:
    """Whether the name before ``comma`` is a town of ``state`` that shares a country form's name (``Rome, Georgia``;
    not ``Beijing, Washington``, ``Armenia, Georgia``)."""
    tables = place_tables()
    code = tables.regions[state]
    words = norm[max(0, comma - 40) : comma].split(" ")
    return any(code in tables.towns.get(" ".join(words[-size:]), ()) for size in (1, 2, 3))


def _pieces_of(pieces: list[list[tuple[int, int, int]]], counted_from: int) -> Iterator[list | None]:
    """The matches of each piece, with ``None`` put in where matches start at ``counted_from`` or later."""
    if counted_from <= 0:
        yield None
        yield from pieces
        return
    pending = True
    for matches in pieces:
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
    text: str, date: datetime.date | None, gazetteer: Gazetteer | None, find_date: bool = True, doc: Doc | None = None
) -> tuple[Doc, Matcher, LeaderContext]:
    gazetteer = gazetteer or load()
    doc = doc or Doc(text)
    if date is None and find_date:
        date = find_document_date(text)
    matcher = matcher_for(gazetteer)
    return doc, matcher, LeaderContext(gazetteer.leader_terms, date, matcher.pairs)


def _languages(text: str, lang: str) -> tuple[str, list[tuple[int, int, str]], Doc | None]:
    """How to read ``text`` told to read it as ``lang``: (its language, [], None), or with ``auto`` ("", its runs
    of paragraphs, None) when they are in several languages (:func:`geo.extract.lang.segments`); and its Doc when
    one was made to tell. An English text that is all Latin-1 once its typographic marks stand in for themselves
    (``Doc.narrow``) has no paragraph in another script: the Doc tells that at no cost (it is read anyway), where
    the search for one would take 4 ms a megabyte."""
    if lang != "auto":
        return lang, [], None
    whole, doc = detect(text), None
    if whole == "en" and not text.isascii():
        doc = Doc(text)
        if doc.latin1 and doc.narrow:  # (the bytes, never empty here, are read first: they tell whether it is)
            return "en", [], doc
    runs = segments(text, whole)
    if len(runs) > 1:
        return "", runs, None
    return runs[0][2], [], doc if runs[0][2] == "en" else None


def _scan(
    text: str, date: datetime.date | None, gazetteer: Gazetteer | None, find_date: bool = True, lang: str = "en"
) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, iso3, kind) of every mention in order, with offsets into ``text``."""
    lang, runs, doc = _languages(text, lang)
    if runs:
        yield from _scan_mixed(text, runs, date, gazetteer, find_date)
        return
    if lang != "en":  # hook: other languages (geo.extract.i18n)
        if date is None and find_date:
            date = find_document_date(text)
        from geo.extract import i18n  # (imported for another language only: an English run never needs it)

        yield from i18n.scan(text, lang, date, gazetteer or load())
        return
    doc, matcher, leaders = _setup(text, date, gazetteer, find_date, doc)
    with _collector_paused():
        kept, _ = kept_matches(doc, matcher, leaders, spans=True)
    kept = follow_named_congo(kept, matcher, doc.norm)
    kinds = matcher.kinds
    if not doc.marks:
        for index, start, end, iso3 in kept:
            yield start, end, iso3, kinds[index]
        return
    to_text = doc.to_text
    for index, start, end, iso3 in kept:
        yield to_text.start(start), to_text.end(end), iso3, kinds[index]


def _scan_mixed(
    text: str,
    runs: list[tuple[int, int, str]],
    date: datetime.date | None,
    gazetteer: Gazetteer | None,
    find_date: bool,
) -> Iterator[tuple[int, int, str, str]]:
    """:func:`_scan` of a text whose paragraphs are in several languages (``runs``, see
    :func:`geo.extract.lang.segments`): each run in its language, on the document's date."""
    if date is None and find_date:
        date = find_document_date(text)
    for start, end, lang in runs:
        for first, last, iso3, kind in _scan(text[start:end], date, gazetteer, False, lang):
            yield first + start, last + start, iso3, kind


def _mixed_forms(
    text: str,
    runs: list[tuple[int, int, str]],
    date: datetime.date | None,
    gazetteer: Gazetteer | None,
    find_date: bool,
    context: int,
) -> dict[str, Counter[str]]:
    """:func:`forms_by_country` of a text whose paragraphs are in several languages (rare: counted mention by
    mention)."""
    counts: dict[str, Counter[str]] = {}
    for start, end, iso3, _ in _scan_mixed(text, runs, date, gazetteer, find_date):
        if start >= context:
            found = counts.get(iso3)
            if found is None:
                found = counts[iso3] = Counter()
            found[text[start:end]] += 1
    return counts


def extract_mentions(
    text: str,
    *,
    document: str = "-",
    date: datetime.date | None = None,
    gazetteer: Gazetteer | None = None,
    find_date: bool = True,
    lang: str = "en",
) -> list[Mention]:
    """Every country mention in ``text``, in order, with spans into ``text``.

    Without ``date``, the first full date written in the text is the document's; ``find_date=False`` reads the
    text as undated instead (the later pieces of a long document whose first piece had no date). ``lang``: the
    text's language (:data:`geo.extract.lang.CHOICES`), ``auto`` to detect it.
    """
    return [
        Mention(document, start, end, text[start:end], iso3, kind)
        for start, end, iso3, kind in _scan(text, date, gazetteer, find_date, lang)
    ]


def forms_by_country(
    text: str,
    *,
    date: datetime.date | None = None,
    gazetteer: Gazetteer | None = None,
    context: int = 0,
    find_date: bool = True,
    lang: str = "en",
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
    lang, runs, doc = _languages(text, lang)
    if runs:
        return _mixed_forms(text, runs, date, gazetteer, find_date, context)
    if lang != "en":  # hook: other languages (geo.extract.i18n)
        from geo.extract import i18n  # (imported for another language only: an English run never needs it)

        if date is None and find_date:
            date = find_document_date(text)
        return i18n.forms_by_country(text, lang, date, gazetteer or load(), context)
    doc, matcher, leaders = _setup(text, date, gazetteer, find_date, doc)
    counted_from = doc.to_text.first_at(context) if context else 0
    with _collector_paused():
        kept, before = kept_matches(doc, matcher, leaders, spans=False, counted_from=counted_from)
    tally = follow_named_congo_tally(Counter(kept[before:] if before else kept), kept[:before], matcher, doc.norm)
    found: dict[str, Counter[str]] = {}
    for (iso3, surface), count in _surface_counts(tally, matcher, doc).items():
        counts = found.get(iso3)
        if counts is None:  # (not setdefault: it would make a Counter for every form)
            counts = found[iso3] = Counter()
        counts[surface] = count
    return found


def _surface_counts(tally: Counter[Kept], matcher: Matcher, doc: Doc) -> dict[tuple[str, str], int]:
    """How often each (country, surface in the input) was kept (``tally``: each kept match, in the order of first
    appearance, and how often), in the order of first appearance."""
    pairs, text = matcher.pairs, doc.text
    # spans come in order: their offsets in the input are read walking along the marks (as ToText.start and
    # ToText.end would find them: the marks up to a span's start, and those before its end)
    to_text = doc.to_text
    marks, shifts, passed, total = to_text.marks, to_text.shifts, 0, len(to_text.marks)
    counts: dict[tuple[str, str], int] = {}
    for match, count in tally.items():
        if match.__class__ is int:
            pair = pairs[match]
        else:
            _, start, end, iso3 = match
            while passed < total and marks[passed] <= start:
                passed += 1
            inside = passed
            while inside < total and marks[inside] < end:
                inside += 1
            pair = (iso3, text[start + shifts[passed] : end + shifts[inside]])
        counts[pair] = counts.get(pair, 0) + count
    return counts


def count_by_country(mentions: Iterable[Mention]) -> dict[str, int]:
    """Mentions per ISO3 code, most mentioned first."""
    return dict(Counter(mention.iso3 for mention in mentions).most_common())
