"""Country mentions in Chinese, Russian, French, Spanish, Arabic, German and Portuguese text.

One automaton per language (:class:`geo.extract.matcher.Matcher`) over the English forms and the language's own
(``data/gazetteer/names_i18n.csv``, made by ``scripts/make_names_i18n.py``, and ``forms_i18n.csv``, curated), then
the language's context rules (:mod:`geo.extract.rules`, one module per language, applied here). English text never
comes here: :mod:`geo.extract.scan` reads it as it always did.
"""

from __future__ import annotations

import csv
import datetime
import importlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from geo.cache import cached, fingerprint
from geo.extract.matcher import CAPITAL, DEMONYM, LEADER, SHIELD, Matcher, sources
from geo.extract.rules.common import LanguageRules, matches_word
from geo.extract.rules.en import CURRENCY
from geo.extract.rules.zh import compounds
from geo.extract.text import Doc
from geo.gazetteer import Gazetteer, LeaderForm, TextForm
from geo.paths import GAZETTEER_DIR

LANGUAGES = ("zh", "ru", "fr", "es", "ar", "de", "pt")
FILES = (GAZETTEER_DIR / "names_i18n.csv", GAZETTEER_DIR / "forms_i18n.csv")
_TEXT_KINDS = {"name": "name", "short": "short", "demonym": "demonym", "capital": "capital", "seat": "seat"}
_PLACE_KINDS = ("capital",)  # a seat (Кремль, 白宫) stands for the state unless it is a dateline


def read_forms(lang: str) -> list[dict[str, str]]:
    """The rows of both tables for ``lang``."""
    rows = []
    for path in FILES:
        with path.open(encoding="utf-8", newline="") as handle:
            rows += [row for row in csv.DictReader(handle) if row["lang"] == lang]
    return rows


@dataclass
class _Forms:
    """What :class:`Matcher` reads of a gazetteer: the English forms and those of one language."""

    non_country_phrases: list[str] = field(default_factory=list)
    text_forms: list[TextForm] = field(default_factory=list)
    leader_forms: list[LeaderForm] = field(default_factory=list)
    fingerprint: str = ""


def _language_forms(gazetteer: Gazetteer, lang: str) -> _Forms:
    forms = _Forms(list(gazetteer.non_country_phrases), [], list(gazetteer.leader_forms))
    for row in read_forms(lang):
        surface, kind = row["form"], row["kind"]
        if kind == "shield":
            forms.non_country_phrases.append(surface)
        elif kind == "leader":
            forms.leader_forms.append(LeaderForm(surface, row["leader"], row["iso3"], False))
        elif "," not in surface and "(" not in surface:  # data-table spellings resolve only (Irán, República ...)
            forms.text_forms.append(TextForm(surface, row["iso3"], "side" if kind == "side" else kind))
    if lang == "zh":
        forms.text_forms += [TextForm(key, " ".join(parts), "compound") for key, parts in compounds().items()]
    # the language's forms first: where a spelling is in both (China, Peking), the language says what it is
    forms.text_forms += gazetteer.text_forms
    return forms


def matcher_for_language(gazetteer: Gazetteer, lang: str) -> Matcher:
    """The automaton of ``lang``, kept on disk like the English one (see :mod:`geo.cache`)."""
    key = fingerprint([*sources(), *FILES], gazetteer.fingerprint + lang) if gazetteer.fingerprint else ""
    found = _MATCHERS.get(key) if key else None
    if found is None:
        build = lambda: Matcher(_language_forms(gazetteer, lang))  # noqa: E731
        found = cached("matcher-" + lang, key, build, (Matcher, LeaderForm)) if key else build()
        if key:
            _MATCHERS[key] = found
    return found


_MATCHERS: dict[str, Matcher] = {}


def rules_of(lang: str) -> LanguageRules:
    return importlib.import_module(f"geo.extract.rules.{lang}").RULES


def _word_before(norm: str, start: int, lang: str) -> str:
    if lang == "zh":
        return norm[max(0, start - 2) : start]
    head = norm[max(0, start - 40) : start].rstrip()
    return head.rpartition(" ")[2].lower().strip("«»\"'(")


def _word_after(norm: str, end: int) -> str:
    return norm[end : end + 40].lstrip().partition(" ")[0].lower().strip(".,;:»\"')")


def _is_place(norm: str, start: int, end: int, lang: str, rules: LanguageRules) -> bool:
    """A capital that names a place: after a place word, before a place suffix, or a dateline."""
    before = _word_before(norm, start, lang)
    if lang == "zh":
        if any(before.endswith(cue) for cue in rules.place_before | rules.place_nouns):
            return True
    elif before in rules.place_before or before in rules.place_nouns:
        return True
    if any(norm.startswith(cue, end) for cue in rules.place_after):
        return True
    # a dateline: the capital opens the text or a line and a parenthesis, comma or dash follows (PEKING (dpa))
    opens = start == 0 or norm[start - 1] == "\n"
    return opens and norm[end : end + 2].lstrip()[:1] in ("(", ",", "—", "–", "-", "/")


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


def scan(text: str, lang: str, date: datetime.date | None, gazetteer: Gazetteer) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, iso3, kind) of every mention in ``text`` (offsets into ``text``), in order."""
    doc = Doc(text)
    matcher, rules, norm, size = matcher_for_language(gazetteer, lang), rules_of(lang), doc.norm, doc.size
    named: set[str] = set()
    found: list[tuple[int, int, str, str]] = []
    for matches in matcher.find(norm, doc):
        for index, start, end in matches:
            rule, kind, iso3 = matcher.rules[index], matcher.kinds[index], matcher.iso3s[index]
            if rule == SHIELD:
                continue
            if start and matcher.latin_first[index] and (norm[start - 1].isalnum() or norm[start - 1] == "_"):
                continue
            if end < size and matcher.latin_last[index] and (norm[end].isalnum() or norm[end] == "_"):
                continue
            if kind == "compound":
                first, rest = iso3.split(" ")
                if first:
                    found.append((start, start + 1, first, "compound"))
                found.append((start + 1, end, rest, "compound"))
                continue
            if rule == LEADER:
                iso3 = _leader(matcher.forms[index], gazetteer.leader_terms, date, named)
                if iso3 is None:
                    continue
            elif rule == CAPITAL:
                if kind in _PLACE_KINDS and _is_place(norm, start, end, lang, rules):
                    continue
            elif rule == DEMONYM or kind in ("name", "short", "side"):
                if _other_sense(norm, start, end, "demonym" if rule == DEMONYM else kind, lang, rules):
                    continue
            elif _other_sense(norm, start, end, kind, lang, rules):
                continue
            found.append((start, end, iso3, kind))
    to_text = doc.to_text
    for start, end, iso3, kind in found:
        yield (to_text.start(start), to_text.end(end), iso3, kind) if doc.marks else (start, end, iso3, kind)
