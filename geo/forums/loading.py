"""Forums loaded with their validated tables; the counts of their data beside those officially reported."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from geo.errors import ForumError, Problem
from geo.forums.forum_toml import Forum, discover, find_forum, load_forum
from geo.forums.tables import TABLE_SCHEMAS, load_table
from geo.kinds import EDITIONS, KINDS


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
