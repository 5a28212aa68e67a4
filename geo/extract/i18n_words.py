"""The words around a form that the context rules of :mod:`geo.extract.i18n` read, and the leaders' rules: the word
before a form and after it, what they make of it (a currency, a language, a place), and a leader's country."""

from __future__ import annotations

import datetime

from geo.extract.rules.common import LanguageRules, matches_word
from geo.extract.rules.en import CURRENCY
from geo.gazetteer import LeaderForm

# what a word before a form may be (bits): a currency's (dollars of the US), a language cue (en chinois), a place cue
_CURRENCY_WORD, _LANGUAGE_WORD, _PLACE_WORD = 1, 2, 4


def _word_before(norm: str, start: int, lang: str) -> str:
    if lang == "zh":
        return norm[max(0, start - 2) : start]
    head = norm[max(0, start - 40) : start].rstrip()
    return head.rpartition(" ")[2].lower().strip("«»\"'(")


def _word_after(norm: str, end: int) -> str:
    return norm[end : end + 40].lstrip().partition(" ")[0].lower().strip(".,;:»\"')")


def _other_sense(norm: str, start: int, end: int, kind: str, lang: str, rules: LanguageRules) -> bool:
    """A name or demonym that names a currency or a language, or a word that is no name here."""
    if lang != "zh":
        before = _word_before(norm, start, lang)
        if rules.currency_before and matches_word(before, rules.currency_before):
            return True
        if kind == "demonym" and before in rules.language_before:
            return True
    if any(norm.startswith(cue, end) for cue in rules.currency_after) or CURRENCY.match(norm, end):
        return True
    if kind == "demonym" and rules.language_after:
        after = norm[end : end + 2] if lang == "zh" else _word_after(norm, end)
        if matches_word(after, rules.language_after) or (lang == "zh" and after[:1] in rules.language_after):
            return True
    for word, _ in rules.not_a_name:
        if norm[start:end] == word and _word_after(norm, end)[-2:] in ("ar", "er", "ir"):
            return True
    return False


def _leader(forms: tuple[LeaderForm, ...], terms, date: datetime.date | None, named: set[str]) -> str | None:
    for form in forms:
        if form.needs_anchor and form.leader not in named:
            continue
        if any(term.in_office(date) for term in terms.get(form.leader, ())):
            named.add(form.leader)
            return form.iso3
    return None


def _in_office(forms: tuple[LeaderForm, ...], terms, date: datetime.date | None) -> tuple[str, str] | tuple[()]:
    """What :func:`_leader` gives for forms none of which needs an anchor: (country, leader) or ``()``; the same
    at every match of the document (its date is one)."""
    for form in forms:
        if any(term.in_office(date) for term in terms.get(form.leader, ())):
            return form.iso3, form.leader
    return ()


def _before_flags(before: str, rules: LanguageRules) -> int:
    flags = _CURRENCY_WORD if rules.currency_before and matches_word(before, rules.currency_before) else 0
    if before in rules.language_before:
        flags |= _LANGUAGE_WORD
    if before in rules.place_before or before in rules.place_nouns:
        flags |= _PLACE_WORD
    return flags


def _endings(rules: LanguageRules) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """The endings (two characters, lower case) that a word may have when it is a currency or language cue, and a place
    cue, as :func:`_before_flags` reads it: the word in lower case stripped of quotes is a cue word, so it ends in the
    cue's last two characters, its last character and a quote, two quotes, or a quote or space and a one-letter cue.
    None where a cue is a prefix (``доллар-``): then a word with any ending may be one."""
    found = _ENDINGS.get(rules)
    if found is None:
        quotes = _QUOTES
        place = rules.place_before | rules.place_nouns
        other = (*rules.currency_before, *rules.language_before)
        by_kind = []
        for cues in (other, place):
            if any(cue.endswith("-") for cue in cues):
                by_kind.append(None)
                continue
            ends = {a + b for a in quotes for b in quotes} | {cue[-1] + q for cue in cues for q in quotes}
            ends |= {cue[-2:] for cue in cues if len(cue) >= 2}
            ends |= {q + cue for cue in cues if len(cue) == 1 for q in quotes + " "}
            by_kind.append(frozenset(ends))
        found = _ENDINGS[rules] = (by_kind[0], by_kind[1])
    return found


def _ending_flags(ending: str, ends: frozenset[str] | None, before_flags: dict[str, int], rules: LanguageRules) -> int:
    """What the word before a form makes of it (as :func:`_before_flags`), known from the two characters before the
    space before the form: the flags of a one-letter word (a space before it), 0 when the word cannot be a cue of
    the action (its ending is none of ``ends``), -1 when they do not tell (the word is then read whole). The window of
    the rules, stripped and cut at its last space, ends in these two characters unless the second is a blank."""
    if ending[1].isspace():
        return -1
    if ending[0] == " ":
        flags = before_flags.get(ending[1])
        if flags is None:
            flags = before_flags[ending[1]] = _before_flags(ending[1].lower().strip(_QUOTES), rules)
        return flags
    lowered = ending.lower()  # (one character for one, and no final sigma: as the word's own lower case ends)
    if ends is None or len(lowered) != 2 or "Σ" in ending or lowered in ends:
        return -1
    return 0


_QUOTES = "«»\"'("
_ENDINGS: dict[LanguageRules, tuple[frozenset[str] | None, frozenset[str] | None]] = {}
