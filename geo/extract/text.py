"""The text as the rules read it: blanks unified, typographic marks standing as one byte, runs of spaces collapsed,
with the offsets back to the input and the words around a position."""

from __future__ import annotations

import bisect
import operator
import re
from itertools import accumulate, count

from geo.extract.vocabulary import SENTENCE_WORDS, WEEKDAYS_MONTHS
from geo.sentences import Sentences

_ASCII_BLANKS = "\n\r\t\x0b\x0c"
# Typographic marks beyond Latin-1 stand in ``Doc.norm`` as C1 control characters (the places cp1252 gives them;
# … as \x81, \x85 being a blank), which no key holds and every rule reads as it would read the mark itself (none
# of them a letter, digit or blank): English news is then one byte a character, faster to search and to encode.
_STAND_INS = (("“", "\x93"), ("”", "\x94"), ("–", "\x96"), ("—", "\x97"), ("…", "\x81"), ("•", "\x95"), ("€", "\x80"))
_STAND_IN = dict(_STAND_INS)
_MARKS_REPLACED = (("’", "'"), ("‘", "'"), *_STAND_INS)  # curly apostrophes are the key's own apostrophe
_OPENERS = " \"'(" + _STAND_IN["“"]  # what may stand between a sentence's start and its first word
# marks that may end a word before a space: none of them a word character
_MARKS_AFTER_WORD = ",.;:!?\"')]" + _STAND_IN["”"]
_LINE_BREAKS = "\n\r\x0b\x0c\u2028\u2029"
_LATIN1_BLANKS = _ASCII_BLANKS + "\xa0"
_BLANKS = _LATIN1_BLANKS + "\u2028\u2029\u2009\u202f\u3000"
# what English news has beyond Latin-1 besides letters: the marks that stand in and the blanks (see lang.detect)
MARKS_BEYOND_LATIN1 = "".join(mark for mark, _ in _MARKS_REPLACED) + _BLANKS[len(_LATIN1_BLANKS) :]
_FIRST = operator.itemgetter(0)
_NEXT_WORD = re.compile(r"([^\w]{0,3})([^\W\d_][\w'-]*)?")
# The word before a position, read on the reversed text: the gap, then the word backwards.
_WORD_BACKWARDS = re.compile(r"([^\w]{0,4})([\w'.-]{0,30})")


def _is_latin1(text: str) -> bool:
    """Whether every character of ``text`` is in Latin-1 (a copy of one-byte text; the first other one stops it)."""
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


class Doc:
    """The text with blanks and curly apostrophes unified, typographic marks standing as one-byte characters (see
    ``_STAND_INS``) and runs of spaces collapsed.

    Rules read ``norm``. A position ``p`` of ``norm`` is ``p + shifts[i]`` in the input,
    ``i`` being the last index with ``marks[i] <= p``; there is no shift before the first mark.
    """

    __slots__ = (
        "text",
        "norm",
        "size",
        "marks",
        "shifts",
        "_to_text",
        "_latin1",
        "narrow",
        "_sentences",
        "memo",
    )

    def __init__(self, text: str) -> None:
        self.text = text
        norm = text
        blanks = _ASCII_BLANKS
        if not text.isascii():
            for mark, stand_in in _MARKS_REPLACED:
                if mark in norm:
                    norm = norm.replace(mark, stand_in)
            # the marks first: English news is one byte a character once they stand in, and a search of that
            # for the blanks is twice as fast; nor can it hold a blank beyond Latin-1
            blanks = _LATIN1_BLANKS if _is_latin1(norm) else _BLANKS
        for blank in blanks:
            # (rfind, not ``in``: searching two-byte text for U+3000 forwards is twice as slow, no memchr)
            if norm.rfind(blank) >= 0:
                norm = norm.replace(blank, " ")
        self.marks: list[int] = []
        self.shifts: list[int] = []
        pieces = norm.split("  ")
        if len(pieces) > 1:
            inner = pieces[1:-1]
            if "" in inner or " " in map(_FIRST, inner) or pieces[-1][:1] == " ":
                norm = self._collapse(norm)  # a run of three blanks or more (rare)
            else:
                # every run two blanks (a paragraph break, five thousand a megabyte in some news): one join, the
                # offsets summed without a Python step per run; run i's one space stands after pieces 0..i and
                # i + 1 spaces, and each run removed one blank
                self.marks = list(map(operator.add, accumulate(map(len, pieces[:-1])), count(1)))
                self.shifts = list(range(1, len(pieces)))
                norm = " ".join(pieces)
        self.norm = norm
        self.size = len(norm)
        self._to_text: ToText | None = None
        self._latin1: bytes | None = None
        self.narrow = False  # whether ``norm`` is all Latin-1 (known once ``latin1`` is read)
        self._sentences: Sentences | None = None
        self.memo: dict[object, object] = {}  # what a rule read of the whole text, kept for its next call

    def _collapse(self, norm: str) -> str:
        """``norm`` with every run of blanks one space, the runs' marks and shifts recorded."""
        pieces, removed, last = [], 0, 0
        run = norm.find("  ")
        while run >= 0:
            stop = run + 2
            while stop < len(norm) and norm[stop] == " ":
                stop += 1
            pieces.append(norm[last : run + 1])
            self.marks.append(run + 1 - removed)
            removed += stop - run - 1
            self.shifts.append(removed)
            last = stop
            run = norm.find("  ", stop)
        pieces.append(norm[last:])
        return "".join(pieces)

    @property
    def latin1(self) -> bytes:
        """``norm`` as Latin-1, every other character written ``?`` (what the automata read), encoded once."""
        if self._latin1 is None:
            try:  # (one byte a character already: a copy)
                self._latin1, self.narrow = self.norm.encode("latin-1"), True
            except UnicodeEncodeError:
                self._latin1 = self.norm.encode("latin-1", "replace")
        return self._latin1

    def word_before(self, start: int) -> tuple[str, str]:
        """The word ending before ``start`` (from its first letter), and the gap after it."""
        norm = self.norm
        if start > 1 and norm[start - 1] == " ":
            # the pattern below, read on the token before the space: a word, then up to three marks ("said,")
            space = norm.rfind(" ", start - 36 if start > 36 else 0, start - 1)
            if space >= 0 or start <= 36:  # (else a token of 35 characters or more: a web address, say)
                token = norm[space + 1 : start - 1]
                if token.isalpha() and len(token) <= 30:
                    return token, " "
                word = token.rstrip(_MARKS_AFTER_WORD)
                if word.isalpha() and len(word) <= 30 and len(token) - len(word) <= 3:
                    return word, token[len(word) :] + " "
        match = _WORD_BACKWARDS.match(norm[max(0, start - 40) : start][::-1])
        word = match.group(2)[::-1]
        if word and not word[0].isalpha():
            word = word.lstrip("'.-_0123456789")
        return word, match.group(1)[::-1]

    def word_after(self, end: int) -> tuple[str, str]:
        """The gap after ``end`` and the word that follows it."""
        token = self.token_after(end)
        if token.isalpha():  # what the pattern finds after one space, read without it
            return " ", token
        match = _NEXT_WORD.match(self.norm, end)
        return match.group(1), match.group(2) or ""

    def token_after(self, end: int) -> str:
        """What stands between the space at ``end`` and the next space; empty when ``end`` is not a space."""
        norm = self.norm
        if end >= self.size or norm[end] != " ":
            return ""
        stop = norm.find(" ", end + 1)
        return norm[end + 1 : stop] if stop >= 0 else norm[end + 1 :]

    def starts_sentence(self, start: int) -> bool:
        """Whether ``start`` opens the text, a line or a sentence."""
        norm = self.norm
        before = norm[max(0, start - 3) : start].rstrip(_OPENERS)
        if not before or before[-1] in ".!?:;":
            return True
        return self.opens_line(start)

    def sentences(self) -> Sentences:
        """The sentences of ``norm`` (:class:`geo.sentences.Sentences`), read as far as the rules ask and kept: one
        reading a text, however many names the rules look around (a new one each time read a long text again and
        again)."""
        if self._sentences is None:
            self._sentences = Sentences(self.norm)
        return self._sentences

    def opens_line(self, start: int) -> bool:
        """Whether ``start`` opens the text or a line, blanks and opening marks before it aside."""
        norm = self.norm
        # blanks are one space in ``norm``: whether a line break was among them, the input tells
        opening = start
        while opening > 0 and start - opening < 8 and norm[opening - 1] in _OPENERS:
            opening -= 1
        if opening == 0:
            return True
        if opening == start:
            return False
        to_text = self.to_text
        gap = self.text[to_text.start(opening) : to_text.start(start)]
        return any(brk in gap for brk in _LINE_BREAKS)

    @property
    def to_text(self) -> ToText:
        """The mapping of ``norm``'s offsets back to the input's, built once."""
        if self._to_text is None:
            self._to_text = ToText(self)
        return self._to_text

    def capitalised_word_before(self, start: int) -> str:
        """The word just before ``start`` if it is capitalised like a name: ``Michael`` Jordan."""
        word, gap = self.word_before(start)
        return word if gap == " " and is_name_like(word) else ""


def is_name_like(word: str) -> bool:
    """A capitalised word that is not a function word, weekday or participle: ``Michael`` Jordan."""
    return (
        word[:1].isupper()
        and word.isalpha()
        and word not in SENTENCE_WORDS
        and word not in WEEKDAYS_MONTHS
        and not word.endswith(("ing", "ed", "ly"))
    )


class ToText:
    """Offsets of ``doc.norm`` back to the input's: a start, and an end (after a run of blanks inside a name)."""

    __slots__ = ("marks", "shifts")

    def __init__(self, doc: Doc) -> None:
        self.marks = doc.marks
        self.shifts = [0, *doc.shifts]

    def start(self, position: int) -> int:
        return position + self.shifts[bisect.bisect_right(self.marks, position)]

    def end(self, position: int) -> int:
        return position + self.shifts[bisect.bisect_left(self.marks, position)]

    def first_at(self, text_position: int) -> int:
        """The first position of ``norm`` whose start lies at ``text_position`` of the input or later."""
        low, high = 0, max(text_position, 0)
        while low < high:
            middle = (low + high) // 2
            if self.start(middle) >= text_position:
                high = middle
            else:
                low = middle + 1
        return low


# Characters next to a name that may mean it is part of a web address: .../US-troops-1280.php, North+America%29
URL_MARKS = "/+=%-.#?&"


def in_url(norm: str, start: int, end: int) -> bool:
    """Whether ``start:end`` lies in a web address (a word with ``://`` or ``www.``): not a mention.

    The word is read up to 2,000 characters back and 500 on (a longer run without a space is cut there).
    """
    space = norm.rfind(" ", max(0, start - 2000), start)
    opening = space + 1 if space >= 0 else max(0, start - 2000)
    closing = norm.find(" ", end, end + 500)
    stop = closing if closing >= 0 else end + 500
    return norm.find("://", opening, stop) >= 0 or norm.find("www.", opening, stop) >= 0
