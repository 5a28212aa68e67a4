"""Country mentions in running text: one automaton pass over the text, then context rules.

What counts is defined in the project's mention guidelines: names and demonyms always; a capital
or seat of government only when it stands for the state; a leader only within their term on the
document's date; look-alikes (South China Sea, US dollars, Xinhua, Michael Jordan) never.

>>> text = "Chinese leader Xi Jinping met Putin in Beijing, not far from Xi'an."
>>> [(m.surface, m.iso3, m.kind) for m in extract_mentions(text)]
[('Chinese', 'CHN', 'demonym'), ('Xi Jinping', 'CHN', 'leader'), ('Putin', 'RUS', 'leader')]
>>> count_by_country(extract_mentions("Beijing said China and Russia agree."))
{'CHN': 2, 'RUS': 1}

When no ``date`` is given, the first full date written in the text (``18 October 2023``,
``October 18, 2023``, ``2023-10-18``) is the document's date; without one, every leader in
office at any time from 2015 on counts.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime
import gc
import operator
import re
import weakref
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

try:
    import ahocorasick_rs as _rust
except ImportError:  # the pure-C pyahocorasick path (imported when needed) is slower but gives the same matches
    _rust = None

from geo.cache import cached, fingerprint
from geo.gazetteer import Gazetteer, LeaderForm, LeaderTerm, load, strip_diacritics


@dataclass(frozen=True, slots=True)
class Mention:
    """One occurrence of a country form: where it is, what it says and what it stands for."""

    document: str
    start: int
    end: int
    surface: str
    iso3: str
    kind: str


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# --- context vocabularies (why each exists is in the guidelines; the words are ours) ---

# What follows a name or demonym when it only names a currency ("200 billion US dollars").
CURRENCIES = _words(
    "dollar yuan renminbi rupee rupiah rouble ruble lira yen rand franc peso riyal dirham dinar pound sterling "
    "shilling naira cedi kwacha ringgit baht tenge manat lari dram hryvnia zloty forint koruna krona krone taka "
    "kyat rial"
)
# cheap tests before the regex: the first letter (a one-letter string is a cached object), then three
_CURRENCY_INITIALS = frozenset(word[0] for word in CURRENCIES)
_CURRENCY_HEADS = frozenset(word[:3] for word in CURRENCIES)
_CURRENCY = re.compile(r"\$| (?:" + "|".join(sorted(CURRENCIES)) + r")s?\b")
LANGUAGE_CUES = _words(
    "in into speak speaks spoke speaking spoken translated translate translation fluent "
    "learn learning learned learnt taught teach teaching subtitled written"
)
PLACE_CUES = _words(
    "in at to from into near outside inside across around via toward towards through "
    "throughout within visit visits visited visiting reach reached reaching leave leaves "
    "left leaving arrive arrives arrived flew fly flies flying returned return returns "
    "the capital city streets downtown central greater suburban"
)
PLACE_NOUNS = _words(
    "summit meeting meetings forum declaration declarations conference talks process borough boroughs "
    "community communities area areas region hometown council underground nightlife housing rents "
    "olympics games marathon airport office bureau correspondent correspondents residents "
    "municipality municipal city suburbs suburb skyline streets street metro subway "
    "university hotel hotels hall stadium mayor police district districts neighbourhood "
    "neighborhood neighbourhoods neighborhoods outskirts centre center downtown traffic "
    "smog air weather park square museum zoo temple palace gate bridge restaurants shops "
    "apartment apartments residents marathon venue venues exhibition expo guesthouse port harbour "
    "harbor campus hospital hospitals schools market markets station boulevard avenue road roads "
    "river landmark landmarks quarter historic old famous iconic bustling"
)
# "north London", "north of Cairo", "north-west London": a part of the city
DIRECTIONS = _words(
    "north south east west northern southern eastern western northeast northwest southeast southwest "
    "north-east north-west south-east south-west northeastern northwestern southeastern southwestern"
)
# "left for Washington", "headed for Moscow": a journey's end, not the state ("support for Kyiv" is)
DEPARTURES = _words("left leave leaves leaving depart departs departed departing headed heading bound")
# "Convention Centre, Dublin": the capital ends an address
VENUE_NAMES = _words(
    "Centre Center Hotel Street Road Square Hall Park University Airport Stadium Avenue Boulevard Campus Hospital "
    "Station Arena Theatre Theater Museum Gardens Building Tower Plaza"
)
# Nouns after which "from <capital>" names the state, not a starting point: "pressure from Washington".
STATE_SOURCE_NOUNS = _words(
    "criticism criticisms pressure pressures support opposition backing approval response reaction "
    "warning warnings demand demands objection objections protest protests condemnation praise "
    "sanctions aid help assistance funding threat threats retaliation invitation signal signals "
    "message messages pushback resistance interference scrutiny recognition"
)
# What happens to a city rather than a state: "Kyiv came under fire", "Tripoli was shelled".
PLACE_EVENTS = _words("shelled bombed bombarded flooded blanketed pounded evacuated engulfed gridlocked")
# (not "hit", "under", "struck", "rocked": "Moscow was hit by sanctions", "Kyiv came under fire from allies")
# Words after which "to <capital>" names the state: "talking to Moscow", "ties to Beijing", "according to Kyiv".
STATE_TO_WORDS = _words(
    "according talk talks talking talked speak speaks speaking spoke spoken tie ties relations close closer "
    "closest loyal loyalty allegiance message messages appeal appeals appealed overture overtures reply "
    "replied respond responded responding concession concessions proposal proposals ultimatum warning "
    "warnings threat threats letter note demands pivot opposition hostile friendly sympathetic"
)
# After "<capital>-<place>" these name a route, not the state: the Jakarta-Bandung railway.
ROUTE_NOUNS = _words(
    "railway railways railroad rail highway motorway expressway pipeline pipelines route routes flight flights "
    "train trains line road corridor bus ferry link"
)
# Language names that are not country demonyms, to read lists such as "in English, French and Russian".
LANGUAGE_NAMES = _words(
    "English Arabic Mandarin Cantonese Hindi Urdu Farsi Persian Swahili Hebrew Latin Malay Tamil "
    "Bengali Punjabi Kurdish Pashto Dari Amharic Hausa Yoruba Igbo Zulu Xhosa Afrikaans Tagalog "
    "Berber Catalan Basque Welsh Uyghur Tibetan Telugu Sinhala Sinhalese Esperanto Russian Chinese "
    "French Spanish Portuguese German Italian Japanese Korean Turkish Kazakh Uzbek Kyrgyz Tajik "
    "Turkmen Mongolian Vietnamese Thai Lao Khmer Burmese Indonesian Filipino Greek Polish Ukrainian "
    "Dutch Swedish Norwegian Danish Finnish Czech Slovak Hungarian Romanian Bulgarian Serbian "
    "Croatian Albanian Armenian Georgian Azerbaijani Azeri Nepali Somali"
)
TITLES = _words(
    "President Premier PM Chancellor King Queen Emir Amir Sheikh Sultan Prince Leader Chairman "
    "Pope Taoiseach Ayatollah Mr Mrs Ms Dr Minister Presidents"
)
NOT_THE_LEADER = _words("Vice vice Deputy deputy former Former ex late Acting")
SENTENCE_WORDS = _words(
    "The A An But And Or While As If When Since Yet So Still Meanwhile However Now Then For "
    "With Both That This These Those Why How What Although Though Because After Before "
    "Until Unlike Like Even Only Also Instead Later Earlier Today Yesterday Last Next "
    "Under Over Neither Nor Not In On At By From To Of His Her Its Their Our Your Moreover Furthermore "
    "Separately Additionally Indeed Otherwise Thus Hence Therefore Overall Initially Finally Recently "
    "Previously Currently Notably Similarly Likewise Nevertheless Nonetheless Elsewhere Here There Where "
    "Who Whose Which We They He She It I You Many Some Most All Every Each Several Few Other Such Once "
    "Whether Despite Amid Against Among Between Beyond During Without Within Across Along Around Behind "
    "Near Upon Via Than Unless Whereas Let Perhaps Already Again Just Never Always Often Soon Ultimately "
    "Officials Analysts Critics Experts Leaders Ministers Delegates Observers Sources Reports Data"
)
WEEKDAYS_MONTHS = _words(
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April "
    "May June July August September October November December"
)
PERSON_LIKE_NAMES = _words(
    "Jordan Chad Georgia Niger Holland Lebanon Peru Mexico Cuba Poland Norway Sweden Denmark Brazil"
)
# Country names that are also American towns: they go through the lookalike rule only for "Lebanon, Pa.".
US_TOWN_NAMES = _words("Lebanon Peru Mexico Cuba Poland Norway Sweden Denmark Brazil")
# What follows "<town>, " when the town is American: a state's name or its AP abbreviation (Georgia and
# Washington left out: "Turkey, Georgia and Armenia", "Mexico, Washington and Ottawa" are lists of states).
US_STATES = _words(
    "Alabama Alaska Arizona Arkansas California Colorado Connecticut Delaware Florida Hawaii Idaho Illinois "
    "Indiana Iowa Kansas Kentucky Louisiana Maine Maryland Massachusetts Michigan Minnesota Mississippi Missouri "
    "Montana Nebraska Nevada Ohio Oklahoma Oregon Pennsylvania Tennessee Texas Utah Vermont Virginia Wisconsin "
    "Wyoming Ala. Ariz. Ark. Calif. Colo. Conn. Del. Fla. Ga. Ill. Ind. Kan. Ky. La. Md. Mass. Mich. Minn. Miss. "
    "Mo. Mont. Neb. Nev. N.H. N.J. N.M. N.Y. N.C. N.D. Okla. Ore. Pa. R.I. S.C. S.D. Tenn. Vt. Va. Wash. W.Va. "
    "Wis. Wyo."
)
# Countries listed next to Georgia the country: "Armenia, Georgia, Azerbaijan".
GEORGIA_NEIGHBOURS = _words(
    "Armenia Azerbaijan Turkey Türkiye Russia Ukraine Moldova Belarus Kazakhstan Iran Abkhazia Ossetia Estonia "
    "Latvia Lithuania Romania Bulgaria Poland Serbia Uzbekistan Kyrgyzstan Tajikistan Turkmenistan Mongolia "
    "Israel Iraq Syria Lebanon Jordan Greece Cyprus Germany France Italy Tbilisi Baku Yerevan Ankara"
)
US_STATE_PAIRS = (
    "New Hampshire",
    "New Jersey",
    "New Mexico",
    "New York",
    "North Carolina",
    "North Dakota",
    "South Carolina",
    "South Dakota",
    "West Virginia",
    "Rhode Island",
)
STATE_FOLLOWERS = _words(
    "President King Queen Prime Premier Foreign Minister Ministry Government Army Armed "
    "Emir Sheikh Prince Crown Defence Defense Embassy Ambassador News Central Air Airways "
    "National Republic Parliament Senate Supreme"
)
US_STATE_CUES = _words(
    "state State governor Governor Senate senator Senator Republicans Democrats Republican "
    "Democrat Democratic Bulldogs Tech Power Aquarium Dome peach"
)
MONTH_CUES = _words("in of since until by early late mid last next this from through during on")

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE = re.compile(
    rf"\b(?:(?P<y1>(?:19|20)\d\d)-(?P<m1>[01]\d)-(?P<d1>[0-3]\d)"
    rf"|(?P<d2>[0-3]?\d)\s+(?P<mon2>{_MONTH_RE})\.?,?\s+(?P<y2>(?:19|20)\d\d)"
    rf"|(?P<mon3>{_MONTH_RE})\.?\s+(?P<d3>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y3>(?:19|20)\d\d))\b",
    re.IGNORECASE,
)
DATE_WINDOW = 2000  # characters searched for the document date
LANGUAGE_NOUNS = _words("language languages translation translations subtitles")  # the Chinese language
_LANGUAGE_WORD = re.compile(r"-(?:language|speaking|speaker)s?\b| (?:" + "|".join(sorted(LANGUAGE_NOUNS)) + r")\b")
# After a language name the clause ends or another language follows; after a demonym it goes on.
# ("speaks in Spanish after ...": a preposition or conjunction ends the phrase)
CLAUSE_ENDERS = _words(
    "and or as to with on by into after before because when while but so if than then during until "
    "which that who at for from about instead through via over without"
)
_CLAUSE_GOES_ON = re.compile(r"(?! (?:" + "|".join(sorted(CLAUSE_ENDERS)) + r")\b)(?: [^\W\d]| ?[(\d])")
_NEXT_WORD = re.compile(r"([^\w]{0,3})([^\W\d_][\w'-]*)?")
# The word before a position, read on the reversed text: the gap, then the word backwards.
_WORD_BACKWARDS = re.compile(r"([^\w]{0,4})([\w'.-]{0,30})")
_NEXT_CAPITALISED = re.compile(r" ([A-Z][\w'-]*)")
_MONTH_NEXT = re.compile(r",? \d")


class _WordSearch:
    """Which groups of words a text has: a word of a group counts where it starts a word and, if it is one of the
    group's ``whole`` words, ends one too (the pattern ``\\b(?:word|...|whole\\b|...)``).

    One pass of a small automaton over the text as Latin-1 bytes (the words are ASCII): the pattern would try
    every alternative at every position, 40 ms for a megabyte of text without a hit.
    """

    def __init__(self, groups: dict[str, tuple[tuple[str, ...], tuple[str, ...]]]) -> None:
        self.words: list[str] = []
        self.whole: list[bool] = []
        self.group: list[str] = []
        self.patterns = {}
        for name, (words, whole) in groups.items():
            self.words += [*words, *whole]
            self.whole += [False] * len(words) + [True] * len(whole)
            self.group += [name] * (len(words) + len(whole))
            alternatives = [re.escape(word) for word in words] + [re.escape(word) + r"\b" for word in whole]
            self.patterns[name] = re.compile(r"\b(?:" + "|".join(alternatives) + ")")
        self._automaton = None

    def found(self, norm: str, data: bytes | None = None) -> set[str]:
        """The groups with a word in ``norm`` (``data``: ``norm`` encoded as Latin-1 with ``?``, if at hand)."""
        if _rust is None:
            return {name for name, pattern in self.patterns.items() if pattern.search(norm)}
        if self._automaton is None:
            self._automaton = _rust.BytesAhoCorasick([word.encode() for word in self.words])
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
            if len(found) == len(self.patterns):
                break
        return found


# A text about American places (a Georgia there is the state), or about the Caucasus (the country).
_AMERICAN_PLACES = (
    "Atlanta Savannah Augusta Macon Alabama Florida Tennessee Texas California Ohio Virginia Kentucky Mississippi "
    "Louisiana Arizona Michigan Pennsylvania Illinois Gov. Sen. Rep. County county"
)
_GEORGIA_CUES = _WordSearch(
    {
        "american": ((), (*sorted(_words(_AMERICAN_PLACES)), "South Carolina", "North Carolina", "Peach State")),
        "caucasus": (
            ("Tbilisi", "Abkhaz", "Ossetia", "Caucasus", "Kobakhidze", "Saakashvili", "Zourabichvili", "Kavelashvili"),
            ("Georgian", "Georgians"),
        ),
    }
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_SENTENCE_END = re.compile(r"[a-z]{4}[.!?] ")
_ASCII_BLANKS = "\n\r\t\x0b\x0c"
# Typographic marks beyond Latin-1 stand in ``_Doc.norm`` as C1 control characters (the places cp1252 gives them;
# … as \x81, \x85 being a blank), which no key holds and every rule reads as it would read the mark itself (none
# of them a letter, digit or blank): English news is then one byte a character, faster to search and to encode.
_STAND_INS = (("“", "\x93"), ("”", "\x94"), ("–", "\x96"), ("—", "\x97"), ("…", "\x81"), ("•", "\x95"), ("€", "\x80"))
_STAND_IN = dict(_STAND_INS)
_MARKS_REPLACED = (("’", "'"), ("‘", "'"), *_STAND_INS)  # curly apostrophes are the key's own apostrophe
_OPENERS = " \"'(" + _STAND_IN["“"]  # what may stand between a sentence's start and its first word
# marks that may end a word before a space: none of them a word character
_MARKS_AFTER_WORD = ",.;:!?\"')]" + _STAND_IN["”"]
_LINE_BREAKS = "\n\r\x0b\x0c\u2028\u2029"
_BLANKS = _ASCII_BLANKS + "\xa0\u2028\u2029\u2009\u202f\u3000"


def find_document_date(text: str) -> datetime.date | None:
    """The first full date written in the first lines of ``text`` (its dateline or metadata).

    >>> find_document_date("BEIJING, Oct. 18, 2023 -- ..."), find_document_date("no date")
    (datetime.date(2023, 10, 18), None)
    """
    for match in _DATE.finditer(text, 0, DATE_WINDOW):
        groups = match.groupdict()
        try:
            if groups["y1"]:
                return datetime.date(int(groups["y1"]), int(groups["m1"]), int(groups["d1"]))
            if groups["y2"]:
                month = _MONTHS[groups["mon2"].lower()]
                return datetime.date(int(groups["y2"]), month, int(groups["d2"]))
            month = _MONTHS[groups["mon3"].lower()]
            return datetime.date(int(groups["y3"]), month, int(groups["d3"]))
        except ValueError:
            continue
    return None


# --- the automaton: one per gazetteer, built on first use ---


# Which context rule a matched form goes through.
_SHIELD, _NAME, _LOOKALIKE, _DEMONYM, _CAPITAL, _LEADER = range(6)


def _rule(key: str, iso3: str | None, kind: str, leaders: list[LeaderForm]) -> int:
    if iso3 is None:
        return _LEADER if leaders else _SHIELD
    if kind == "demonym":
        return _DEMONYM
    if kind in ("capital", "seat"):
        return _CAPITAL
    return _LOOKALIKE if key in PERSON_LIKE_NAMES or key in ("Georgia", "US") else _NAME


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
_ENTRY, _START = operator.itemgetter(0), operator.itemgetter(1)  # of a match (entry index, start, end)


class _Matcher:
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
        for form in gazetteer.text_forms:
            for key in _variants(form.surface):
                senses.setdefault(key, (form.iso3, form.kind))
        for leader_form in gazetteer.leader_forms:
            for key in _variants(leader_form.surface):
                leaders.setdefault(key, []).append(leader_form)
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
        # what the counting scan keeps of a match: the entry index of a plain key, -1 for a plain leader's key
        # (its country depends on the context), None for a span to read in the input
        self.tags = [
            (-1 if rule == _LEADER else index) if plain else None
            for index, (rule, plain) in enumerate(zip(self.rules, self.plain, strict=True))
        ]
        self.no_tags = [None] * len(self.keys)
        # for a capital's key, the names of its state (longest first), which may follow it in an address
        names: dict[str, list[str]] = {}
        for key, rule, iso3 in zip(self.keys, self.rules, self.iso3s, strict=True):
            if rule in (_NAME, _LOOKALIKE) and iso3 is not None:
                names.setdefault(iso3, []).append(key)
        self.state_names = [
            tuple(sorted(names.get(iso3, ()), key=len, reverse=True)) if rule == _CAPITAL else ()
            for rule, iso3 in zip(self.rules, self.iso3s, strict=True)
        ]
        self._build_automata()

    def _build_automata(self) -> None:
        self._rust = None  # the str automaton: built when a chunk needs it
        if _rust is not None:
            encoded = [key.encode("latin-1", "replace") for key in self.keys[: self.first_foreign]]
            self._bytes = _rust.BytesAhoCorasick(encoded, **_AUTOMATON)
            self._wide: dict[bytes, list[int]] = {}  # the keys beyond Latin-1 that one byte string stands for
            for index in range(self.first_wide, self.first_foreign):
                self._wide.setdefault(encoded[index], []).append(index)
        else:
            import ahocorasick

            self._automaton = ahocorasick.Automaton()
            for index, key in enumerate(self.keys):
                self._automaton.add_word(key, (index, len(key)))
            self._automaton.make_automaton()

    def __getstate__(self) -> dict:
        """The tables, for the cache on disk (:mod:`geo.cache`); the automata are built again when read."""
        built = ("_rust", "_bytes", "_wide", "_automaton")
        return {name: value for name, value in self.__dict__.items() if name not in built}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._build_automata()

    def find(self, norm: str, doc: _Doc | None = None) -> Iterator[list[tuple[int, int, int]]]:
        """The (entry index, start, end) of every leftmost-longest match in ``norm``, a list per piece (``doc``:
        the document whose ``norm`` it is, to read its Latin-1 bytes from)."""
        if _rust is None:
            yield [(index, last + 1 - length, last + 1) for last, (index, length) in self._automaton.iter_long(norm)]
            return
        offset = 0
        while offset < len(norm):
            stop = len(norm)
            if offset + self.CHUNK < stop:
                boundary = _SENTENCE_END.search(norm, offset + self.CHUNK)
                stop = boundary.end() if boundary else stop
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
        found = self._bytes.find_matches_as_indexes(data)
        if found and b"?" in data and max(map(_ENTRY, found)) >= self.first_wide:
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


_MATCHERS: weakref.WeakKeyDictionary[Gazetteer, _Matcher] = weakref.WeakKeyDictionary()


def _matcher(gazetteer: Gazetteer) -> _Matcher:
    matcher = _MATCHERS.get(gazetteer)
    if matcher is None:
        if gazetteer.fingerprint:  # the bundled gazetteer: its tables may be on disk already (see geo.cache)
            key = fingerprint([Path(__file__)], gazetteer.fingerprint)
            matcher = cached("matcher", key, lambda: _Matcher(gazetteer), (_Matcher, LeaderForm))
        else:
            matcher = _Matcher(gazetteer)
        _MATCHERS[gazetteer] = matcher
    return matcher


# --- the document as the rules read it ---


class _Doc:
    """The text with blanks and curly apostrophes unified, typographic marks standing as one-byte characters (see
    ``_STAND_INS``) and runs of spaces collapsed.

    Rules read ``norm``. A position ``p`` of ``norm`` is ``p + shifts[i]`` in the input,
    ``i`` being the last index with ``marks[i] <= p``; there is no shift before the first mark.
    """

    __slots__ = ("text", "norm", "size", "marks", "shifts", "about_american_places", "_to_text", "_latin1", "narrow")

    def __init__(self, text: str) -> None:
        self.text = text
        ascii_only = text.isascii()
        norm = text
        for blank in _ASCII_BLANKS if ascii_only else _BLANKS:
            # (rfind, not ``in``: searching two-byte text for U+3000 forwards is twice as slow, no memchr)
            if norm.rfind(blank) >= 0:
                norm = norm.replace(blank, " ")
        if not ascii_only:
            for mark, stand_in in _MARKS_REPLACED:
                if mark in norm:
                    norm = norm.replace(mark, stand_in)
        self.marks: list[int] = []
        self.shifts: list[int] = []
        run = norm.find("  ")
        if run >= 0:
            pieces, removed, last = [], 0, 0
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
            norm = "".join(pieces)
        self.norm = norm
        self.size = len(norm)
        self.about_american_places: bool | None = None
        self._to_text: _ToText | None = None
        self._latin1: bytes | None = None
        self.narrow = False  # whether ``norm`` is all Latin-1 (known once ``latin1`` is read)

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
        # blanks are one space in ``norm``: whether a line break was among them, the input tells
        opening = start
        while opening > 0 and start - opening < 8 and norm[opening - 1] in _OPENERS:
            opening -= 1
        if opening == start:
            return False
        to_text = self.to_text
        gap = self.text[to_text.start(opening) : to_text.start(start)]
        return any(brk in gap for brk in _LINE_BREAKS)

    @property
    def to_text(self) -> _ToText:
        """The mapping of ``norm``'s offsets back to the input's, built once."""
        if self._to_text is None:
            self._to_text = _ToText(self)
        return self._to_text

    def capitalised_word_before(self, start: int) -> str:
        """The word just before ``start`` if it is capitalised like a name: ``Michael`` Jordan."""
        word, gap = self.word_before(start)
        return word if gap == " " and _is_name_like(word) else ""


def _is_name_like(word: str) -> bool:
    """A capitalised word that is not a function word, weekday or participle: ``Michael`` Jordan."""
    return (
        word[:1].isupper()
        and word.isalpha()
        and word not in SENTENCE_WORDS
        and word not in WEEKDAYS_MONTHS
        and not word.endswith(("ing", "ed", "ly"))
    )


# --- context rules, one per kind of form ---


def _is_language(doc: _Doc, start: int, end: int, previous_language_end: int) -> bool:
    """``in Chinese and Russian``, ``the Chinese language``, ``Russian-speaking``: a language."""
    token = doc.token_after(end)
    if token.isalpha():  # the patterns below, read on the word after one space
        if token in LANGUAGE_NOUNS:
            return True
        if token not in CLAUSE_ENDERS:
            return False
    elif _LANGUAGE_WORD.match(doc.norm, end):
        return True
    elif _CLAUSE_GOES_ON.match(doc.norm, end):
        return False
    before, gap = doc.word_before(start)
    cue = before.lower()
    if cue in LANGUAGE_CUES:
        return True
    if cue in ("both", "either", "fluent", "native", "plain"):
        earlier, _ = doc.word_before(start - len(before) - len(gap))
        return earlier.lower() in LANGUAGE_CUES
    if cue in ("and", "or"):
        return 0 <= start - previous_language_end <= 6 or _in_language_list(doc, start)
    return gap == ", " and before in LANGUAGE_NAMES and _in_language_list(doc, start)


def _in_language_list(doc: _Doc, start: int) -> bool:
    """``in English, French and Russian``: a list of language names that a language cue opens."""
    position, want_item = start, False
    for _ in range(12):  # at most about six languages back
        word, gap = doc.word_before(position)
        if not word:
            return False
        position -= len(word) + len(gap)
        if want_item:
            if word not in LANGUAGE_NAMES or gap not in (" ", ", "):
                return False
            want_item = False
        elif gap == " " and word.lower() in LANGUAGE_CUES:
            return True
        elif gap == " " and word in ("and", "or"):
            want_item = True
        elif gap != ", " or word not in LANGUAGE_NAMES:
            return False
    return False


def _is_other_sense(doc: _Doc, start: int, end: int) -> bool:
    """Names that are also people, US states or a pronoun: Michael Jordan, Georgia Tech, LET US."""
    surface = doc.norm[start:end]
    if surface == "US":
        before = doc.word_before(start)[0]
        return len(before) > 1 and before.isupper()  # LET US, TELL US: the pronoun in a headline
    if surface == "Georgia" and _is_us_state(doc, start, end):
        return True
    if _is_us_town(doc, end):
        return True  # Lebanon, Pa.; Holland, Mich.
    if surface in US_TOWN_NAMES:
        return False
    return _is_part_of_other_name(doc, start, end)


def _is_us_town(doc: _Doc, end: int) -> bool:
    """``Lebanon, Pa.``, ``Peru, Indiana,``, ``Moscow, Idaho``: a place followed by an American state."""
    norm = doc.norm
    if not norm.startswith(", ", end):
        return False
    state = norm[end + 2 : end + 16]
    for pair in US_STATE_PAIRS:
        if state.startswith(pair):
            stop = end + 2 + len(pair)
            break
    else:
        word = state.split(" ", 1)[0].rstrip(",;:)")
        if word not in US_STATES:
            word = word.rstrip(".")  # Peru, Indiana.
            if word not in US_STATES:
                return False
        stop = end + 2 + len(word)
    if norm.startswith((", and ", ", or "), stop):
        return False  # Mexico, Texas, and California: a list of places
    return stop >= len(norm) or norm[stop] in ",.;:)-" or norm[stop - 1] == "."  # a list goes on with "and"


def _is_part_of_other_name(doc: _Doc, start: int, end: int) -> bool:
    """``Michael Jordan``, ``Chad Smith``: a capitalised neighbour that is not a title."""
    before = doc.capitalised_word_before(start)
    if before and before not in TITLES and not before.endswith(("ing", "ed", "ly")):
        return True
    gap, after = doc.word_after(end)
    return gap == " " and after[:1].isupper() and after not in STATE_FOLLOWERS


def _is_us_state(doc: _Doc, start: int, end: int) -> bool:
    """``Atlanta, Georgia``, ``Georgia's governor``, ``the state of Georgia``."""
    before, gap = doc.word_before(start)
    lists_countries = before in GEORGIA_NEIGHBOURS or doc.norm.startswith((" and ", " or "), end)
    if gap == ", " and before[:1].isupper() and not lists_countries:
        return True  # Atlanta, Georgia; but not "Turkey, Georgia and Armenia"
    gap, after = doc.word_after(end)
    if gap == " " and after in US_STATE_CUES:
        return True
    if doc.norm.startswith("'s ", end) and doc.word_after(end + 3)[1] in US_STATE_CUES:
        return True
    if doc.norm[max(0, start - 9) : start].lower() == "state of ":
        return True
    if doc.about_american_places is None:  # once per document: a text about American places, not the Caucasus
        cues = _GEORGIA_CUES.found(doc.norm, doc.latin1)
        doc.about_american_places = "american" in cues and "caucasus" not in cues
    return doc.about_american_places


_IN_PLACE = frozenset(("in", "at", "into", "near", "outside", "inside", "across", "around", "via", "through", "within"))


def _capital_is_place(
    doc: _Doc, start: int, end: int, kind: str, place_end: int, state_names: tuple[str, ...] = ()
) -> bool:
    """Whether a capital or seat names a place rather than the state (guidelines rule 3).

    ``place_end`` is where the last capital read as a place ended: ``in Pretoria and Nairobi``; ``state_names``
    are the names of the capital's state: ``Baku, Azerbaijan`` is an address.
    """
    norm = doc.norm
    before, gap = doc.word_before(start)
    cue = before.lower()
    if gap == " ":
        if cue in DIRECTIONS:
            return True  # north London, north-west London
        if cue in ("of", "for", "between"):
            earlier = doc.word_before(start - len(before) - 1)[0].lower()
            if earlier in (DIRECTIONS if cue == "of" else DEPARTURES if cue == "for" else ROUTE_NOUNS):
                return True  # north of Cairo, left for Washington, flights between London and Harare
    elif gap == ", " and before in VENUE_NAMES:
        return True  # Convention Centre, Dublin
    if (cue in ("and", "or") and gap == " ") or gap == ", ":
        if 0 <= start - place_end <= 6:
            return True
        item = before if gap == ", " else doc.capitalised_word_before(start - len(before) - 1)
        item_start = start - len(before) - len(gap) - (0 if gap == ", " else len(item) + 1)
        if item[:1].isupper() and item.isalpha() and doc.word_before(item_start)[0] in _IN_PLACE:
            return True  # in Johannesburg and Nairobi: a list of places
    if kind == "seat" and cue == "the":
        before, gap = doc.word_before(start - len(before) - len(gap))
        cue = before.lower()
    elif cue in ("the", "capital"):
        return True  # the Beijing meeting; the capital, Abuja; Chinese capital Beijing
    following = norm[end : end + 1]
    if cue in PLACE_CUES and gap.strip(" ,") == "" and not (following == "'" and norm[end + 1 : end + 2] in "sS"):
        # "at Washington's tariffs", "in Moscow's view": the possessed noun decides (below)
        if cue == "from" or cue == "to":
            earlier = doc.word_before(start - len(before) - len(gap))[0].lower()
            if earlier in (STATE_SOURCE_NOUNS if cue == "from" else STATE_TO_WORDS):
                return False  # pressure from Washington, talking to Moscow, according to Beijing
        return True  # in Beijing, landed in Beijing, trip to Moscow
    if following == " ":
        after = doc.word_after(end)[1]
        if after.lower().rstrip("'") in PLACE_NOUNS:
            return True  # Beijing summit, Moscow airport, London boroughs' budgets
        if kind == "capital" and after[:1].isupper() and after not in WEEKDAYS_MONTHS:
            return True  # Washington Post, Astana Declaration
        if end - start > 3 and norm[start:end].isupper():
            return True  # BEIJING (Reuters), BEIJING — Officials said
        if kind == "capital" and after in ("came", "was", "were", "is", "has", "had"):
            _, event = doc.word_after(end + 1 + len(after))
            if event == "been":
                _, event = doc.word_after(end + 7 + len(after))
            if event in PLACE_EVENTS:
                return True  # Tripoli was shelled, Kyiv has been bombed
    elif following in (",", "(", ":"):
        if following == ",":
            if _is_us_town(doc, end):
                return True  # Moscow, Idaho; Paris, Texas
            if norm.startswith((", D.C.", ", DC ", ", DC,", ", DC."), end):
                return True  # Washington, D.C.
            if state_names and norm.startswith(", ", end) and norm.startswith(state_names, end + 2):
                name = next(n for n in state_names if norm.startswith(n, end + 2))  # the longest: they come so
                following = norm[end + 2 + len(name) : end + 3 + len(name)]
                if not following.isalnum() and following != "'":
                    return True  # Kuala Lumpur, Malaysia; BAKU, Azerbaijan (not "Moscow, Russia's ally")
        if end - start > 3 and norm[start:end].isupper():
            return True  # BEIJING, Oct 11
        if following == "," and doc.starts_sentence(start):
            after = doc.word_after(end)[1]
            if after[:1].isupper() or norm[end + 2 : end + 3].isdigit():
                return True  # Beijing, Oct 11:
    elif following == "-":
        if norm.startswith(("-based", "-born", "-area"), end):
            return True
        if norm[end + 1 : end + 2].isupper():  # the Jakarta-Bandung high-speed railway, the Moscow-Kazan flight
            for word in norm[end + 1 : end + 60].split(None, 4)[1:4]:
                if word.strip(",.;:").lower() in ROUTE_NOUNS:
                    return True
    elif following == "'":
        for word in norm[end : end + 40].split(None, 4)[1:4]:
            if word.strip(",.;:").lower() in PLACE_NOUNS:
                return True  # Beijing's cavernous Great Hall, Moscow's Red Square
    return kind == "capital" and gap == " " and before[:1].isupper() and _is_name_like(before)  # George Washington


_UNSEEN = object()


class _Candidates:
    """The leaders a form can name on the document's date."""

    __slots__ = ("forms", "full", "iso3", "needs_anchor", "leaders", "settled")

    def __init__(self, forms: tuple[LeaderForm, ...]) -> None:
        surface = forms[0].surface
        countries = {form.iso3 for form in forms}
        self.forms = forms
        self.full = " " in surface or "-" in surface or not surface.isascii()  # names the person alone
        self.iso3 = countries.pop() if len(countries) == 1 else None  # the one country they all lead, if any
        self.needs_anchor = any(form.needs_anchor for form in forms)
        self.leaders = frozenset(form.leader for form in forms)
        # with one country: whether one of them has been named (anchored only grows, so this stays true)
        self.settled = False


class _LeaderContext:
    """Which leaders are in office on the document's date, and who has been named in full."""

    __slots__ = ("date", "anchored", "terms", "countries", "kept", "country_of", "_read", "by_entry")

    def __init__(self, terms: dict[str, list[LeaderTerm]], date: datetime.date | None) -> None:
        self.date = date
        self.terms = terms
        self.anchored: set[str] = set()
        # every country mentioned so far: read, when needed, from what the scan kept (``country_of`` of each)
        self.countries: set[str] = set()
        self.kept: list = []
        self.country_of = None
        self._read = 0
        self.by_entry: dict[int, _Candidates | None] = {}  # the candidates of each form, by its entry in the matcher

    def candidates(self, index: int, forms: tuple[LeaderForm, ...]) -> _Candidates | None:
        """The forms of entry ``index`` whose leader is in office on the document's date, summarised once."""
        if index in self.by_entry:
            return self.by_entry[index]
        date = self.date
        current = tuple(f for f in forms if any(t.in_office(date) for t in self.terms.get(f.leader, ())))
        summary = _Candidates(current) if current else None
        self.by_entry[index] = summary
        return summary

    def resolve(self, doc: _Doc, start: int, end: int, found: _Candidates, last_end: int) -> str | None:
        """The country of the leader named at ``start:end``, or None (guidelines rule 4).

        ``found`` are the candidates of the form (see :meth:`candidates`); ``last_end`` is where the last mention
        of any kind ended. (Whether the form only goes on the name of the leader just named, the scan tells.)
        """
        norm = doc.norm
        before = ""
        if start > 2 and norm[start - 1] == " " and norm[start - 2].isalpha():
            space = norm.rfind(" ", start - 32 if start > 32 else 0, start - 1)
            # (a token of 31 characters or more, a web address say, is no title and no name)
            before = norm[space + 1 : start - 1] if space >= 0 or start <= 32 else ""
            if before in TITLES:
                if doc.word_before(start - len(before) - 1)[0] in NOT_THE_LEADER:
                    return None  # Vice President Kim, former Prime Minister Li
                return self.name(found)
        if found.full:
            return self.name(found)
        if start - 1 != last_end and before[:1].isupper() and _is_name_like(before):
            return None  # another person of the same name: Melania Trump, Hunter Biden
        if norm[end + 1 : end + 2].isupper() and norm[end : end + 1] == " ":
            following = _NEXT_CAPITALISED.match(norm, end)
            if following and following.group(1) not in WEEKDAYS_MONTHS:
                return None  # Trump Tower, Boko Haram, Abbas Araghchi
        if (
            end - start == 3
            and norm[start:end] == "May"
            and (doc.word_before(start)[0].lower() in MONTH_CUES or _MONTH_NEXT.match(norm, end))
        ):
            return None  # the month
        if found.settled:
            return found.iso3
        if self.anchored:
            if found.iso3 is not None:
                if not self.anchored.isdisjoint(found.leaders):
                    found.settled = True
                    return found.iso3
            else:
                named = [form for form in found.forms if form.leader in self.anchored]
                if named:
                    return named[-1].iso3
        if found.needs_anchor:
            return None
        if found.iso3 is None:
            named = self.likeliest(found.forms)
            return named[0].iso3 if len({form.iso3 for form in named}) == 1 else None
        return found.iso3

    def name(self, found: _Candidates) -> str | None:
        """A full name or a titled name: it names the person, who anchors later bare surnames."""
        if found.iso3 is not None:  # one country: whichever of them is meant, the answer is the same
            if not found.settled:
                if self.anchored.isdisjoint(found.leaders):
                    self.anchored.update(found.leaders)  # (else those named already are the ones meant)
                found.settled = True
            return found.iso3
        named = [form for form in found.forms if form.leader in self.anchored] or self.likeliest(found.forms)
        iso3 = named[0].iso3
        if any(form.iso3 != iso3 for form in named):
            return None
        self.anchored.update(form.leader for form in named)
        return iso3

    def likeliest(self, forms: tuple[LeaderForm, ...]) -> tuple[LeaderForm, ...]:
        """Of leaders of several countries with one name, those whose country the text already named."""
        if self._read < len(self.kept):
            self.countries.update(map(self.country_of, self.kept[self._read :]))
            self._read = len(self.kept)
        named = tuple(form for form in forms if form.iso3 in self.countries)
        return named or forms


# --- the pass ---


def _kept(
    doc: _Doc, matcher: _Matcher, leaders: _LeaderContext, *, spans: bool, counted_from: int = 0
) -> tuple[list, int]:
    """The matches the context rules keep, in order, and how many of them come before ``counted_from``.

    With ``spans`` every kept match is ``(entry index, start, end, iso3)`` in ``doc.norm``'s offsets. Without,
    a kept match of a plain key (see ``_Matcher.plain``) is its entry index, or ``(iso3, key)`` for a leader, and
    any other one its span as above: enough to count the surface forms (see :func:`forms_by_country`).
    """
    norm, size = doc.norm, doc.size
    rules, iso3s, kinds, forms_of = matcher.rules, matcher.iso3s, matcher.kinds, matcher.forms
    latin_first, latin_last, keys, state_names = (
        matcher.latin_first,
        matcher.latin_last,
        matcher.keys,
        matcher.state_names,
    )
    currency_initials, currency_heads, currency = _CURRENCY_INITIALS, _CURRENCY_HEADS, _CURRENCY.match
    url_marks = _URL_MARKS
    resolve, candidates, unseen = leaders.resolve, leaders.by_entry, _UNSEEN
    tags = matcher.no_tags if spans else matcher.tags
    name_rule, leader_rule, demonym_rule, capital_rule = _NAME, _LEADER, _DEMONYM, _CAPITAL
    kept: list = []
    keep = kept.append

    def country_of(match) -> str:  # of a match as kept (see above)
        if match.__class__ is int:
            return iso3s[match]
        return match[0] if len(match) == 2 else match[3]

    leaders.kept, leaders.country_of = kept, country_of
    before_count = 0
    last_end = language_end = place_end = -1
    leader_end, leaders_named = -2, frozenset()  # where the last leader mention ended, and whom it could name
    for matches in _pieces_of(matcher, doc, counted_from):
        if matches is None:  # where counting starts
            before_count = len(kept)
            continue
        for index, start, end in matches:
            rule = rules[index]
            if not rule:  # _SHIELD: a longer non-country phrase took the text
                continue
            if start:
                previous = norm[start - 1]
                if previous != " ":
                    if (previous.isalnum() or previous == "_") and latin_first[index]:
                        continue
                    if previous in url_marks and _in_url(norm, start, end):
                        continue
            after = norm[end] if end < size else ""
            if after != " ":
                if (after.isalnum() or after == "_") and latin_last[index]:  # no spaces in Chinese
                    continue
                if after in url_marks and _in_url(norm, start, end):
                    continue
                if (
                    after == "'"
                    and norm[end + 1 : end + 2].isalpha()
                    and (norm[end + 1] not in "sS" or norm[end + 2 : end + 3].isalnum())
                ):
                    continue  # Xi'an goes on; a possessive 's ends the name
            if rule == name_rule:
                if (
                    after == " "
                    and norm[end + 1 : end + 2] in currency_initials
                    and norm[end + 1 : end + 4] in currency_heads
                    and currency(norm, end)
                ):
                    continue
                iso3 = iso3s[index]
            elif rule == leader_rule:
                found = candidates.get(index, unseen)
                if found is unseen:
                    found = leaders.candidates(index, forms_of[index])
                if found is None:
                    continue
                if start - 1 == leader_end and norm[start - 1] == " " and not found.leaders.isdisjoint(leaders_named):
                    continue  # the rest of one name: Crown Prince Mohammed | bin Salman, Dr Mahathir | Mohamad
                iso3 = resolve(doc, start, end, found, last_end)
                if iso3 is None:
                    continue
                leader_end, leaders_named = end, found.leaders
            elif rule == demonym_rule:
                if after == " ":
                    if (
                        norm[end + 1 : end + 2] in currency_initials
                        and norm[end + 1 : end + 4] in currency_heads
                        and currency(norm, end)
                    ):
                        continue
                    if not norm[end + 1 : end + 2].isupper() and _is_language(doc, start, end, language_end):
                        language_end = end
                        continue
                elif _is_language(doc, start, end, language_end):
                    language_end = end
                    continue
                iso3 = iso3s[index]
            elif rule == capital_rule:
                if _capital_is_place(doc, start, end, kinds[index], place_end, state_names[index]):
                    place_end = end
                    continue
                iso3 = iso3s[index]
            else:
                if currency(norm, end) or _is_other_sense(doc, start, end):
                    continue
                iso3 = iso3s[index]
            last_end = end
            tag = tags[index]
            if tag is None:
                keep((index, start, end, iso3))
            elif tag < 0:
                keep((iso3, keys[index]))
            else:
                keep(tag)
    return kept, before_count


# Characters next to a name that may mean it is part of a web address: .../US-troops-1280.php, North+America%29
_URL_MARKS = "/+=%-.#?&"


def _in_url(norm: str, start: int, end: int) -> bool:
    """Whether ``start:end`` lies in a web address (a word with ``://`` or ``www.``): not a mention.

    The word is read up to 2,000 characters back and 500 on (a longer run without a space is cut there).
    """
    space = norm.rfind(" ", max(0, start - 2000), start)
    opening = space + 1 if space >= 0 else max(0, start - 2000)
    closing = norm.find(" ", end, end + 500)
    stop = closing if closing >= 0 else end + 500
    return norm.find("://", opening, stop) >= 0 or norm.find("www.", opening, stop) >= 0


def _pieces_of(matcher: _Matcher, doc: _Doc, counted_from: int) -> Iterator[list | None]:
    """``matcher.find(doc.norm)``, with ``None`` put in where matches start at ``counted_from`` or later."""
    if counted_from <= 0:
        yield None
        yield from matcher.find(doc.norm, doc)
        return
    pending = True
    for matches in matcher.find(doc.norm, doc):
        if pending and matches and matches[-1][1] >= counted_from:
            cut = bisect.bisect_left(matches, counted_from, key=_START)
            if cut:
                yield matches[:cut]
            yield None
            pending = False
            matches = matches[cut:]
        yield matches
    if pending:
        yield None


class _ToText:
    """Offsets of ``doc.norm`` back to the input's: a start, and an end (after a run of blanks inside a name)."""

    __slots__ = ("marks", "shifts")

    def __init__(self, doc: _Doc) -> None:
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


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection during a scan: it makes no reference cycles, but the match tuples it
    allocates (hundreds of thousands per 40 MB) would start a collection every 700 allocations."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def _setup(
    text: str, date: datetime.date | None, gazetteer: Gazetteer | None, find_date: bool = True
) -> tuple[_Doc, _Matcher, _LeaderContext]:
    gazetteer = gazetteer or load()
    doc = _Doc(text)
    if date is None and find_date:
        date = find_document_date(text)
    leaders = _LeaderContext(gazetteer.leader_terms, date)
    return doc, _matcher(gazetteer), leaders


def _scan(
    text: str, date: datetime.date | None, gazetteer: Gazetteer | None, find_date: bool = True
) -> Iterator[tuple[int, int, str, str]]:
    """(start, end, iso3, kind) of every mention in order, with offsets into ``text``."""
    doc, matcher, leaders = _setup(text, date, gazetteer, find_date)
    with _collector_paused():
        kept, _ = _kept(doc, matcher, leaders, spans=True)
    kinds = matcher.kinds
    if not doc.marks:
        for index, start, end, iso3 in kept:
            yield start, end, iso3, kinds[index]
        return
    to_text = doc.to_text
    for index, start, end, iso3 in kept:
        yield to_text.start(start), to_text.end(end), iso3, kinds[index]


def extract_mentions(
    text: str,
    *,
    document: str = "-",
    date: datetime.date | None = None,
    gazetteer: Gazetteer | None = None,
    find_date: bool = True,
) -> list[Mention]:
    """Every country mention in ``text``, in order, with spans into ``text``.

    Without ``date``, the first full date written in the text is the document's; ``find_date=False`` reads the
    text as undated instead (the later pieces of a long document whose first piece had no date).
    """
    return [
        Mention(document, start, end, text[start:end], iso3, kind)
        for start, end, iso3, kind in _scan(text, date, gazetteer, find_date)
    ]


def forms_by_country(
    text: str,
    *,
    date: datetime.date | None = None,
    gazetteer: Gazetteer | None = None,
    context: int = 0,
    find_date: bool = True,
) -> dict[str, Counter[str]]:
    """Per ISO3 code, how often each surface form was a mention: the per-document summary
    without building a Mention per occurrence (several times faster on long texts).

    Codes and forms come in the order they first appear. The first ``context`` characters are read (a leader
    named there anchors a later surname) but the mentions that start in them are not counted: the end of the
    previous piece of a long document.

    >>> forms_by_country("China and Russia; Chinese and Russian troops; China again.")
    {'CHN': Counter({'China': 2, 'Chinese': 1}), 'RUS': Counter({'Russia': 1, 'Russian': 1})}
    >>> forms_by_country("Putin and Xi. China, Russia.", context=14)
    {'CHN': Counter({'China': 1}), 'RUS': Counter({'Russia': 1})}
    """
    doc, matcher, leaders = _setup(text, date, gazetteer, find_date)
    to_text = doc.to_text
    with _collector_paused():
        kept, before = _kept(
            doc, matcher, leaders, spans=False, counted_from=to_text.first_at(context) if context else 0
        )
    iso3s, keys = matcher.iso3s, matcher.keys
    # spans come in order: their offsets in the input are read walking along the marks (as _ToText.start and
    # _ToText.end would find them: the marks up to a span's start, and those before its end)
    marks, shifts, passed, total = to_text.marks, to_text.shifts, 0, len(to_text.marks)
    pairs: dict[tuple[str, str], int] = {}
    for code, count in Counter(kept[before:] if before else kept).items():
        if code.__class__ is int:
            pair = (iso3s[code], keys[code])
        elif len(code) == 2:
            pair = code
        else:
            _, start, end, iso3 = code
            while passed < total and marks[passed] <= start:
                passed += 1
            inside = passed
            while inside < total and marks[inside] < end:
                inside += 1
            pair = (iso3, text[start + shifts[passed] : end + shifts[inside]])
        pairs[pair] = pairs.get(pair, 0) + count
    found: dict[str, Counter[str]] = {}
    for (iso3, surface), count in pairs.items():
        found.setdefault(iso3, Counter())[surface] = count
    return found


def count_by_country(mentions: Iterable[Mention]) -> dict[str, int]:
    """Mentions per ISO3 code, most mentioned first."""
    return dict(Counter(mention.iso3 for mention in mentions).most_common())
