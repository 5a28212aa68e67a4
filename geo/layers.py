"""What every map layer is made of: a value per country, its class, colour, legend and tooltip lines; the
classifications and palettes the map kinds (geo/kinds/) share."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

NO_DATA_COLOR = "#ffffff"
# A grey far enough from the no-data white (ΔE ≥ 15 in CAM02-UCS, also to colour-blind readers) to tell zero
# from no data at a glance; tests/test_palettes.py checks every bundled map.
ZERO_COLOR = "#c4c4c4"
NO_DATA_LABEL = "no data"

# Four purples from ColorBrewer Purples, the lightest made bluer so that it stays apart from the zero grey and
# the no-data white (ΔE ≥ 15 for normal, deuteranope and protanope vision).
PURPLES = ("#552299", "#7766aa", "#9999cc", "#ccccff")
# matplotlib's viridis, k samples from yellow (fewest) to purple (most): told apart by lightness and by the
# blue–yellow axis that colour-blind readers keep. Tables of the user's own values are drawn with it.
VIRIDIS_BY_CLASSES = {
    1: ("#21918c",),
    2: ("#fde725", "#440154"),
    3: ("#fde725", "#21918c", "#440154"),
    4: ("#fde725", "#35b779", "#31688e", "#440154"),
    5: ("#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"),
    6: ("#fde725", "#7ad151", "#22a884", "#2a788e", "#414487", "#440154"),
    7: ("#fde725", "#90d743", "#35b779", "#21918c", "#31688e", "#443983", "#440154"),
}
# matplotlib's cividis (Nuñez, Anderton & Renslow 2018, made for colour-vision deficiency), k evenly spaced samples
# from yellow (fewest) to dark blue (most). Counts are drawn with it: up to six classes its neighbours stay ΔE ≥ 15
# apart, and from the zero grey and the no-data white, for deuteranope and protanope readers too (viridis' do not).
CIVIDIS_BY_CLASSES = {
    1: ("#00224e",),
    2: ("#fee838", "#00224e"),
    3: ("#fee838", "#7d7c78", "#00224e"),
    4: ("#fee838", "#a59c74", "#575d6d", "#00224e"),
    5: ("#fee838", "#bcae6c", "#7d7c78", "#434e6c", "#00224e"),
    6: ("#fee838", "#c8b866", "#948e77", "#666970", "#35456c", "#00224e"),
    7: ("#fee838", "#d2c060", "#a59c74", "#7d7c78", "#575d6d", "#2a3f6d", "#00224e"),
}
# Up to this count every value is a class of its own; above it, classes double in width.
MAX_ONE_PER_VALUE = 6


@dataclass(frozen=True, slots=True)
class LegendEntry:
    label: str
    color: str
    count: int  # countries drawn in this class


LAYER_COLUMNS = ("country", "value", "label", "color", "detail")


@dataclass(frozen=True)
class Layer:
    """One map layer: ``table`` has a row per country (index iso3) with columns
    country, value, label, color, detail, plus ``extra`` columns exported to the CSV.

    Optional columns the tooltip shows when present: ``rank`` (int, or "" where the country is not ranked)
    with ``rank_of`` (how many countries are ranked), ``source`` (where the row's fact comes from) and
    ``evidence`` (a tuple of ``Snippet``). ``classification`` says in the legend how the classes were chosen;
    ``legend_title`` heads the legend (what the colours show, in words; the units when empty)."""

    id: str
    title: str
    units: str
    source: str
    table: pd.DataFrame
    legend: tuple[LegendEntry, ...]
    extra: tuple[str, ...] = ()
    classification: str = ""
    legend_title: str = ""

    def __post_init__(self) -> None:
        missing = [c for c in (*LAYER_COLUMNS, *self.extra) if c not in self.table.columns]
        if missing or self.table.index.name != "iso3":
            raise ValueError(f"layer {self.id!r}: its table needs an iso3 index and the columns {missing}")

    def csv_frame(self) -> pd.DataFrame:
        """The numbers behind the map: ``iso3,country,value,class,...``; value empty where there is no data."""
        out = self.table.reset_index()[["iso3", "country", "value", "label", *self.extra]]
        return out.rename(columns={"label": "class"}).sort_values("iso3", kind="stable")


def legend_entries(layer: Layer) -> tuple[LegendEntry | None, ...]:
    """The layer's legend with a "no data" swatch always last (``None`` when the layer's own entries have
    none): every map, in the page and in the picture, tells no data apart from zero."""
    if any(e.color == NO_DATA_COLOR for e in layer.legend):
        return layer.legend
    return (*layer.legend, None)


def legend_heading(layer: Layer) -> str:
    """What the legend's colours show, for a reader: ``Mentions in the articles``."""
    text = layer.legend_title or layer.units
    return text[:1].upper() + text[1:]


def plural(count: int, noun: str, nouns: str = "") -> str:
    """``1 article``, ``2 articles``, ``1 country``, ``3 countries``.

    >>> plural(1, "article"), plural(0, "article"), plural(3, "country", "countries")
    ('1 article', '0 articles', '3 countries')
    """
    return f"{count} {noun if count == 1 else (nouns or noun + 's')}"


def date_label(iso: str) -> str:
    """A data date as a reader reads it: ``data as of 18 Oct 2023``; other text as given.

    >>> date_label("2023-10-18"), date_label("")
    ('data as of 18 Oct 2023', '')
    """
    try:
        day = dt.date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"data as of {day.day} {day:%b %Y}"


def legend_notes(layer: Layer, source_line: str = "") -> list[str]:
    """The lines under a legend: how the classes were chosen and where the numbers come from."""
    notes = [f"Classes: {layer.classification}"] if layer.classification else []
    return notes + ([source] if (source := layer.source or source_line) else [])


def legend(table: pd.DataFrame, classes: list[tuple[str, str]]) -> tuple[LegendEntry, ...]:
    """A legend entry per (label, colour), in the order given, with how many countries of ``table`` it colours."""
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


def range_label(low: int, high: int) -> str:
    """``2016–2017``, or ``2018`` for a class of one value."""
    return f"{low}" if low == high else f"{low}–{high}"


@dataclass(frozen=True, slots=True)
class CountClasses:
    """Classes of positive counts (zero has a swatch of its own): upper bounds, labels, colours, and how chosen."""

    upper: tuple[int, ...]
    labels: tuple[str, ...]
    colors: tuple[str, ...]
    method: str

    def index(self, values: Sequence[float]) -> list[int]:
        """The class of each positive value: the first whose upper bound it does not exceed (as mapclassify's
        ``UserDefined`` bins them, a value above every bound in a class after the last; without importing
        mapclassify, which takes seconds).

        >>> CountClasses((1, 3, 7), ("1", "2–3", "4–7"), ("a", "b", "c"), "").index([1, 2, 3, 4, 7, 8])
        [0, 1, 1, 2, 2, 3]
        """
        upper = self.upper
        return [bisect.bisect_left(upper, value) for value in values]


def count_classes(values: Sequence[int], breaks: Sequence[int] | None = None) -> CountClasses:
    """Classes for the positive values among ``values``, spaced by value so that a colour's place on the scale
    says how large the count is:

    - ``breaks`` given (a map's ``breaks`` in forum.toml): those upper bounds, colours evenly spaced per class;
    - the largest count up to 6: one class per value present, coloured at its place on the scale 1 … largest
      (counts 1, 2 and 5 take the first, second and fifth of five colours);
    - larger counts: doubling bins 1, 2–3, 4–7, … up to the largest (log-like, for skewed counts), every bin
      listed, the empty ones too, so that the colours step by value.

    >>> count_classes([0, 1, 2, 3, 50, 9, 4, 1, 1, 20, 6, 7, 12]).labels
    ('1', '2–3', '4–7', '8–15', '16–31', '32–50')
    >>> count_classes([0, 1, 1, 2, 5]).labels
    ('1', '2', '5')
    >>> count_classes([0, 1, 1, 2, 5]).colors == tuple(CIVIDIS_BY_CLASSES[5][v - 1] for v in (1, 2, 5))
    True
    >>> count_classes([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], breaks=[2, 5, 10]).labels
    ('1–2', '3–5', '6–10', '11–12')
    """
    positive = sorted(int(v) for v in values if v > 0)
    if not positive:
        return CountClasses((), (), (), "no country has a count above zero")
    top = positive[-1]
    if breaks:
        upper = sorted({int(b) for b in breaks if 0 < b < top} | {top})
        method = "user breaks " + ", ".join(str(int(b)) for b in sorted(breaks)) + ", set by the map's editor"
        colors = CIVIDIS_BY_CLASSES[len(upper)]
    elif top <= MAX_ONE_PER_VALUE:
        upper = sorted(set(positive))
        method = "one class per value, coloured by its place on the scale (cividis)"
        colors = tuple(CIVIDIS_BY_CLASSES[top][v - 1] for v in upper)
        return CountClasses(tuple(upper), tuple(str(v) for v in upper), colors, method)
    else:
        upper = [min(bound, top) for bound in log_bins(top)]  # the last bin ends at the largest count
        method = "doubling in width (1, 2–3, 4–7, …, cividis), as a few countries have many more than the rest"
        colors = CIVIDIS_BY_CLASSES[len(upper)]
    lows = [1, *(b + 1 for b in upper[:-1])]
    labels = tuple(range_label(lo, hi) for lo, hi in zip(lows, upper, strict=True))
    return CountClasses(tuple(upper), labels, colors, method)


def ranks(values: pd.Series) -> pd.Series:
    """Rank of each positive value (1 = largest; ties share a rank), "" for zero.

    >>> ranks(pd.Series([5, 0, 9, 5])).tolist()
    [2, '', 1, 2]
    """
    ranked = values[values > 0].rank(method="min", ascending=False).astype(int)
    return pd.Series(
        [int(ranked[i]) if i in ranked.index else "" for i in values.index], index=values.index, dtype=object
    )


def country_table(countries: Mapping[str, str], rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """A layer's table to fill: one row per country on the basemap (index ``iso3``, column ``country``), and one
    for each country of ``rows`` (columns ``iso3``, ``country``) that the basemap lacks, so that its CSV keeps it.

    >>> country_table({"CHN": "China"}, pd.DataFrame({"iso3": ["XKX"], "country": ["Kosovo"]}))["country"].to_dict()
    {'CHN': 'China', 'XKX': 'Kosovo'}
    """
    table = pd.DataFrame({"country": pd.Series(countries, dtype=object)})
    table.index.name = "iso3"
    if rows is not None:
        first = rows.drop_duplicates("iso3").set_index("iso3")["country"]
        for iso3 in first.index.difference(table.index):  # in the data, not on the basemap
            table.loc[iso3, "country"] = first[iso3]
    return table
