"""A forum folder (forum.toml + CSV tables + articles) loaded into validated participation tables."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tomllib
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

import pandas as pd

from geo import gazetteer
from geo.csvio import LONG_RECORD_LINES, CsvError, decoded_lines, records
from geo.errors import SHOWN_PROBLEMS, DataWarning, ForumError, Problem, shown
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
    lines: dict[str, int] = field(default_factory=dict)  # where each key sits in forum.toml, see toml_lines()

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


# What a corpus folder stands for: its articles as text or JSON lines, not the CSV tables a forum folder holds.
ARTICLE_SUFFIXES = tuple(s + gz for s in (".txt", ".text", ".jsonl", ".ndjson") for gz in ("", ".gz"))


def corpus_files(
    folder: Path, entries: Iterable[object], toml: Path, problems: list[Problem], line: int | None
) -> tuple[Path, ...]:
    """The article files of ``corpus``: each file named, and the text files below each folder named, in path
    order. Every one must lie inside the forum folder once links are resolved; a link pointing out is refused."""
    files: list[Path] = []
    home = folder.resolve()
    for entry in entries:
        path = inside(folder, str(entry), toml, problems, line)
        if path is None:
            continue
        if not path.is_dir():
            files.append(path)
            continue
        found = sorted(
            Path(root, name)
            for root, _dirs, names in os.walk(path)
            for name in names
            if name.lower().endswith(ARTICLE_SUFFIXES)
        )
        for file in found:
            relative = file.relative_to(folder)
            if not file.exists():
                problems.append(Problem(toml, line, f"corpus file {str(relative)!r} is a broken symbolic link"))
            elif not file.resolve().is_relative_to(home):
                problems.append(
                    Problem(
                        toml, line, f"corpus file {str(relative)!r} is a symbolic link out of the forum folder; refused"
                    )
                )
            else:
                files.append(file)
    return tuple(files)


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
        elif match := re.match(r"\[\s*([\w-]+)\s*\]", line):
            section = match.group(1)
            lines.setdefault(section, number)
        elif match := re.match(r"""([\w-]+|"[^"]*")\s*=""", line):
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
    tables = {}
    for name, rel in meta.get("tables", {}).items():
        if name not in TABLE_SCHEMAS:
            at(f"tables.{name}", f"unknown table {name!r} (allowed: {', '.join(sorted(TABLE_SCHEMAS))})")
        elif path := inside(folder, str(rel), toml, problems, lines.get(f"tables.{name}")):
            tables[name] = path
    corpus = corpus_files(folder, meta.get("corpus", []), toml, problems, lines.get("corpus"))
    sources, reported = _sources(meta.get("sources", []), at), _reported(meta.get("reported", []), at)
    partner_lists = _partner_lists(meta.get("partner_lists", []), "partners" in tables, at)
    editions = _editions(meta.get("editions", []), folder, at)
    maps = _maps(meta.get("maps", []), tables, bool(editions), at, sources)
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
        lines=lines,
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


def _maps(
    entries: list, tables: Mapping[str, Path], has_editions: bool, at: Report, sources: tuple[Source, ...] = ()
) -> tuple[MapSpec, ...]:
    maps = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict):
            at("maps", f"each [[maps]] must be a table, got {entry!r}")
            continue
        for key, message in map_problems(entry, tables, has_editions):
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


def map_problems(entry: dict, tables: Mapping[str, Path], has_editions: bool) -> list[tuple[str, str]]:
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
    return problems + [(key, f"map {map_id!r}: {message}") for key, message in kind.option_problems(known)]


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


# --- CSV tables -------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    required: bool = False  # a value must be present in every row
    check: Callable[[str], str | None] | None = None  # returns an error message, or None when the value is fine


def one_of(*allowed: str) -> Callable[[str], str | None]:
    def check(value: str) -> str | None:
        return None if value in allowed else f"must be one of {', '.join(allowed)}"

    return check


def year(value: str) -> str | None:
    return None if re.fullmatch(r"(19|20)\d\d", value) else "must be a year such as 2018"


def iso3_code(value: str) -> str | None:
    return None if value in gazetteer.load().iso3_codes() else "is not an ISO 3166-1 alpha-3 code"


TABLE_SCHEMAS: dict[str, tuple[Column, ...]] = {
    "leaders": (
        Column("country", required=True),
        Column("iso3", check=iso3_code),
        Column("leader", required=True),
        Column("title", required=True),
        Column("role", required=True, check=one_of("head_of_state", "head_of_government", "other")),
        Column("category", required=True, check=one_of("host", "leader", "representative")),
        Column("notes"),
        Column("source", required=True),
    ),
    "partners": (
        Column("country", required=True),
        Column("iso3", check=iso3_code),
        Column("year_joined", check=year),
        Column("status", required=True, check=one_of("member", "exited", "unclear")),
        Column("exit_year", check=year),
        Column("list", required=True),  # one of the forum's [[partner_lists]]: see table_schema()
        Column("region"),
        Column("source", required=True),
        Column("notes"),
    ),
}


def read_csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line number where the record starts, cells) for every non-blank record; BOM and ';' tolerated. A file not
    in UTF-8 (a table saved by Excel on Windows) is read as Windows-1252 with a :class:`DataWarning`. Raises
    :class:`ForumError` for a record that cannot be read or that runs on for more than ``LONG_RECORD_LINES``
    lines (a lost closing quote)."""
    data = path.read_bytes()
    stream = io.BufferedReader(io.BytesIO(data))
    lines = decoded_lines(stream, str(path), lambda message: warnings.warn(message, DataWarning, stacklevel=2))
    try:
        for first, last, cells in records(lines):
            if last - first > LONG_RECORD_LINES:
                raise ForumError(
                    [
                        Problem(
                            path,
                            first,
                            f"a quoted cell runs from line {first} to line {last}: a closing '\"' is missing",
                        )
                    ]
                )
            if any(c.strip() for c in cells):
                yield first, [c.strip() for c in cells]
    except CsvError as err:
        raise ForumError([Problem(path, err.line, err.message)]) from None


def load_table(forum: Forum, name: str) -> pd.DataFrame:
    """A forum table as a DataFrame with resolved ``iso3`` and a ``line`` column; raises ForumError."""
    path = forum.tables[name]
    problems: list[Problem] = []
    frame = _read_table(path, table_schema(forum, name), problems, ROW_CHECKS.get(name))
    rows_ok = not problems  # totals over a table with rejected rows would only repeat those problems
    if name == "leaders" and not frame.empty:
        problems += leader_problems(forum, frame, path)
    if rows_ok:
        problems += total_problems(forum, name, frame, path)
    if problems:
        raise ForumError(sorted(problems, key=lambda p: (str(p.path), p.line or 0)))
    return frame


def table_schema(forum: Forum, name: str) -> tuple[Column, ...]:
    """The columns of one of the forum's tables: a partners table's ``list`` names one of its [[partner_lists]]."""
    if name != "partners":
        return TABLE_SCHEMAS[name]
    lists = one_of(*(entry.id for entry in forum.partner_lists))
    return tuple(replace(c, check=lists) if c.name == "list" else c for c in TABLE_SCHEMAS[name])


@dataclass(frozen=True, slots=True)
class DeclaredTotal:
    """An official count in forum.toml that a table must match: its rows whose ``column`` holds ``value``."""

    key: str  # where it sits in forum.toml, as toml_lines() names it
    name: str  # as the message names it
    count: int
    table: str
    column: str
    value: str

    def what(self) -> str:
        return f"rows of {self.column} {self.value!r}"


# The leaders table's own totals: the rows of each category.
LEADER_TOTALS = {"declared_leaders": "leader", "declared_representatives": "representative"}


def declared_totals(forum: Forum) -> list[DeclaredTotal]:
    """The totals forum.toml declares: ``declared_*`` for the leaders table, ``declared`` of a partner list."""
    totals = [
        DeclaredTotal(key, key, count, "leaders", "category", category)
        for key, category in LEADER_TOTALS.items()
        if (count := getattr(forum, key)) is not None
    ]
    return totals + [
        DeclaredTotal(
            f"partner_lists[{i}].declared",
            f"partner list {entry.id!r}: declared",
            entry.declared,
            "partners",
            "list",
            entry.id,
        )
        for i, entry in enumerate(forum.partner_lists)
        if entry.declared is not None
    ]


def total_problems(forum: Forum, name: str, frame: pd.DataFrame, path: Path) -> list[Problem]:
    """Totals in ``name`` that contradict forum.toml: the declared counts and the host."""
    problems = []
    for total in declared_totals(forum):
        if total.table != name:
            continue
        count = int((frame[total.column] == total.value).sum()) if total.column in frame else 0
        if count != total.count:
            message = f"{total.name} = {total.count}, but {path.name} has {count} {total.what()}"
            problems.append(forum.problem(total.key, message))
    if name == "leaders" and forum.host and "category" in frame:
        hosts = frame.loc[frame["category"] == "host", "iso3"].tolist()
        if hosts != [forum.host]:
            found = ", ".join(hosts) or "none"
            problems.append(forum.problem("host", f"host = {forum.host!r}, but {path.name} has host rows: {found}"))
    return problems


def name_tokens(name: str) -> frozenset[str]:
    """The words of a person's name, case and diacritics ignored: 'Nguyễn Xuân Phúc' → {nguyen, xuan, phuc}."""
    return frozenset(gazetteer.name_key(name).split())


def same_person(written: str | frozenset[str], names: Iterable[str | frozenset[str]]) -> bool:
    """Whether ``written`` names the person known by ``names`` (names or their name_tokens): equal to one of
    them, or of several words containing one or contained in one ('Sheikh Mohammed bin Rashid Al Maktoum' ⊇
    'Mohammed bin Rashid'). A surname alone never matches a longer name: 'Hun Manet' is not 'Hun Sen'."""
    mine = name_tokens(written) if isinstance(written, str) else written
    for known in names:
        theirs = name_tokens(known) if isinstance(known, str) else known
        if mine == theirs or (len(mine) > 1 and len(theirs) > 1 and (mine <= theirs or theirs <= mine)):
            return True
    return False


@dataclass(frozen=True, slots=True)
class KnownLeader:
    iso3: str
    names: tuple[str, ...]  # the gazetteer's name first, then its other forms
    terms: tuple[gazetteer.LeaderTerm, ...]
    tokens: tuple[frozenset[str], ...] = ()  # name_tokens of each name, computed once


@cache
def known_leaders(gaz: gazetteer.Gazetteer) -> dict[str, tuple[KnownLeader, ...]]:
    """The gazetteer's leaders by country, each with every spelling of the name; built once."""
    forms: dict[tuple[str, str], list[str]] = defaultdict(list)
    for form in gaz.leader_forms:
        forms[(form.iso3, form.leader)].append(form.surface)
    people: dict[tuple[str, str], list[gazetteer.LeaderTerm]] = defaultdict(list)
    for name, terms in gaz.leader_terms.items():
        for term in terms:
            people[(term.iso3, name)].append(term)
    by_country: dict[str, list[KnownLeader]] = defaultdict(list)
    for (iso3, name), terms in people.items():
        names = tuple(dict.fromkeys((name, *forms[(iso3, name)])))
        by_country[iso3].append(KnownLeader(iso3, names, tuple(terms), tuple(map(name_tokens, names))))
    return {iso3: tuple(leaders) for iso3, leaders in by_country.items()}


def _span(term: gazetteer.LeaderTerm) -> str:
    end = "" if term.valid_to.year == 9999 else term.valid_to.isoformat()
    return f"{term.valid_from.isoformat() if term.valid_from.year > 1 else '?'} to {end or 'now'}"


def leader_problems(forum: Forum, frame: pd.DataFrame, path: Path) -> list[Problem]:
    """Leaders whose country or term of office disagrees with the gazetteer's leaders table.

    A head of state or government must be a leader of that country in office on a day of the forum; anyone
    (also a vice-president or a representative) who is a known leader of other countries only is reported.
    The role is not compared: our data codes presidents of presidential systems as head of state where the
    gazetteer says 'both', and the gazetteer counts Myanmar's State Counsellor as head of government.
    """
    gaz = gazetteer.load()
    leaders = known_leaders(gaz)
    first, last = forum.start or forum.end, forum.end or forum.start
    problems = []
    for row in frame.itertuples(index=False):
        written = name_tokens(row.leader)
        own = [k for k in leaders.get(row.iso3, ()) if same_person(written, k.tokens)]
        heads = row.role in ("head_of_state", "head_of_government")
        if not own:
            elsewhere = sorted(
                code
                for code, known in leaders.items()
                if code != row.iso3 and any(same_person(written, k.tokens) for k in known)
            )
            if elsewhere:
                where = ", ".join(f"{gaz.country_name(code)} ({code})" for code in elsewhere)
                message = f"leader {row.leader!r} is a leader of {where} in the gazetteer, not of {row.iso3}"
                problems.append(Problem(path, row.line, message))
            elif heads:
                message = f"{row.role} {row.leader!r} is not among the gazetteer's leaders of {row.iso3}"
                problems.append(Problem(path, row.line, message))
            continue
        terms = [t for k in own for t in k.terms]
        if heads and first and not any(t.valid_from <= last and t.valid_to >= first for t in terms):
            when = first.isoformat() + (f" to {last.isoformat()}" if last != first else "")
            spans = "; ".join(_span(t) for t in terms)
            message = f"leader {row.leader!r} was not in office in {row.iso3} on {when} (gazetteer: {spans})"
            problems.append(Problem(path, row.line, message))
    return problems


@dataclass(frozen=True, slots=True)
class LoadedForum:
    """A forum with its validated tables, by name (``editions``: the stacked leaders tables it compares)."""

    forum: Forum
    tables: dict[str, pd.DataFrame]


def load_editions(forum: Forum, known: Mapping[Path, LoadedForum]) -> pd.DataFrame:
    """The leaders tables of ``forum.editions``, stacked with ``edition`` (forum id) and ``edition_title``.

    ``known`` holds the forums this run has loaded already, by resolved folder: they are not read twice."""
    frames, problems = [], []
    for edition in forum.editions:
        folder = forum.folder.parent / edition
        try:
            loaded = known.get(folder.resolve())
            other = loaded.forum if loaded else load_forum(folder)
            if "leaders" not in other.tables:
                problems.append(forum.problem("editions", f"edition {edition!r} has no leaders table"))
                continue
            frame = loaded.tables["leaders"] if loaded else load_table(other, "leaders")
        except ForumError as err:
            problems += err.problems
            continue
        frames.append(frame.assign(edition=edition, edition_title=other.short_title))
    if problems:
        raise ForumError(problems)
    columns = [*(c.name for c in TABLE_SCHEMAS["leaders"]), "line", "edition", "edition_title"]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def load_tables(forum: Forum) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Every table ``forum.toml`` names, and the problems of those that could not be loaded."""
    tables, problems = {}, []
    for name in forum.tables:
        try:
            tables[name] = load_table(forum, name)
        except ForumError as err:
            problems += err.problems
    return tables, problems


def _read_table(
    path: Path,
    schema: tuple[Column, ...],
    problems: list[Problem],
    row_check: Callable[[dict[str, str]], str | None] | None = None,
) -> pd.DataFrame:
    try:
        rows = list(read_csv_rows(path))
    except OSError as err:
        problems.append(Problem(path, None, f"cannot read: {err.strerror or err}"))
        return pd.DataFrame()
    except ForumError as err:
        problems += err.problems
        return pd.DataFrame()
    if not rows:
        problems.append(Problem(path, 1, "empty table: expected a header row"))
        return pd.DataFrame()
    _, header = rows[0]
    expected = [c.name for c in schema]
    missing = [c for c in expected if c not in header]
    unknown = [c for c in header if c not in expected]
    if missing or unknown or len(set(header)) != len(header):
        detail = "; ".join(
            part for part in (f"missing {missing}" if missing else "", f"unknown {unknown}" if unknown else "") if part
        )
        problems.append(Problem(path, 1, f"header must be {','.join(expected)} ({detail or 'duplicate column'})"))
        return pd.DataFrame()
    gaz = gazetteer.load()
    records, seen = [], {}
    for line, cells in rows[1:]:
        if len(cells) != len(header):
            problems.append(Problem(path, line, f"{len(cells)} cells, expected {len(header)}"))
            continue
        record = dict(zip(header, cells, strict=True))
        bad = False
        for column in schema:
            value = record[column.name]
            if not value:
                if column.required:
                    problems.append(Problem(path, line, f"{column.name} is empty"))
                    bad = True
                continue
            if column.check and (message := column.check(value)):
                problems.append(Problem(path, line, f"{column.name} {shown(value)} {message}"))
                bad = True
        if not bad and row_check and (message := row_check(record)):
            problems.append(Problem(path, line, message))
            bad = True
        if bad:
            continue
        iso3 = _resolve_country(record["country"], record["iso3"], gaz, path, line, problems)
        if iso3 is None:
            continue
        if iso3 in seen:
            problems.append(Problem(path, line, f"duplicate country {iso3} (first on line {seen[iso3]})"))
            continue
        seen[iso3] = line
        record["iso3"] = iso3
        record["line"] = line
        records.append(record)
    return pd.DataFrame(records, columns=[*expected, "line"])


# Resolutions that name the country itself; a capital, demonym or leader is no country name in a data file.
COUNTRY_NAME_KINDS = frozenset({"name", "short", "former", "code"})


def _resolve_country(name: str, iso3: str, gaz, path: Path, line: int, problems: list[Problem]) -> str | None:
    resolved = gaz.resolve(name)
    if resolved is None:
        # suggestions cost a fuzzy search each: a table of thousands of unknown names gets them for the first ones
        hints = "; ".join(f"{r.country}, {r.iso3}" for r in gaz.suggest(name)) if len(problems) < SHOWN_PROBLEMS else ""
        problems.append(
            Problem(path, line, f"unknown country {shown(name)}" + (f" (did you mean {hints}?)" if hints else ""))
        )
        return None
    meanings = gaz.candidates(name)
    if len(meanings) > 1 and iso3 not in {m.iso3 for m in meanings}:
        options = " or ".join(f"{m.country} ({m.iso3})" for m in meanings)
        problems.append(
            Problem(path, line, f"ambiguous country {shown(name)}: could be {options}; fill the iso3 column")
        )
        return None
    if len(meanings) > 1:
        return iso3
    if resolved.kind not in COUNTRY_NAME_KINDS:
        message = f"{name!r} is a {resolved.kind} form of {resolved.country} ({resolved.iso3}), not a country name"
        problems.append(Problem(path, line, message))
        return None
    if iso3 and resolved.iso3 != iso3:
        problems.append(
            Problem(path, line, f"country {name!r} is {resolved.iso3} ({resolved.country}) but iso3 says {iso3}")
        )
        return None
    return resolved.iso3


def partner_row_problem(record: dict[str, str]) -> str | None:
    """Whether a partners row's status, year joined and exit year agree with each other."""
    status, joined, left = record["status"], record["year_joined"], record["exit_year"]
    if status == "exited" and not left:
        return "status 'exited' needs an exit_year"
    if left and status != "exited":
        return f"exit_year {left} given, but status is {status!r} (use 'exited')"
    if left and joined and int(left) < int(joined):
        return f"exit_year {left} is before year_joined {joined}"
    return None


# Checks across the cells of one row, per table: an error message, or None when the row is consistent.
ROW_CHECKS: dict[str, Callable[[dict[str, str]], str | None]] = {"partners": partner_row_problem}


def load_forums(names: list[str] | None) -> list[LoadedForum]:
    """Every forum asked for (all bundled ones by default) with its tables; ForumError lists every problem."""
    folders = [find_forum(n) for n in names] if names else discover()
    loaded: list[LoadedForum] = []
    problems: list[Problem] = []
    known: dict[Path, LoadedForum] = {}
    for folder in folders:
        try:
            forum = load_forum(folder)
        except ForumError as err:
            problems += err.problems
            continue
        tables, table_problems = load_tables(forum)
        problems += table_problems
        loaded.append(LoadedForum(forum, tables))
        if not table_problems:
            known[folder.resolve()] = loaded[-1]
            problems += map_data_problems(loaded[-1])
    for each in loaded:  # after every forum's own tables, so that the compared editions are read once
        if each.forum.editions:
            try:
                each.tables[EDITIONS] = load_editions(each.forum, known)
            except ForumError as err:
                problems += err.problems
    ids = Counter(each.forum.id for each in loaded)
    problems += [
        Problem(each.forum.toml_path, None, f"two forums share the id {each.forum.id!r}")
        for each in loaded
        if ids[each.forum.id] > 1
    ]
    if problems:
        raise ForumError(list(dict.fromkeys(problems)))  # an edition compared elsewhere reports its problems once
    return loaded


def map_data_problems(loaded: LoadedForum) -> list[Problem]:
    """Rows of a forum's valid tables that one of its maps cannot show, as its kind says (geo.kinds)."""
    problems = []
    for spec in loaded.forum.maps:
        for table, line, message in KINDS[spec.kind].data_problems(spec.options, loaded.tables):
            problems.append(Problem(loaded.forum.tables[table], line, f"map {spec.id!r}: {message}"))
    return problems


# --- the data's own counts, to set beside what coverage claims ----------------------------------------------


def data_counts(forum: Forum, tables: Mapping[str, pd.DataFrame]) -> dict[str, str]:
    """What a forum's tables count, per claim topic (see geo.claims.TOPICS), as a short phrase:
    ``{"signatories": "150 (first list's label) + 5 second list's label", "leaders": "23 leaders + host + 3 …"}``;
    partners are counted per [[partner_lists]], the first always, the others where they have rows."""
    counts = {"organizations": "none: international organisations are not mapped"}
    if (leaders := tables.get("leaders")) is not None:
        by_category = leaders["category"].value_counts()
        representatives = int(by_category.get("representative", 0))
        counts["leaders"] = f"{int(by_category.get('leader', 0))} leaders + host" + (
            f" + {representatives} leaders' representatives" if representatives else ""
        )
        counts["attendance"] = f"leaders or representatives of {len(leaders)} countries (host included)"
    if (partners := tables.get("partners")) is not None:
        by_list = partners["list"].value_counts()
        first, *others = forum.partner_lists
        counts["signatories"] = f"{int(by_list.get(first.id, 0))} ({first.label})" + "".join(
            f" + {int(by_list[entry.id])} {entry.label}" for entry in others if by_list.get(entry.id)
        )
    counts["participation"] = counts.get("signatories") or counts.get("attendance", "")
    return counts


def reported_counts(forum: Forum) -> dict[tuple[str, str], str]:
    """The forum's ``[[reported]]`` totals by (topic, unit), as the claims panel shows them."""
    by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
    for total in forum.reported:
        by_key[(total.topic, total.unit)].append(str(total))
    return {key: "; ".join(values) for key, values in by_key.items()}
