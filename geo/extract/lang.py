"""The language of a document, from its script and its most frequent function words.

Chinese, Russian and Arabic are told by their script; English, French, Spanish, German and Portuguese by a vote
of function words that are frequent in news and rare in the other four (``the``/``les``/``los``/``der``/``não``).
Only the first ``SAMPLE`` characters are read: a document is one language here (a long one is read in pieces,
each with its own vote). Where the vote has fewer than two words or is tied, the text is English, so that English
extraction is exactly what it was.
"""

from __future__ import annotations

import re

LANGUAGES = ("en", "zh", "ru", "fr", "es", "ar", "de", "pt")
CHOICES = ("auto", *LANGUAGES)
SAMPLE = 4000

# script ranges: CJK ideographs, Cyrillic, Arabic
_SCRIPTS = (
    ("zh", re.compile("[\u4e00-\u9fff]")),
    ("ru", re.compile("[\u0400-\u04ff]")),
    ("ar", re.compile("[\u0600-\u06ff]")),
)
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


def detect(text: str) -> str:
    """The language code of ``text`` (one of :data:`LANGUAGES`).

    >>> detect("中俄两国元首在北京会谈。"), detect("Путин прибыл в Пекин."), detect("The summit opened.")
    ('zh', 'ru', 'en')
    >>> detect("Les dirigeants de la Chine et de la Russie se sont rencontrés à Pékin pour le forum.")
    'fr'
    """
    sample = text[:SAMPLE]
    if not sample.isascii():
        letters = len(_LETTER.findall(sample)) or 1
        for lang, script in _SCRIPTS:
            if len(script.findall(sample)) * 3 >= letters:
                return lang
    counts = dict.fromkeys(_FUNCTION_WORDS, 0)
    for word in _WORD.findall(sample.lower()):
        lang = _VOTES.get(word)
        if lang is not None:
            counts[lang] += 1
    best = max(counts, key=counts.__getitem__)
    # one function word is no evidence (a name such as "Pinto da Costa" has one): two, and more than English has
    return best if counts[best] >= 2 and counts[best] > counts["en"] else "en"


def choose(lang: str, text: str) -> str:
    """``lang`` itself, or the detected language when it is ``auto``."""
    return detect(text) if lang == "auto" else lang
