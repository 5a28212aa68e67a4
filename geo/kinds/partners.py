"""The ``partners`` map: the year each country joined an initiative, in the classes of years its forum.toml
gives; exited, unclear and year-unknown partners apart."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import pandas as pd

from geo import gazetteer
from geo.kinds.base import MapInput, MapKind, register
from geo.layers import NO_DATA_COLOR, NO_DATA_LABEL, ZERO_COLOR, Layer, country_table, range_label
from geo.layers import legend as layer_legend

# Colours for the year classes, earliest first, from ColorBrewer YlGnBu moved (by at most ΔE 17) until every two
# of them and of the categories below differ by ΔE ≥ 16 in CAM02-UCS for normal, deuteranope and protanope
# vision, so that no class is mistaken for another (tests/test_palettes.py).
YEAR_COLORS_BY_CLASSES = {
    1: ("#3377aa",),
    2: ("#223399", "#33aabb"),
    3: ("#223399", "#33aabb", "#ffff66"),
    4: ("#223399", "#3377aa", "#33aabb", "#ffff66"),
    5: ("#223399", "#3377aa", "#33aabb", "#bbeeaa", "#ffff66"),
    6: ("#223399", "#3377aa", "#33aabb", "#bbeeaa", "#ffff66", "#bbaa77"),
    7: ("#223399", "#3377aa", "#33aabb", "#bbeeaa", "#ffff66", "#bbaa77", "#773344"),
}
HOST = "host"
SPECIALS = (
    (HOST, "#990011"),
    ("joined, year unknown", "#777777"),
    ("exited", "#ee6600"),
    ("status unclear", "#ccccff"),
    ("not a partner", ZERO_COLOR),
    (NO_DATA_LABEL, NO_DATA_COLOR),
)
OPTIONS = {
    "year_classes": "the classes of the year joined, as [first, last] pairs in order (required)",
    "classification": "how the legend says the classes were chosen (default: the fixed periods listed)",
    "no_data": "ISO3 codes drawn as 'no data' rather than 'not a partner' (e.g. Antarctica)",
}


def good_year_classes(classes: object) -> bool:
    """1 to 7 ``[first, last]`` pairs of years, each class after the one before.

    >>> good_year_classes([[2013, 2015], [2016, 2016]]), good_year_classes([[2016, 2013]]), good_year_classes([])
    (True, False, False)
    """
    if not isinstance(classes, list) or not 1 <= len(classes) <= len(YEAR_COLORS_BY_CLASSES):
        return False
    years = [y for pair in classes if isinstance(pair, list) and len(pair) == 2 for y in pair]
    return (
        len(years) == 2 * len(classes)
        and all(isinstance(y, int) and not isinstance(y, bool) for y in years)
        and all(years[i] <= years[i + 1] for i in range(0, len(years) - 1, 2))  # first ≤ last
        and all(years[i] < years[i + 1] for i in range(1, len(years) - 1, 2))  # after the class before
    )


def year_class(year: int, classes: Sequence[Sequence[int]]) -> int | None:
    """The index of the class holding ``year``, or None."""
    return next((i for i, (first, last) in enumerate(classes) if first <= year <= last), None)


def partners_layer(
    layer_id: str,
    title: str,
    partners: pd.DataFrame,
    countries: Mapping[str, str],
    source: str,
    *,
    year_classes: Sequence[Sequence[int]],
    classification: str = "",
    no_data: Sequence[str] = (),
    notes: Mapping[str, str] | None = None,
    host: str = "",
) -> Layer:
    """Year each partner joined, in ``year_classes``; exited, unclear and year-unknown partners shown apart.
    The ``host`` (the initiative's own country) is a category of its own; countries in ``no_data`` (Antarctica,
    say) are drawn as no data; ``notes`` adds a line to the tooltip of the rows of each list (the ``list``
    column) that has one. The legend lists the latest years first."""
    table = country_table(countries, partners)
    by_iso = partners.set_index("iso3")
    palette = YEAR_COLORS_BY_CLASSES[len(year_classes)]
    classes = [(range_label(first, last), palette[i]) for i, (first, last) in enumerate(year_classes)]
    colors = dict([*classes, *SPECIALS])
    rows = []
    for iso3 in table.index:
        if iso3 not in by_iso.index:
            label = HOST if iso3 == host else NO_DATA_LABEL if iso3 in no_data else "not a partner"
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
            label = classes[year_class(int(year), year_classes)][0]
        rows.append((year, label, row["status"], row["exit_year"], row["list"], row["source"]))
    table["value"], table["label"], table["status"], table["exit_year"], table["list"], table["source"] = zip(
        *rows, strict=True
    )
    table["color"] = table["label"].map(colors)
    notes = notes or {}
    table["detail"] = [
        (f"status: {s}" + (f", exit {e}" if e else "") + (f" · {notes[lst]}" if notes.get(lst) else "")) if s else ""
        for s, e, lst in zip(table["status"], table["exit_year"], table["list"], strict=True)
    ]
    legend = layer_legend(table, [*reversed(classes), *(sp for sp in SPECIALS if sp[0] != HOST or host)])
    return Layer(
        layer_id,
        title,
        "year joined",
        source,
        table,
        legend,
        extra=("status", "exit_year", "list", "source"),
        classification=classification or "fixed periods: " + ", ".join(label for label, _ in classes),
        legend_title="year the country joined",
    )


@register
class Partners(MapKind):
    """The year each partner joined, in the classes of years the map gives; the host as a category of its own."""

    name = "partners"
    tables = ("partners",)
    options = OPTIONS

    def option_problems(self, options: Mapping[str, object]) -> list[tuple[str, str]]:
        problems = []
        classes = options.get("year_classes")
        if classes is None:
            problems.append(("", "a partners map needs year_classes, e.g. [[2013, 2015], [2016, 2020]]"))
        elif not good_year_classes(classes):
            most = len(YEAR_COLORS_BY_CLASSES)
            message = f"year_classes must be 1 to {most} [first, last] pairs of years in order, got {classes!r}"
            problems.append(("year_classes", message))
        if not isinstance(options.get("classification", ""), str):
            problems.append(("classification", f"classification must be text, got {options['classification']!r}"))
        codes = options.get("no_data", [])
        known = gazetteer.load().iso3_codes()
        if not isinstance(codes, list) or not all(isinstance(c, str) and c in known for c in codes):
            problems.append(("no_data", f"no_data must be a list of ISO 3166-1 alpha-3 codes, got {codes!r}"))
        return problems

    def data_problems(
        self, options: Mapping[str, object], tables: Mapping[str, pd.DataFrame]
    ) -> list[tuple[str, int, str]]:
        classes = options["year_classes"]
        partners = tables["partners"]
        classed = partners[~partners["status"].isin(("exited", "unclear")) & (partners["year_joined"] != "")]
        return [
            ("partners", line, f"year_joined {year} is in none of the map's year_classes")
            for year, line in zip(classed["year_joined"], classed["line"], strict=True)
            if year_class(int(year), classes) is None
        ]

    def layers(self, given: MapInput) -> list[Layer]:
        spec, forum = given.spec, given.forum
        layer = partners_layer(
            spec.id,
            spec.title,
            given.tables["partners"],
            given.countries,
            given.source,
            year_classes=spec.options["year_classes"],
            classification=spec.options.get("classification", ""),
            no_data=spec.options.get("no_data", []),
            notes={entry.id: entry.note for entry in forum.partner_lists},
            host=forum.host,
        )
        return [layer]
