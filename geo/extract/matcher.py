"""The automaton: every form of the gazetteer in one multi-pattern search, leftmost-longest, built once per
gazetteer (and kept on disk, see :mod:`geo.cache`); and a small one for groups of cue words."""

from __future__ import annotations

import bisect
import functools
import operator
import re
import weakref
from collections.abc import Iterator
from pathlib import Path

try:
    import ahocorasick_rs as _rust
except ImportError:  # the pure-C pyahocorasick path (imported when needed) is slower but gives the same matches
    _rust = None

from geo.cache import cached, fingerprint
from geo.extract.text import Doc
from geo.extract.vocabulary import (
    CONTEXT_WORDS,
    PERSON_LIKE_NAMES,
    PLACE_HOMONYMS_FILE,
    PROVINCE_NAMES,
    STATE_NAMES_AFTER_TOWN,
    STATES_PROVINCES_FILE,
    place_tables,
    town_city,
)
from geo.gazetteer import Gazetteer, LeaderForm, strip_diacritics
from geo.sentences import cut_after

_SURROGATE = re.compile("[\ud800-\udfff]")

# Which context rule a matched form goes through (SHIELD: none, a longer non-country phrase or a local cue word).
SHIELD, NAME, LOOKALIKE, DEMONYM, CAPITAL, LEADER = range(6)


# What the scan keeps of a match, in order: a span of ``Doc.norm``, ``(entry index, start, end, iso3)``; or, when
# counting surface forms, the code of the match's (country, surface) pair in ``Matcher.pairs``, where the surface
# is the key itself (a plain key). (Plain tuples and ints: building a named tuple per match made the scan of
# mentions about a sixth slower.)
Span = tuple[int, int, int, str]
Kept = int | Span


def _rule(key: str, iso3: str | None, kind: str, leaders: list[LeaderForm]) -> int:
    if iso3 is None:
        return LEADER if leaders else SHIELD
    if kind == "demonym":
        return DEMONYM
    if kind in ("capital", "seat"):
        return CAPITAL
    if key in PERSON_LIKE_NAMES or key in PROVINCE_NAMES or key in ("Georgia", "South Georgia", "US"):
        return LOOKALIKE
    return NAME


def _script(key: str) -> int:
    """0 for a key in Latin-1, 1 for one with other characters too (Erdoğan), 2 for one without a Latin letter."""
    if max(key) <= "\xff":
        return 0
    return 1 if any(char.isalpha() and char <= "\xff" for char in key) else 2


def _variants(surface: str) -> set[str]:
    """A form as it may be written: with and without diacritics, and in all-caps datelines."""
    normal = surface.replace("’", "'")
    found = {normal, strip_diacritics(normal)}
    if len(normal) >= 4:
        found |= {variant.upper() for variant in found}
    return found


# The contiguous NFA scans news about twice as fast as the automaton ahocorasick-rs picks by default for this many
# keys (the noncontiguous one), and builds as fast; a DFA scans a little faster again but takes 10x longer to build.
_AUTOMATON = (
    {"matchkind": _rust.MatchKind.LeftmostLongest, "implementation": _rust.Implementation.ContiguousNFA}
    if _rust is not None
    else {}
)
# At most this many keys that do not start with a capital (English: 47) are searched for on their own, fast for so
# few keys (0.6 ms a megabyte; see Matcher._search); with more, all keys are searched for together.
_FEW_LOWER = 64
ENTRY, START = operator.itemgetter(0), operator.itemgetter(1)  # of a match (entry index, start, end)


class Matcher:
    """One multi-pattern automaton over every form, leftmost-longest, built once per gazetteer.

    ahocorasick-rs (Rust) scans about three times faster than pyahocorasick; pyahocorasick's
    ``iter_long`` gives the same leftmost-longest matches when the faster one is not installed.

    The Rust automaton reads bytes: the text encoded as Latin-1, every other character written ``?``, one byte
    per character, so byte offsets are string offsets (its ``str`` interface maps every byte of the text to a
    character index, which costs as much as the scan). A key with characters beyond Latin-1 (Erdoğan, 习近平) is
    encoded the same way, so its bytes stand for more than the key: each of its matches is checked against the
    text, and a chunk with a match that is not the key is scanned again as ``str``. That is exact: every match of
    a key in the text is a match of its bytes, so when the leftmost-longest match of the bytes is a key, it is
    the leftmost-longest match of the keys too.
    """

    # characters per automaton call: bounds the bytes copy and the match list of one call; more than a piece of a
    # long document (geo.corpus.PIECE_CHARS and its context), so that a piece is read in one call
    CHUNK = 1 << 21

    def __init__(self, gazetteer: Gazetteer) -> None:
        senses: dict[str, tuple[str | None, str]] = {}
        leaders: dict[str, list[LeaderForm]] = {}
        for phrase in gazetteer.non_country_phrases:
            for key in _variants(phrase):
                senses[key] = (None, "non-country")
        kept_out = gazetteer.kept_out_of_text
        for form in gazetteer.text_forms:
            for key in _variants(form.surface):  # (San José: not San Jose, which the tables keep out)
                if key == form.surface or (key.upper(), form.iso3, form.kind) not in kept_out:
                    senses.setdefault(key, (form.iso3, form.kind))
        for leader_form in gazetteer.leader_forms:
            for key in _variants(leader_form.surface):
                leaders.setdefault(key, []).append(leader_form)
        cues = _cue_keys(senses, leaders)
        for key in cues:
            senses.setdefault(key, (None, "cue"))
        # keys beyond Latin-1 last, so that one comparison tells whether a chunk's matches include one; last of
        # all those without a Latin letter (习近平, Владимир Путин), which the bytes cannot tell apart at all
        by_script = sorted((_script(key), key) for key in senses.keys() | leaders.keys())
        self.keys = [key for _, key in by_script]
        scripts = [script for script, _ in by_script]
        self.first_wide = bisect.bisect_left(scripts, 1)
        self.first_foreign = bisect.bisect_left(scripts, 2)
        self._foreign_firsts = frozenset(key[0] for key in self.keys[self.first_foreign :])
        table: list[tuple[int, str | None, str, tuple[LeaderForm, ...]]] = []
        for key in self.keys:
            iso3, kind = senses.get(key, (None, "leader"))
            forms = leaders.get(key, [])
            table.append((_rule(key, iso3, kind, forms), iso3, kind, tuple(forms)))
        # the table by column, and what the scan's boundary tests need to know of each key
        self.rules = [entry[0] for entry in table]
        self.iso3s = [entry[1] for entry in table]
        self.kinds = [entry[2] for entry in table]
        self.forms = [entry[3] for entry in table]
        self.latin_first = [key[0] < "\u2e80" for key in self.keys]  # no spaces in Chinese: no boundary needed
        self.latin_last = [key[-1] < "\u2e80" for key in self.keys]
        # a key without blank or apostrophe is exactly the surface in the input (nothing of it was normalised)
        self.plain = [" " not in key and "'" not in key for key in self.keys]
        self.pairs, self.codes = _pair_codes(self.keys, self.plain, self.rules, self.iso3s, self.forms)
        self.no_codes = [None] * len(self.keys)
        # for a capital's key, the names of its state (longest first), which may follow it in an address
        names: dict[str, list[str]] = {}
        for key, rule, iso3 in zip(self.keys, self.rules, self.iso3s, strict=True):
            if rule in (NAME, LOOKALIKE) and iso3 is not None:
                names.setdefault(iso3, []).append(key)
        self.state_names = [
            tuple(sorted(names.get(iso3, ()), key=len, reverse=True)) if rule == CAPITAL else ()
            for rule, iso3 in zip(self.rules, self.iso3s, strict=True)
        ]
        # the keys that are also US or Canadian places (the rules of homonyms read them in a text with a cue word),
        # and the cue words, each with whether it must end a word (see geo.extract.scan.names_local_places)
        place_keys = place_tables().keys
        self.homonyms = frozenset(
            i for i, key in enumerate(self.keys) if self.rules[i] and (place_key(key) in place_keys or town_city(key))
        )
        self.cues = {index: cues[key] for index, key in enumerate(self.keys) if key in cues}
        # with the states left out of the cue words, which make a text local after a comma (Rome, Georgia): None
        self.local_checks = self.cues | {i: None for i, key in enumerate(self.keys) if key in STATE_NAMES_AFTER_TOWN}
        from geo.extract.rules.en_congo import congo_entries  # (the rules' tables: made once, kept on disk)
        from geo.extract.rules.en_sports import team_entries

        self.congo = congo_entries(self)
        self.teams = team_entries(self)
        self._build_automata()

    def _build_automata(self) -> None:
        self._rust = None  # the str automaton: built when a chunk needs it
        if _rust is not None:
            # the bytes automaton: built when a chunk is first read as bytes (text read otherwise, Chinese or
            # Russian through geo.extract.i18n, never needs it)
            self._bytes = None
            self._capitalised = None  # (see _search)
            self._keys_bytes: list[bytes] | None = None
            self._wide: dict[bytes, list[int]] = {}  # the keys beyond Latin-1 that one byte string stands for
        else:
            import ahocorasick

            self._automaton = ahocorasick.Automaton()
            for index, key in enumerate(self.keys):
                self._automaton.add_word(key, (index, len(key)))
            self._automaton.make_automaton()

    def _bytes_automaton(self):
        """The automaton of every key up to ``first_foreign`` as bytes (built when a text needs it)."""
        if self._bytes is None:
            self._bytes = _rust.BytesAhoCorasick(self._encoded(), **_AUTOMATON)
        return self._bytes

    def _encoded(self) -> list[bytes]:
        """The keys up to ``first_foreign`` as the automata read them (Latin-1, other characters ``?``), once."""
        if self._keys_bytes is None:
            self._keys_bytes = [key.encode("latin-1", "replace") for key in self.keys[: self.first_foreign]]
            for index in range(self.first_wide, self.first_foreign):
                self._wide.setdefault(self._keys_bytes[index], []).append(index)
        return self._keys_bytes

    def _capitalised_automata(self):
        """Two automata that together stand in for :meth:`_bytes_automaton` on most text: one of the keys that
        start with a capital (every other key written as a line break, which ``Doc.norm`` never holds), one of the
        few others (``al-Sisi``, ``bin Salman``, ``counties``, ``sheriff``), only asked whether any of its keys is
        in the text; ``()`` when the others are many. Searching lower-case news for keys that start in lower case
        keeps the first automaton out of its start state: the keys that start with a capital alone scan about
        twice as fast."""
        if self._capitalised is None:
            encoded = self._encoded()
            lower = {i for i, key in enumerate(self.keys[: self.first_foreign]) if not key[0].isupper()}
            if len(lower) > _FEW_LOWER:  # (French or Spanish adjectives: the text holds them, the split cannot help)
                self._capitalised = ()
            else:
                capitalised = [b"\n" if i in lower else key for i, key in enumerate(encoded)]
                others = [encoded[i] for i in sorted(lower)] or [b"\n"]
                self._capitalised = (
                    _rust.BytesAhoCorasick(capitalised, **_AUTOMATON),
                    _rust.BytesAhoCorasick(others, **_AUTOMATON),
                )
        return self._capitalised

    def _search(self, data: bytes) -> list[tuple[int, int, int]]:
        """Every leftmost-longest match of the keys up to ``first_foreign`` in ``data``. Where no key that starts
        in lower case is in the text (nor a line break), the matches of the keys that start with a capital are
        exactly those of all keys: a key that occurs nowhere changes no leftmost-longest match."""
        automata = self._capitalised_automata()
        if not automata or automata[1].find_matches_as_indexes(data) or data.find(b"\n") >= 0:
            return self._bytes_automaton().find_matches_as_indexes(data)
        return automata[0].find_matches_as_indexes(data)

    def __getstate__(self) -> dict:
        """The tables, for the cache on disk (:mod:`geo.cache`); the automata are built again when read."""
        built = ("_rust", "_bytes", "_capitalised", "_keys_bytes", "_wide", "_automaton")
        return {name: value for name, value in self.__dict__.items() if name not in built}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._build_automata()

    def find(self, norm: str, doc: Doc | None = None) -> Iterator[list[tuple[int, int, int]]]:
        """The (entry index, start, end) of every leftmost-longest match in ``norm``, a list per piece (``doc``:
        the document whose ``norm`` it is, to read its Latin-1 bytes from)."""
        if _rust is None:
            yield [(index, last + 1 - length, last + 1) for last, (index, length) in self._automaton.iter_long(norm)]
            return
        offset = 0
        while offset < len(norm):
            stop = len(norm)
            if offset + self.CHUNK < stop:
                stop = cut_after(norm, offset + self.CHUNK) or stop
            if offset == 0 and stop == len(norm) and doc is not None:
                yield self._find_in(norm, doc.latin1, doc.narrow)
            elif offset == 0:
                yield self._find_in(norm if stop == len(norm) else norm[:stop])
            else:
                yield [(index, start + offset, end + offset) for index, start, end in self._find_in(norm[offset:stop])]
            offset = stop

    def _find_in(self, chunk: str, data: bytes | None = None, narrow: bool = False) -> list[tuple[int, int, int]]:
        """The matches in ``chunk``, read as ``data`` (its Latin-1 bytes, if at hand; ``narrow`` if it has no
        character beyond Latin-1: then no key without a Latin letter can be there)."""
        if data is None:
            data = chunk.encode("latin-1", "replace")
        pair, pairs = -1 if narrow else data.find(b"??"), len(chunk) >> 8
        while pair >= 0:  # a key without a Latin letter starts with two characters beyond Latin-1
            pairs -= 1  # (typographic pairs such as ”… are rare in English; Greek or Arabic text is read as text)
            if pairs < 0 or chunk[pair] in self._foreign_firsts:
                return self._find_in_text(chunk)
            pair = data.find(b"??", pair + 1)
        found = self._search(data)
        if found and b"?" in data and max(map(ENTRY, found)) >= self.first_wide:
            keys, wide = self.keys, self._wide
            for number, (index, start, end) in enumerate(found):
                if index >= self.first_wide:
                    surface = chunk[start:end]
                    index = next((i for i in wide[data[start:end]] if keys[i] == surface), None)
                    if index is None:  # the bytes stood for other characters: read the chunk as text
                        return self._find_in_text(chunk)
                    found[number] = (index, start, end)
        return found

    def _find_in_text(self, chunk: str) -> list[tuple[int, int, int]]:
        if self._rust is None:
            self._rust = _rust.AhoCorasick(self.keys, **_AUTOMATON)
        try:
            return self._rust.find_matches_as_indexes(chunk)
        except UnicodeEncodeError:  # lone surrogates (from surrogateescape decoding) cannot go to Rust
            return self._rust.find_matches_as_indexes(_SURROGATE.sub("\ufffd", chunk))


MATCHERS: weakref.WeakKeyDictionary[Gazetteer, Matcher] = weakref.WeakKeyDictionary()


def place_key(key: str) -> str:
    """The key as the table of places writes it: a dateline's ``PALESTINE`` is ``Palestine``."""
    return key.title() if len(key) > 3 and key.isupper() else key


def _cue_keys(senses: dict[str, tuple[str | None, str]], leaders: dict[str, list]) -> dict[str, bool]:
    """The local cue words (``PlaceTables.local_cue_words``) the automaton can look for along with the country forms: a word
    that is a non-country phrase already, or one where no key could start at a word's start or end at a word's end
    (``British Columbia`` is left out: ``British`` starts there; ``Mass.`` stays: ``Ma`` ends inside a word). A key
    that starts or ends inside a word never counts, so with these the same forms count with and without the cue
    words in the automaton (unless a form is written glued to a cue word: ``Pennsylvanial-Abadi``)."""
    keyset = senses.keys() | leaders.keys()
    keys = sorted(keyset)
    found = {}
    for word, whole in place_tables().local_cue_words.items():
        if word in keyset:
            if senses.get(word, ("", ""))[0] is None and word not in leaders:
                found[word] = whole  # a non-country phrase: it took the text before
        elif not any(_key_may_count_inside(keys, keyset, word, at) for at in range(len(word))):
            found[word] = whole
    return found


def _key_may_count_inside(keys: list[str], keyset: set[str], word: str, at: int) -> bool:
    """Whether a key may match where ``word`` is written, from its character ``at`` on, and count there."""
    if at and (word[at - 1].isalnum() or word[at - 1] == "_"):
        return False  # it would start inside a word
    rest = word[at:]
    for stop in range(1, len(rest)):
        if rest[:stop] in keyset and not rest[stop].isalnum() and rest[stop] != "_":
            return True  # a key that ends at a word's end inside the cue word
    first = bisect.bisect_left(keys, rest)
    # a key from here to the cue word's end or past it (at the start, a longer key wins over the word)
    return first < len(keys) and keys[first].startswith(rest) and (at > 0 or keys[first] == rest)


def _pair_codes(
    keys: list[str], plain: list[bool], rules: list[int], iso3s: list[str | None], forms: list[tuple[LeaderForm, ...]]
) -> tuple[list[tuple[str | None, str]], list[int | dict[str, int] | None]]:
    """The (country, surface) pairs a counting scan keeps by code, and the code of each entry: its index for a plain
    key of one country; for a leader's plain key, one code per country it may stand for (the context picks one);
    None for a key whose surface is read in the input."""
    pairs: list[tuple[str | None, str]] = list(zip(iso3s, keys, strict=True))
    codes: list[int | dict[str, int] | None] = []
    for index, key in enumerate(keys):
        if not plain[index]:
            codes.append(None)
        elif rules[index] != LEADER:
            codes.append(index)
        else:
            by_country = {}
            for iso3 in dict.fromkeys(form.iso3 for form in forms[index]):
                by_country[iso3] = len(pairs)
                pairs.append((iso3, key))
            codes.append(by_country)
    return pairs, codes


def sources() -> list[Path]:
    """What the matcher's tables come from besides the gazetteer: every module of the package and its word table
    (the key of the tables on disk covers them all)."""
    return [*sorted(Path(__file__).parent.rglob("*.py")), CONTEXT_WORDS, PLACE_HOMONYMS_FILE, STATES_PROVINCES_FILE]


def matcher_for(gazetteer: Gazetteer) -> Matcher:
    matcher = MATCHERS.get(gazetteer)
    if matcher is None:
        if gazetteer.fingerprint:  # the bundled gazetteer: its tables may be on disk already (see geo.cache)
            key = fingerprint(sources(), gazetteer.fingerprint)
            matcher = cached("matcher", key, lambda: Matcher(gazetteer), (Matcher, LeaderForm))
        else:
            matcher = Matcher(gazetteer)
        MATCHERS[gazetteer] = matcher
    return matcher


class WordSearch:
    """Which groups of words a text has: a word of a group counts where it starts a word and, if it is one of the
    group's ``whole`` words, ends one too (the pattern ``\\b(?:word|...|whole\\b|...)``).

    One pass of a small automaton over the text as Latin-1 bytes (the words are ASCII): the pattern would try
    every alternative at every position, 40 ms for a megabyte of text without a hit.
    """

    def __init__(self, groups: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]) -> None:
        self.words: list[str] = []
        self.whole: list[bool] = []
        self.group: list[str] = []
        self.groups = groups
        for name, (words, whole) in groups.items():
            self.words += [*words, *whole]
            self.whole += [False] * len(words) + [True] * len(whole)
            self.group += [name] * (len(words) + len(whole))
        self._automaton = None

    @functools.cached_property
    def patterns(self) -> dict[str, re.Pattern[str]]:
        """Each group's pattern, for a run without ahocorasick-rs (compiled then only: a module's import builds a
        WordSearch, and compiling them would cost every run)."""
        found = {}
        for name, (words, whole) in self.groups.items():
            alternatives = [re.escape(word) for word in words] + [re.escape(word) + r"\b" for word in whole]
            found[name] = re.compile(r"\b(?:" + "|".join(alternatives) + ")")
        return found

    def found(self, norm: str, data: bytes | None = None) -> set[str]:
        """The groups with a word in ``norm`` (``data``: ``norm`` encoded as Latin-1 with ``?``, if at hand)."""
        if _rust is None:
            return {name for name, pattern in self.patterns.items() if pattern.search(norm)}
        if self._automaton is None:
            # (the contiguous NFA: about twice as fast a scan as the default, see _AUTOMATON)
            self._automaton = _rust.BytesAhoCorasick(
                [word.encode() for word in self.words], implementation=_rust.Implementation.ContiguousNFA
            )
        if data is None:
            data = norm.encode("latin-1", "replace")
        size, found = len(norm), set()
        for index, start, end in self._automaton.find_matches_as_indexes(data, overlapping=True):
            if start and (norm[start - 1].isalnum() or norm[start - 1] == "_"):
                continue  # (every word starts with a letter: \\b before it wants no word character)
            if self.whole[index]:
                following = end < size and (norm[end].isalnum() or norm[end] == "_")
                if following == self.words[index][-1].isalnum():
                    continue  # no \\b after it: a word character on both sides, or on neither
            found.add(self.group[index])
            if len(found) == len(self.groups):
                break
        return found
