"""Maps across a forum's editions: ``attendance`` (how many editions each leader came to) and ``editions``
(one leaders layer per edition, with a layer switcher)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from geo.kinds.base import EDITIONS, MapInput, MapKind, register
from geo.kinds.leaders import NOT_PRESENT, leaders_layer
from geo.layers import ZERO_COLOR, Layer, country_table
from geo.layers import legend as layer_legend

# ColorBrewer Greens for 1 … 4 editions, the lightest made yellower so that it stays apart from the zero grey
# and the no-data white (ΔE ≥ 15, also to colour-blind readers).
EDITION_COUNT_COLORS = ("#ccffaa", "#77cc77", "#228844", "#004422")
PRESENT = ("host", "leader")  # categories that count as the country's leader taking part


def attendance_layer(
    layer_id: str,
    title: str,
    editions: pd.DataFrame,
    edition_titles: Mapping[str, str],
    countries: Mapping[str, str],
    source: str,
) -> Layer:
    """In how many of the editions each country's leader took part (0 … n), the editions named in the tooltip.

    ``editions`` is the stacked leaders tables with an ``edition`` column; a leader's representative is named
    in the tooltip but not counted, since the leader did not come.
    """
    total = len(edition_titles)
    table = country_table(countries, editions)
    attended: dict[str, list[str]] = {iso3: [] for iso3 in table.index}
    represented: dict[str, list[str]] = {iso3: [] for iso3 in table.index}
    details: dict[str, list[str]] = {iso3: [] for iso3 in table.index}
    for edition, short in edition_titles.items():
        for row in editions[editions["edition"] == edition].itertuples(index=False):
            if row.category in PRESENT:
                attended[row.iso3].append(short)
                details[row.iso3].append(f"{short}: {row.leader}, {row.title}")
            else:
                represented[row.iso3].append(short)
                details[row.iso3].append(f"{short}: represented by {row.leader}")
    table["value"] = [len(attended[iso3]) for iso3 in table.index]
    table["editions"] = ["|".join(attended[iso3]) for iso3 in table.index]
    table["represented_at"] = ["|".join(represented[iso3]) for iso3 in table.index]
    table["label"] = table["value"].astype(str)
    colors = {str(n): EDITION_COUNT_COLORS[min(n, len(EDITION_COUNT_COLORS)) - 1] for n in range(1, total + 1)}
    colors["0"] = ZERO_COLOR
    table["color"] = table["label"].map(colors)
    table["detail"] = ["; ".join(details[iso3]) for iso3 in table.index]
    legend = layer_legend(table, [(str(n), colors[str(n)]) for n in range(total, -1, -1)])
    return Layer(
        layer_id,
        title,
        f"of {total} forums",
        source,
        table,
        legend,
        extra=("editions", "represented_at"),
        legend_title=f"forums the country's leader attended, of {total}",
    )


def edition_layers(
    editions: pd.DataFrame, edition_titles: Mapping[str, str], countries: Mapping[str, str], source: str
) -> list[Layer]:
    """One leaders layer per edition, in the order given, for a map whose layer switcher moves between them;
    each named with its count, e.g. 'BRF 2023: 23 leaders + host + 3 representatives'."""
    built = []
    for edition, title in edition_titles.items():
        rows = editions[editions["edition"] == edition]
        count = rows["category"].value_counts()
        name = f"{title}: {int(count.get('leader', 0))} leaders + host"
        if representatives := int(count.get("representative", 0)):
            name += f" + {representatives} representatives"
        built.append(leaders_layer(edition, name, rows, countries, source))
    return built


def editions_csv_frame(edition_layers: list[Layer]) -> pd.DataFrame:
    """``iso3,country,value,class,<edition>,<edition>_leader,…``: value counts the editions a country's
    leader attended (a representative does not count); one level and one name column per edition."""
    first = edition_layers[0].table
    out = pd.DataFrame({"country": first["country"]})
    present = pd.Series(0, index=first.index)
    for layer in edition_layers:
        levels = layer.table["value"].reindex(first.index, fill_value="none")
        present += (~levels.isin(["none", "representative"])).astype(int)
        out[layer.id] = layer.table["label"].reindex(first.index, fill_value=NOT_PRESENT[1])
        out[f"{layer.id}_leader"] = layer.table["leader"].reindex(first.index, fill_value="")
    out.insert(1, "value", present)
    out.insert(2, "class", present.astype(str))
    return out.reset_index().sort_values("iso3", kind="stable")


def edition_titles(editions: pd.DataFrame) -> dict[str, str]:
    """Each edition's forum id → its short title, in the order of the stacked table."""
    return dict(zip(editions["edition"], editions["edition_title"], strict=True))


@register
class Attendance(MapKind):
    """In how many of the editions each country's leader took part."""

    name = "attendance"
    tables = (EDITIONS,)

    def layers(self, given: MapInput) -> list[Layer]:
        editions, spec = given.tables[EDITIONS], given.spec
        titles = edition_titles(editions)
        return [attendance_layer(spec.id, spec.title, editions, titles, given.countries, given.source)]


@register
class Editions(MapKind):
    """One leaders layer per edition the forum compares, for the layer switcher."""

    name = "editions"
    tables = (EDITIONS,)

    def layers(self, given: MapInput) -> list[Layer]:
        editions = given.tables[EDITIONS]
        return edition_layers(editions, edition_titles(editions), given.countries, given.source)

    def csv_frame(self, shown: Sequence[Layer]) -> pd.DataFrame:
        return editions_csv_frame(list(shown))
