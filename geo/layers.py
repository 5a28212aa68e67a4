"""What each map shows: value per country, its class, colour, legend and tooltip lines, one builder per kind."""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import mapclassify
import numpy as np
import pandas as pd

from geo.evidence import Snippet

NO_DATA_COLOR = "#ffffff"
ZERO_COLOR = "#d9d9d9"
NO_DATA_LABEL = "no data"

# ColorBrewer sequential schemes (colour-blind safe).
YL_OR_RD = ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#f03b20", "#bd0026")
# ColorBrewer YlOrRd for 1 to 7 classes (1 and 2 taken from the 3-class scheme's darker end).
YL_OR_RD_BY_CLASSES = {
    1: ("#f03b20",),
    2: ("#feb24c", "#f03b20"),
    3: ("#ffeda0", "#feb24c", "#f03b20"),
    4: ("#ffffb2", "#fecc5c", "#fd8d3c", "#e31a1c"),
    5: ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"),
    6: YL_OR_RD,
    7: ("#ffffb2", "#fed976", "#feb24c", "#fd8d3c", "#fc4e2a", "#e31a1c", "#b10026"),
}
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
    country, value, label, color, detail, plus ``extra`` columns exported to the CSV.

    Optional columns the tooltip shows when present: ``rank`` (int, or "" where the country is not ranked)
    with ``rank_of`` (how many countries are ranked), ``source`` (where the row's fact comes from) and
    ``evidence`` (a tuple of ``Snippet``). ``classification`` says in the legend how the classes were chosen."""

    id: str
    title: str
    units: str
    source: str
    table: pd.DataFrame
    legend: tuple[LegendEntry, ...]
    extra: tuple[str, ...] = ()
    classification: str = ""

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


def legend_notes(layer: Layer, source_line: str = "") -> list[str]:
    """The lines under a legend: how the classes were chosen and where the numbers come from."""
    notes = [f"Classes: {layer.classification}"] if layer.classification else []
    return notes + ([source] if (source := layer.source or source_line) else [])


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


@dataclass(frozen=True, slots=True)
class CountClasses:
    """Classes of positive counts (zero has a swatch of its own): upper bounds, labels, colours, and how chosen."""

    upper: tuple[int, ...]
    labels: tuple[str, ...]
    colors: tuple[str, ...]
    method: str

    def index(self, values: Sequence[int]) -> list[int]:
        """The class of each positive value."""
        return [int(c) for c in mapclassify.UserDefined(np.asarray(values, dtype=float), list(self.upper)).yb]


def count_classes(values: Sequence[int], breaks: Sequence[int] | None = None) -> CountClasses:
    """Classes for the positive values among ``values``, chosen per map:

    - ``breaks`` given (a map's ``breaks`` in forum.toml): those upper bounds (mapclassify.UserDefined);
    - at most seven distinct values: one class per value;
    - counts reaching 16 or more: doubling bins 1, 2–3, 4–7, … (log-like, for skewed counts), 5 or 6 classes;
    - otherwise natural breaks (mapclassify.FisherJenks), 5 classes.

    >>> count_classes([0, 1, 2, 3, 50, 9, 4, 1, 1, 20, 6, 7, 12]).labels
    ('1', '2–3', '4–7', '8–15', '16–31', '32–50')
    >>> count_classes([0, 1, 1, 2, 5]).labels
    ('1', '2', '5')
    >>> count_classes([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], breaks=[2, 5, 10]).labels
    ('1–2', '3–5', '6–10', '11–12')
    """
    positive = sorted(int(v) for v in values if v > 0)
    if not positive:
        return CountClasses((), (), (), "no country has a count above zero")
    top = positive[-1]
    distinct = sorted(set(positive))
    if breaks:
        upper = sorted({int(b) for b in breaks if 0 < b < top} | {top})
        method = (
            "user breaks " + ", ".join(str(int(b)) for b in sorted(breaks)) + " (forum.toml; mapclassify.UserDefined)"
        )
    elif len(distinct) <= 7:
        upper = distinct
        method = "one class per value"
    elif top >= 16:
        upper = log_bins(top)
        method = "doubling bins 1, 2–3, 4–7, … for skewed counts (mapclassify.UserDefined)"
    else:
        with warnings.catch_warnings(action="ignore", category=UserWarning):  # "Numba not installed": only slower
            fisher = mapclassify.FisherJenks(np.asarray(positive, dtype=float), k=5)
        upper = sorted({int(b) for b in fisher.bins})
        method = "natural breaks (mapclassify.FisherJenks, 5 classes)"
    lows = upper if method == "one class per value" else [1, *(b + 1 for b in upper[:-1])]
    labels = tuple(_range_label(lo, hi) for lo, hi in zip(lows, upper, strict=True))
    return CountClasses(tuple(upper), labels, YL_OR_RD_BY_CLASSES[min(len(upper), 7)], method)


def ranks(values: pd.Series) -> pd.Series:
    """Rank of each positive value (1 = largest; ties share a rank), "" for zero.

    >>> ranks(pd.Series([5, 0, 9, 5])).tolist()
    [2, '', 1, 2]
    """
    ranked = values[values > 0].rank(method="min", ascending=False).astype(int)
    return pd.Series(
        [int(ranked[i]) if i in ranked.index else "" for i in values.index], index=values.index, dtype=object
    )


def mentions_layer(
    layer_id: str,
    title: str,
    counts: Mapping[str, int],
    forms: Mapping[str, list[str]],
    countries: Mapping[str, str],
    source: str,
    evidence: Mapping[str, Sequence[Snippet]] | None = None,
    breaks: Sequence[int] | None = None,
    classes: CountClasses | None = None,
) -> Layer:
    """Mentions per country in classes from ``count_classes`` (or the ``classes`` given, shared with other
    layers); every country gets a count (0 when never mentioned), a rank among the countries mentioned and up
    to three evidence snippets."""
    table = pd.DataFrame({"country": pd.Series(countries, dtype=object)})
    table.index.name = "iso3"
    table["value"] = [int(counts.get(iso3, 0)) for iso3 in table.index]
    table["forms"] = ["|".join(forms.get(iso3, [])) for iso3 in table.index]
    table["rank"] = ranks(table["value"])
    table["rank_of"] = int((table["value"] > 0).sum())
    evidence = evidence or {}
    table["evidence"] = [tuple(evidence.get(iso3, ())) for iso3 in table.index]
    if classes is None:
        classes = count_classes(table["value"].tolist(), breaks)
    table["label"] = "0"
    table["color"] = ZERO_COLOR
    positive = table["value"] > 0
    if positive.any():
        index = classes.index(table.loc[positive, "value"].tolist())
        table.loc[positive, "label"] = [classes.labels[c] for c in index]
        table.loc[positive, "color"] = [classes.colors[c] for c in index]
    table["detail"] = [f"forms: {f}" if f else "" for f in table["forms"].str.replace("|", ", ")]
    legend = _legend(table, [*zip(classes.labels, classes.colors, strict=True), ("0", ZERO_COLOR)])
    return Layer(
        layer_id, title, "mentions", source, table, legend, extra=("rank", "forms"), classification=classes.method
    )


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
    return Layer(
        layer_id,
        title,
        "level of attendance",
        source,
        table,
        legend,
        extra=("leader", "title", "source"),
        classification="categories: the highest-ranking person each country sent",
    )


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


# --- Across forum editions (helper B) ---------------------------------------------------------------------

EDITION_COUNT_COLORS = ("#c7e9c0", "#74c476", "#238b45", "#00441b")  # ColorBrewer Greens, 1 … 4 editions
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
    table = pd.DataFrame({"country": pd.Series(countries, dtype=object)})
    table.index.name = "iso3"
    for row in editions.drop_duplicates("iso3").itertuples(index=False):
        if row.iso3 not in table.index:  # in the data but not on the basemap: keep in the CSV
            table.loc[row.iso3, "country"] = row.country
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
    legend = _legend(table, [(str(n), colors[str(n)]) for n in range(total, -1, -1)])
    return Layer(layer_id, title, f"of {total} forums", source, table, legend, extra=("editions", "represented_at"))


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


def period_layers(
    periods: Sequence[str], counts: Mapping[str, Mapping[str, int]], countries: Mapping[str, str], source: str
) -> list[Layer]:
    """One mentions layer per period (``counts[period][iso3]``), in the order given, all coloured by the same
    classes so that a colour means the same number in every period; for a map that steps through time.

    >>> layers = period_layers(["2023-09", "2023-10"], {"2023-10": {"CHN": 4}}, {"CHN": "China", "FRA": "France"}, "")
    >>> [(layer.id, int(layer.table.loc["CHN", "value"]), layer.table.loc["CHN", "label"]) for layer in layers]
    [('2023-09', 0, '0'), ('2023-10', 4, '4')]
    """
    from dataclasses import replace

    classes = count_classes([n for period in periods for n in counts.get(period, {}).values()])
    method = f"{classes.method}; the same classes in every period"
    return [
        replace(
            mentions_layer(period, period, counts.get(period, {}), {}, countries, source, classes=classes),
            extra=("rank",),
            classification=method,
        )
        for period in periods
    ]


def periods_csv_frame(period_layers: list[Layer]) -> pd.DataFrame:
    """The series behind a map with one layer per period: ``period,iso3,country,value,class,rank``."""
    frames = [layer.csv_frame().assign(period=layer.id) for layer in period_layers]
    out = pd.concat(frames, ignore_index=True)
    return out[["period", *(c for c in out.columns if c != "period")]]
