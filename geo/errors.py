"""The errors a user can cause, each with a message that says where and what; no heavy imports here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SHOWN_PROBLEMS = 50  # the command line lists this many problems, then counts the rest


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a forum's data, reported as ``path:line: message``."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.message}"


class ForumError(Exception):
    """A forum's data is wrong; ``problems`` lists every problem found, not only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class BuildError(Exception):
    """The build cannot start or go on; the message says why. Nothing was written."""


class DataWarning(UserWarning):
    """Input was read, but not as it was meant to be (a table not in UTF-8); issued with :mod:`warnings`, which the
    command line prints as ``forum-map: warning: …`` and a notebook shows as any warning."""


def shown(value: str, limit: int = 60) -> str:
    """``value`` quoted for a message, cut to ``limit`` characters (a runaway cell must not flood the screen).

    >>> shown("Kazakhztan"), shown("x" * 100, 10)
    ("'Kazakhztan'", "'xxxxxxxxxx…' (100 characters)")
    """
    if len(value) <= limit:
        return repr(value)
    return f"{value[:limit]!r}"[:-1] + f"…' ({len(value):,} characters)"
