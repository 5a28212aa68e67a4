"""A forum's articles, as forum.toml's ``corpus`` lists them: paths inside the forum folder, each optionally with
the language its articles are written in.

    corpus = ["articles/en", { path = "articles/ru", lang = "ru" }]

or, one table per entry:

    [[corpus]]
    path = "articles/zh"
    lang = "zh"

An entry without ``lang`` (or with ``lang = "auto"``) has the language of each article detected, as
``forum-map extract`` does by default.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from geo.errors import Problem
from geo.extract.lang import CHOICES

# What a corpus folder stands for: its articles as text or JSON lines, not the CSV tables a forum folder holds.
ARTICLE_SUFFIXES = tuple(s + gz for s in (".txt", ".text", ".jsonl", ".ndjson") for gz in ("", ".gz"))
ENTRY_KEYS = ("path", "lang")


def corpus_entries(
    folder: Path, entries: Iterable[object], toml: Path, problems: list[Problem], lines: dict[str, int]
) -> tuple[tuple[Path, ...], tuple[str, ...]]:
    """The article files of ``corpus`` (see :func:`corpus_files`) and the language of each: its entry's ``lang``,
    or ``auto``. A problem names the entry's line, the value and the choices."""
    files: list[Path] = []
    langs: list[str] = []
    for number, entry in enumerate(entries):
        line = lines.get(f"corpus[{number}]", lines.get("corpus"))
        path, lang = entry, "auto"
        if isinstance(entry, dict):
            path, lang = entry.get("path"), entry.get("lang", "auto")
            unknown = sorted(set(entry) - set(ENTRY_KEYS))
            if unknown:
                problems.append(
                    Problem(toml, line, f"corpus entry: unknown key {unknown[0]!r} (allowed: {', '.join(ENTRY_KEYS)})")
                )
                continue
            if lang not in CHOICES:
                where = lines.get(f"corpus[{number}].lang", line)
                message = f"corpus entry {path!r}: lang {lang!r} is not a language forum-map reads"
                problems.append(Problem(toml, where, f"{message} (choices: {', '.join(CHOICES)})"))
                continue
        if not isinstance(path, str) or not path:
            problems.append(
                Problem(toml, line, f"a corpus entry is a path or a table with 'path' and 'lang', got {entry!r}")
            )
            continue
        found = corpus_files(folder, [path], toml, problems, line)
        files += found
        langs += [lang] * len(found)
    return tuple(files), tuple(langs)


def corpus_files(
    folder: Path, entries: Iterable[object], toml: Path, problems: list[Problem], line: int | None
) -> tuple[Path, ...]:
    """The article files of ``corpus``: each file named, and the text files below each folder named, in path
    order. Every one must lie inside the forum folder once links are resolved; a link pointing out is refused."""
    from geo.forums.forum_toml import inside

    files: list[Path] = []
    home = folder.resolve()
    for entry in entries:
        path = inside(folder, str(entry), toml, problems, line)
        if path is not None and not path.is_dir():
            files.append(path)
        if path is None or not path.is_dir():
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
