"""A town's team in a sports story (rules 3 and 13 of docs/mention-guidelines.md): where a capital or a country's
name is also a US or Canadian town's, a sports story may name the town's team by it (``Koron Davis scored 31 points
for Paris``, Paris Junior College of Paris, Texas; ``Warsaw beat Northridge 58-49``, Warsaw, Indiana; ``Mexico fell
short 43-42 in the North Central Missouri Conference``, Mexico, Missouri).

A sports story has scores and the words of a game: at least SPORTS_MIN_SCORES scores (``68-65``) and
SPORTS_MIN_WORDS different ``sports_words`` (data/gazetteer/context_words.csv), or one score and
SPORTS_MANY_WORDS. There a capital is the town's team unless the story names its country by a name or demonym
(``Russia``, ``Russian``: a doping story's ``Moscow said``). A country's name is a national team's as often (``France
beat Brazil 2-1``), so it is the town's team only in a story of American school or college sports (SCHOOL_MIN_WORDS
of ``school_sports_words``: ``homecoming``, ``sectional``, ``touchdown``, which national teams do not play or
write), of a town of FOCUS_MIN_POPULATION people or more, that names no other country abroad and no demonym of
that one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from geo.extract.matcher import DEMONYM, LOOKALIKE, NAME, Matcher, place_key
from geo.extract.rules.en import is_other_sense
from geo.extract.rules.en_document import FOCUS_MIN_POPULATION, HOME_COUNTRIES
from geo.extract.text import Doc
from geo.extract.vocabulary import SCHOOL_SPORTS_WORDS, SPORTS_WORDS, place_tables

SPORTS_MIN_SCORES = 3
SPORTS_MIN_WORDS = 3
SPORTS_MANY_WORDS = 5  # ... or one score and this many words of a game
SCHOOL_MIN_WORDS = 1
TEAM = "a town's team in a sports story (scores and the words of a game; its country named by no other form)"
SCHOOL_TEAM = "a town's team in a story of school sports (no other country abroad named, nor a demonym of this one)"
# a score: two numbers of one to three digits joined by a hyphen or an en dash (\x96 in the text the scan reads),
# not part of a date, a time, a decimal or a longer number (2015-16, 10:30-11, 1-2.5)
_WORD = re.compile(r"[a-z]+")
_SCHOOL_WORDS = frozenset(word for word in SCHOOL_SPORTS_WORDS if " " not in word)
# its phrases (``boys basketball``), read in the text without its apostrophes (``girls’ soccer``)
_SCHOOL_PHRASES = re.compile(
    r"\b(?:" + "|".join(sorted(re.escape(p) for p in SCHOOL_SPORTS_WORDS if " " in p)) + r")\b"
)
_SCORE = re.compile(r"(?<![\w/.,:\x96-])\d{1,3}[-\x96]\d{1,3}(?![\w/\x96-]|[.,:]\d)")


@dataclass(frozen=True, slots=True)
class _Story:
    """What a sports story names: the countries of its names and demonyms, those of its demonyms, and whether it
    is a story of school sports."""

    named: frozenset[str]
    demonyms: frozenset[str]
    school: bool


def team_entries(matcher: Matcher) -> frozenset[int]:
    """The entries that may name a town's team (made with the matcher, kept on disk): the capitals that are also a
    US or Canadian town's name, and the country names of such a town of FOCUS_MIN_POPULATION people or more (not
    ``China``: China, Maine, has 4,300 people), so that the scan asks nothing of the other forms."""
    populations = place_tables().populations
    return frozenset(
        index
        for index in matcher.homonyms
        if matcher.kinds[index] == "capital"
        or max(populations.get(place_key(matcher.keys[index]), {}).values(), default=0) >= FOCUS_MIN_POPULATION
    )


def team(doc: Doc, pieces: list[list[tuple[int, int, int]]], matcher: Matcher, index: int) -> str | None:
    """Why the form of entry ``index`` (one of ``matcher.teams``) is a town's team in ``doc`` (TEAM, SCHOOL_TEAM),
    or None: read once a text (``doc.memo``), and only for such a form that counted."""
    memo = doc.memo
    story = memo.get("sports")
    if story is None:
        story = memo["sports"] = _story(doc, pieces, matcher)
    if story is False:
        return None
    iso3 = matcher.iso3s[index]
    if matcher.kinds[index] == "capital":
        return TEAM if iso3 not in story.named else None
    if not story.school or iso3 in story.demonyms or not story.named <= {iso3, *HOME_COUNTRIES}:
        return None
    return SCHOOL_TEAM


def _story(doc: Doc, pieces: list[list[tuple[int, int, int]]], matcher: Matcher) -> _Story | bool:
    norm = doc.norm
    scores = _scores(norm)
    if not scores:
        return False
    lowered = norm.lower()
    words = set(_WORD.findall(lowered))
    game = len(words & SPORTS_WORDS)
    if game < (SPORTS_MIN_WORDS if scores >= SPORTS_MIN_SCORES else SPORTS_MANY_WORDS):
        return False
    rules, iso3s = matcher.rules, matcher.iso3s
    people: set[str] = set()  # a look-alike names its country unless it is a person's name (Jordan Shelton)
    named = [
        (iso3s[index], rules[index])
        for matches in pieces
        for index, start, end in matches
        if rules[index] in _NAMING and (rules[index] != LOOKALIKE or not is_other_sense(doc, start, end, people))
    ]
    return _Story(
        frozenset(iso3 for iso3, _ in named),
        frozenset(iso3 for iso3, rule in named if rule == DEMONYM),
        len(words & _SCHOOL_WORDS) >= SCHOOL_MIN_WORDS or _SCHOOL_PHRASES.search(lowered.replace("'", "")) is not None,
    )


_NAMING = (NAME, LOOKALIKE, DEMONYM)  # (Poland, Jordan, Mexico are look-alikes: names of people too)


def _scores(norm: str) -> int:
    """How many scores ``norm`` has, up to SPORTS_MIN_SCORES: read at its dashes (a regular expression over the
    whole text would take a third of the scan's time in news that names a capital such as Moscow)."""
    found = 0
    for dash in ("-", "\x96"):
        at = norm.find(dash, 1)
        while at > 0:
            if norm[at - 1].isdigit() and norm[at + 1 : at + 2].isdigit():
                first = at - 1
                while first and norm[first - 1].isdigit():
                    first -= 1
                if _SCORE.match(norm, first):
                    found += 1
                    if found == SPORTS_MIN_SCORES:
                        return found
            at = norm.find(dash, at + 1)
    return found
