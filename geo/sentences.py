"""Where sentences end: one module for every part of forum-map that reads text by the sentence (text only, no GIS).

Three readers need three answers, built here from the same marks:

* :func:`sentences` splits a text for its numeric claims: a line break always ends a sentence, and ``.``, ``!``,
  ``?`` or ``…`` (with any closing quotes or brackets) end one before a capital or a digit, unless the full stop
  ends an abbreviation ("Mr.", "U.S.", an initial);
* :class:`Sentences` finds the sentence around a mention, for its evidence: it ends at ``.``, ``!`` or ``?`` (with
  any closing marks) before white space, or at a blank line; a line break alone does not end it (articles wrap
  their lines). The ends are read once per text, so that the sentences of many mentions cost one pass;
* :func:`cut_after` tells the automaton where a long text may be cut: after a sentence that ends on a lower-case
  word of four letters or more, where no name can go on.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator

ENDS = ".!?"  # the marks that end a sentence
CLOSERS = "\"'”’)\\]"  # what may follow them and still belong to the sentence (in a character class)
OPENERS = "\"'“‘(\\["  # what may open the next sentence before its first word (in a character class)

# --- the claims' split -----------------------------------------------------------------------------------------

_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "prof",
        "gen",
        "col",
        "lt",
        "no",
        "vs",
        "etc",
        "jan",
        "feb",
        "aug",
        "sept",
        "oct",
        "nov",
        "dec",
    ]
)
_BOUNDARY = re.compile(rf"[{ENDS}…]+[{CLOSERS}]*(?=\s+[{OPENERS}]?[A-Z0-9])|\n\s*")


def _after_abbreviation(before: str) -> bool:
    """Whether a full stop after ``before`` ends an abbreviation ('Mr.', 'U.S.', an initial) rather than a sentence."""
    last = re.search(r"(\S+)$", before)
    if not last:
        return False
    word = last.group(1).lstrip("(\"'“‘")
    return word.lower() in _ABBREVIATIONS or bool(re.fullmatch(r"(?:[A-Za-z]\.)+[A-Za-z]|[A-Z]", word))


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each sentence: a line break always ends one; a full stop, '!' or '?' does before a
    capital or a digit, unless it ends an abbreviation.

    >>> text = "Mr. Xi met the U.S. envoy. Then 130 countries came.\\nNew paragraph"
    >>> [text[a:b] for a, b in sentences(text)]
    ['Mr. Xi met the U.S. envoy.', 'Then 130 countries came.', 'New paragraph']
    """
    start = 0
    for match in _BOUNDARY.finditer(text):
        newline = match.group().startswith("\n")
        if not newline and match.group().startswith(".") and _after_abbreviation(text[start : match.start()]):
            continue
        end = match.start() if newline else match.end()
        if text[start:end].strip():
            yield _strip(text, start, end)
        start = match.end()
    if text[start:].strip():
        yield _strip(text, start, len(text))


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


# --- the sentence around a mention -----------------------------------------------------------------------------

_END = re.compile(rf"[{ENDS}][{CLOSERS}]*\s+|\n\s*\n")


class Sentences:
    """The sentence ends of one text (see the module's docstring), read from its start as far as a lookup needs.

    >>> Sentences("Rain fell. Leaders of Kenya met in\\nBeijing. Then lunch.").bounds(22, 27, 640)
    (11, 43)
    """

    __slots__ = ("text", "_unread", "_starts", "_ends")

    def __init__(self, text: str) -> None:
        self.text = text
        self._unread = _END.finditer(text)
        self._starts: list[int] = []  # where each end found so far starts (its mark) and ends (after its blanks)
        self._ends: list[int] = []

    def _read_to(self, position: int) -> None:
        """Read the ends up to the first one that starts at ``position`` or later (or to the text's end)."""
        starts = self._starts
        if starts and starts[-1] >= position:
            return
        for found in self._unread:
            starts.append(found.start())
            self._ends.append(found.end())
            if starts[-1] >= position:
                return

    def bounds(self, start: int, end: int, reach: int) -> tuple[int, int]:
        """Where the sentence holding ``text[start:end]`` starts and ends, searching ``reach`` characters on each
        side: after the last end of a sentence within ``reach`` before ``start`` (else the text's start), and at
        the first one within ``reach`` after ``end``, its marks kept and its blanks not (else ``end + reach``).

        The same as searching the two windows alone: where an end found in the whole text straddles a window's
        edge, the window is searched alone.
        """
        self._read_to(end + reach)
        starts, ends, text = self._starts, self._ends, self.text
        last = bisect.bisect_right(ends, start) - 1  # the last end before the mention
        low = start - reach
        if (last + 1 < len(starts) and starts[last + 1] < start) or (last >= 0 and starts[last] < low < ends[last]):
            head = 0  # an end straddles the mention's start or the window's edge: search the window alone
            for found in _END.finditer(text, max(0, low), start):
                head = found.end()
        else:
            head = ends[last] if last >= 0 and starts[last] >= low else 0
        following = bisect.bisect_left(starts, end)  # the first end after the mention
        straddles = following > 0 and ends[following - 1] > end  # an end straddles the mention's end
        if not straddles and (following == len(starts) or starts[following] >= end + reach):
            return head, min(len(text), end + reach)
        if not straddles and ends[following] <= end + reach:
            return head, starts[following] + len(text[starts[following] : ends[following]].rstrip())
        return head, _tail(_END.search(text, end, end + reach), end + reach, len(text))  # search the window alone


def _tail(found: re.Match | None, stop: int, size: int) -> int:
    return found.start() + len(found.group().rstrip()) if found else min(size, stop)


# --- where the automaton may cut a long text -----------------------------------------------------------------

_SAFE_END = re.compile(rf"[a-z]{{4}}[{ENDS}] ")


def cut_after(text: str, position: int) -> int | None:
    """The end of the first sentence that ends on a lower-case word at ``position`` or later (after its space),
    or None: no name goes on across it.

    >>> cut_after("The talks ended. Then Papua New Guinea spoke.", 3)
    17
    """
    found = _SAFE_END.search(text, position)
    return found.end() if found else None
