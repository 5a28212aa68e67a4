"""English rules that read more than a match's neighbours (rule 13 of docs/mention-guidelines.md): a list of towns
of one state, and the state or province a local story is about (its focus). They run only in a text with a local cue
word, as the other rules of homonyms (en_homonyms.py). The Congo a story names (rule 14) is en_congo.py's.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from dataclasses import dataclass, field

from geo.extract.dates import MONTH_NAMES
from geo.extract.matcher import DEMONYM, SHIELD, Matcher, place_key
from geo.extract.rules.en import is_language
from geo.extract.text import Doc
from geo.extract.vocabulary import (
    DATELINE_DASHES,
    FOREIGN_AFFAIRS_WORDS,
    REGION_NAME_FOLLOWERS,
    STATE_AGENCY_WORDS,
    STATE_VOICE_VERBS,
    place_tables,
    region_countries,
    town_regions,
)

# A list of towns of one state: at least this many other members, each a US or Canadian town that is no country
# form, all of them in one state or province with a town of the homonym's name.
LIST_MIN_TOWNS = 2
_ITEM = r"[A-Z][\w'.-]*(?: [A-Z][\w'.-]*){0,2}"
_JOIN = r"(?:,? (?:and|or|&) |, )"


@functools.cache
def _list_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The joins of a list, its items after a member and before one (compiled at the first list in a local text)."""
    return re.compile(_JOIN), re.compile(rf"(?:{_JOIN}{_ITEM})+"), re.compile(rf"(?:{_ITEM}{_JOIN})+\Z")


# Document focus: a bare country name or capital that is also a town of the state or province a local story is about
# is the town. A story is about the states with a town of that name when their mentions are at least this share of
# its place mentions (states and provinces, and countries other than the United States and Canada); chosen on
# tests/fixtures/homonyms_dev.csv, see docs/mention-guidelines.md (rule 13).
FOCUS_SHARE = 0.6
# ... and only for a town of this many people or more: a Texas story's "China" is the country (China, Texas, has
# 1,130 people), a Tennessee story's "Paris" the town (10,000)
FOCUS_MIN_POPULATION = 5000
FOCUS_KINDS = frozenset({"name", "short", "capital"})  # a bare name or capital; not a demonym, seat or leader
# One name, one place: a story that reads a name as the town this many times by other rules keeps its bare mentions
# the town whatever demonym it holds (see _named_so_elsewhere).
TOWN_NAMED_OFTEN = 2
# The reason a rule of homonyms gives for a form that is part of another place's name (``St. Paris``, ``Indian
# Orchard``): that place is not the town of the form's own name, so it says nothing of the form's other mentions.
LONGER_NAME = "part of a longer place name"
HOME_COUNTRIES = frozenset({"USA", "CAN"})
# A list with another country's name ("Canada and Mexico", "Canada, China and other countries") keeps a name the
# country's: what may stand between two members
_LIST_JOINS = frozenset({", ", " and ", " or ", ", and ", ", or ", " & "})
_NAME_KINDS = frozenset({"name", "short"})
# A story that opens with a dateline of a country's name in capitals ("PALESTINE –", "POLAND TOWNSHIP —"): the
# text reads the dashes as their stand-ins (geo.extract.text.Doc)
_DASHES = {dash.translate({0x2013: "\x96", 0x2014: "\x97"}) for dash in DATELINE_DASHES} | set(DATELINE_DASHES)
_DATELINE = re.compile(
    r"(?: [A-Z]{2,})*(?: \([^()\n]{1,40}\))? ?(?:"
    + "|".join(re.escape(dash) for dash in sorted(_DASHES, key=len, reverse=True))
    + ")"
)


def alternatives(forms) -> str:
    """A regular expression's alternatives for ``forms``, longest first (``Tenn.`` before ``TN``)."""
    return "|".join(re.escape(form) for form in sorted(forms, key=len, reverse=True))


# (compiled at the first text with a local cue word: the alternation of every region takes 10 ms)
@functools.cache
def region_after_pattern() -> re.Pattern[str]:
    """``, Tenn.`` or `` (Ont.)`` after the form: the state or province in group 1."""
    return re.compile(r"(?:, | ?\()(" + alternatives(place_tables().regions) + r")(?![A-Za-z])")


@functools.cache
def region_openers() -> frozenset[str]:
    """The first words of the regions of several words (``New York``, ``N. Dak.``)."""
    return frozenset(form.split(" ", 1)[0] for form in place_tables().regions if " " in form)


def region_after(norm: str, end: int) -> str | None:
    """The state or province written after ``, `` or `` (`` at ``end`` (``Tenn.``, ``Ohio``, ``New York``), or None:
    a lookup of the next word first, as a comma follows many a name."""
    regions = place_tables().regions
    first = end + 2
    stop = norm.find(" ", first, first + 24)
    word = (norm[first:stop] if stop > 0 else norm[first : first + 24]).rstrip(",;:)\"'\x94\x92")
    if word.endswith(("'s", "\x92s")):  # Holland, Michigan's tulip festival
        word = word[:-2]
    if word in regions and (word[-1] == "." or not norm[first + len(word) : first + len(word) + 1].isalpha()):
        return word
    if word in region_openers():
        match = region_after_pattern().match(norm, end)
        return match.group(1) if match else None
    if word.endswith(".") and word[:-1] in regions:  # Peru, Ohio. (the sentence's period)
        return word[:-1]
    return None


def town_list_region(norm: str, start: int, end: int, towns: frozenset[str]) -> str | None:
    """The state of a list of its towns that the match at ``start:end`` is a member of (``Tallahassee, Pensacola,
    Panama City and Gainesville``), or None; ``towns``: the states and provinces with a town of the match's name."""
    if not (
        norm.startswith((", ", " and ", " or ", " & "), end)
        or norm[max(0, start - 5) : start].endswith((", ", " and ", " or ", " & "))
    ):
        return None
    members: list[str] = []
    joins, list_after, list_before = _list_patterns()
    before = list_before.search(norm, max(0, start - 160), start)
    if before:
        items = [item for item in joins.split(before.group()) if item]
        members += [_town_in(items[0], last=True), *items[1:]]
    after = list_after.match(norm, end)
    tables, common = place_tables(), set(towns)
    if after:
        items = [item for item in joins.split(after.group()) if item]
        if len(items) > 1 and items[-1].rstrip(".") in tables.regions or items[-1] in tables.regions:
            common &= {
                tables.regions.get(items[-1]) or tables.regions[items[-1].rstrip(".")]
            }  # ... and Gainesville, Fla.
            items.pop()
        members += [*items[:-1], _town_in(items[-1], last=False)] if items else []
    if len(members) < LIST_MIN_TOWNS:
        return None
    regions, forms = town_regions(), tables.keys
    for member in members:
        if member not in regions or member in forms:
            return None
        common &= regions[member]
    return min(common) if common else None


def _town_in(item: str, *, last: bool) -> str:
    """The town an outer item of a list names: its last words at the list's start (``In Tallahassee``), its first
    at the end (``Gainesville Police``); the item itself when no part of it is a town."""
    words, regions = item.split(" "), town_regions()
    for size in range(len(words), 0, -1):
        part = " ".join(words[-size:] if last else words[:size])
        if part in regions:
            return part
    return item


@dataclass(frozen=True, slots=True)
class _Places:
    """What a local text names: mentions per state or province, per key of a country other than the home ones, per
    home country (the United States, Canada), where each country's name is (start and end, with its code), and the
    countries a leader's full name names (``Emmanuel Macron``)."""

    regions: Counter[str]
    countries: Counter[int]
    home: Counter[str]
    name_starts: dict[int, str]
    name_ends: dict[int, str]
    led: set[str]
    # what _others found, by country and states (the same for every mention of a story)
    others: dict[tuple[str, tuple[str, ...], bool], int | None] = field(default_factory=dict)


def focus_drops(
    doc: Doc, pieces: list[list[tuple[int, int, int]]], matcher: Matcher, dropped: dict[tuple[int, int, int], str]
) -> dict[tuple[int, int, int], str]:
    """The matches the document focus reads as towns, each with the rule's reason for ``--explain`` (``dropped``:
    the matches the other rules of homonyms read as places already, with theirs): those of a story's dateline town,
    those of the state or province a story is about, and the bare mentions of a town the story names so elsewhere
    (``the Moscow Police Department`` ... ``Moscow also experienced``)."""
    towns, keys, kinds = place_tables().towns, matcher.keys, matcher.kinds
    opening = dateline_town(doc, pieces, matcher, FOCUS_KINDS)  # (a local text: a capital's dateline may be a town's)
    candidates = [
        match
        for matches in pieces
        for match in matches
        if match[0] in matcher.homonyms
        and match not in dropped
        and kinds[match[0]] in FOCUS_KINDS
        and place_key(keys[match[0]]) in towns
        and _is_word(doc.norm, match)
    ]
    if not candidates:
        return {}
    places = _places(doc, pieces, matcher, dropped)
    home = place_key(keys[opening[0]]) if opening is not None and opening not in dropped else None
    found = {}
    named = Counter(place_key(keys[match[0]]) for match, why in dropped.items() if not why.startswith(LONGER_NAME))
    own_counties: dict[str, str | None] = {}
    for match in candidates:
        key = place_key(keys[match[0]])
        if key == home:
            reason = _dateline_focus(doc, match, matcher, places, home, opening == match)
        else:
            reason = _focus(doc, match, matcher, places)
            if reason is None and key in named:
                reason = _named_so_elsewhere(doc, match, matcher, places, key, named[key])
            if reason is None:
                if key not in own_counties:
                    own_counties[key] = _own_county(doc.norm, key)
                if own_counties[key] is not None and not _country_cued(doc, match, matcher, places, key):
                    reason = own_counties[key]
        if reason:
            found[match] = reason
    return found


def _own_county(norm: str, key: str) -> str | None:
    """Why a bare mention of ``key`` is a town of that name of FOCUS_MIN_POPULATION people or more, when the story
    names the county the town lies in (``Palestine`` ... ``the Anderson County Jail``: Palestine, Texas, is in
    Anderson County), or None. A county with another state after it is another county (``Warren County, Ky.`` is
    not the county of Lebanon, Ohio)."""
    regions = place_tables().regions
    for county, populations in sorted(place_tables().own_counties.get(key, {}).items()):
        states = sorted(state for state, population in populations.items() if population >= FOCUS_MIN_POPULATION)
        if not states:
            continue
        for written in dict.fromkeys((county, county.replace("Saint ", "St. ", 1))):  # (GeoNames writes Saint)
            at = norm.find(written)
            while at >= 0:
                end = at + len(written)
                after = norm[end : end + 1]
                if (at == 0 or not norm[at - 1].isalnum()) and not after.isalnum():
                    state = region_after(norm, end) if after == "," or norm.startswith(" (", end) else None
                    if state is None or regions[state] in states:
                        return f"the story names {county}, where the town {key} lies ({'/'.join(states)})"
                at = norm.find(written, end)
    return None


def _named_so_elsewhere(
    doc: Doc, match: tuple[int, int, int], matcher: Matcher, places: _Places, key: str, times: int
) -> str | None:
    """Why a bare mention of ``key`` is the town another rule of homonyms found in the same story ``times`` times
    (one name, one place in a story: ``the Moscow Police Department`` ... ``Moscow also experienced``), or None: its
    country is named by another form (``Russia``, ``Russian``), it speaks, or it is a member of a list of countries.
    A story that names the town so TOWN_NAMED_OFTEN times or more keeps it the town whatever demonym it holds: the
    town's people and heritage (``Peruvians`` of Peru, Ind., ``Dutch heritage`` in Holland, Mich.)."""
    if _country_cued(doc, match, matcher, places, key, demonyms=times < TOWN_NAMED_OFTEN):
        return None
    return f"the story names the town {key} elsewhere (one name, one place)"


def _country_cued(
    doc: Doc, match: tuple[int, int, int], matcher: Matcher, places: _Places, key: str, *, demonyms: bool = True
) -> bool:
    """Whether the text keeps ``match`` the country although the story names the town ``key``: the country is named
    by another form (a demonym only with ``demonyms``), the name speaks, or it is a member of a list of countries
    (see :func:`_others`, :func:`_state_cue`)."""
    regions = sorted(place_tables().towns[key])
    return _others(match[0], regions, matcher, places, demonyms=demonyms) is None or _state_cue(
        doc, match, matcher, places, regions
    )


def dateline_town(
    doc: Doc, pieces: list[list[tuple[int, int, int]]], matcher: Matcher, kinds: frozenset[str] = _NAME_KINDS
) -> tuple[int, int, int] | None:
    """The match a story opens with when it is a dateline of a US or Canadian town that shares a country's name: the
    name in capitals, then a dash (``PALESTINE –``, ``POLAND TOWNSHIP —``, ``DENMARK (AP) -``). World news datelines
    name a city, its capital (``BEIRUT (AP) —``), so a dateline of a bare country name is a local story's; a
    capital's (``kinds`` with ``capital``: ``LISBON —``) only in a text that is local already (a cue word). The
    dateline opens the text or one of its first lines (a page's headline and date may stand before it); read on the
    first matches alone (DATELINE_MATCHES, in the first DATELINE_REACH characters): no cost to most texts."""
    norm = doc.norm
    for number, first in enumerate(match for matches in pieces for match in matches):
        index, start, end = first
        if number == DATELINE_MATCHES or start > DATELINE_REACH:
            return None
        if index not in matcher.homonyms or matcher.kinds[index] not in kinds:
            continue
        if (
            end - start < 4
            or not norm[start:end].isupper()
            or place_key(matcher.keys[index]) not in place_tables().towns
        ):
            continue
        if _DATELINE.match(norm, end) and (
            doc.opens_line(start) or _DATE_BEFORE.search(norm, max(0, start - 24), start)
        ):
            return first
    return None


DATELINE_MATCHES, DATELINE_REACH = 4, 600
# a date and a dash before a dateline, as news archives print it: "Oct. 20—NORWAY —"
_DATE_BEFORE = re.compile(
    r"(?<![\w.])(?:"
    + "|".join(name.title() for name in MONTH_NAMES)
    + r")\.? \d{1,2}(?:, \d{4})? ?[\x96\x97-]{1,2} ?\Z"
)


def _dateline_focus(
    doc: Doc, match: tuple[int, int, int], matcher: Matcher, places: _Places, key: str, opening: bool
) -> str | None:
    """Why a story's dateline makes ``match`` (the dateline or a bare mention of its name) the town, or None: its
    country is named by no other form, it does not speak and is no member of a list of countries."""
    if _country_cued(doc, match, matcher, places, key):
        return None
    name = doc.norm[match[1] : match[2]] if opening else key.upper()
    return f"a dateline naming a US or Canadian town ({name} {chr(8212)})"


def _focus(doc: Doc, match: tuple[int, int, int], matcher: Matcher, places: _Places) -> str | None:
    """Why the document focus reads ``match`` as a town, or None: the mentions of its states are at least
    FOCUS_SHARE of the place mentions, its country is named by no other form and it does not speak."""
    keys = matcher.keys
    key = place_key(keys[match[0]])
    sizes = place_tables().populations[key]
    regions = [region for region in sorted(place_tables().towns[key]) if places.regions[region]]
    if not regions or max(sizes.get(region, 0) for region in regions) < FOCUS_MIN_POPULATION:
        return None
    here = sum(places.regions[region] for region in regions)
    others = _others(match[0], regions, matcher, places)
    if others is None or _state_cue(doc, match, matcher, places, regions):
        return None  # the country named otherwise too: "French", "France" keep "Paris" the city of France
    total = sum(places.regions.values()) + others
    if here < FOCUS_SHARE * total:
        return None
    return f"document focus: a local story about {'/'.join(regions)} ({here} of {total} place mentions)"


def _others(index: int, regions: list[str], matcher: Matcher, places: _Places, *, demonyms: bool = True) -> int | None:
    """The mentions of places abroad, seen from ``regions``: of countries other than their own (a country form that
    is also a town of the same states, Paris again, is no other place); None when the form's country is among
    them (named otherwise: ``French``, ``France`` keep ``Paris`` the city of France)."""
    towns, keys, iso3s = place_tables().towns, matcher.keys, matcher.iso3s
    iso3 = iso3s[index]
    if iso3 in places.led:
        return None  # its leader named in full: Emmanuel Macron keeps Paris the capital of France
    memo = (iso3, tuple(regions), demonyms)
    if memo in places.others:
        return places.others[memo]
    others: int | None = 0
    for other, count in places.countries.items():
        if not demonyms and matcher.rules[other] == DEMONYM:
            continue
        if towns.get(place_key(keys[other]), frozenset()).isdisjoint(regions):
            if iso3s[other] == iso3:
                others = None
                break
            others += count
    if others is not None:
        countries = {region_countries()[region] for region in regions}
        others += sum(count for code, count in places.home.items() if code not in countries)  # Canada, in Missouri
    places.others[memo] = others
    return others


def _state_cue(doc: Doc, match: tuple[int, int, int], matcher: Matcher, places: _Places, regions: list[str]) -> bool:
    """Whether the text says ``match`` is the state: it speaks (``Paris said``), its sentence is about foreign
    trade or relations (``trade negotiations ... with Mexico``), or it is a member of a list with another country's
    name (``Canada and Mexico``, ``Canada, China and other countries``)."""
    index, start, end = match
    if doc.word_after(end)[1] in STATE_VOICE_VERBS or _about_foreign_affairs(doc, start, end):
        return True
    norm, iso3 = doc.norm, matcher.iso3s[index]
    for join in _LIST_JOINS:
        size = len(join)
        before = places.name_ends.get(start - size)
        if before is not None and before != iso3 and norm.startswith(join, start - size):
            return True
        after = places.name_starts.get(end + size)
        if after is not None and after != iso3 and norm.startswith(join, end):
            return True
    return False


def _about_foreign_affairs(doc: Doc, start: int, end: int) -> bool:
    """Whether the sentence around ``start:end`` (:class:`geo.sentences.Sentences`, 300 characters each way at
    most) has a word of ``foreign_affairs_words``."""
    head, tail = doc.sentences().bounds(start, end, 300)
    head = max(head, start - 300)  # (with no end within reach, the bounds start at the text's)
    return not FOREIGN_AFFAIRS_WORDS.isdisjoint(word.strip(".,;:!?\"'()") for word in doc.norm[head:tail].split())


def _places(
    doc: Doc, pieces: list[list[tuple[int, int, int]]], matcher: Matcher, left_out: set[tuple[int, int, int]]
) -> _Places:
    regions: Counter[str] = Counter()
    countries: Counter[int] = Counter()
    home: Counter[str] = Counter()
    name_starts: dict[int, str] = {}
    name_ends: dict[int, str] = {}
    led: set[str] = set()
    codes, cues, rules, iso3s, kinds = (
        place_tables().regions,
        matcher.cues,
        matcher.rules,
        matcher.iso3s,
        matcher.kinds,
    )
    for matches in pieces:
        for match in matches:
            index = match[0]
            if not _is_word(doc.norm, match) or match in left_out:
                continue
            if index in cues:
                code = codes.get(matcher.keys[index])
                if code is not None and not _names_no_place(doc, match[2]):
                    regions[code] += 1
            elif rules[index] != SHIELD and iso3s[index] is not None:
                if rules[index] == DEMONYM and is_language(doc, match[1], match[2], -1):
                    continue  # the Dutch spelling names no country (rule 9)
                if iso3s[index] in HOME_COUNTRIES:
                    home[iso3s[index]] += 1
                else:
                    countries[index] += 1
                if kinds[index] in _NAME_KINDS:
                    name_starts[match[1]] = name_ends[match[2]] = iso3s[index]
            elif kinds[index] == "leader" and " " in matcher.keys[index] and len(matcher.forms[index]) == 1:
                led.add(matcher.forms[index][0].iso3)  # a full name: a bare surname may be a local person's
    return _Places(regions, countries, home, name_starts, name_ends, led)


def _names_no_place(doc: Doc, end: int) -> bool:
    """Whether a state's name ending at ``end`` is part of a name that says nothing of where a story is: ``Ohio
    State`` (a university), ``Kentucky Fried``; but ``Idaho State Police`` is the state's own agency."""
    gap, after = doc.word_after(end)
    if after not in REGION_NAME_FOLLOWERS:
        return False
    return doc.word_after(end + len(gap) + len(after))[1] not in STATE_AGENCY_WORDS


def _is_word(norm: str, match: tuple[int, int, int]) -> bool:
    _, start, end = match
    before = norm[start - 1] if start else " "
    after = norm[end] if end < len(norm) else " "
    return not (before.isalnum() or before == "_" or after.isalnum() or after == "_")
