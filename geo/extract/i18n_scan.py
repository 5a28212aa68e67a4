"""The scan of :mod:`geo.extract.i18n`: what is done with each match of a language's automaton, decided once per
entry (:class:`_Plan`), the search of text beyond Latin-1 as UTF-16, and the loops over the matches (one for spans of
mentions and Chinese, one for counting surface forms in languages with spaces between words)."""

from __future__ import annotations

import datetime
import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter

from geo.extract.i18n_words import (
    _CURRENCY_WORD,
    _LANGUAGE_WORD,
    _PLACE_WORD,
    _QUOTES,
    _before_flags,
    _ending_flags,
    _endings,
    _in_office,
    _leader,
    _other_sense,
)
from geo.extract.matcher import _AUTOMATON, CAPITAL, DEMONYM, LEADER, SHIELD, Kept, Matcher, _rust
from geo.extract.rules.common import LanguageRules, after_event, matches_word
from geo.extract.rules.en import CURRENCY, CURRENCY_HEADS, CURRENCY_INITIALS
from geo.extract.text import Doc
from geo.gazetteer import Gazetteer

_PLACE_KINDS = ("capital",)  # a seat (Кремль, 白宫) stands for the state unless it is a dateline


# What the scan does with a match of an entry of the automaton, decided once per entry (see _Plan): drop it, test
# what stands around a name or a demonym (the cheap tests inline, _other_sense where the form may be a verb),
# test whether a capital is a place, keep a seat, pick a leader's country, split a compound.
DROP, NAME_TEST, DEMONYM_TEST, FULL_TEST, PLACE_TEST, KEEP, LEADER_PICK, COMPOUND = range(8)
_DATELINE_MARKS = ("(", ",", "—", "–", "-", "/", ":")
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
    # per entry, what the counting loop of a language with spaces reads: (action, whether a word boundary is tested
    # before it, and after it, its code or None, its (country, key))
    entries: list[tuple[int, bool, bool, int | None, tuple[str | None, str]]]
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


def plan_of(matcher: Matcher, rules: LanguageRules) -> _Plan:
    """The plan of ``matcher`` under ``rules``, once per process (read from disk, it took as long as its building)."""
    plan = _PLANS.get(matcher)
    if plan is None:
        plan = _PLANS[matcher] = _build_plan(matcher, rules)
    return plan


def _build_plan(matcher: Matcher, rules: LanguageRules) -> _Plan:
    """The plan of ``matcher`` under ``rules`` (see :class:`_Plan`)."""
    verbs = frozenset(word for word, _ in rules.not_a_name)
    actions = [_action(matcher, index, verbs) for index in range(len(matcher.keys))]
    if rules.place_prefixes:  # a capital with a prefix that makes it a place names no state (Arabic بالرياض)
        capitals = {
            (iso3, key)
            for iso3, key, rule in zip(matcher.iso3s, matcher.keys, matcher.rules, strict=True)
            if rule == CAPITAL
        }
        for index, action in enumerate(actions):
            key, iso3 = matcher.keys[index], matcher.iso3s[index]
            if action == PLACE_TEST and any(
                key.startswith(prefix) and (iso3, key[len(prefix) :]) in capitals for prefix in rules.place_prefixes
            ):
                actions[index] = DROP
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
    keyed = zip(matcher.iso3s, matcher.keys, strict=True)
    entries = list(zip(actions, matcher.latin_first, matcher.latin_last, codes, keyed, strict=True))
    return _Plan(actions, bounded, parts, anchored, pairs, codes, part_codes, entries)


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


def _kept(
    doc: Doc,
    lang: str,
    date: datetime.date | None,
    gazetteer: Gazetteer,
    matcher: Matcher,
    rules: LanguageRules,
    counted_from: int = -1,
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
    plan = plan_of(matcher, rules)
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
    currency_after, place_after, event_links = tuple(rules.currency_after), tuple(rules.place_after), rules.event_links
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
                # a dateline: the capital opens the text or a line and a parenthesis, comma, colon or dash follows
                if norm[end : end + 2].lstrip()[:1] in _DATELINE_MARKS and (start == 0 or doc.opens_line(start)):
                    continue
                if event_links and after_event(norm, start, rules):
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


def kept(
    doc: Doc,
    lang: str,
    date: datetime.date | None,
    gazetteer: Gazetteer,
    matcher: Matcher,
    rules: LanguageRules,
    counted_from: int = -1,
) -> tuple[list[Kept | tuple[str, str]], int]:
    """The mentions of ``doc`` and how many start before ``counted_from`` (see :func:`_kept`); when counting in a
    language with spaces between words, a mention whose surface is not its key is kept as (country, surface in the
    input) instead of a span (see :func:`_counted`)."""
    if counted_from < 0 or lang == "zh":
        return _kept(doc, lang, date, gazetteer, matcher, rules, counted_from)
    plan = plan_of(matcher, rules)
    chunks, shift = _matches(doc, matcher, plan, lang)
    return _counted(doc, chunks, shift, plan, matcher, lang, rules, date, gazetteer.leader_terms, counted_from)


def _counted(
    doc: Doc,
    chunks: Iterable[list[tuple[int, int, int]]],
    shift: int,
    plan: _Plan,
    matcher: Matcher,
    lang: str,
    rules: LanguageRules,
    date: datetime.date | None,
    terms,
    counted_from: int,
) -> tuple[list[int | tuple[str, str]], int]:
    """:func:`_kept` when counting (``counted_from`` >= 0) in a language with spaces between words (not Chinese):
    the same rules in the same order, with what each entry needs read in one look-up, and a mention whose surface is
    not its key kept as (country, surface in the input), read here walking along the text's marks (as ``_ToText``
    would find it: the marks up to its start, and those before its end), so that equal ones are counted as one.

    What the word before a form makes of it is read, where a space precedes the form, from the two characters before
    that space, once per pair (:func:`_ending_flags`), and else from the word, once per word as written.

    (One loop, longer than a function should be, for the reason given at :func:`_kept`.)
    """
    norm, size, text = doc.norm, doc.size, doc.text
    entries, forms, anchored = plan.entries, matcher.forms, plan.anchored
    currency_after, place_after, event_links = tuple(rules.currency_after), tuple(rules.place_after), rules.event_links
    language_after = rules.language_after
    initials, heads, currency = CURRENCY_INITIALS, CURRENCY_HEADS, CURRENCY.match
    before_flags: dict[str, int] = {}  # per word before a form, as written
    # per two characters before the space before a form: what they tell of the word (see _ending_flags), per action
    memos: list[dict[str, int]] = [{}] * (PLACE_TEST + 1)
    memos[NAME_TEST] = memos[DEMONYM_TEST] = {}
    memos[PLACE_TEST] = {}
    endings: list[frozenset[str] | None] = [None] * (PLACE_TEST + 1)
    other_endings, place_endings = _endings(rules)
    endings[NAME_TEST] = endings[DEMONYM_TEST] = other_endings
    endings[PLACE_TEST] = place_endings
    language_words: dict[str, bool] = {}
    leaders: dict[int, tuple[tuple[str, str], str, int | None] | tuple[()]] = {}
    named: set[str] = set()
    kept: list[int | tuple[str, str]] = []
    keep = kept.append
    cut_at, before_count = counted_from, -1
    to_text = doc.to_text
    marks, shifts, total = to_text.marks, to_text.shifts, len(to_text.marks)
    passed, moved = 0, 0  # the marks at or before the last surface read, and the shift they make
    next_mark = marks[0] if total else size + 1
    for matches in chunks:
        for index, start, end in matches:
            start >>= shift
            end >>= shift
            if start >= cut_at:
                before_count, cut_at = len(kept), size + 1
            action, first, last, code, pair = entries[index]
            if not action:
                continue
            previous = norm[start - 1] if start else ""
            if first and previous != " " and (previous.isalnum() or previous == "_"):
                continue
            after = norm[end : end + 1]
            if last and after != " " and (after.isalnum() or after == "_"):
                continue
            if action <= DEMONYM_TEST or action == PLACE_TEST:
                flags = -1
                if previous == " " and start > 2:  # the two characters before the space decide most cases
                    ending = norm[start - 3 : start - 1]
                    memo = memos[action]
                    flags = memo.get(ending)
                    if flags is None:
                        flags = memo[ending] = _ending_flags(ending, endings[action], before_flags, rules)
                if flags < 0:  # (the word as written: lower case and stripped of quotes once per word)
                    before = norm[start - 40 if start > 40 else 0 : start].rstrip().rpartition(" ")[2]
                    flags = before_flags.get(before)
                    if flags is None:
                        flags = before_flags[before] = _before_flags(before.lower().strip(_QUOTES), rules)
                if action == PLACE_TEST:
                    if flags & _PLACE_WORD or (place_after and norm.startswith(place_after, end)):
                        continue
                    # a dateline: the capital opens the text or a line and a parenthesis, comma, colon or dash follows
                    if norm[end : end + 2].lstrip()[:1] in _DATELINE_MARKS and (start == 0 or doc.opens_line(start)):
                        continue
                    if event_links and after_event(norm, start, rules):
                        continue
                else:
                    if flags & _CURRENCY_WORD:
                        continue
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
                            word = norm[end : end + 40].lstrip().partition(" ")[0]
                            language = language_words.get(word)
                            if language is None:
                                read = word.lower().strip(".,;:»\"')")
                                language = language_words[word] = matches_word(read, language_after)
                            if language:
                                continue
            elif action == LEADER_PICK:
                if index in anchored:
                    iso3 = _leader(forms[index], terms, date, named)
                    if iso3 is None:
                        continue
                    code, pair = plan.leader_code(matcher, index, iso3), (iso3, pair[1])
                else:
                    picked = leaders.get(index)
                    if picked is None:  # ((country, key), leader, code): once per entry and document
                        found = _in_office(forms[index], terms, date)
                        code = plan.leader_code(matcher, index, found[0]) if found else None
                        picked = leaders[index] = ((found[0], pair[1]), found[1], code) if found else ()
                    if not picked:
                        continue
                    pair, leader, code = picked
                    if anchored:
                        named.add(leader)
            elif action == COMPOUND:
                first_code, rest_code = plan.part_codes[index]  # (None for no first state, see plan_of)
                if first_code is not None:
                    keep(first_code)
                if start + 1 == cut_at:  # the compound's second state is the first counted
                    before_count, cut_at = len(kept), size + 1
                keep(rest_code)
                continue
            elif action == FULL_TEST:
                kind = "demonym" if matcher.rules[index] == DEMONYM else matcher.kinds[index]
                if _other_sense(norm, start, end, kind, lang, rules):
                    continue
            if code is not None:
                keep(code)
                continue
            if start >= next_mark:
                passed = bisect_right(marks, start, passed)
                next_mark = marks[passed] if passed < total else size + 1
                moved = shifts[passed]
            if end > next_mark:  # a mark inside the span
                keep((pair[0], text[start + moved : end + shifts[bisect_left(marks, end, passed)]]))
            elif text.startswith(pair[1], start + moved):
                keep(pair)
            else:
                keep((pair[0], text[start + moved : end + moved]))
    return kept, len(kept) if before_count < 0 else before_count
