"""A capital in a sports story (rule 3 of docs/mention-guidelines.md): where it is also a US or Canadian town, it is
that town's team, not the state (``Koron Davis scored 31 points for Paris``, Paris Junior College of Paris, Texas;
``Warsaw beat Northridge 58-49``, Warsaw, Indiana).

A sports story has scores and the words of a game: at least SPORTS_MIN_SCORES scores (``68-65``) and
SPORTS_MIN_WORDS different ``sports_words`` (data/gazetteer/context_words.csv). The capital stays the state when
the story names its country by a name or demonym (``Russia``, ``Russian``: a doping story's ``Moscow said``).
"""

from __future__ import annotations

import re

from geo.extract.matcher import DEMONYM, NAME, Matcher
from geo.extract.text import Doc
from geo.extract.vocabulary import SPORTS_WORDS

SPORTS_MIN_SCORES = 3
SPORTS_MIN_WORDS = 3
TEAM = "a town's team in a sports story (scores and the words of a game; its country named by no other form)"
# a score: two numbers of one to three digits joined by a hyphen or an en dash (\x96 in the text the scan reads),
# not part of a date, a time, a decimal or a longer number (2015-16, 10:30-11, 1-2.5)
_WORD = re.compile(r"[a-z]+")
_SCORE = re.compile(r"(?<![\w/.,:\x96-])\d{1,3}[-\x96]\d{1,3}(?![\w/\x96-]|[.,:]\d)")


def is_team(doc: Doc, pieces: list[list[tuple[int, int, int]]], matcher: Matcher, index: int) -> bool:
    """Whether the capital of entry ``index`` (a US or Canadian town's name too) is a town's team in ``doc``:
    read once a text (``doc.memo``), only for such a capital that counted as the state."""
    memo = doc.memo
    named = memo.get("sports")
    if named is None:
        named = memo["sports"] = _named_countries(pieces, matcher) if _sports_story(doc.norm) else False
    return named is not False and matcher.iso3s[index] not in named


def _sports_story(norm: str) -> bool:
    return _scores(norm) >= SPORTS_MIN_SCORES and (
        len(SPORTS_WORDS.intersection(_WORD.findall(norm.lower()))) >= SPORTS_MIN_WORDS
    )


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


def _named_countries(pieces: list[list[tuple[int, int, int]]], matcher: Matcher) -> frozenset[str]:
    """The countries the text names by a name or demonym (any such match: a capital's country named so keeps it
    the state)."""
    rules, iso3s = matcher.rules, matcher.iso3s
    return frozenset(iso3s[index] for matches in pieces for index, _, _ in matches if rules[index] in (NAME, DEMONYM))
