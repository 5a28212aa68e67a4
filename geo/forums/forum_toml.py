"""A forum's forum.toml read and checked: its keys, sources, reported totals, partner lists, editions and maps."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from geo import gazetteer
from geo.errors import ForumError, Problem
from geo.forums.articles import ARTICLE_SUFFIXES, corpus_entries, corpus_files  # noqa: F401
from geo.forums.generic import TableSpec, table_spec
from geo.forums.tables import TABLE_SCHEMAS
from geo.kinds import EDITIONS, KINDS
from geo.paths import FORUMS_DIR


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    url: str = ""
    id: str = ""  # what a [[maps]] entry's ``sources`` calls it


@dataclass(frozen=True, slots=True)
class Reported:
    """A total an official source gave, e.g. attendance from 151 countries; shown beside claims of its topic."""

    topic: str  # signatories, attendance or leaders (the topics of geo.claims)
    unit: str  # countries, organizations, leaders, representatives, delegations
    value: int
    source: str
    qualifier: str = ""  # "more than", "about", … as the source words it

    def __str__(self) -> str:
        return " ".join(filter(None, (self.qualifier, f"{self.value:,}", self.unit))) + f" ({self.source})"


@dataclass(frozen=True, slots=True)
class PartnerList:
    """A list that rows of a partners table come from (their ``list`` cell), as ``[[partner_lists]]`` declares it."""

    id: str
    label: str  # names its rows in the data's count beside the coverage's claims
    note: str = ""  # said in the tooltip of each of its rows
    declared: int | None = None  # its rows as an official source counts them; the table must agree


@dataclass(frozen=True, slots=True)
class MapSpec:
    """One map a forum asks for: ``kind`` names the layer builder, ``options`` its extra keys."""

    id: str
    kind: str
    title: str
    description: str = ""
    options: dict = field(default_factory=dict)
    sources: tuple[str, ...] = ()  # ids of the forum's [[sources]] it draws on; none named: all of them


@dataclass(frozen=True, slots=True)
class Forum:
    id: str
    folder: Path
    title: str
    short_title: str
    start: dt.date | None
    end: dt.date | None
    place: str
    host: str
    declared_leaders: int | None
    corpus: tuple[Path, ...]
    sources: tuple[Source, ...]
    tables: dict[str, Path]
    maps: tuple[MapSpec, ...]
    declared_representatives: int | None = None
    editions: tuple[str, ...] = ()
    reported: tuple[Reported, ...] = ()
    partner_lists: tuple[PartnerList, ...] = ()
    table_specs: dict[str, TableSpec] = field(default_factory=dict)  # the tables it declares ([tables.<name>])
    lines: dict[str, int] = field(default_factory=dict)  # where each key sits in forum.toml, see toml_lines()
    corpus_langs: tuple[str, ...] = ()  # the language of each corpus file, as its entry names it ("auto": detected)

    @property
    def date(self) -> dt.date | None:
        """The date that picks the leaders in office when reading this forum's articles."""
        return self.end or self.start

    @property
    def toml_path(self) -> Path:
        return self.folder / "forum.toml"

    def problem(self, key: str, message: str) -> Problem:
        """A problem located at ``key``'s line in forum.toml."""
        return Problem(self.toml_path, self.lines.get(key), message)


FORUM_KEYS = {
    "title": str,
    "short_title": str,
    "start": dt.date,
    "end": dt.date,
    "place": str,
    "host": str,
    "declared_leaders": int,
    "declared_representatives": int,
    "editions": list,
    "corpus": list,
    "sources": list,
    "reported": list,
    "partner_lists": list,
    "tables": dict,
    "maps": list,
}
REQUIRED_FORUM_KEYS = ("title", "maps")
MAP_KEYS = {"id", "kind", "title", "description", "sources"}  # every map's; its kind (geo.kinds) may take more


_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


def discover(root: Path = FORUMS_DIR) -> list[Path]:
    """Every forum folder below ``root`` (a folder holding ``forum.toml``), sorted by name."""
    return sorted(p.parent for p in root.glob("*/forum.toml"))


def find_forum(name_or_path: str, root: Path = FORUMS_DIR) -> Path:
    """A forum folder from a bundled forum's id (``brf2023``) or a path to a folder or its forum.toml."""
    path = Path(name_or_path)
    if path.name == "forum.toml":
        path = path.parent
    if (path / "forum.toml").is_file():
        return path
    if (root / name_or_path / "forum.toml").is_file():
        return root / name_or_path
    known = ", ".join(p.name for p in discover(root)) or "none"
    raise ForumError([Problem(path, None, f"no forum.toml here, and no bundled forum of that name (known: {known})")])


def inside(folder: Path, relative: str, toml: Path, problems: list[Problem], line: int | None = None) -> Path | None:
    """``folder/relative`` if it stays inside ``folder`` (symlinks resolved), else a problem and None."""
    if Path(relative).is_absolute():
        problems.append(Problem(toml, line, f"path {relative!r} is absolute; give a path inside the forum folder"))
        return None
    target = (folder / relative).resolve()
    if not target.is_relative_to(folder.resolve()):
        problems.append(Problem(toml, line, f"path {relative!r} leaves the forum folder; refused"))
        return None
    if not target.exists():
        problems.append(Problem(toml, line, f"path {relative!r} does not exist"))
        return None
    return folder / relative


def _sibling_forum(folder: Path, edition: object) -> bool:
    """Whether ``edition`` names a forum folder beside ``folder``: a bare name, not a path, and no link out."""
    if not isinstance(edition, str) or not _ID_RE.match(edition):
        return False
    sibling = folder.parent / edition
    return (sibling / "forum.toml").is_file() and sibling.resolve().parent == folder.parent.resolve()


def toml_lines(text: str) -> dict[str, int]:
    """Line of every key in a simple TOML file: ``title``, ``tables.leaders``, ``maps[1]`` (its header),
    ``maps[1].kind``; enough to point a problem at its line without a full TOML parser."""
    lines: dict[str, int] = {}
    section, counts = "", {}
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if match := re.match(r"\[\[\s*([\w-]+)\s*\]\]", line):
            name = match.group(1)
            counts[name] = counts.get(name, -1) + 1
            section = f"{name}[{counts[name]}]"
            lines.setdefault(section, number)
        elif match := re.match(r"\[\s*([\w.-]+)\s*\]", line):
            section = match.group(1)
            lines.setdefault(section, number)
        elif match := re.match(r"""([\w.-]+|"[^"]*")\s*=""", line):
            key = match.group(1).strip('"')
            lines.setdefault(f"{section}.{key}" if section else key, number)
    return lines


def load_forum(folder: Path) -> Forum:
    """Read and check ``folder/forum.toml``; raises ForumError listing every problem."""
    toml = folder / "forum.toml"
    problems: list[Problem] = []
    try:
        text = toml.read_text(encoding="utf-8-sig")
        meta = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as err:
        raise ForumError([Problem(toml, None, f"cannot read: {err}")]) from None
    except tomllib.TOMLDecodeError as err:
        line = re.search(r"line (\d+)", str(err))
        raise ForumError([Problem(toml, int(line.group(1)) if line else None, f"not valid TOML: {err}")]) from None
    except RecursionError:
        raise ForumError([Problem(toml, None, "arrays or tables nested too deeply to read")]) from None
    lines = toml_lines(text)

    def at(key: str, message: str) -> None:  # an array of tables ([[key]]) is found at its first header
        problems.append(Problem(toml, lines.get(key, lines.get(f"{key}[0]")), message))

    _check_keys(meta, at)
    problems += [Problem(toml, None, f"missing required key {k!r}") for k in REQUIRED_FORUM_KEYS if k not in meta]
    if problems:
        raise ForumError(problems)
    _check_values(meta, at)
    tables, specs = _tables(meta.get("tables", {}), folder, lines, problems, at)
    corpus, corpus_langs = corpus_entries(folder, meta.get("corpus", []), toml, problems, lines)
    sources, reported = _sources(meta.get("sources", []), at), _reported(meta.get("reported", []), at)
    partner_lists = _partner_lists(meta.get("partner_lists", []), "partners" in tables, at)
    editions = _editions(meta.get("editions", []), folder, at)
    maps = _maps(meta.get("maps", []), tables, bool(editions), at, specs, sources)
    forum_id = folder.resolve().name
    if not _ID_RE.match(forum_id):
        at("title", f"forum folder name {forum_id!r} must be lower-case letters, digits, - or _")
    if problems:
        raise ForumError(problems)
    return Forum(
        id=forum_id,
        folder=folder,
        title=meta["title"],
        short_title=meta.get("short_title", meta["title"]),
        start=meta.get("start"),
        end=meta.get("end"),
        place=meta.get("place", ""),
        host=meta.get("host", ""),
        declared_leaders=meta.get("declared_leaders"),
        corpus=corpus,
        sources=sources,
        tables=tables,
        maps=maps,
        declared_representatives=meta.get("declared_representatives"),
        editions=editions,
        reported=reported,
        partner_lists=partner_lists,
        table_specs=specs,
        lines=lines,
        corpus_langs=corpus_langs,
    )


Report = Callable[[str, str], None]  # a problem at a key of forum.toml (see toml_lines), with its message


def _check_keys(meta: dict, at: Report) -> None:
    """Every top-level key known, of its type; counts not negative."""
    for key, value in meta.items():
        expected = FORUM_KEYS.get(key)
        if expected is None:
            at(key, f"unknown key {key!r} (allowed: {', '.join(sorted(FORUM_KEYS))})")
        elif (
            not isinstance(value, expected)
            or (expected is int and isinstance(value, bool))
            or (expected is dt.date and isinstance(value, dt.datetime))
        ):
            at(
                key,
                f"{key!r} must be {'date (YYYY-MM-DD)' if expected is dt.date else expected.__name__}, got {value!r}",
            )
        elif expected is int and value < 0:
            at(key, f"{key!r} must be zero or more, got {value}")


def _check_values(meta: dict, at: Report) -> None:
    """The dates in order; the host a country code."""
    if "start" in meta and "end" in meta and meta["end"] < meta["start"]:
        at("end", f"end {meta['end']} is before start {meta['start']}")
    if "host" in meta and meta["host"] not in gazetteer.load().iso3_codes():
        at("host", f"host {meta['host']!r} is not an ISO 3166-1 alpha-3 code")


def _editions(entries: list, folder: Path, at: Report) -> tuple[str, ...]:
    """The forums to compare: folders beside this one."""
    editions = []
    for edition in entries:
        if not _sibling_forum(folder, edition):
            at("editions", f"edition {edition!r} is not a forum folder beside this one")
        else:
            editions.append(edition)
    return tuple(editions)


def _sources(entries: list, at: Report) -> tuple[Source, ...]:
    sources = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not entry.get("name"):
            at(f"sources[{i}]", f"each [[sources]] needs a 'name', got {entry!r}")
        else:
            sources.append(Source(str(entry["name"]), str(entry.get("url", "")), str(entry.get("id", ""))))
    return tuple(sources)


def _check_map_sources(maps: tuple[MapSpec, ...], sources: tuple[Source, ...], at: Report) -> None:
    """Every source a map names is one of the forum's [[sources]], by its id."""
    known = sorted(s.id for s in sources if s.id)
    for i, spec in enumerate(maps):
        for name in spec.sources:
            if name not in known:
                ids = ", ".join(known) or "none: give each [[sources]] an 'id'"
                at(f"maps[{i}].sources", f"map {spec.id!r}: no [[sources]] has the id {name!r} (ids: {ids})")


def _reported(entries: list, at: Report) -> tuple[Reported, ...]:
    reported = []
    for i, entry in enumerate(entries):
        if problem := reported_problem(entry):
            key, message = problem
            at(f"reported[{i}].{key}" if key else f"reported[{i}]", message)
        else:
            reported.append(Reported(**{k: entry[k] for k in REPORTED_KEYS if k in entry}))
    return tuple(reported)


def _tables(
    entries: dict, folder: Path, lines: dict[str, int], problems: list[Problem], at: Report
) -> tuple[dict[str, Path], dict[str, TableSpec]]:
    """The tables' files, and the declarations of the tables a forum declares itself (a ``[tables.<name>]``)."""
    tables, specs = {}, {}
    toml = folder / "forum.toml"
    for name, rel in entries.items():
        if isinstance(rel, dict):
            if name in TABLE_SCHEMAS or name == EDITIONS or not _ID_RE.match(name):
                at(f"tables.{name}", f"table name {name!r} is taken or not lower-case letters, digits, - or _")
            elif spec := table_spec(name, rel, at):
                line = lines.get(f"tables.{name}.file", lines.get(f"tables.{name}"))
                if path := inside(folder, spec.file, toml, problems, line):
                    tables[name], specs[name] = path, spec
        elif name not in TABLE_SCHEMAS:
            allowed = ", ".join(sorted(TABLE_SCHEMAS))
            at(f"tables.{name}", f"unknown table {name!r} (allowed: {allowed}; or declare it as [tables.{name}])")
        elif path := inside(folder, str(rel), toml, problems, lines.get(f"tables.{name}")):
            tables[name] = path
    return tables, specs


def _maps(
    entries: list,
    tables: Mapping[str, Path],
    has_editions: bool,
    at: Report,
    specs: Mapping[str, TableSpec],
    sources: tuple[Source, ...] = (),
) -> tuple[MapSpec, ...]:
    maps = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            at("maps", f"each [[maps]] must be a table, got {entry!r}")
            continue
        for key, message in map_problems(entry, tables, has_editions, specs):
            at(f"maps[{i}].{key}" if key else f"maps[{i}]", message)
        options = {k: v for k, v in entry.items() if k not in MAP_KEYS}
        map_id, kind = str(entry.get("id", "")), str(entry.get("kind", ""))
        named = entry.get("sources", [])
        if not isinstance(named, list) or not all(isinstance(n, str) for n in named):
            at(f"maps[{i}].sources", f"map {map_id!r}: sources must be a list of [[sources]] ids, got {named!r}")
            named = []
        title, description = str(entry.get("title", map_id)), str(entry.get("description", ""))
        maps.append(MapSpec(map_id, kind, title, description, options, tuple(named)))
    if len({m.id for m in maps}) != len(maps):
        at("maps", "two [[maps]] share an id")
    _check_map_sources(tuple(maps), sources, at)
    return tuple(maps)


def map_problems(
    entry: dict, tables: Mapping[str, Path], has_editions: bool, specs: Mapping[str, TableSpec] | None = None
) -> list[tuple[str, str]]:
    """What is wrong with one ``[[maps]]`` table, as (its key at fault, message): the id, the kind (registered in
    geo.kinds, with the tables it reads) and the keys that kind takes."""
    problems = []
    map_id, name = str(entry.get("id", "")), str(entry.get("kind", ""))
    if not _ID_RE.match(map_id):
        problems.append(("id", f"map id {map_id!r} must be lower-case letters, digits, - or _"))
    kind = KINDS.get(name)
    if kind is None:
        problems.append(("kind", f"map {map_id!r}: unknown kind {name!r} (allowed: {', '.join(sorted(KINDS))})"))
        return problems  # which tables and keys a map needs depends on its kind
    options = {k: v for k, v in entry.items() if k not in MAP_KEYS}
    for needed in kind.reads(options):
        if needed == EDITIONS and not has_editions:
            problems.append(("kind", f"map {map_id!r} of kind {name!r} needs 'editions' (the forums to compare)"))
        elif needed != EDITIONS and needed not in tables:
            problems.append(("kind", f"map {map_id!r} of kind {name!r} needs the table {needed!r}"))
    allowed = MAP_KEYS | set(kind.options)
    for key in sorted(options.keys() - allowed):
        problems.append((key, f"map {map_id!r}: unknown key {key!r} (allowed: {', '.join(sorted(allowed))})"))
    known = {k: v for k, v in options.items() if k in allowed}
    own = kind.option_problems(known)
    if not own and not problems:  # the columns a map names, once its options are sound
        own = kind.table_problems(known, specs or {})
    return problems + [(key, f"map {map_id!r}: {message}") for key, message in own]


PARTNER_LIST_KEYS = {"id": str, "label": str, "note": str, "declared": int}


def _partner_lists(entries: list, has_partners: bool, at: Report) -> tuple[PartnerList, ...]:
    """The valid ``[[partner_lists]]`` tables, which a partners table needs; each problem reported through ``at``."""
    lists = tuple(_each_partner_list(entries, at))
    if has_partners and not lists:
        at("tables.partners", "the table 'partners' needs [[partner_lists]]: the lists its 'list' column names")
    return lists


def _each_partner_list(entries: list, at: Report) -> Iterator[PartnerList]:
    seen = set()
    for i, entry in enumerate(entries):
        where = f"partner_lists[{i}]"
        if not isinstance(entry, dict):
            at(where, f"each [[partner_lists]] must be a table, got {entry!r}")
            continue
        wrong = [k for k, kind in PARTNER_LIST_KEYS.items() if k in entry and not _typed(entry[k], kind)]
        if unknown := sorted(set(entry) - set(PARTNER_LIST_KEYS)):
            allowed = ", ".join(PARTNER_LIST_KEYS)
            at(f"{where}.{unknown[0]}", f"[[partner_lists]]: unknown key(s) {', '.join(unknown)} (allowed: {allowed})")
        elif missing := [k for k in ("id", "label") if k not in entry]:
            at(where, f"[[partner_lists]]: missing {', '.join(missing)}")
        elif wrong:
            key = wrong[0]
            at(
                f"{where}.{key}",
                f"[[partner_lists]]: {key!r} must be {PARTNER_LIST_KEYS[key].__name__}, got {entry[key]!r}",
            )
        elif not _ID_RE.match(entry["id"]) or entry["id"] in seen:
            at(
                f"{where}.id",
                f"[[partner_lists]]: id {entry['id']!r} must be new and lower-case letters, digits, - or _",
            )
        elif entry.get("declared", 0) < 0:
            at(f"{where}.declared", f"[[partner_lists]]: declared must be zero or more, got {entry['declared']}")
        else:
            seen.add(entry["id"])
            yield PartnerList(**entry)


def _typed(value: object, kind: type) -> bool:
    return isinstance(value, kind) and not (kind is not bool and isinstance(value, bool))


REPORTED_KEYS = {"topic": str, "unit": str, "value": int, "source": str, "qualifier": str}
REPORTED_TOPICS = ("signatories", "attendance", "leaders")
REPORTED_UNITS = ("countries", "organizations", "leaders", "representatives", "delegations")


def reported_problem(entry: object) -> tuple[str, str] | None:
    """What is wrong with one ``[[reported]]`` table of forum.toml, as (the key at fault or "", message)."""
    if not isinstance(entry, dict):
        return "", f"each [[reported]] must be a table, got {entry!r}"
    if unknown := sorted(set(entry) - set(REPORTED_KEYS)):
        return unknown[0], f"[[reported]]: unknown key(s) {', '.join(unknown)} (allowed: {', '.join(REPORTED_KEYS)})"
    if missing := [k for k in ("topic", "unit", "value", "source") if k not in entry]:
        return "", f"[[reported]]: missing {', '.join(missing)}"
    for key, kind in REPORTED_KEYS.items():
        if key in entry and (not isinstance(entry[key], kind) or isinstance(entry[key], bool)):
            return key, f"[[reported]]: {key!r} must be {kind.__name__}, got {entry[key]!r}"
    if entry["topic"] not in REPORTED_TOPICS:
        return "topic", f"[[reported]]: topic {entry['topic']!r} must be one of {', '.join(REPORTED_TOPICS)}"
    if entry["unit"] not in REPORTED_UNITS:
        return "unit", f"[[reported]]: unit {entry['unit']!r} must be one of {', '.join(REPORTED_UNITS)}"
    return None
