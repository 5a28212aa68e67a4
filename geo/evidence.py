"""Evidence for a mentions map: the sentence around a mention, the matched form marked, and its document."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from geo.sentences import Sentences

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


def _squashed_end(text: str, head: int, start: int, window: int) -> str:
    """``_squash(text[head:start])``, or as much of its end as is more than ``window`` characters: the squash of the
    end of a text is the end of its squash, so a sentence start far back is not squashed whole for every mention."""
    reach = 8 * window
    while True:
        low = max(head, start - reach)
        squashed = _squash(text[low:start])
        if low == head or len(squashed) > window:
            return squashed
        reach *= 4


class Snippets:
    """The sentences around mentions of one text (its sentence ends read once, see :class:`geo.sentences.Sentences`)."""

    __slots__ = ("text", "document", "window", "_sentences")

    def __init__(self, text: str, document: str = "", window: int = WINDOW) -> None:
        self.text, self.window, self._sentences = text, window, Sentences(text)
        self.document = PurePath(document).name if document else ""

    def around(self, start: int, end: int) -> Snippet:
        """The sentence holding ``text[start:end]``, white space squashed, cut to ``window`` characters per side."""
        text, window = self.text, self.window
        head, tail = self._sentences.bounds(start, end, 4 * window)
        before = _squashed_end(text, head, start, window) + (" " if text[start - 1 : start].isspace() else "")
        after = (" " if text[end : end + 1].isspace() else "") + _squash(text[end:tail])
        if len(before) > window:
            before = "…" + before[-window:].lstrip()
        if len(after) > window:
            after = after[:window].rstrip() + "…"
        return Snippet(self.document, before.lstrip(), _squash(text[start:end]), after.rstrip())


def sentence_around(text: str, start: int, end: int, document: str = "", window: int = WINDOW) -> Snippet:
    """The sentence holding ``text[start:end]``, white space squashed, cut to ``window`` characters per side
    (for many mentions of one text, :class:`Snippets` reads its sentence ends once).

    >>> s = sentence_around("Rain fell. Leaders of Kenya met in\\nBeijing. Then lunch.", 22, 27, "a/b.txt")
    >>> (s.document, s.before, s.match, s.after)
    ('b.txt', 'Leaders of ', 'Kenya', ' met in Beijing.')
    """
    return Snippets(text, document, window).around(start, end)
