"""The English words the context rules read, from one table a reviewer can read without Python.

``data/gazetteer/context_words.csv`` has one row per list: its name, why it exists (with examples), its words
(separated by spaces) and its phrases (separated by semicolons). Each list is a constant here, named as the
table's ``list`` in capitals. Another language's rules would read a table of their own.
"""

from __future__ import annotations

import csv

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
LANGUAGE_NOUNS = frozenset(LISTS["language_nouns"])
LANGUAGE_NAMES = frozenset(LISTS["language_names"])
CLAUSE_ENDERS = frozenset(LISTS["clause_enders"])
# place or state (rule of capitals and seats)
PLACE_CUES = frozenset(LISTS["place_cues"])
PLACE_NOUNS = frozenset(LISTS["place_nouns"])
DIRECTIONS = frozenset(LISTS["directions"])
DEPARTURES = frozenset(LISTS["departures"])
VENUE_NAMES = frozenset(LISTS["venue_names"])
STATE_SOURCE_NOUNS = frozenset(LISTS["state_source_nouns"])
STATE_TO_WORDS = frozenset(LISTS["state_to_words"])
PLACE_EVENTS = frozenset(LISTS["place_events"])
ROUTE_NOUNS = frozenset(LISTS["route_nouns"])
IN_PLACE = frozenset(LISTS["in_place"])
# leaders, and names of people
TITLES = frozenset(LISTS["titles"])
NOT_THE_LEADER = frozenset(LISTS["not_the_leader"])
SENTENCE_WORDS = frozenset(LISTS["sentence_words"])
WEEKDAYS_MONTHS = frozenset(LISTS["weekdays_months"])
MONTH_CUES = frozenset(LISTS["month_cues"])
# names with another sense (rule of look-alikes)
PERSON_LIKE_NAMES = frozenset(LISTS["person_like_names"])
STATE_FOLLOWERS = frozenset(LISTS["state_followers"])
US_TOWN_NAMES = frozenset(LISTS["us_town_names"])
US_STATES = frozenset(LISTS["us_states"])
US_STATE_PAIRS = LISTS["us_state_pairs"]
US_STATE_CUES = frozenset(LISTS["us_state_cues"])
GEORGIA_NEIGHBOURS = frozenset(LISTS["georgia_neighbours"])
AMERICAN_PLACES = LISTS["american_places"]
CAUCASUS_STEMS = LISTS["caucasus_stems"]
CAUCASUS_WORDS = LISTS["caucasus_words"]
