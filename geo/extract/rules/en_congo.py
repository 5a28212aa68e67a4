"""The Congo an English story names (rule 14 of docs/mention-guidelines.md): a bare ``Congo`` is the Republic of the
Congo, unless the story names the DR Congo unambiguously (``DRC``, ``Democratic Republic of the Congo``, ``Kinshasa``
as the state) and neither names the Republic (``Republic of the Congo``, ``Brazzaville``) nor lists a bare
``Congo`` beside the DR Congo as another state (``experts from Congo, DRC and Gabon``). Run on every English text
that keeps a bare ``Congo``.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable

from geo.extract.matcher import ENTRY, Kept, Matcher

# The entries of a matcher for the two Congos: the bare keys (``Congo``, ``CONGO``) with the code of their (DR Congo,
# key) pair, the keys that name either state unambiguously, and the bare keys' and the DR Congo's names' spellings
# for the list check (a plain tuple: the matcher's cache entry on disk holds it, and builds no type it was not told
# of).
Congo = tuple[dict[int, int], frozenset[int], frozenset[int], tuple[str, ...], tuple[str, ...]]
# what joins two items of a list: not ``, or``, which may give another name (``the DRC, or Congo``), and ``, the``
# only when the list goes on after the second (``the Congo, the DRC, Namibia``; not ``Congo, the DRC health ministry``)
_JOINS = r"(?:, |(?:,? and|,? as well as| or| ?&) (?:the )?| ?/ ?)"
_THE = ", the "
_GOES_ON = r"(?=,|,? and |,? or )"


def congo_entries(matcher: Matcher) -> Congo:
    """The matcher's Congo entries, made with the matcher (and kept with it): a bare key read as the DR Congo gets
    a code of its own in ``matcher.pairs``."""
    bare = {}
    for index, key in enumerate(matcher.keys):
        if key.lower() == "congo" and matcher.iso3s[index] == "COG":
            bare[index] = len(matcher.pairs)
            matcher.pairs.append(("COD", key))  # a code for the bare key read as the DR Congo, when counting

    def named(iso3: str) -> frozenset[int]:
        return frozenset(
            index
            for index, code in enumerate(matcher.iso3s)
            if code == iso3 and index not in bare and matcher.kinds[index] != "demonym"
        )

    drc = named("COD")
    spellings = tuple(sorted({matcher.keys[index] for index in bare}))
    drc_names = tuple(sorted({matcher.keys[index] for index in drc if matcher.kinds[index] != "capital"}))
    return bare, drc, named("COG"), spellings, drc_names


def follow_named_congo(kept: list[Kept], matcher: Matcher, norm: str) -> list[Kept]:
    """``kept`` (spans) with a bare ``Congo`` read as the DR Congo when the text (``norm``) names the DR Congo
    unambiguously and not the Republic of the Congo: ``the northern part of Congo`` in a story about the DRC."""
    bare = matcher.congo[0]
    if not any(map(bare.__contains__, map(ENTRY, kept))) or not _names_the_drc(set(_entries(kept)), matcher, norm):
        return kept
    return [_as_drc(match, bare) for match in kept]


def follow_named_congo_tally(tally: Counter[Kept], context: list[Kept], matcher: Matcher, norm: str) -> Counter[Kept]:
    """The same for a count of kept matches (a bare Congo is a plain key: its code), read from what is counted and
    the ``context`` before it; the tally's order is kept."""
    bare = matcher.congo[0]
    if bare.keys().isdisjoint(tally) or not _names_the_drc({*_entries(tally), *_entries(context)}, matcher, norm):
        return tally
    return Counter({_as_drc(match, bare): count for match, count in tally.items()})


def _names_the_drc(entries: set[int], matcher: Matcher, norm: str) -> bool:
    _, drc, republic, spellings, drc_names = matcher.congo
    if entries.isdisjoint(drc) or not entries.isdisjoint(republic):
        return False
    return _listed_apart(spellings, drc_names).search(norm) is None


@functools.cache
def _listed_apart(bare: tuple[str, ...], names: tuple[str, ...]) -> re.Pattern[str]:
    """A bare Congo and a name of the DR Congo as two items of one list (``Congo, DRC and Gabon``, ``the DRC and
    Congo``), either way round."""
    congo = "(?:" + "|".join(map(re.escape, bare)) + ")"
    drc = "(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True))) + ")"
    return re.compile(
        rf"(?<![\w'-])(?:{congo}{_JOINS}{drc}|{drc}{_JOINS}{congo})(?![\w'-])"
        rf"|(?<![\w'-])(?:{congo}{_THE}{drc}|{drc}{_THE}{congo}){_GOES_ON}"
    )


def _entries(kept: Iterable[Kept]) -> Iterable[int]:
    for match in kept:
        yield match if match.__class__ is int else match[0]


def _as_drc(match: Kept, bare: dict[int, int]) -> Kept:
    if match.__class__ is int:
        return bare.get(match, match)
    return (match[0], match[1], match[2], "COD") if match[0] in bare else match
