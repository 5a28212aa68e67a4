"""Country names, variants, demonyms, capitals and leaders, resolved to ISO 3166-1 alpha-3 codes.

The knowledge lives in ``data/gazetteer/*.csv`` on top of pycountry; :func:`load` reads it once
and builds every index, so that each lookup is a dict hit.

>>> gazetteer = load()
>>> gazetteer.resolve("Lao PDR")
Resolution(iso3='LAO', country='Laos', kind='short')
>>> gazetteer.resolve("Kazakh").iso3, gazetteer.resolve("Tokayev").kind
('KAZ', 'leader')
>>> gazetteer.resolve("Kazakhztan") is None
True
>>> [r.iso3 for r in gazetteer.suggest("Kazakhztan", 1)]
['KAZ']
"""

from __future__ import annotations

import csv
import datetime
import functools
import importlib.util
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from geo.cache import cached, fingerprint
from geo.paths import GAZETTEER_DIR

KOSOVO = "XKX"
FAR_FUTURE = datetime.date(9999, 12, 31)
FAR_PAST = datetime.date(1, 1, 1)

# Name-table kinds as the data files write them, and the kind a Resolution reports.
NAME_KINDS = {
    "common": "name",
    "official": "name",
    "name": "name",
    "short": "short",
    "abbreviation": "short",
    "former": "former",
}
# When two facts claim one spelling, the lower rank wins.
KIND_RANK = {"name": 0, "short": 0, "former": 1, "demonym": 2, "capital": 3, "seat": 3}
KIND_RANK |= {"code": 4, "leader": 5}

_SPECIAL_LETTERS = str.maketrans(
    {"ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
     "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ð": "d", "þ": "th", "ʻ": "'", "’": "'",
     "‘": "'", "`": "'", "´": "'", "–": "-", "—": "-"}
)  # fmt: skip
_NOT_WORD = re.compile(r"[^0-9a-z]+")
_SAINT = re.compile(r"\bst\b")


def _by_constructor(self):
    """Pickled as a constructor call: a slotted dataclass's own ``__setstate__`` is five times slower to read back,
    which the cache on disk (:mod:`geo.cache`) does for thousands of them at every start."""
    return (self.__class__, tuple(getattr(self, name) for name in self.__slots__))


@dataclass(frozen=True, slots=True)
class Resolution:
    """What a name stands for: the country's code, its common name, and the kind of form."""

    iso3: str
    country: str
    kind: str

    __reduce__ = _by_constructor


@dataclass(frozen=True, slots=True)
class TextForm:
    """A spelling to look for in running text, and what it stands for."""

    surface: str
    iso3: str
    kind: str

    __reduce__ = _by_constructor


@dataclass(frozen=True, slots=True)
class LeaderTerm:
    """One stint of one person as head of state or of government."""

    iso3: str
    leader: str
    role: str
    valid_from: datetime.date
    valid_to: datetime.date

    __reduce__ = _by_constructor

    def in_office(self, date: datetime.date | None) -> bool:
        """Whether the term covers ``date``; every term from 2015 on counts when it is None."""
        if date is None:
            return self.valid_to >= datetime.date(2015, 1, 1)
        return self.valid_from <= date <= self.valid_to


@dataclass(frozen=True, slots=True)
class LeaderForm:
    """A spelling of a leader's name; ``needs_anchor`` when it is also a common word or name."""

    surface: str
    leader: str
    iso3: str
    needs_anchor: bool

    __reduce__ = _by_constructor


def strip_diacritics(text: str) -> str:
    """``Türkiye`` -> ``Turkiye``; letters without a decomposition are spelled out (``ł`` -> ``l``)."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.translate(_SPECIAL_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def name_key(name: str) -> str:
    """The lookup key of a standalone name: case, diacritics, punctuation, articles and the usual
    abbreviations of data tables ignored.

    >>> name_key("  the U.S. ") == name_key("US"), name_key("St. Lucia"), name_key("Côte d’Ivoire")
    (True, 'saint lucia', 'cote d ivoire')
    >>> name_key("Dem. People's Rep. of Korea") == name_key("Democratic People's Republic of Korea")
    True
    """
    if name.isascii() and name.replace(" ", "").isalpha():
        words = [_KEY_WORDS.get(word, word) for word in f" {name.lower()} ".replace(" people s ", " peoples ").split()]
        return " ".join(word for word in words if word not in _FILLER_WORDS)
    key = strip_diacritics(name).casefold().replace("&", " and ")
    key = _ACRONYM_DOT.sub("", key).replace("'s", "s").replace("'", " ").replace(".", " ")
    key = f" {key} ".replace(" people s ", " peoples ")
    words = [_KEY_WORDS.get(word, word) for word in _NOT_WORD.sub(" ", key).split()]
    return " ".join(word for word in words if word not in _FILLER_WORDS)


# Abbreviations and spelling variants of data tables, and the words a key leaves out.
_KEY_WORDS = {
    "st": "saint",
    "ste": "sainte",
    "rep": "republic",
    "dem": "democratic",
    "fed": "federated",
    "sts": "states",
    "terr": "territory",
    "occ": "occupied",
    "br": "british",
    "neth": "netherlands",
    "is": "islands",
    "isl": "islands",
    "isds": "islands",
    "island": "islands",
    "n": "north",
    "northern": "north",
    "s": "south",
    "southern": "south",
}


def key_rules() -> dict[str, object]:
    """The abbreviations and left-out words of :func:`name_key`, for a page that folds names the same way."""
    return {"words": dict(_KEY_WORDS), "fillers": sorted(_FILLER_WORDS)}


_ACRONYM_DOT = re.compile(r"(?<=\b\w)\.(?=\w\b|\s|$)")  # U.S. -> US, D.P.R. -> DPR
_FILLER_WORDS = frozenset({"the", "of", "and"})
_SUBNATIONAL = re.compile(r"\b(?:state|province|city|county|region|district)\s*\)\s*$", re.IGNORECASE)
_MOJIBAKE = re.compile("[ÃÂ][\x80-\xbf´]")


def _iso_database() -> Path:
    """pycountry's ISO 3166-1 data file: importing pycountry itself costs more than building the whole
    gazetteer (it loads importlib.metadata for its version)."""
    package = importlib.util.find_spec("pycountry")
    if package is None or not package.submodule_search_locations:
        raise ModuleNotFoundError("the gazetteer needs pycountry: pip install pycountry")
    return Path(package.submodule_search_locations[0]) / "databases" / "iso3166-1.json"


def _iso_countries() -> list[dict[str, str]]:
    """pycountry's ISO 3166-1 table."""
    return json.loads(_iso_database().read_text(encoding="utf-8"))["3166-1"]


# The tables a Gazetteer is built from (what its cache entry is keyed by); the others are read when first needed
# (ambiguous.csv, the other languages' names: 2 MB that an English run would hash at every start for nothing)
BUILT_FROM = ("names.csv", "non_country.csv", "demonyms.csv", "capitals.csv", "leaders.csv", "leader_forms.csv")


def _read(name: str) -> Iterator[dict[str, str]]:
    with (GAZETTEER_DIR / name).open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def _date(value: str, default: datetime.date) -> datetime.date:
    return datetime.date.fromisoformat(value) if value else default


_FOREIGN_KINDS = {"name": "name", "short": "short", "demonym": "demonym", "capital": "capital", "seat": "seat"}


def _foreign_key(name: str) -> str:
    """The lookup key of a name in another language: case and spacing ignored (Казахстан, КАЗАХСТАН)."""
    return " ".join(name.casefold().split())


def _readings(name: str) -> Iterator[str]:
    """The ways a table or a writer may have meant a name, most literal first."""
    if _MOJIBAKE.search(name):
        for _ in range(2):
            try:
                name = name.encode("cp1252", errors="strict").decode("utf-8")
            except UnicodeError:
                break
    yield name
    if _SUBNATIONAL.search(name):
        return  # Georgia (US state), Guatemala (city): not the country
    if "," in name:
        head, _, tail = name.partition(",")
        yield f"{tail} {head}"  # Korea, Republic of
        yield head  # Norway, Svalbard and Jan Mayen
    if "(" in name:
        head, _, rest = name.partition("(")
        inner = rest.partition(")")[0]
        yield f"{inner} {head}"  # Congo (Democratic Republic of the)
        yield head  # Falkland Islands (Malvinas)
    if ":" in name:
        yield name.rpartition(":")[2]  # China: Hong Kong SAR
    if " excluding " in name:
        yield name.partition(" excluding ")[0]  # China excluding Hong Kong
    key = name_key(name)
    for prefix in ("kingdom ", "republic ", "state ", "commonwealth ", "principality "):
        if key.startswith(prefix):
            yield key[len(prefix) :]


class Gazetteer:
    """Every country form, indexed once; build it with :func:`load`."""

    def __init__(self) -> None:
        self.fingerprint = ""  # a hash of the files it was read from, set by load(); empty for any other
        self._country_names: dict[str, str] = {}
        self._codes: frozenset[str] | None = None
        self._index: dict[str, tuple[int, Resolution]] = {}
        self._exact: dict[str, Resolution] = {}
        self._pending: list[tuple[str, str, str, bool]] | None = []  # resolutions to index (see _indexed)
        self.text_forms: list[TextForm] = []
        # (spelling in capitals, code, kind) of the rows the tables keep out of running text (``San Jose``, the
        # Californian city far more often): no other form's plain or capital spelling may bring them back
        self.kept_out_of_text: set[tuple[str, str, str]] = set()
        self.non_country_phrases: list[str] = [row["phrase"] for row in _read("non_country.csv")]
        self.leader_terms: dict[str, list[LeaderTerm]] = {}
        self.leader_forms: list[LeaderForm] = []
        self._load_names()
        self._load_table("demonyms.csv", "form", lambda row: "demonym")
        self._load_table("capitals.csv", "name", lambda row: row["kind"])
        self._load_leaders()
        self._ambiguous: dict[str, list[Resolution]] = {}
        self._suggest_keys: list[str] = []
        self._foreign: dict[str, Resolution] = {}  # names in other languages (names_i18n.csv, forms_i18n.csv)

    def _indexed(self) -> Gazetteer:
        """The gazetteer with its index of standalone names, built on first use: ``extract`` never needs it."""
        if self._pending is not None:
            pending, self._pending = self._pending, None
            for spelling, iso3, kind, exact_only in pending:
                self._add_resolution(spelling, iso3, kind, exact_only)
            for row in _read("ambiguous.csv"):
                resolution = Resolution(row["iso3"], self._country_names[row["iso3"]], "name")
                self._ambiguous.setdefault(name_key(row["name"]), []).append(resolution)
            self._suggest_keys = sorted(key for key, (rank, _) in self._index.items() if rank < KIND_RANK["code"])
        return self

    def _index_foreign(self) -> dict[str, Resolution]:
        """Names in the other languages of the extractor, read at the first name no English reading resolves."""
        if self._foreign:
            return self._foreign
        for file in ("forms_i18n.csv", "names_i18n.csv"):
            for row in _read(file):
                kind = _FOREIGN_KINDS.get(row["kind"])
                if kind is not None and row["iso3"] in self._country_names:
                    resolution = Resolution(row["iso3"], self._country_names[row["iso3"]], kind)
                    self._foreign.setdefault(_foreign_key(row["form"]), resolution)
        return self._foreign

    def _load_names(self) -> None:
        rows = list(_read("names.csv"))
        for row in rows:
            if row["kind"] == "common":
                self._country_names[row["iso3"]] = row["name"]
        countries = _iso_countries()
        for country in countries:
            self._country_names.setdefault(country["alpha_3"], country.get("common_name") or country["name"])
        for country in countries:
            iso3 = country["alpha_3"]
            spellings = [country["name"], country.get("common_name"), country.get("official_name")]
            for spelling in filter(None, spellings):
                in_text = "," not in spelling and "(" not in spelling
                self._add(spelling, iso3, "name", in_text=in_text)
            self._add_resolution(iso3, iso3, "code", exact_only=True)
        for row in rows:
            self._add(row["name"], row["iso3"], NAME_KINDS[row["kind"]], row["in_text"] == "yes")

    def _load_table(self, file: str, column: str, kind_of) -> None:
        for row in _read(file):
            spelling, iso3, kind = row[column], row["iso3"], kind_of(row)
            if kind == "capital" and spelling.startswith(self._country_names[iso3]):
                # Mexico City is a city; as a standalone name it must not resolve to Mexico
                if row["in_text"] == "yes":
                    self.text_forms.append(TextForm(spelling, iso3, kind))
                continue
            self._add(spelling, iso3, kind, row["in_text"] == "yes")

    def _load_leaders(self) -> None:
        for row in _read("leaders.csv"):
            term = LeaderTerm(
                iso3=row["iso3"],
                leader=row["leader"],
                role=row["role"],
                valid_from=_date(row["valid_from"], FAR_PAST),
                valid_to=_date(row["valid_to"], FAR_FUTURE),
            )
            self.leader_terms.setdefault(row["leader"], []).append(term)
        countries_by_form: dict[str, set[str]] = {}
        for row in _read("leader_forms.csv"):
            form = LeaderForm(row["form"], row["leader"], row["iso3"], row["needs_anchor"] == "yes")
            self.leader_forms.append(form)
            countries = countries_by_form.setdefault(form.surface, set())
            countries.add(form.iso3 if not form.needs_anchor else "")
        for surface, countries in countries_by_form.items():
            if len(countries) == 1 and "" not in countries:
                self._add_resolution(surface, next(iter(countries)), "leader")

    def _add(self, spelling: str, iso3: str, kind: str, in_text: bool) -> None:
        self._add_resolution(spelling, iso3, kind)
        bare = spelling[4:] if spelling.startswith("the ") else spelling
        if in_text:
            self.text_forms.append(TextForm(bare, iso3, kind))
        else:
            self.kept_out_of_text.add((bare.upper(), iso3, kind))

    def _add_resolution(self, spelling: str, iso3: str, kind: str, exact_only=False) -> None:
        if self._pending is not None:
            self._pending.append((spelling, iso3, kind, exact_only))
            return
        resolution = Resolution(iso3, self._country_names.get(iso3, iso3), kind)
        self._exact.setdefault(spelling, resolution)
        if exact_only:
            return
        key = name_key(spelling)
        rank = KIND_RANK[kind]
        if key and (key not in self._index or self._index[key][0] > rank):
            self._index[key] = (rank, resolution)

    def resolve(self, name: str, *, foreign: bool = True) -> Resolution | None:
        """The country a standalone name stands for, or None when it names no country. ``foreign=False`` leaves
        out the names in other languages (a table's "Rusia" is a typo to report, not Spanish).

        >>> load().resolve("Viet Nam").iso3, load().resolve("the US").iso3, load().resolve("Man")
        ('VNM', 'USA', None)
        >>> load().resolve("Korea, Rep.").iso3, load().resolve("Georgia (US state)")
        ('KOR', None)
        """
        found = self._indexed()._exact.get(name)
        if found is not None:
            return found
        for candidate in _readings(name.strip()):
            hit = self._index.get(name_key(candidate))
            if hit is not None:
                return hit[1]
        return self._index_foreign().get(_foreign_key(name)) if foreign else None

    def candidates(self, name: str, *, foreign: bool = True) -> list[Resolution]:
        """Every country a standalone name could mean: more than one for a name that two states share
        (``data/gazetteer/ambiguous.csv``), one where :meth:`resolve` is sure, none for a non-country.

        >>> [r.iso3 for r in load().candidates("Congo")], [r.iso3 for r in load().candidates("Kazakhstan")]
        (['COG', 'COD'], ['KAZ'])
        """
        shared = self._indexed()._ambiguous.get(name_key(name))
        if shared:
            return list(shared)
        found = self.resolve(name, foreign=foreign)
        return [found] if found else []

    def country_name(self, iso3: str) -> str:
        """The common short English name: ``RUS`` -> ``Russia``, ``XKX`` -> ``Kosovo``."""
        try:
            return self._country_names[iso3]
        except KeyError:
            raise KeyError(f"unknown ISO 3166-1 alpha-3 code {iso3!r}") from None

    def suggest(self, name: str, n: int = 3) -> list[Resolution]:
        """Did-you-mean candidates for a name that does not resolve, best first."""
        import difflib  # (suggestions only: not imported by every run)

        close = difflib.get_close_matches(name_key(name), self._indexed()._suggest_keys, n=n * 3, cutoff=0.7)
        found: list[Resolution] = []
        for key in close:
            resolution = self._index[key][1]
            if resolution.iso3 not in {r.iso3 for r in found}:
                found.append(resolution)
        return found[:n]

    def search_names(self, codes: frozenset[str] | set[str]) -> tuple[dict[str, str], dict[str, list[str]]]:
        """What a map's search box knows, for the countries in ``codes``: every lookup key (:func:`name_key`) of
        a name, short or former name, demonym or capital that :meth:`resolve` takes, with its country; and the
        keys that name several of them (``congo``) with their countries. Leaders' names are left out: who they
        stand for changes with the date.

        >>> names, shared = load().search_names({"GBR", "COG", "COD"})
        >>> names["uk"], names["britain"], shared["congo"]
        ('GBR', 'GBR', ['COG', 'COD'])
        """
        index = self._indexed()._index
        names = {key: res.iso3 for key, (_, res) in index.items() if res.kind != "leader" and res.iso3 in codes}
        shared = {}
        for key, found in self._ambiguous.items():
            on_map = [r.iso3 for r in found if r.iso3 in codes]
            if len(on_map) > 1:
                shared[key] = on_map
        return dict(sorted(names.items())), dict(sorted(shared.items()))

    def iso3_codes(self) -> frozenset[str]:
        """Every ISO 3166-1 alpha-3 code, plus XKX for Kosovo."""
        if self._codes is None:
            self._codes = frozenset(self._country_names)
        return self._codes


@functools.cache
def load() -> Gazetteer:
    """The gazetteer, read from ``data/gazetteer`` once per process (or from the cache on disk, see
    :mod:`geo.cache`, when an earlier process built it from the same files)."""
    key = fingerprint([*(GAZETTEER_DIR / name for name in BUILT_FROM), _iso_database(), Path(__file__)])
    gazetteer = cached(
        "gazetteer", key, Gazetteer, (Gazetteer, Resolution, TextForm, LeaderTerm, LeaderForm, datetime.date)
    )
    gazetteer.fingerprint = key
    return gazetteer
