"""The language of a document, from its script and its most frequent function words.

Chinese, Russian and Arabic are told by their script; English, French, Spanish, German and Portuguese by a vote
of function words that are frequent in news and rare in the other four (``the``/``les``/``los``/``der``/``não``).
Only the first ``SAMPLE`` characters are read (a long document is read in pieces, each with its own vote). Where
the vote has fewer than two words or is tied, the text is English, so that English extraction is exactly what it
was. A document whose paragraphs are in different scripts (an English paragraph, then a Russian one) is read
paragraph by paragraph (:func:`segments`); within one script, the document's vote stands.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable

from geo.extract.text import MARKS_BEYOND_LATIN1

LANGUAGES = ("en", "zh", "ru", "fr", "es", "ar", "de", "pt")
CHOICES = ("auto", *LANGUAGES)
SAMPLE = 4000

# script ranges: CJK ideographs, Cyrillic, Arabic
_SCRIPT_RANGES = (("zh", "[\u4e00-\u9fff]"), ("ru", "[\u0400-\u04ff]"), ("ar", "[\u0600-\u06ff]"))
_LETTER = re.compile(r"[^\W\d_]")
_FUNCTION_WORDS = {
    "en": "the and of to is was with that for from has have said which",
    "fr": "le les des et du une est dans pour qui avec sur aux été selon",
    "es": "el los las del una es en con por según fue ha",
    "de": "der die das und den dem ist mit von ein eine auf nicht sich wurde",
    "pt": "os da do das dos na uma não tem com pelo pela foi são em ao também",
}
_WORD = re.compile(r"[^\W\d_]{2,}")  # (a letter alone is no vote: the O of O'Neill)
_VOTES = {word: lang for lang, words in reversed(_FUNCTION_WORDS.items()) for word in words.split()}
_VOTE_LANGS = list(_VOTES.values())  # in the order of the vote automaton's words
# marks that stand before or after a word in news (none of them a letter: see _votes)
_MARKS_AROUND_WORDS = ",.;:!?\"'()[]{}«»“”‘’„-–—/*…"


def detect(text: str) -> str:
    """The language code of ``text`` (one of :data:`LANGUAGES`).

    >>> detect("中俄两国元首在北京会谈。"), detect("Путин прибыл в Пекин."), detect("The summit opened.")
    ('zh', 'ru', 'en')
    >>> detect("Les dirigeants de la Chine et de la Russie se sont rencontrés à Pékin pour le forum.")
    'fr'
    """
    sample = text[:SAMPLE]
    vote = _vote_automaton()
    if not sample.isascii() and _has_other_letters(sample):
        letters = len(_LETTER.findall(sample)) or 1
        for lang, script in _scripts():
            if len(script.findall(sample)) * 3 >= letters:
                return lang
        vote = None  # (letters beyond Latin-1: read as text)
    counts = _votes(sample.lower()) if vote is None else _latin1_votes(sample, vote)
    best = max(counts, key=counts.__getitem__)
    # one function word is no evidence (a name such as "Pinto da Costa" has one): two, and more than English has
    return best if counts[best] >= 2 and counts[best] > counts["en"] else "en"


def _votes(sample: str) -> dict[str, int]:
    """How many of each language's function words ``sample`` (lower case) has, as words of two letters or more
    (``_WORD``). Read token by token between blanks: a token of letters only is one word, and one that is a word
    within marks (``the,`` ``(der``) is that word, without a pattern; only a token with marks inside (``xi's``,
    ``u.s.``) is searched with ``_WORD``. A blank or a mark is never a letter, so the words are those of
    ``_WORD.findall(sample)``, found four times faster (a news article is mostly words between blanks)."""
    counts = dict.fromkeys(_FUNCTION_WORDS, 0)
    votes = _VOTES
    for token in sample.split():
        lang = votes.get(token)
        if lang is None:
            if token.isalpha():
                continue  # a word, not a function word
            core = token.strip(_MARKS_AROUND_WORDS)
            lang = votes.get(core)
            if lang is None:
                if not core.isalpha():
                    for word in _WORD.findall(core):
                        if word in votes:
                            counts[votes[word]] += 1
                continue
        counts[lang] += 1
    return counts


@functools.cache
def _vote_automaton():
    """An automaton of the function words between spaces (`` the ``), as Latin-1 bytes, with the table that reads
    every Latin-1 character as the vote does (a letter of ``_WORD`` in lower case, anything else a space); None
    without ahocorasick-rs. (Made when first needed: 0.6 ms that a run without a vote never spends.)"""
    try:
        import ahocorasick_rs
    except ImportError:
        return None
    view = bytes.maketrans(
        bytes(range(256)),
        b"".join(
            chr(byte).lower().encode("latin-1") if re.fullmatch(r"[^\W\d_]", chr(byte)) else b" " for byte in range(256)
        ),
    )
    return ahocorasick_rs.BytesAhoCorasick([f" {word} ".encode("latin-1") for word in _VOTES]), view


def _latin1_votes(sample: str, vote: tuple) -> dict[str, int]:
    """:func:`_votes` of ``sample.lower()``, for a sample with no letter beyond Latin-1: its bytes with every
    letter in lower case and everything else a space, each space doubled (so that two words one space apart both
    stand between spaces), searched once for the function words between spaces. A quarter of the time of
    :func:`_votes`: a collection of news articles is mostly short documents, each of which needs a vote."""
    automaton, view = vote  # (see _vote_automaton)
    data = sample.encode("latin-1", "replace").translate(view)  # (any ``?`` stood for a mark: no letter)
    counts = dict.fromkeys(_FUNCTION_WORDS, 0)
    langs = _VOTE_LANGS
    for index, _, _ in automaton.find_matches_as_indexes(b" " + data.replace(b" ", b"  ") + b" "):
        counts[langs[index]] += 1
    return counts


def _has_other_letters(sample: str) -> bool:
    """Whether ``sample`` has a character beyond Latin-1 besides typographic marks (none: no script to count, and
    English news is read on without the patterns)."""
    beyond = len(sample) - len(sample.encode("latin-1", "ignore"))
    return beyond > sum(map(sample.count, MARKS_BEYOND_LATIN1))


@functools.cache
def _scripts() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """The scripts' patterns, compiled when first needed (the CJK range alone takes 3 ms)."""
    return tuple((lang, re.compile(chars)) for lang, chars in _SCRIPT_RANGES)


# Where a paragraph may be in another script than the document's, read on the text as Latin-1 bytes (every other
# character a ``?``, one byte a character: a pass at memory speed, where a pattern over the text would take 10-40 ms a
# megabyte). In Latin text: three characters beyond Latin-1 in a row (a word of Chinese, Russian or Arabic). In
# Chinese, Russian or Arabic text: four Latin words in a row, found on the bytes with every ASCII letter written
# ``a`` and every other byte but the line break a space (so that the pattern starts with a literal).
_LATIN_LETTERS = bytes(range(65, 91)) + bytes(range(97, 123))
_LATIN_VIEW = bytes.maketrans(
    bytes(range(256)), bytes(97 if byte in _LATIN_LETTERS else 10 if byte == 10 else 32 for byte in range(256))
)
_LATIN_RUN = re.compile(rb"aa+[^a\n]+aa+[^a\n]+aa+[^a\n]+aa")
_PARAGRAPH_BREAK = re.compile(r"\n[^\S\n]*\n\s*")


def _other_script_at(text: str, whole: str) -> Callable[[int], int]:
    """A search for the next position at or after a given one where a paragraph may be in another script than
    ``whole``'s (-1: none)."""
    data = text.encode("latin-1", "replace")
    if whole not in ("zh", "ru", "ar"):
        return lambda position: data.find(b"???", position)
    view = data.translate(_LATIN_VIEW)

    def latin_run(position: int) -> int:
        found = _LATIN_RUN.search(view, position)
        return found.start() if found else -1

    return latin_run


def segments(text: str, whole: str | None = None) -> list[tuple[int, int, str]]:
    """The text as runs of paragraphs (blank-line apart) of one language: (start, end, language), in order,
    covering the text. One run, the document's language (``whole``, else :func:`detect`), unless a paragraph in
    another script than the document's says otherwise (an English paragraph in Russian news, a Chinese one in
    English news; not a Russian paragraph in Chinese news); only such a paragraph is read on its own, so the
    paragraphs of a text in one script (English news quoting a word of Chinese, say) keep the document's language.

    >>> segments("Putin met Xi in Beijing.\\n\\nПутин прибыл в Пекин.")
    [(0, 26, 'en'), (26, 47, 'ru')]
    >>> segments("Putin met Xi.\\n\\nThe Russian word мир means peace.")
    [(0, 48, 'en')]
    """
    whole = whole or detect(text)
    if text.isascii():
        return [(0, len(text), whole)]
    next_at = _other_script_at(text, whole)
    found = next_at(0)
    if found < 0:
        return [(0, len(text), whole)]
    starts = [0, *(match.end() for match in _PARAGRAPH_BREAK.finditer(text))]
    langs: dict[int, str] = {}  # the paragraphs in another language than the document's
    while found >= 0:  # (one search per paragraph at most)
        number = bisect.bisect_right(starts, found) - 1
        end = starts[number + 1] if number + 1 < len(starts) else len(text)
        lang = detect(text[starts[number] : end])
        if lang != whole:
            langs[number] = lang
        found = next_at(end) if end < len(text) else -1
    runs: list[tuple[int, int, str]] = []
    for number, start in enumerate(starts):
        lang = langs.get(number, whole)
        if runs and runs[-1][2] == lang:
            continue
        if runs:
            runs[-1] = (runs[-1][0], start, runs[-1][2])
        runs.append((start, len(text), lang))
    return runs
