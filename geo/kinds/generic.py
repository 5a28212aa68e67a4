"""Maps over a table a forum declares (``[tables.<name>]``): ``categorical`` (a colour per category), ``year``
(classes of years) and ``numeric`` (classes of counts or amounts). A map names its ``table`` and ``column``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from geo import gazetteer
from geo.kinds.base import MapInput, MapKind, register
from geo.kinds.mentions import good_breaks
from geo.kinds.partners import YEAR_COLORS_BY_CLASSES, good_year_classes, year_class
from geo.layers import (
    NO_DATA_COLOR,
    NO_DATA_LABEL,
    VIRIDIS_BY_CLASSES,
    ZERO_COLOR,
    CountClasses,
    Layer,
    count_classes,
    country_table,
    range_label,
)
from geo.layers import legend as layer_legend

if TYPE_CHECKING:
    from geo.forums.generic import ColumnSpec, TableSpec

NOT_PARTICIPANT = "not a participant"
YEAR_UNKNOWN = ("year unknown", "#777777")  # the partners map's grey for it: ΔE ≥ 15 from every year class
# ColorBrewer Dark2 (qualitative, 8 colours), for categories without colours of their own.
DARK2 = ("#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02", "#a6761d", "#666666")
SCHEMES = {"quantiles": "Quantiles", "fisher_jenks": "FisherJenks", "natural_breaks": "NaturalBreaks"}
COMMON = {
    "table": "the table drawn: a name declared as [tables.<name>] (required)",
    "column": "its column drawn (required)",
    "no_data": "ISO3 codes drawn as 'no data' rather than 'not a participant' (e.g. Antarctica)",
}


class TableKind(MapKind):
    """A kind over one column of a declared table; ``column_types`` are the column types it can draw."""

    column_types: tuple[str, ...] = ()

    def reads(self, options: Mapping[str, object]) -> tuple[str, ...]:
        table = options.get("table")
        return (table,) if isinstance(table, str) else ()

    def option_problems(self, options: Mapping[str, object]) -> list[tuple[str, str]]:
        problems = [("", f"a {self.name} map needs '{key}'") for key in ("table", "column") if key not in options]
        codes = options.get("no_data", [])
        known = gazetteer.load().iso3_codes()
        if not isinstance(codes, list) or not all(isinstance(c, str) and c in known for c in codes):
            problems.append(("no_data", f"no_data must be a list of ISO 3166-1 alpha-3 codes, got {codes!r}"))
        return problems

    def table_problems(self, options: Mapping[str, object], specs: Mapping[str, TableSpec]) -> list[tuple[str, str]]:
        spec = specs.get(str(options["table"]))
        if spec is None:
            return [("table", f"table {options['table']!r} is not declared as [tables.{options['table']}]")]
        column = spec.column(str(options["column"]))
        if column is None or column.type not in self.column_types:
            fit = [c.name for c in spec.columns if c.type in self.column_types]
            return [
                (
                    "column",
                    f"column {options['column']!r} is not a {' or '.join(self.column_types)} column of "
                    f"{spec.name!r} (those are: {', '.join(fit) or 'none'})",
                )
            ]
        return []

    def layers(self, given: MapInput) -> list[Layer]:
        spec = given.forum.table_specs[given.spec.options["table"]]
        column = spec.column(given.spec.options["column"])
        frame = given.tables[spec.name]
        table = country_table(given.countries, frame)
        rows = _first_rows(frame, column)
        no_data = set(given.spec.options.get("no_data", []))
        values, labels, colors, classes, method = self.classify(given, column, rows, table.index, no_data)
        table["value"], table["label"], table["color"] = values, labels, colors
        shown = [c for c in spec.columns if c.shown and c.type != "source"]
        sources = [c for c in spec.columns if c.type == "source"]
        table["detail"] = [_detail(rows.get(iso3), shown) for iso3 in table.index]
        table["source"] = [
            "; ".join(r[c.name] for c in sources if r[c.name]) if (r := rows.get(iso3)) else "" for iso3 in table.index
        ]
        extra = [c.name for c in spec.columns if c.type != "source" and c.name != column.name]
        for name in extra:
            table[name] = [r[name] if (r := rows.get(iso3)) else "" for iso3 in table.index]
        legend = layer_legend(table, classes)
        units = column.name.replace("_", " ")
        layer = Layer(given.spec.id, given.spec.title, units, given.source, table, legend, (*extra, "source"), method)
        return [layer]

    def classify(self, given, column, rows, index, no_data):  # noqa: ANN001, ANN201 (each kind's own)
        raise NotImplementedError


def _first_rows(frame: pd.DataFrame, column: ColumnSpec) -> dict[str, dict[str, str]]:
    """Each country's row; of several, the first in the column's order (category order, earliest year, the
    largest number), so that a country is drawn by its strongest tie."""

    def order(value: str) -> float:
        if not value:
            return float("inf")
        if column.type == "category":
            return column.values.index(value)
        return int(value) if column.type == "year" else -int(value)

    best: dict[str, dict[str, str]] = {}
    for record in frame.to_dict("records"):
        held = best.get(record["iso3"])
        if held is None or order(record[column.name]) < order(held[column.name]):
            best[record["iso3"]] = record
    return best


def _detail(row: dict[str, str] | None, shown: Sequence[ColumnSpec]) -> str:
    if row is None:
        return ""
    return " · ".join(f"{c.name.replace('_', ' ')}: {c.label(row[c.name])}" for c in shown if row[c.name])


def _cells(index, rows, column, no_data, empty, present):  # noqa: ANN001, ANN202 (each kind's classify gives them)
    """Values, labels and colours per country of ``index``: a country without a row is not a participant (or no
    data), an empty cell is ``empty``, and ``present(iso3, value)`` classes the others."""
    out = []
    for iso3 in index:
        row = rows.get(iso3)
        if row is None:
            out.append(_absent(iso3, no_data))
        elif not row[column.name]:
            out.append(empty)
        else:
            out.append(present(iso3, row[column.name]))
    values, labels, colors = zip(*out, strict=True) if out else ((), (), ())
    return list(values), list(labels), list(colors)


def _absent(iso3: str, no_data: set[str]) -> tuple[str, str, str]:
    return ("", NO_DATA_LABEL, NO_DATA_COLOR) if iso3 in no_data else ("", NOT_PARTICIPANT, ZERO_COLOR)


@register
class Categorical(TableKind):
    """One colour per category of a column, in the order and with the labels forum.toml gives."""

    name = "categorical"
    column_types = ("category",)
    options = {**COMMON, "colors": "a colour (#rrggbb) per category, in their order (default: ColorBrewer Dark2)"}

    def option_problems(self, options: Mapping[str, object]) -> list[tuple[str, str]]:
        problems = super().option_problems(options)
        colors = options.get("colors", [])
        if not isinstance(colors, list) or not all(isinstance(c, str) and len(c) == 7 and c[0] == "#" for c in colors):
            problems.append(("colors", f"colors must be a list of #rrggbb colours, got {colors!r}"))
        return problems

    def table_problems(self, options: Mapping[str, object], specs: Mapping[str, TableSpec]) -> list[tuple[str, str]]:
        problems = super().table_problems(options, specs)
        column = specs[str(options["table"])].column(str(options["column"])) if not problems else None
        colors = options.get("colors")
        if column and colors is not None and len(colors) != len(column.values):
            problems.append(("colors", f"colors: {len(colors)} given for {len(column.values)} categories"))
        elif column and colors is None and len(column.values) > len(DARK2):
            problems.append(("colors", f"more than {len(DARK2)} categories: give their colors"))
        return problems

    def classify(self, given, column, rows, index, no_data):  # noqa: ANN001, ANN201
        palette = given.spec.options.get("colors") or DARK2
        color_of = dict(zip(column.values, palette, strict=False))

        def present(_iso3: str, value: str) -> tuple[str, str, str]:
            return value, column.label(value), color_of[value]

        values, labels, colors = _cells(index, rows, column, no_data, ("", NO_DATA_LABEL, NO_DATA_COLOR), present)
        classes = [
            *zip(column.labels, palette, strict=False),
            (NOT_PARTICIPANT, ZERO_COLOR),
            (NO_DATA_LABEL, NO_DATA_COLOR),
        ]
        return values, labels, colors, classes, "categories: " + ", ".join(column.labels)


@register
class Years(TableKind):
    """A year column in the classes of years the map gives."""

    name = "year"
    column_types = ("year",)
    options = {
        **COMMON,
        "year_classes": "the classes of years, as [first, last] pairs in order (required)",
        "classification": "how the legend says the classes were chosen (default: the periods listed)",
    }

    def option_problems(self, options: Mapping[str, object]) -> list[tuple[str, str]]:
        problems = super().option_problems(options)
        classes = options.get("year_classes")
        if classes is None:
            problems.append(("", "a year map needs year_classes, e.g. [[2001, 2009], [2010, 2025]]"))
        elif not good_year_classes(classes):
            most = len(YEAR_COLORS_BY_CLASSES)
            problems.append(
                (
                    "year_classes",
                    f"year_classes must be 1 to {most} [first, last] pairs of years in order, got {classes!r}",
                )
            )
        if not isinstance(options.get("classification", ""), str):
            problems.append(("classification", f"classification must be text, got {options['classification']!r}"))
        return problems

    def data_problems(
        self, options: Mapping[str, object], tables: Mapping[str, pd.DataFrame]
    ) -> list[tuple[str, int, str]]:
        name, column = str(options["table"]), str(options["column"])
        frame = tables[name]
        return [
            (name, line, f"{column} {year} is in none of the map's year_classes")
            for year, line in zip(frame[column], frame["line"], strict=True)
            if year and year_class(int(year), options["year_classes"]) is None
        ]

    def classify(self, given, column, rows, index, no_data):  # noqa: ANN001, ANN201
        year_classes = given.spec.options["year_classes"]
        palette = YEAR_COLORS_BY_CLASSES[len(year_classes)]
        classes = [(range_label(first, last), palette[i]) for i, (first, last) in enumerate(year_classes)]

        def present(_iso3: str, year: str) -> tuple[str, str, str]:
            return year, *classes[year_class(int(year), year_classes)]

        values, labels, colors = _cells(index, rows, column, no_data, ("", *YEAR_UNKNOWN), present)
        specials = [YEAR_UNKNOWN, (NOT_PARTICIPANT, ZERO_COLOR), (NO_DATA_LABEL, NO_DATA_COLOR)]
        method = given.spec.options.get("classification") or "periods: " + ", ".join(label for label, _ in classes)
        return values, labels, colors, [*classes, *specials], method


@register
class Numeric(TableKind):
    """A whole-number column (counts or amounts) in classes: chosen as for mentions, by explicit ``breaks``,
    or by a mapclassify ``scheme`` (quantiles, fisher_jenks, natural_breaks) with ``k`` classes."""

    name = "numeric"
    column_types = ("integer",)
    options = {
        **COMMON,
        "breaks": "upper bounds of the classes, instead of the automatic ones",
        "scheme": f"a mapclassify scheme: {', '.join(SCHEMES)}",
        "k": "the number of classes of the scheme (default 5)",
    }

    def option_problems(self, options: Mapping[str, object]) -> list[tuple[str, str]]:
        problems = super().option_problems(options)
        if "breaks" in options and not good_breaks(options["breaks"]):
            problems.append(
                ("breaks", f"breaks must be 1 to 6 increasing whole numbers above 0, got {options['breaks']!r}")
            )
        if "scheme" in options and options["scheme"] not in SCHEMES:
            problems.append(("scheme", f"scheme must be one of {', '.join(SCHEMES)}, got {options['scheme']!r}"))
        if "breaks" in options and "scheme" in options:
            problems.append(("scheme", "give breaks or a scheme, not both"))
        k = options.get("k", 5)
        if not isinstance(k, int) or isinstance(k, bool) or not 2 <= k <= 7:
            problems.append(("k", f"k must be a whole number from 2 to 7, got {k!r}"))
        return problems

    def classify(self, given, column, rows, index, no_data):  # noqa: ANN001, ANN201
        numbers = {iso3: int(r[column.name]) for iso3, r in rows.items() if r[column.name]}
        options = given.spec.options
        if "scheme" in options:
            classes = scheme_classes(list(numbers.values()), options["scheme"], options.get("k", 5))
        else:
            classes = count_classes(list(numbers.values()), options.get("breaks"))
        positive = [iso3 for iso3 in index if numbers.get(iso3, 0) > 0]
        class_of = dict(zip(positive, classes.index([numbers[i] for i in positive]), strict=True)) if positive else {}

        def present(iso3: str, _value: str) -> tuple:
            if iso3 not in class_of:
                return numbers[iso3], "0", ZERO_COLOR
            return numbers[iso3], classes.labels[class_of[iso3]], classes.colors[class_of[iso3]]

        values, labels, colors = _cells(index, rows, column, no_data, ("", NO_DATA_LABEL, NO_DATA_COLOR), present)
        legend = [*reversed(list(zip(classes.labels, classes.colors, strict=True))), ("0", ZERO_COLOR)]
        legend += [(NOT_PARTICIPANT, ZERO_COLOR), (NO_DATA_LABEL, NO_DATA_COLOR)]
        return values, labels, colors, legend, classes.method


def scheme_classes(values: Sequence[int], scheme: str, k: int) -> CountClasses:
    """Classes of the positive values by a mapclassify scheme, as whole-number upper bounds.

    >>> scheme_classes([1, 2, 3, 4, 5, 6, 7, 8], "quantiles", 4).labels
    ('1–2', '3–4', '5–6', '7–8')
    """
    import warnings

    import mapclassify

    positive = sorted(v for v in values if v > 0)
    if not positive:
        return CountClasses((), (), (), "no country has a value above zero")
    k = min(k, len(set(positive)))
    with warnings.catch_warnings(action="ignore", category=UserWarning):
        found = getattr(mapclassify, SCHEMES[scheme])(np.asarray(positive, dtype=float), k=k)
    upper = sorted({int(np.floor(b)) for b in found.bins if b >= positive[0]} | {positive[-1]})
    lows = [positive[0], *(b + 1 for b in upper[:-1])]
    labels = tuple(range_label(lo, hi) for lo, hi in zip(lows, upper, strict=True))
    method = f"{scheme.replace('_', ' ')} (mapclassify.{SCHEMES[scheme]}, {len(upper)} classes)"
    return CountClasses(tuple(upper), labels, VIRIDIS_BY_CLASSES[min(len(upper), 7)], method)
