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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter

from geo.cache import cached, fingerprint
from geo.extract.matcher import _AUTOMATON, CAPITAL, DEMONYM, LEADER, SHIELD, Kept, Matcher, _rust, sources
from geo.extract.rules.common import LanguageRules, matches_word
from geo.extract.rules.en import CURRENCY, CURRENCY_HEADS, CURRENCY_INITIALS
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


# What the scan does with a match of an entry of the automaton, decided once per entry (see _Plan): drop it, test
# what stands around a name or a demonym (the cheap tests inline, _other_sense where the form may be a verb),
# test whether a capital is a place, keep a seat, pick a leader's country, split a compound.
DROP, NAME_TEST, DEMONYM_TEST, FULL_TEST, PLACE_TEST, KEEP, LEADER_PICK, COMPOUND = range(8)
# what a word before a form may be (bits): a currency's (dollars of the US), a language cue (en chinois), a place cue
_CURRENCY_WORD, _LANGUAGE_WORD, _PLACE_WORD = 1, 2, 4
_DATELINE_MARKS = ("(", ",", "—", "–", "-", "/")
# scripts whose text is read through the UTF-16 automaton (see _find_wide)
_WIDE_LANGUAGES = ("zh", "ru", "ar")


@dataclass
class _Plan:
    """Per entry of a language's automaton, what the scan does with a match, and the tables it reads."""

    actions: list[int]
    bounded: list[bool]  # whether a word boundary is tested at either end (no spaces in Chinese: not there)
    parts: dict[int, tuple[str, str]]  # a compound's states: of its first character ("" for none) and of the rest
    anchored: frozenset[int]  # leader entries with a form that counts only after the leader was named
    # when counting: the (country, surface) pairs counted by code, the code of each entry whose surface is its key
    # (None for the others, see Matcher.plain), of each compound's two parts, of a leader's key per country
    pairs: list[tuple[str, str]]
    codes: list[int | None]
    part_codes: dict[int, tuple[int | None, int]]
    leader_codes: dict[tuple[int, str], int | None] = field(default_factory=dict)
    wide: object = None  # the automaton over the keys in UTF-16, built at its first text

    def leader_code(self, matcher: Matcher, index: int, iso3: str) -> int | None:
        code = self.leader_codes.get((index, iso3), -1)
        if code == -1:
            code = None
            if matcher.plain[index]:
                code = len(self.pairs)
                self.pairs.append((iso3, matcher.keys[index]))
            self.leader_codes[index, iso3] = code
        return code


_PLANS: weakref.WeakKeyDictionary[Matcher, _Plan] = weakref.WeakKeyDictionary()
_START, _END, _ISO3 = itemgetter(1), itemgetter(2), itemgetter(3)  # of a match, or of a kept span
_ODD = (1).__and__


def _action(matcher: Matcher, index: int, verbs: frozenset[str]) -> int:
    rule, kind = matcher.rules[index], matcher.kinds[index]
    if rule == SHIELD:
        return DROP
    if kind == "compound":
        return COMPOUND
    if rule == LEADER:
        return LEADER_PICK
    if rule == CAPITAL:
        return PLACE_TEST if kind in _PLACE_KINDS else KEEP
    if matcher.keys[index] in verbs:
        return FULL_TEST
    return DEMONYM_TEST if rule == DEMONYM else NAME_TEST


def _plan_of(matcher: Matcher, rules: LanguageRules) -> _Plan:
    plan = _PLANS.get(matcher)
    if plan is None:
        verbs = frozenset(word for word, _ in rules.not_a_name)
        actions = [_action(matcher, index, verbs) for index in range(len(matcher.keys))]
        parts = {
            index: tuple(matcher.iso3s[index].split(" ")) for index, action in enumerate(actions) if action == COMPOUND
        }
        anchored = frozenset(
            index
            for index, action in enumerate(actions)
            if action == LEADER_PICK and any(form.needs_anchor for form in matcher.forms[index])
        )
        bounded = [first or last for first, last in zip(matcher.latin_first, matcher.latin_last, strict=True)]
        pairs: list[tuple[str, str]] = []
        codes: list[int | None] = []
        for index, key in enumerate(matcher.keys):
            plain = matcher.plain[index] and actions[index] not in (DROP, LEADER_PICK, COMPOUND)
            codes.append(len(pairs) if plain else None)
            if plain:
                pairs.append((matcher.iso3s[index], key))
        part_codes = {}
        for index, (first, rest) in parts.items():
            key = matcher.keys[index]
            part_codes[index] = (len(pairs) if first else None, len(pairs) + 1)
            pairs += [(first, key[:1]), (rest, key[1:])]
        plan = _PLANS[matcher] = _Plan(actions, bounded, parts, anchored, pairs, codes, part_codes)
    return plan


def _find_wide(plan: _Plan, matcher: Matcher, norm: str) -> list[tuple[int, int, int]] | None:
    """``matcher.find(norm)`` for text mostly beyond Latin-1 (Chinese, Cyrillic, Arabic): the text and the keys as
    UTF-16, two bytes a character, through a bytes automaton (about twice as fast as the automaton over ``str``,
    which maps every byte to a character). Exact as long as every match starts on a character, as the leftmost
    match of the bytes is then the leftmost of the characters; None where that is not so (a match inside a
    character, a character of two units, a text longer than one call of ``matcher.find``): read it as ``str``.
    The offsets are those of the bytes, twice the characters' (halved in the scan's loop, not in a copy)."""
    if _rust is None or len(norm) > matcher.CHUNK:
        return None
    try:
        data = norm.encode("utf-16-le")
    except UnicodeEncodeError:  # lone surrogates
        return None
    if len(data) != 2 * len(norm):
        return None
    if plan.wide is None:
        plan.wide = _rust.BytesAhoCorasick([key.encode("utf-16-le") for key in matcher.keys], **_AUTOMATON)
    found = plan.wide.find_matches_as_indexes(data)
    return None if any(map(_ODD, map(_START, found))) else found


def _matches(doc: Doc, matcher: Matcher, plan: _Plan, lang: str) -> tuple[Iterable[list[tuple[int, int, int]]], int]:
    """The matches of ``doc.norm``, in lists, and the shift that makes their offsets characters' (1 for bytes of
    UTF-16, see _find_wide)."""
    if lang in _WIDE_LANGUAGES:
        found = _find_wide(plan, matcher, doc.norm)
        if found is not None:
            return (found,), 1
    return matcher.find(doc.norm, doc), 0


def _before_flags(before: str, rules: LanguageRules) -> int:
    flags = _CURRENCY_WORD if rules.currency_before and matches_word(before, rules.currency_before) else 0
    if before in rules.language_before:
        flags |= _LANGUAGE_WORD
    if before in rules.place_before or before in rules.place_nouns:
        flags |= _PLACE_WORD
    return flags


def _kept(
    doc: Doc, lang: str, date: datetime.date | None, gazetteer: Gazetteer, counted_from: int = -1
) -> tuple[list[Kept], int]:
    """Every mention, in order, and how many of them start before ``counted_from``: when counting
    (``counted_from`` >= 0), a mention whose surface is the key is kept as its code in ``_Plan.pairs`` and any other
    as (entry index, start, end, iso3), offsets into ``doc.norm``; else every mention as such a span. A compound gives
    one per state it names. The rules are those of :func:`_other_sense` and :func:`_leader`, and a capital is a place
    after a place word (``в``, ``à``, ``在``), before a place suffix (``市``) or in a dateline; what the rules read of
    the words around a form is looked up once per word, and a leader's country once per document.

    (One loop over every match, longer than a function should be: a call per match doubled the scan's time, and
    Chinese or Russian news has about one match in every twenty characters.)
    """
    matcher, rules = matcher_for_language(gazetteer, lang), rules_of(lang)
    plan = _plan_of(matcher, rules)
    norm, size, zh = doc.norm, doc.size, lang == "zh"
    actions, bounded, latin_first, latin_last = plan.actions, plan.bounded, matcher.latin_first, matcher.latin_last
    iso3s, forms, parts, anchored, terms = (
        matcher.iso3s,
        matcher.forms,
        plan.parts,
        plan.anchored,
        gazetteer.leader_terms,
    )
    counting = counted_from >= 0
    codes = plan.codes if counting else [None] * len(actions)
    part_codes = plan.part_codes if counting else dict.fromkeys(parts, (None, None))
    currency_after, place_after = tuple(rules.currency_after), tuple(rules.place_after)
    zh_place_cues = tuple(rules.place_before | rules.place_nouns)
    language_after = rules.language_after
    initials, heads, currency = CURRENCY_INITIALS, CURRENCY_HEADS, CURRENCY.match
    before_flags: dict[str, int] = {}  # per word before a form, what it makes of the form (_CURRENCY_WORD, ...)
    language_words: dict[str, bool] = {}  # per word after a demonym, whether it makes a language of it
    leaders: dict[int, tuple[str, str, int | None] | tuple[()]] = {}
    named: set[str] = set()
    kept: list[Kept] = []
    keep = kept.append
    cut_at, before_count = max(counted_from, 0), -1
    chunks, shift = _matches(doc, matcher, plan, lang)
    for matches in chunks:
        for index, start, end in matches:
            start >>= shift
            end >>= shift
            if start >= cut_at:
                before_count, cut_at = len(kept), size + 1
            action = actions[index]
            if not action:
                continue
            if bounded[index]:  # (a space, the usual neighbour, tested first: no call)
                if start and latin_first[index]:
                    previous = norm[start - 1]
                    if previous != " " and (previous.isalnum() or previous == "_"):
                        continue
                if end < size and latin_last[index]:
                    following = norm[end]
                    if following != " " and (following.isalnum() or following == "_"):
                        continue
            if action <= PLACE_TEST:  # a word before the form may decide (not in Chinese: no words)
                if zh:
                    flags = 0
                else:
                    # (looked up by the word as written: lower case and stripped of quotes once per word)
                    before = norm[start - 40 if start > 40 else 0 : start].rstrip().rpartition(" ")[2]
                    flags = before_flags.get(before)
                    if flags is None:
                        flags = before_flags[before] = _before_flags(before.lower().strip("«»\"'("), rules)
            if action <= DEMONYM_TEST:  # NAME_TEST or DEMONYM_TEST
                if flags & _CURRENCY_WORD:
                    continue
                after = norm[end : end + 1]
                if after == "$" or (
                    after == " "
                    and norm[end + 1 : end + 2] in initials
                    and norm[end + 1 : end + 4] in heads
                    and currency(norm, end)
                ):
                    continue
                if currency_after and norm.startswith(currency_after, end):
                    continue
                if action == DEMONYM_TEST:
                    if flags & _LANGUAGE_WORD:
                        continue
                    if language_after:
                        word = norm[end : end + 2] if zh else norm[end : end + 40].lstrip().partition(" ")[0]
                        language = language_words.get(word)
                        if language is None:  # (the word as _word_after reads it, once per word as written)
                            read = word if zh else word.lower().strip(".,;:»\"')")
                            language = matches_word(read, language_after) or (zh and read[:1] in language_after)
                            language_words[word] = language
                        if language:
                            continue
                code = codes[index]
                keep((index, start, end, iso3s[index]) if code is None else code)
            elif action == LEADER_PICK:
                if index in anchored:
                    iso3 = _leader(forms[index], terms, date, named)
                    if iso3 is None:
                        continue
                    code = plan.leader_code(matcher, index, iso3) if counting else None
                else:
                    picked = leaders.get(index)
                    if picked is None:  # (country, leader, code): once per entry and document
                        found = _in_office(forms[index], terms, date)
                        code = plan.leader_code(matcher, index, found[0]) if found and counting else None
                        picked = leaders[index] = (*found, code) if found else ()
                    if not picked:
                        continue
                    iso3, leader, code = picked
                    if anchored:
                        named.add(leader)
                keep((index, start, end, iso3) if code is None else code)
            elif action == PLACE_TEST:
                if zh:
                    if norm[start - 2 if start > 2 else 0 : start].endswith(zh_place_cues):
                        continue
                elif flags & _PLACE_WORD:
                    continue
                if place_after and norm.startswith(place_after, end):
                    continue
                # a dateline: the capital opens the text or a line and a parenthesis, comma or dash follows
                if (start == 0 or norm[start - 1] == "\n") and norm[end : end + 2].lstrip()[:1] in _DATELINE_MARKS:
                    continue
                code = codes[index]
                keep((index, start, end, iso3s[index]) if code is None else code)
            elif action == COMPOUND:
                (first, rest), (first_code, rest_code) = parts[index], part_codes[index]
                if first:
                    keep((index, start, start + 1, first) if first_code is None else first_code)
                if start + 1 == cut_at:  # the compound's second state is the first counted
                    before_count, cut_at = len(kept), size + 1
                keep((index, start + 1, end, rest) if rest_code is None else rest_code)
            elif action == KEEP:
                code = codes[index]
                keep((index, start, end, iso3s[index]) if code is None else code)
            else:  # FULL_TEST
                kind = "demonym" if matcher.rules[index] == DEMONYM else matcher.kinds[index]
                if not _other_sense(norm, start, end, kind, lang, rules):
                    code = codes[index]
                    keep((index, start, end, iso3s[index]) if code is None else code)
    return kept, len(kept) if before_count < 0 else before_count


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
    pairs = _plan_of(matcher_for_language(gazetteer, lang), rules_of(lang)).pairs
    # counted as kept first: a span (entry, start, end, country) is one of its kind, a code one of many, so the
    # surfaces are read only for the spans, in the order they were kept (which is the order of first appearance)
    times = Counter(kept)
    spans = [code for code in times if code.__class__ is not int]
    read = iter(_surfaces(doc, spans))
    counts: dict[str, Counter[str]] = {}
    for code, count in times.items():
        iso3, surface = pairs[code] if code.__class__ is int else next(read)
        found = counts.get(iso3)
        if found is None:
            found = counts[iso3] = Counter()
        found[surface] += count
    return counts
