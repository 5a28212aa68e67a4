"""A leaders table checked against the gazetteer's leaders and their terms of office."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from geo import gazetteer
from geo.errors import Problem

if TYPE_CHECKING:
    from geo.forums.forum_toml import Forum


def name_tokens(name: str) -> frozenset[str]:
    """The words of a person's name, case and diacritics ignored: 'Nguyễn Xuân Phúc' → {nguyen, xuan, phuc}."""
    return frozenset(gazetteer.name_key(name).split())


def same_person(written: str | frozenset[str], names: Iterable[str | frozenset[str]]) -> bool:
    """Whether ``written`` names the person known by ``names`` (names or their name_tokens): equal to one of
    them, or of several words containing one or contained in one ('Sheikh Mohammed bin Rashid Al Maktoum' ⊇
    'Mohammed bin Rashid'). A surname alone never matches a longer name: 'Hun Manet' is not 'Hun Sen'."""
    mine = name_tokens(written) if isinstance(written, str) else written
    for known in names:
        theirs = name_tokens(known) if isinstance(known, str) else known
        if mine == theirs or (len(mine) > 1 and len(theirs) > 1 and (mine <= theirs or theirs <= mine)):
            return True
    return False


@dataclass(frozen=True, slots=True)
class KnownLeader:
    iso3: str
    names: tuple[str, ...]  # the gazetteer's name first, then its other forms
    terms: tuple[gazetteer.LeaderTerm, ...]
    tokens: tuple[frozenset[str], ...] = ()  # name_tokens of each name, computed once


@cache
def known_leaders(gaz: gazetteer.Gazetteer) -> dict[str, tuple[KnownLeader, ...]]:
    """The gazetteer's leaders by country, each with every spelling of the name; built once."""
    forms: dict[tuple[str, str], list[str]] = defaultdict(list)
    for form in gaz.leader_forms:
        forms[(form.iso3, form.leader)].append(form.surface)
    people: dict[tuple[str, str], list[gazetteer.LeaderTerm]] = defaultdict(list)
    for name, terms in gaz.leader_terms.items():
        for term in terms:
            people[(term.iso3, name)].append(term)
    by_country: dict[str, list[KnownLeader]] = defaultdict(list)
    for (iso3, name), terms in people.items():
        names = tuple(dict.fromkeys((name, *forms[(iso3, name)])))
        by_country[iso3].append(KnownLeader(iso3, names, tuple(terms), tuple(map(name_tokens, names))))
    return {iso3: tuple(leaders) for iso3, leaders in by_country.items()}


def _span(term: gazetteer.LeaderTerm) -> str:
    end = "" if term.valid_to.year == 9999 else term.valid_to.isoformat()
    return f"{term.valid_from.isoformat() if term.valid_from.year > 1 else '?'} to {end or 'now'}"


def leader_problems(forum: Forum, frame: pd.DataFrame, path: Path) -> list[Problem]:
    """Leaders whose country or term of office disagrees with the gazetteer's leaders table.

    A head of state or government must be a leader of that country in office on a day of the forum; anyone
    (also a vice-president or a representative) who is a known leader of other countries only is reported.
    The role is not compared: our data codes presidents of presidential systems as head of state where the
    gazetteer says 'both', and the gazetteer counts Myanmar's State Counsellor as head of government.
    """
    gaz = gazetteer.load()
    leaders = known_leaders(gaz)
    first, last = forum.start or forum.end, forum.end or forum.start
    problems = []
    for row in frame.itertuples(index=False):
        written = name_tokens(row.leader)
        own = [k for k in leaders.get(row.iso3, ()) if same_person(written, k.tokens)]
        heads = row.role in ("head_of_state", "head_of_government")
        if not own:
            elsewhere = sorted(
                code
                for code, known in leaders.items()
                if code != row.iso3 and any(same_person(written, k.tokens) for k in known)
            )
            if elsewhere:
                where = ", ".join(f"{gaz.country_name(code)} ({code})" for code in elsewhere)
                message = f"leader {row.leader!r} is a leader of {where} in the gazetteer, not of {row.iso3}"
                problems.append(Problem(path, row.line, message))
            elif heads:
                message = f"{row.role} {row.leader!r} is not among the gazetteer's leaders of {row.iso3}"
                problems.append(Problem(path, row.line, message))
            continue
        terms = [t for k in own for t in k.terms]
        if heads and first and not any(t.valid_from <= last and t.valid_to >= first for t in terms):
            when = first.isoformat() + (f" to {last.isoformat()}" if last != first else "")
            spans = "; ".join(_span(t) for t in terms)
            message = f"leader {row.leader!r} was not in office in {row.iso3} on {when} (gazetteer: {spans})"
            problems.append(Problem(path, row.line, message))
    return problems
