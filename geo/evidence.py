"""Evidence for a mentions map: the sentence around a mention, the matched form marked, and its document."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

# A sentence ends at . ! ? (optionally followed by a closing quote or bracket) before white space, or at a
# blank line; a line break alone does not end it (articles wrap their lines).
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*\s+|\n\s*\n")
WINDOW = 160  # characters kept on each side of the match when the sentence is longer


@dataclass(frozen=True, slots=True)
class Snippet:
    """``before + match + after`` is the sentence (shortened with … when long); ``match`` is the form found."""

    document: str
    before: str
    match: str
    after: str


def _squash(text: str) -> str:
    return " ".join(text.split())


def sentence_around(text: str, start: int, end: int, document: str = "", window: int = WINDOW) -> Snippet:
    """The sentence holding ``text[start:end]``, white space squashed, cut to ``window`` characters per side.

    >>> s = sentence_around("Rain fell. Leaders of Kenya met in\\nBeijing. Then lunch.", 22, 27, "a/b.txt")
    >>> (s.document, s.before, s.match, s.after)
    ('b.txt', 'Leaders of ', 'Kenya', ' met in Beijing.')
    """
    head = 0
    for found in _SENTENCE_END.finditer(text, max(0, start - 4 * window), start):
        head = found.end()
    tail_match = _SENTENCE_END.search(text, end, end + 4 * window)
    tail = tail_match.start() + len(tail_match.group().rstrip()) if tail_match else min(len(text), end + 4 * window)
    before = _squash(text[head:start]) + (" " if text[start - 1 : start].isspace() else "")
    after = (" " if text[end : end + 1].isspace() else "") + _squash(text[end:tail])
    if len(before) > window:
        before = "…" + before[-window:].lstrip()
    if len(after) > window:
        after = after[:window].rstrip() + "…"
    name = PurePath(document).name if document else ""
    return Snippet(name, before.lstrip(), _squash(text[start:end]), after.rstrip())
