"""What a map kind is, and the registry that finds one by the name a forum's ``[[maps]]`` gives as ``kind``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, TypeVar

import pandas as pd

from geo.layers import Layer

if TYPE_CHECKING:
    from geo.corpus import Document
    from geo.forums import Forum, MapSpec, Source
    from geo.forums.generic import TableSpec

# A table a kind may read beside the forum's own ([tables] in forum.toml): the leaders tables of the forums
# named by ``editions``, stacked.
EDITIONS = "editions"


@dataclass(frozen=True, slots=True)
class MapInput:
    """Everything a kind builds a map from."""

    forum: Forum
    spec: MapSpec
    tables: Mapping[str, pd.DataFrame]  # by table name, as MapKind.tables names them
    countries: Mapping[str, str]  # the basemap's countries: ISO3 → name
    documents: Sequence[Document] = ()  # the forum's articles, for kinds that read them

    @property
    def sources(self) -> tuple[Source, ...]:
        """The sources the map draws on: those its ``sources`` names, else every one of the forum's."""
        named = self.spec.sources
        return tuple(s for s in self.forum.sources if s.id in named) if named else self.forum.sources

    @property
    def source(self) -> str:
        """The map's source line: its sources' names."""
        return "Source: " + "; ".join(s.name for s in self.sources)


class MapKind:
    """One kind of map. A subclass names itself, declares the tables it reads and the extra ``[[maps]]`` keys it
    takes, and builds its layers and its CSV; ``@register`` makes forum.toml able to ask for it by name."""

    name: ClassVar[str]
    tables: ClassVar[tuple[str, ...]] = ()  # tables it reads: names of [tables] in forum.toml, or EDITIONS
    options: ClassVar[Mapping[str, str]] = {}  # extra keys a [[maps]] entry of this kind may have → what each is

    def reads(self, options: Mapping[str, object]) -> tuple[str, ...]:
        """The tables a map of this kind reads: ``tables``; a kind whose table a map names would look at ``options``."""
        return self.tables

    def option_problems(self, options: Mapping[str, object]) -> list[tuple[str, str]]:
        """What is wrong with a map's options (only keys of ``self.options`` are given): (key, message) pairs;
        the key "" for the map as a whole (a required option missing)."""
        return []

    def table_problems(self, options: Mapping[str, object], specs: Mapping[str, TableSpec]) -> list[tuple[str, str]]:
        """What is wrong with the columns a map's (sound) options name in the tables the forum declares
        (``[tables.<name>]``, by name): (key, message) pairs."""
        return []

    def data_problems(
        self, options: Mapping[str, object], tables: Mapping[str, pd.DataFrame]
    ) -> list[tuple[str, int, str]]:
        """Rows of the (valid) tables that a map with these options cannot show: (table, line, message)."""
        return []

    def layers(self, given: MapInput) -> list[Layer]:
        """The map's layers, the first shown first (several make a layer switcher)."""
        raise NotImplementedError

    def csv_frame(self, shown: Sequence[Layer]) -> pd.DataFrame:
        """The numbers behind the map, starting ``iso3,country,value``: by default its one layer's table."""
        return shown[0].csv_frame()


KINDS: dict[str, MapKind] = {}
K = TypeVar("K", bound=type[MapKind])


def register(kind: K) -> K:
    """Class decorator: forum.toml's ``kind = "<kind.name>"`` builds maps with this class from now on."""
    if kind.name in KINDS:
        raise ValueError(f"map kind {kind.name!r} is registered already")
    KINDS[kind.name] = kind()
    return kind
