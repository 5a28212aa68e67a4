"""The shape of a language's context rules, as tables: which words around a form change what it stands for.

Every language module but English (:mod:`geo.extract.rules.en`, which reads ``context_words.csv``) gives one
:class:`LanguageRules`; :mod:`geo.extract.i18n` applies them. Words are compared in lower case; a ``prefix`` entry
(ending in ``-``) matches any word it starts (``доллар-`` for долларов, долларах).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LanguageRules:
    """The cues of one language (see docs/mention-guidelines.md, the section of the language)."""

    # words right before a capital that make it a place: à Pékin, в Пекине, en Pekín
    place_before: frozenset[str] = frozenset()
    # a capital after a word for "capital" or "city" is a place: в китайской столице Пекине, la capitale Pékin
    place_nouns: frozenset[str] = frozenset()
    # words or characters right after a capital that make it a place: 北京时间, 北京市
    place_after: tuple[str, ...] = ()
    # words before a name or demonym that make it a currency: долларов США, dólares estadounidenses
    currency_before: tuple[str, ...] = ()
    # what follows a name right away when it names a currency: US-Dollar
    currency_after: tuple[str, ...] = ()
    # words before a demonym that make it a language: en chinois, em chinês
    language_before: frozenset[str] = frozenset()
    # words after a demonym that make it a language: китайском языке, langue chinoise
    language_after: tuple[str, ...] = ()
    # the word and what follows that make a form a verb or another word: Portuguese "Irão discutir"
    not_a_name: tuple[tuple[str, str], ...] = ()
    # an event or an agreement named by its city: a capital after one of these nouns and a linking word is the
    # place (le sommet de Pékin, la cumbre de Pekín, a cimeira de Pequim, l'accord de Paris)
    event_nouns: frozenset[str] = frozenset()
    event_links: frozenset[str] = frozenset()
    # prefixes attached to a capital that make it a place: Arabic بالرياض (in Riyadh)
    place_prefixes: tuple[str, ...] = ()


def after_event(norm: str, start: int, rules: LanguageRules) -> bool:
    """Whether the capital at ``start`` follows an event noun and a linking word (``le sommet de``, ``l'accord de``:
    ``rules.event_nouns``, ``rules.event_links``)."""
    words = norm[start - 60 if start > 60 else 0 : start].split()
    return (
        len(words) >= 2
        and words[-1].lower() in rules.event_links
        and words[-2].lower().strip("«»\"'(").rpartition("'")[2] in rules.event_nouns
    )


def matches_word(word: str, cues) -> bool:
    """Whether ``word`` (lower case) is one of ``cues`` or starts with one of its ``prefix-`` entries."""
    if word in cues:
        return True
    return any(cue.endswith("-") and word.startswith(cue[:-1]) for cue in cues)
