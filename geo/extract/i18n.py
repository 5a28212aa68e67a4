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
import weakref
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from operator import itemgetter

from geo.cache import cached, fingerprint
from geo.extract.i18n_scan import kept, plan_of
from geo.extract.matcher import Kept, Matcher, sources
from geo.extract.rules.common import LanguageRules
from geo.extract.rules.zh import compounds
from geo.extract.text import Doc
from geo.gazetteer import Gazetteer, LeaderForm, TextForm
from geo.paths import GAZETTEER_DIR

LANGUAGES = ("zh", "ru", "fr", "es", "ar", "de", "pt")
FILES = (GAZETTEER_DIR / "names_i18n.csv", GAZETTEER_DIR / "forms_i18n.csv")
_TEXT_KINDS = {"name": "name", "short": "short", "demonym": "demonym", "capital": "capital", "seat": "seat"}
_PLACE_KINDS = ("capital",)  # a seat (Кремль, 白宫) stands for the state unless it is a dateline


# Languages in Latin script share their curated leaders' spellings: a name written one way in French news is the
# same person in Portuguese news (Massoud Pezeshkian, Ilham Aliev), and no other word
_LATIN = ("fr", "es", "de", "pt")


def read_forms(lang: str) -> list[dict[str, str]]:
    """The rows of both tables for ``lang``, and the curated leaders' spellings of the other Latin-script languages
    (those ``lang`` does not write as well)."""
    rows, shared = [], []
    for path in FILES:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["lang"] == lang:
                    rows.append(row)
                elif lang in _LATIN and row["lang"] in _LATIN and row["kind"] == "leader" and path == FILES[1]:
                    shared.append(row)
    own = {row["form"] for row in rows}
    for row in shared:
        if row["form"] not in own:
            own.add(row["form"])
            rows.append(row)
    return rows


@dataclass
class _Forms:
    """What :class:`Matcher` reads of a gazetteer: the English forms and those of one language."""

    non_country_phrases: list[str] = field(default_factory=list)
    text_forms: list[TextForm] = field(default_factory=list)
    leader_forms: list[LeaderForm] = field(default_factory=list)
    fingerprint: str = ""
    kept_out_of_text: set[tuple[str, str, str]] = field(default_factory=set)  # (see Gazetteer.kept_out_of_text)


def _language_forms(gazetteer: Gazetteer, lang: str) -> _Forms:
    forms = _Forms(list(gazetteer.non_country_phrases), [], list(gazetteer.leader_forms))
    forms.kept_out_of_text = gazetteer.kept_out_of_text
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
    """The automaton of ``lang``, kept on disk like the English one (see :mod:`geo.cache`), and in memory per
    gazetteer (the key on disk hashes every source file: once per process, not once per document)."""
    by_language = _BY_GAZETTEER.setdefault(gazetteer, {})
    found = by_language.get(lang)
    if found is None:
        found = by_language[lang] = _matcher_for_language(gazetteer, lang)
    return found


def _matcher_for_language(gazetteer: Gazetteer, lang: str) -> Matcher:
    key = fingerprint([*sources(), *FILES], gazetteer.fingerprint + lang) if gazetteer.fingerprint else ""
    found = _MATCHERS.get(key) if key else None
    if found is None:
        build = lambda: Matcher(_language_forms(gazetteer, lang))  # noqa: E731
        found = cached("matcher-" + lang, key, build, (Matcher, LeaderForm)) if key else build()
        if key:
            _MATCHERS[key] = found
    return found


_MATCHERS: dict[str, Matcher] = {}
_BY_GAZETTEER: weakref.WeakKeyDictionary[Gazetteer, dict[str, Matcher]] = weakref.WeakKeyDictionary()


def rules_of(lang: str) -> LanguageRules:
    return importlib.import_module(f"geo.extract.rules.{lang}").RULES


_START, _END, _ISO3 = itemgetter(1), itemgetter(2), itemgetter(3)  # of a kept span


def _kept(
    doc: Doc, lang: str, date: datetime.date | None, gazetteer: Gazetteer, counted_from: int = -1
) -> tuple[list[Kept | tuple[str, str]], int]:
    """The mentions of ``doc`` (:func:`geo.extract.i18n_scan.kept`) read with the language's automaton and rules."""
    return kept(doc, lang, date, gazetteer, matcher_for_language(gazetteer, lang), rules_of(lang), counted_from)


def scan(text: str, lang: str, date: datetime.date | None, gazetteer: Gazetteer) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, iso3, kind) of every mention in ``text`` (offsets into ``text``), in order."""
    doc = Doc(text)
    kept, _ = _kept(doc, lang, date, gazetteer)
    kinds = matcher_for_language(gazetteer, lang).kinds
    if not doc.marks:
        for index, start, end, iso3 in kept:
            yield start, end, iso3, kinds[index]
        return
    walk = _ToText(doc)
    for index, start, end, iso3 in kept:
        yield (*walk.span(start, end), iso3, kinds[index])


class _ToText:
    """The offsets in the input of spans of ``doc.norm`` that come in order: read walking along the marks (as
    ``ToText.start`` and ``ToText.end`` would find them: the marks up to a span's start, and those before its end)."""

    def __init__(self, doc: Doc) -> None:
        to_text = doc.to_text
        self.marks, self.shifts, self.passed, self.total = to_text.marks, to_text.shifts, 0, len(to_text.marks)

    def span(self, start: int, end: int) -> tuple[int, int]:
        marks, passed, total = self.marks, self.passed, self.total
        while passed < total and marks[passed] <= start:
            passed += 1
        inside = passed
        while inside < total and marks[inside] < end:
            inside += 1
        self.passed = passed
        return start + self.shifts[passed], end + self.shifts[inside]


def _surfaces(doc: Doc, spans: list[tuple[int, int, int, str]]) -> list[tuple[str, str]]:
    """The (country, surface in the input) of each span, spans in order: the marks walked along once (as
    :class:`_ToText`; a search of the marks per span took longer than the scan of a paragraph-rich text)."""
    text = doc.text
    if not doc.marks:
        return list(
            zip(map(_ISO3, spans), map(text.__getitem__, map(slice, map(_START, spans), map(_END, spans))), strict=True)
        )
    to_text = doc.to_text
    marks, shifts, passed, total = to_text.marks, to_text.shifts, 0, len(to_text.marks)
    read = []
    for _, start, end, iso3 in spans:
        while passed < total and marks[passed] <= start:
            passed += 1
        inside = passed
        while inside < total and marks[inside] < end:
            inside += 1
        read.append((iso3, text[start + shifts[passed] : end + shifts[inside]]))
    return read


def forms_by_country(
    text: str, lang: str, date: datetime.date | None, gazetteer: Gazetteer, context: int = 0
) -> dict[str, Counter[str]]:
    """Per ISO3 code, how often each surface form was a mention (:func:`geo.extract.forms_by_country` for a
    language of :data:`LANGUAGES`): the mentions that start in the first ``context`` characters are not counted."""
    doc = Doc(text)
    counted_from = doc.to_text.first_at(context) if context else 0
    kept, before = _kept(doc, lang, date, gazetteer, counted_from)
    if before:
        kept = kept[before:]
    pairs = plan_of(matcher_for_language(gazetteer, lang), rules_of(lang)).pairs
    # counted as kept first: a span (entry, start, end, country) is one of its kind, a code or a (country, surface)
    # one of many, so the surfaces are read only for the spans, in the order they were kept (which is the order of
    # first appearance)
    times = Counter(kept)
    spans = [code for code in times if code.__class__ is not int and len(code) == 4]
    read = iter(_surfaces(doc, spans))
    counts: dict[str, Counter[str]] = {}
    for code, count in times.items():
        iso3, surface = pairs[code] if code.__class__ is int else code if len(code) == 2 else next(read)
        found = counts.get(iso3)
        if found is None:
            found = counts[iso3] = Counter()
        found[surface] += count
    return counts
