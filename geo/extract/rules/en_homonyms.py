"""English rules of homonyms read on a match's neighbours (rule 13 of docs/mention-guidelines.md): a country form
that is also a US or Canadian town or county (data/gazetteer/place_homonyms.csv) names the town when a state or
province follows it ("Paris, Tenn.", "London (Ont.)"), a local noun follows it ("Palestine Independent School
District", "Harper County", "Paris police"), it is in a list of counties ("Douglas, Sarpy and Lancaster counties") or
a lawmaker's district ("R-London"), or it is part of a longer place name ("Saint Paris", "Indian Orchard"). They run
in a text with a local cue word only (geo.extract.scan); the rules that read the whole story are in en_document.
"""

from __future__ import annotations

import functools
import re

from geo.extract.matcher import place_key
from geo.extract.rules.en_document import (
    LONGER_NAME,
    alternatives,
    region_after,
    region_after_pattern,
    town_list_region,
)
from geo.extract.text import Doc
from geo.extract.vocabulary import (
    COUNTY_LIST_ENDS,
    DIRECTIONS,
    PARTY_MARKS,
    STREET_LIST_ENDS,
    TOWN_APPOSITIVES,
    TOWN_OF_WORDS,
    TOWN_PART_WORDS,
    TOWNSHIP_LIST_ENDS,
    US_PLACE_NOUNS,
    place_tables,
    town_city,
)

_US_PLACE_NOUN_FIRSTS = frozenset(noun.split(" ", 1)[0] for noun in US_PLACE_NOUNS)
_TOWN_OF_WORDS_LOWER = tuple(words.lower() for words in TOWN_OF_WORDS)  # the city of Denmark: no country
_NAME_ITEM = r"[A-Z][\w'.-]*(?: [A-Z][\w'.-]*)?"
_AND_COUNTY = re.compile(r" and [A-Z][\w'.-]* County\b")  # Paris and Henry County
_ADDRESS = re.compile(r"(?<![\w.,])\d{1,5} (?:[NSEW]\.|North|South|East|West) \Z")  # 807 N. Palestine
_HYPHEN_COUNTY = re.compile(r"-[A-Z][\w'.]*(?: [A-Z][\w'.]*)? (?:County|Parish)\b")  # Athens-Clarke County


@functools.cache
def _us_place_noun_pattern() -> re.Pattern[str]:
    return re.compile(r" (?:" + alternatives(US_PLACE_NOUNS) + r")(?![\w-])")


@functools.cache
def _list_pattern(ends_with: str = "counties") -> re.Pattern[str]:
    """A list of names that ``ends_with`` ends (counties, townships, streets: their words in context_words.csv)."""
    ends = alternatives(
        {"counties": COUNTY_LIST_ENDS, "townships": TOWNSHIP_LIST_ENDS, "streets": STREET_LIST_ENDS}[ends_with]
    )
    return re.compile(r"(?:(?:, |,? and |,? & )" + _NAME_ITEM + r"){0,6} (?:" + ends + r")\b")


def homonym_place(doc: Doc, start: int, end: int, key: str, kind: str) -> str | None:
    """Which rule reads the match of ``key`` (a form of that ``kind``) at ``start:end`` as the US or Canadian place
    of that name (its name for ``--explain``), or None when none does (the rule of the form's kind decides then)."""
    norm, tables, key = doc.norm, place_tables(), place_key(key)
    towns = tables.towns.get(key)
    if towns is not None:
        if start >= 2 and norm[start - 2 : start] in PARTY_MARKS and (start == 2 or not norm[start - 3].isalnum()):
            return "party and district (R-London)"
        if norm[max(0, start - 12) : start].endswith(TOWN_OF_WORDS):
            return "the town's own name (the City of Paris)"
        if kind != "capital" and norm[max(0, start - 12) : start].lower().endswith(_TOWN_OF_WORDS_LOWER):
            return "a country's name said to be a town's (the city of Denmark)"
        if norm[max(0, start - 9) : start].endswith(TOWN_PART_WORDS):
            return "a part of the town (downtown Paris)"
        following = norm[end : end + 1]
        if following == "," or (following == " " and norm[end + 1 : end + 2] == "("):
            region = region_after(norm, end)
            if region is not None and tables.regions[region] in towns:
                return f"town, state or province with a town of that name ({region})"
            if norm.startswith(TOWN_APPOSITIVES, end):
                return "a phrase says it is a town (Mexico, the county seat)"
        elif following == " ":
            token = doc.token_after(end).rstrip(",.;:)")
            if (
                (token in _US_PLACE_NOUN_FIRSTS and _us_place_noun_pattern().match(norm, end))
                or (
                    token.isupper()  # a dateline's capitals: HOLLAND TOWNSHIP, Mich.
                    and token.title() in _US_PLACE_NOUN_FIRSTS
                    and norm[start:end].isupper()
                    and _us_place_noun_pattern().match(" " + norm[end + 1 : end + 60].title())
                )
            ):
                return "before a local place noun (County, police, High School)"
            if norm.startswith(" and ", end) and _AND_COUNTY.match(norm, end):
                return "in a list with a county (Paris and Henry County)"
        elif following == "-" and _HYPHEN_COUNTY.match(norm, end):
            return "a town joined to its county (Athens-Clarke County)"
        if key in tables.counties and _list_pattern().match(norm, end):
            return "in a list of counties"
        if _list_pattern("townships").match(norm, end):
            return "in a list of townships"
        if _list_pattern("streets").match(norm, end):
            return "in a list of streets (between Wellington and Waterloo streets)"
        if _ADDRESS.search(norm, max(0, start - 16), start):
            return "a street of an address (807 N. Palestine)"
        region = town_list_region(norm, start, end, towns)
        if region is not None:
            return f"in a list of towns of one state or province ({region})"
    elif town_city(key) and _us_place_noun_pattern().match(norm, end - 5):
        return "a town's name before a local noun (Mexico City Manager)"
    longer = tables.longer.get(key)
    if longer is not None:
        return _in_longer_name(doc, start, end, key, *longer)
    return None


def _in_longer_name(
    doc: Doc, start: int, end: int, key: str, firsts: frozenset[str], lasts: frozenset[str]
) -> str | None:
    """``St. Paris``, ``East Palestine, Ohio``, ``Indian Orchard``: a place whose name is the form and a word more
    (``firsts``: the words that may come before it, ``lasts``: after it); read on plain slices, as the form is
    frequent (China, Russia)."""
    norm = doc.norm
    if start > 1 and norm[start - 1] == " ":
        space = norm.rfind(" ", max(0, start - 12), start - 1)
        # (no blank within reach far into a text: no word of a longer name, and no slice of the text up to here)
        before = norm[space + 1 : start - 1] if space >= 0 or start <= 32 else ""
        if before.isupper() and norm[start:end].isupper():
            before = before.title()  # a dateline's capitals: EAST PALESTINE, Ohio
        # South Lebanon, Mount Lebanon, North Pole are parts of the country too: the town only with its state, after
        # it or elsewhere in the story (East Palestine ... Ohio)
        if before in firsts:
            if before.lower() not in DIRECTIONS and before != "Mount" or region_after_pattern().match(norm, end):
                return f"{LONGER_NAME} (St. Paris, East Palestine, Ohio)"
            regions = place_tables().longer_regions.get(f"{before} {key}")
            if regions and names_region(doc, regions):
                return f"{LONGER_NAME} of a state the story names ({before} {key}: {'/'.join(sorted(regions))})"
    if lasts and norm[end : end + 1] == " " and norm[end + 1 : end + 2].isupper():
        stop = norm.find(" ", end + 1, end + 20)
        after = (norm[end + 1 : stop] if stop > 0 else norm[end + 1 : end + 20]).rstrip(",.;:)'")
        if after in lasts and after.lower() not in DIRECTIONS:
            return f"{LONGER_NAME} (Indian Orchard)"
    return None


@functools.cache
def _region_pattern(regions: frozenset[str]) -> re.Pattern[str]:
    tables = place_tables()
    forms = [form for form in tables.region_cues if tables.regions[form] in regions]
    return re.compile(r"(?<![\w.])(?:" + alternatives(forms) + r")(?![\w-])")


def names_region(doc: Doc, regions: frozenset[str]) -> bool:
    """Whether the text names one of ``regions`` (postal codes): ``Ohio``, ``OH``, ``Tenn.``, ``Ontario`` (read
    once a text for each set of regions)."""
    memo = ("names_region", regions)
    if memo not in doc.memo:
        doc.memo[memo] = _region_pattern(regions).search(doc.norm) is not None
    return doc.memo[memo]
