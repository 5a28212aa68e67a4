"""The ``partners`` map: the year each country joined an initiative, exited and unclear partners apart."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from geo.kinds.base import MapInput, MapKind, register
from geo.layers import NO_DATA_COLOR, NO_DATA_LABEL, YL_GN_BU_BY_CLASSES, ZERO_COLOR, Layer, country_table, range_label
from geo.layers import legend as layer_legend

PARTNER_YEAR_CLASSES = ((2013, 2015), (2016, 2017), (2018, 2018), (2019, 2021), (2022, 2025))


def partners_layer(
    layer_id: str, title: str, partners: pd.DataFrame, countries: Mapping[str, str], host: str, source: str
) -> Layer:
    """Year each partner joined, in classes; exited, unclear and year-unknown partners shown apart."""
    table = country_table(countries, partners)
    by_iso = partners.set_index("iso3")
    year_classes = [(range_label(lo, hi), YL_GN_BU_BY_CLASSES[5][i]) for i, (lo, hi) in enumerate(PARTNER_YEAR_CLASSES)]
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
    legend = layer_legend(table, [*year_classes, *specials])
    return Layer(
        layer_id,
        title,
        "year joined",
        source,
        table,
        legend,
        extra=("status", "exit_year", "list", "source"),
        classification="fixed periods of the initiative: 2013–15, 2016–17, 2018, 2019–21, 2022–",
    )


@register
class Partners(MapKind):
    """The year each partner joined, in classes; exited, unclear and year-unknown partners shown apart."""

    name = "partners"
    tables = ("partners",)

    def layers(self, given: MapInput) -> list[Layer]:
        spec, forum = given.spec, given.forum
        partners = given.tables["partners"]
        return [partners_layer(spec.id, spec.title, partners, given.countries, forum.host, given.source)]
