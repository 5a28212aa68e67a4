"""The English words the context rules read, from one table a reviewer can read without Python.

``data/gazetteer/context_words.csv`` has one row per list: its name, why it exists (with examples), its words
(separated by spaces) and its phrases (separated by semicolons). Each list is a constant here, named as the
table's ``list`` in capitals. Another language's rules would read a table of their own.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass

from geo.paths import GAZETTEER_DIR

CONTEXT_WORDS = GAZETTEER_DIR / "context_words.csv"


def _read(path) -> dict[str, tuple[str, ...]]:
    """Each list's words, then its phrases, in the order the table writes them."""
    with open(path, encoding="utf-8", newline="") as handle:
        return {
            row["list"]: (*row["words"].split(), *filter(None, (p.strip() for p in row["phrases"].split(";"))))
            for row in csv.DictReader(handle)
        }


LISTS = _read(CONTEXT_WORDS)

# language or demonym (rule of demonyms)
CURRENCIES = frozenset(LISTS["currencies"])
LANGUAGE_CUES = frozenset(LISTS["language_cues"])
LANGUAGE_TO_VERBS = frozenset(LISTS["language_to_verbs"])
LANGUAGE_NOUNS = frozenset(LISTS["language_nouns"])
LANGUAGE_NAMES = frozenset(LISTS["language_names"])
CLAUSE_ENDERS = frozenset(LISTS["clause_enders"])
# place or state (rule of capitals and seats)
PLACE_CUES = frozenset(LISTS["place_cues"])
PLACE_NOUNS = frozenset(LISTS["place_nouns"])
DIRECTIONS = frozenset(LISTS["directions"])
DEPARTURES = frozenset(LISTS["departures"])
OF_PLACE_WORDS = frozenset(LISTS["of_place_words"])
STREET_WORDS = tuple(" " + phrase for phrase in LISTS["street_words"])
FEATURE_WORDS = LISTS["feature_words"]
VENUE_NAMES = frozenset(LISTS["venue_names"])
STATE_SOURCE_NOUNS = frozenset(LISTS["state_source_nouns"])
STATE_TO_WORDS = frozenset(LISTS["state_to_words"])
PLACE_EVENTS = frozenset(LISTS["place_events"])
ROUTE_NOUNS = frozenset(LISTS["route_nouns"])
IN_PLACE = frozenset(LISTS["in_place"])
# leaders, and names of people
TITLES = frozenset(LISTS["titles"])
HONORIFICS = frozenset(LISTS["honorifics"])
NOT_THE_LEADER = frozenset(LISTS["not_the_leader"])
SENTENCE_WORDS = frozenset(LISTS["sentence_words"])
WEEKDAYS_MONTHS = frozenset(LISTS["weekdays_months"])
MONTH_CUES = frozenset(LISTS["month_cues"])
# names with another sense (rule of look-alikes)
PERSON_LIKE_NAMES = frozenset(LISTS["person_like_names"])
PROVINCE_NAMES = frozenset(LISTS["province_names"])
GIVEN_NAMES = frozenset(LISTS["given_names"])
PERSON_NAME_PLACE_WORDS = frozenset(LISTS["person_name_place_words"])
PLACE_NAME_FIRSTS = frozenset(LISTS["place_name_firsts"])
STATE_FOLLOWERS = frozenset(LISTS["state_followers"])
US_TOWN_NAMES = frozenset(LISTS["us_town_names"])
US_STATES = frozenset(LISTS["us_states"])
US_STATE_PAIRS = LISTS["us_state_pairs"]
US_STATE_CUES = frozenset(LISTS["us_state_cues"])
GEORGIA_NEIGHBOURS = frozenset(LISTS["georgia_neighbours"])
AMERICAN_PLACES = LISTS["american_places"]
CAUCASUS_STEMS = LISTS["caucasus_stems"]
CAUCASUS_WORDS = LISTS["caucasus_words"]
# places that share a name with a country form (rules of homonyms)
US_PLACE_NOUNS = LISTS["us_place_nouns"]
COUNTY_LIST_ENDS = frozenset(LISTS["county_list_ends"])
TOWNSHIP_LIST_ENDS = frozenset(LISTS["township_list_ends"])
STREET_LIST_ENDS = frozenset(LISTS["street_list_ends"])
TOWN_OF_WORDS = tuple(phrase + " " for phrase in LISTS["town_of_words"])
TOWN_PART_WORDS = tuple(word + " " for word in LISTS["town_part_words"])
TOWN_APPOSITIVES = tuple(", " + phrase for phrase in LISTS["town_appositives"])
PARTY_MARKS = LISTS["party_marks"]
GEORGIA_CITIES = frozenset(LISTS["georgia_cities"])
GEORGIA_COUNTRY_CUES = LISTS["georgia_country_cues"]
US_LOCAL_CUES = LISTS["us_local_cues"]
US_LOCAL_CUES_LEFT_OUT = frozenset(LISTS["us_local_cues_left_out"])
# the state names among them, after a comma: a town's state (Rome, Georgia), so the text is local after all
STATE_NAMES_AFTER_TOWN = frozenset(word for word in US_LOCAL_CUES_LEFT_OUT if len(word) > 3 and word.isalpha())
STATE_VOICE_VERBS = frozenset(LISTS["state_voice_verbs"])
FOREIGN_AFFAIRS_WORDS = frozenset(LISTS["foreign_affairs_words"])
REGION_NAME_FOLLOWERS = frozenset(LISTS["region_name_followers"])
STATE_AGENCY_WORDS = frozenset(LISTS["state_agency_words"])
DATELINE_DASHES = LISTS["dateline_dashes"]
SPORTS_WORDS = frozenset(LISTS["sports_words"])
SCHOOL_SPORTS_WORDS = frozenset(LISTS["school_sports_words"])

PLACE_HOMONYMS_FILE = GAZETTEER_DIR / "place_homonyms.csv"
STATES_PROVINCES_FILE = GAZETTEER_DIR / "states_provinces.csv"
US_CA_TOWNS_FILE = GAZETTEER_DIR / "us_ca_towns.csv"


@functools.cache
def _states_provinces() -> tuple[dict[str, str], ...]:
    """The rows of ``data/gazetteer/states_provinces.csv``, read once (the rules of homonyms need them thrice)."""
    with open(STATES_PROVINCES_FILE, encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def _regions() -> dict[str, str]:
    """Each way news writes a US state or Canadian province after a town (``Texas``, ``Tenn.``, ``TX``, ``Ont.``),
    and its postal code."""
    found: dict[str, str] = {}
    for row in _states_provinces():
        others = (other.strip() for other in row["other"].split(";"))  # (N. Dak.: one form, with its blank)
        for form in (row["name"], row["code"], row["ap"], *filter(None, others)):
            found[form] = row["code"]
    return found


def _homonyms(
    path,
) -> tuple[
    dict[str, frozenset[str]],
    dict[str, frozenset[str]],
    dict[str, tuple],
    dict[str, dict[str, int]],
    dict[str, dict[str, dict[str, int]]],
    dict[str, frozenset[str]],
]:
    """From the table of places: per country form, the regions with a town or county of that very name; the regions
    with a county of that name; the words that make a longer place name of it, before it (``Saint``, ``St.``:
    Saint Paris) and after it (``Orchard``: Indian Orchard); the population of its largest town per region; and the
    counties its towns lie in, with the population of its largest town there per state (``Anderson County``:
    TX 18,288, for Palestine); and per longer place name, the regions with a town of that name (``East Palestine``:
    OH)."""
    towns: dict[str, set[str]] = {}
    counties: dict[str, set[str]] = {}
    longer: dict[str, set[str]] = {}
    longer_regions: dict[str, set[str]] = {}
    populations: dict[str, dict[str, int]] = {}
    own_counties: dict[str, dict[str, dict[str, int]]] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name, form = row["name"], row["form"]
            if name != form:
                longer.setdefault(form, set()).add(name)  # one word more, before or after (the script's rule)
                longer_regions.setdefault(name, set()).add(row["admin1"])
            else:
                towns.setdefault(form, set()).add(row["admin1"])
                largest = populations.setdefault(form, {})
                largest[row["admin1"]] = max(largest.get(row["admin1"], 0), int(row["population"] or 0))
                if row["feature"] == "county":
                    counties.setdefault(form, set()).add(row["admin1"])
                elif row.get("county"):
                    states = own_counties.setdefault(form, {}).setdefault(row["county"], {})
                    states[row["admin1"]] = max(states.get(row["admin1"], 0), int(row["population"] or 0))
    freeze = lambda table: {key: frozenset(value) for key, value in table.items()}  # noqa: E731
    words: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
    for form, names in longer.items():
        firsts = {name[: -len(form) - 1] for name in names if name.endswith(" " + form)}
        firsts |= {"St." for first in firsts if first == "Saint"}
        lasts = {name[len(form) + 1 :] for name in names if name.startswith(form + " ")}
        words[form] = (frozenset(firsts), frozenset(lasts))
    return freeze(towns), freeze(counties), words, populations, own_counties, freeze(longer_regions)


@dataclass(frozen=True, slots=True)
class PlaceTables:
    """The tables of the rules of homonyms (see :func:`place_tables`)."""

    regions: dict[str, str]  # each way news writes a state or province (Tenn., TX, Ontario): its postal code
    towns: dict[str, frozenset[str]]  # per country form, the regions with a town or county of that very name
    counties: dict[str, frozenset[str]]  # per country form, the regions with a county of that name
    longer: dict[str, tuple[frozenset[str], frozenset[str]]]  # the words before and after it in longer place names
    keys: frozenset[str]  # the forms that are also US or Canadian places
    local_cue_words: dict[str, bool]  # the words of a text that may name such a place, and whether they end a word
    populations: dict[str, dict[str, int]]  # per country form and region, the population of its largest such town
    own_counties: dict[str, dict[str, dict[str, int]]]  # per form, its towns' counties: population per state
    longer_regions: dict[str, frozenset[str]]  # per longer place name (East Palestine), the regions with such a town
    region_cues: tuple[str, ...]  # the ways of writing a state or province that make a text local (no IN, OR, ME)


@functools.cache
def place_tables() -> PlaceTables:
    """The tables of places that share a name with a country form, read at first use: only the matcher's build and
    a text with a local cue word need them (reading them at import would cost every run)."""
    regions = _regions()
    # the forms that are no prefix of a common word: names, postal codes, and abbreviations with their period
    names = {row["name"] for row in _states_provinces()}
    cue_forms = sorted(
        form
        for form, code in regions.items()
        if (form == code or form[-1] == "." or form in names) and form not in US_LOCAL_CUES_LEFT_OUT
    )
    towns, counties, longer, populations, own_counties, longer_regions = _homonyms(PLACE_HOMONYMS_FILE)
    # A text may name US or Canadian towns when it has a state or province (not those left out) or a local word
    # (County, R-): words that end in a mark (R-, Tenn.) need only start a word, the others must end one too; no
    # abbreviation without its period (Mich, Ind begin common words). The matcher's automaton finds them.
    cues = {word: not word.endswith(("-", ".")) for word in (*US_LOCAL_CUES, *cue_forms)}
    keys = frozenset(towns) | frozenset(longer)
    return PlaceTables(
        regions, towns, counties, longer, keys, cues, populations, own_counties, longer_regions, tuple(cue_forms)
    )


def town_city(key: str) -> bool:
    """Whether ``key`` is a US or Canadian town's name and ``City`` (``Mexico City``): before a local noun it is the
    town's (``Mexico City Manager``, Mexico, Missouri)."""
    return key.endswith(" City") and key[:-5] in place_tables().towns


@functools.cache
def region_countries() -> dict[str, str]:
    """Per US state or Canadian province (its postal code), its country's ISO3 code."""
    return {row["code"]: row["country"] for row in _states_provinces()}


@functools.cache
def town_regions() -> dict[str, frozenset[str]]:
    """Per name of a US or Canadian town of 5,000 people or more, the states and provinces with a town of that name
    (``data/gazetteer/us_ca_towns.csv``), read at first use: only a list of towns in a local text needs it."""
    with open(US_CA_TOWNS_FILE, encoding="utf-8", newline="") as handle:
        return {row["name"]: frozenset(row["regions"].split()) for row in csv.DictReader(handle)}
