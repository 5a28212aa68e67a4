"""``forum-map extract --explain``: for each form that is also a US or Canadian place, whether it counted and which
rule decided (rule 13 of docs/mention-guidelines.md). Its own module: the counting scan never loads it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from geo.extract.matcher import Matcher
from geo.extract.rules.en import capital_is_place
from geo.extract.rules.en_sports import team
from geo.extract.scan import _setup, homonym_places, kept_matches, reads_local_places
from geo.extract.text import URL_MARKS, in_url
from geo.gazetteer import Gazetteer


@dataclass(frozen=True, slots=True)
class Decision:
    """Why a form that is also a US or Canadian place counted or not (``--explain``): ``iso3`` is None when it
    did not count; ``rule`` names the rule that decided."""

    start: int
    end: int
    surface: str
    iso3: str | None
    rule: str


def explain_homonyms(
    text: str, *, date: datetime.date | None = None, gazetteer: Gazetteer | None = None
) -> list[Decision]:
    """For each form in ``text`` that is also a US or Canadian place (and each ``Georgia``), whether it counted and
    which rule decided, offsets into ``text``: why "Paris" in "Paris, Tenn." did not count. (A second scan: the
    counting scan keeps no record of its reasons, which would cost it time.)"""
    doc, matcher, leaders = _setup(text, date, gazetteer)
    counted = {(start, end): iso3 for _, start, end, iso3 in kept_matches(doc, matcher, leaders, spans=True)[0]}
    pieces = list(matcher.find(doc.norm, doc))
    places = homonym_places(doc, pieces, matcher) if reads_local_places(pieces, matcher, doc) else {}
    norm, keys, homonyms, to_text = doc.norm, matcher.keys, matcher.homonyms, doc.to_text
    decisions = []
    for index, start, end in (match for matches in pieces for match in matches):
        if (index not in homonyms and keys[index] != "Georgia") or _joined(norm, start, end, matcher, index):
            continue
        reason = places.get((index, start, end))
        kind = matcher.kinds[index] if matcher.iso3s[index] else "leader"
        if reason is None and (start, end) not in counted and index in matcher.teams:
            reason = team(doc, pieces, matcher, index)
            if reason and kind == "capital" and capital_is_place(doc, start, end, kind, -1, matcher.state_names[index]):
                reason = None  # (in Paris: a place by the rule of capitals)
        first, last = to_text.start(start), to_text.end(end)
        iso3 = None if reason else counted.get((start, end))
        decisions.append(Decision(first, last, text[first:last], iso3, reason or f"the rule of {kind}s"))
    return decisions


def _joined(norm: str, start: int, end: int, matcher: Matcher, index: int) -> bool:
    """Whether the match goes on a word or web address before or after it: the scan's boundary tests (which
    :func:`kept_matches` writes inline, as a call per match would slow it)."""
    previous = norm[start - 1] if start else " "
    if previous != " " and (
        (previous.isalnum() or previous == "_")
        and matcher.latin_first[index]
        or previous in URL_MARKS
        and in_url(norm, start, end)
    ):
        return True
    after = norm[end] if end < len(norm) else ""
    if after in ("", " "):
        return False
    if (
        (after.isalnum() or after == "_")
        and matcher.latin_last[index]
        or after in URL_MARKS
        and in_url(norm, start, end)
    ):
        return True
    return (
        after == "'"
        and norm[end + 1 : end + 2].isalpha()
        and (norm[end + 1] not in "sS" or norm[end + 2 : end + 3].isalnum())
    )
