"""What each map shows: value per country, its class, colour, legend and tooltip lines, one builder per kind."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import mapclassify
import numpy as np
import pandas as pd

NO_DATA_COLOR = "#ffffff"
ZERO_COLOR = "#d9d9d9"
NO_DATA_LABEL = "no data"

# ColorBrewer sequential schemes (colour-blind safe).
YL_OR_RD = ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026")
PURPLES = ("#54278f", "#756bb1", "#9e9ac8", "#cbc9e2")
YL_GN_BU = ("#253494", "#2c7fb8", "#41b6c4", "#a1dab4", "#ffffcc")


@dataclass(frozen=True, slots=True)
class LegendEntry:
    label: str
    color: str
    count: int  # countries drawn in this class


@dataclass(frozen=True)
class Layer:
    """One map layer: ``table`` has a row per country (index iso3) with columns
    country, value, label, color, detail, plus ``extra`` columns exported to the CSV."""

    id: str
    title: str
    units: str
    source: str
    table: pd.DataFrame
    legend: tuple[LegendEntry, ...]
    extra: tuple[str, ...] = ()

    def csv_frame(self) -> pd.DataFrame:
        """The numbers behind the map: ``iso3,country,value,class,...``; value empty where there is no data."""
        out = self.table.reset_index()[["iso3", "country", "value", "label", *self.extra]]
        return out.rename(columns={"label": "class"}).sort_values("iso3", kind="stable")


def _legend(table: pd.DataFrame, classes: list[tuple[str, str]]) -> tuple[LegendEntry, ...]:
    counts = table["label"].value_counts()
    return tuple(LegendEntry(label, color, int(counts.get(label, 0))) for label, color in classes)


def log_bins(maximum: int) -> list[int]:
    """Upper bounds of doubling classes 1, 2–3, 4–7, … covering ``maximum`` (at most six classes).

    >>> log_bins(37)
    [1, 3, 7, 15, 31, 37]
    >>> log_bins(2)
    [1, 3]
    """
    bounds = [1]
    while bounds[-1] < maximum and len(bounds) < 5:
        bounds.append(bounds[-1] * 2 + 1)
    if bounds[-1] < maximum:
        bounds.append(maximum)
    return bounds


def _range_label(low: int, high: int) -> str:
    return f"{low}" if low == high else f"{low}–{high}"


def mentions_layer(
    layer_id: str,
    title: str,
    counts: Mapping[str, int],
    forms: Mapping[str, list[str]],
    countries: Mapping[str, str],
    source: str,
) -> Layer:
    """Mentions per country in doubling classes; every country gets a count (0 when never mentioned)."""
    table = pd.DataFrame({"country": pd.Series(countries)})
    table.index.name = "iso3"
    table["value"] = [int(counts.get(iso3, 0)) for iso3 in table.index]
    table["forms"] = ["|".join(forms.get(iso3, [])) for iso3 in table.index]
    bins = log_bins(max(int(table["value"].max()), 1))
    classifier = mapclassify.UserDefined(np.maximum(table["value"].to_numpy(), 1), bins)
    lows = [1, *(b + 1 for b in bins[:-1])]
    classes = [(_range_label(lo, hi), YL_OR_RD[i]) for i, (lo, hi) in enumerate(zip(lows, bins, strict=True))]
    table["label"] = [classes[c][0] for c in classifier.yb]
    table["color"] = [classes[c][1] for c in classifier.yb]
    zero = table["value"] == 0
    table.loc[zero, "label"] = "0"
    table.loc[zero, "color"] = ZERO_COLOR
    table["detail"] = [f"forms: {f}" if f else "" for f in table["forms"].str.replace("|", ", ")]
    legend = _legend(table, [*classes, ("0", ZERO_COLOR)])
    return Layer(layer_id, title, "mentions", source, table, legend, extra=("forms",))


LEADER_LEVELS = (
    ("head_of_state", "head of state", PURPLES[0]),
    ("head_of_government", "head of government", PURPLES[1]),
    ("other_leader", "other leader", PURPLES[2]),
    ("representative", "leader's representative", PURPLES[3]),
)
NOT_PRESENT = ("none", "no leader present", ZERO_COLOR)


def leader_level(role: str, category: str) -> str:
    """The map's level for a leaders-table row."""
    if category == "representative":
        return "representative"
    return {"head_of_state": "head_of_state", "head_of_government": "head_of_government"}.get(role, "other_leader")


def leaders_layer(layer_id: str, title: str, leaders: pd.DataFrame, countries: Mapping[str, str], source: str) -> Layer:
    """Level of the highest-ranking person each country sent; countries not in the table show 'none'."""
    table = pd.DataFrame({"country": pd.Series(countries)})
    table.index.name = "iso3"
    by_iso = leaders.set_index("iso3")
    for iso3 in by_iso.index.difference(table.index):  # in the data but not on the basemap: keep in the CSV
        table.loc[iso3, "country"] = by_iso.loc[iso3, "country"]
    style = {key: (label, color) for key, label, color in (*LEADER_LEVELS, NOT_PRESENT)}
    values, people, titles, sources = [], [], [], []
    for iso3 in table.index:
        if iso3 in by_iso.index:
            row = by_iso.loc[iso3]
            values.append(leader_level(row["role"], row["category"]))
            people.append(row["leader"])
            titles.append(row["title"] + (" (host)" if row["category"] == "host" else ""))
            sources.append(row["source"])
        else:
            values.append("none")
            people.append("")
            titles.append("")
            sources.append("")
    table["value"] = values
    table["leader"] = people
    table["title"] = titles
    table["source"] = sources
    table["label"] = [style[v][0] for v in values]
    table["color"] = [style[v][1] for v in values]
    table["detail"] = [f"{p}, {t}" if p else "" for p, t in zip(people, titles, strict=True)]
    legend = _legend(table, [(label, color) for _, label, color in (*LEADER_LEVELS, NOT_PRESENT)])
    return Layer(layer_id, title, "level of attendance", source, table, legend, extra=("leader", "title", "source"))


PARTNER_YEAR_CLASSES = ((2013, 2015), (2016, 2017), (2018, 2018), (2019, 2021), (2022, 2025))


def partners_layer(
    layer_id: str, title: str, partners: pd.DataFrame, countries: Mapping[str, str], host: str, source: str
) -> Layer:
    """Year each partner joined, in classes; exited, unclear and year-unknown partners shown apart."""
    table = pd.DataFrame({"country": pd.Series(countries)})
    table.index.name = "iso3"
    by_iso = partners.set_index("iso3")
    for iso3 in by_iso.index.difference(table.index):
        table.loc[iso3, "country"] = by_iso.loc[iso3, "country"]
    year_classes = [(_range_label(lo, hi), YL_GN_BU[i]) for i, (lo, hi) in enumerate(PARTNER_YEAR_CLASSES)]
    specials = [
        ("joined, year unknown", "#bdbdbd"),
        ("exited", "#e66101"),
        ("status unclear", "#b2abd2"),
        ("not a partner", ZERO_COLOR),
        (NO_DATA_LABEL, NO_DATA_COLOR),
    ]
    colors = dict([*year_classes, *specials])
    rows = []
    for iso3 in table.index:
        if iso3 not in by_iso.index:
            label = NO_DATA_LABEL if iso3 in (host, "ATA") else "not a partner"
            rows.append(("", label, "", "", "", ""))
            continue
        row = by_iso.loc[iso3]
        year = row["year_joined"]
        if row["status"] == "exited":
            label = "exited"
        elif row["status"] == "unclear":
            label = "status unclear"
        elif not year:
            label = "joined, year unknown"
        else:
            label = next(
                lab
                for (lo, hi), (lab, _) in zip(PARTNER_YEAR_CLASSES, year_classes, strict=True)
                if lo <= int(year) <= hi
            )
        rows.append((year, label, row["status"], row["exit_year"], row["list"], row["source"]))
    table["value"], table["label"], table["status"], table["exit_year"], table["list"], table["source"] = zip(
        *rows, strict=True
    )
    table["color"] = table["label"].map(colors)
    table["detail"] = [
        (
            f"status: {s}"
            + (f", exit {e}" if e else "")
            + (" · not in GFDC Dec 2023 list" if lst == "supplementary" else "")
        )
        if s
        else ""
        for s, e, lst in zip(table["status"], table["exit_year"], table["list"], strict=True)
    ]
    legend = _legend(table, [*year_classes, *specials])
    return Layer(layer_id, title, "year joined", source, table, legend, extra=("status", "exit_year", "list", "source"))
