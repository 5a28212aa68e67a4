"""A map layer from any column of values per country (a user's table, a notebook's DataFrame): classes by a
mapclassify scheme, or the forum maps' own classes for counts, or one colour per category."""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from geo.layers import (
    NO_DATA_COLOR,
    NO_DATA_LABEL,
    VIRIDIS_BY_CLASSES,
    ZERO_COLOR,
    Layer,
    count_classes,
    country_table,
)
from geo.layers import legend as layer_legend

# ColorBrewer Set3 (qualitative, 12 classes): one colour per category.
SET3 = (
    "#8dd3c7", "#ffffb3", "#bebada", "#fb8072", "#80b1d3", "#fdb462",
    "#b3de69", "#fccde5", "#bc80bd", "#ccebc5", "#ffed6f", "#d9d9d9",
)  # fmt: skip
MAX_CLASSES = len(VIRIDIS_BY_CLASSES)


class ValuesError(ValueError):
    """Values that cannot be classed as asked (text under a numeric scheme, too many categories, bad k)."""


def _number_text(value: float) -> str:
    """A class bound as a reader writes it.

    >>> _number_text(3.0), _number_text(2.345678), _number_text(1234567.0)
    ('3', '2.35', '1234567')
    """
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.3g}"


def _is_count(values: pd.Series) -> bool:
    return bool(len(values)) and all(isinstance(v, (int, np.integer)) and v >= 0 for v in values)


def _numeric_classes(
    values: pd.Series, scheme: str | None, k: int, breaks: Sequence[float] | None
) -> tuple[list[str], list[str], list[tuple[str, str]], str]:
    """(label per value, colour per value, legend classes, how chosen)."""
    if not 1 <= k <= MAX_CLASSES:
        raise ValuesError(f"k must be 1 to {MAX_CLASSES} classes, got {k}")
    if scheme is None and _is_count(values) and (breaks is None or all(float(b).is_integer() for b in breaks)):
        classes = count_classes(values.tolist(), [int(b) for b in breaks] if breaks else None)
        index = classes.index([v for v in values if v > 0]) if classes.upper else []
        it = iter(index)
        labels = [classes.labels[next(it)] if v > 0 else "0" for v in values]
        lookup = dict(zip(classes.labels, classes.colors, strict=True)) | {"0": ZERO_COLOR}
        legend = [*zip(classes.labels, classes.colors, strict=True), ("0", ZERO_COLOR)]
        return labels, [lookup[label] for label in labels], legend, classes.method
    import mapclassify

    y = values.astype(float).to_numpy()
    with warnings.catch_warnings(action="ignore"):  # "Numba not installed", "not enough unique values"
        if breaks:
            found = mapclassify.UserDefined(y, sorted(float(b) for b in breaks))
            method = "user breaks " + ", ".join(_number_text(b) for b in sorted(breaks)) + " (mapclassify)"
        else:
            name = scheme or "naturalbreaks"
            try:
                found = mapclassify.classify(y, name, k=min(k, len(set(y))))
            except (ValueError, KeyError, TypeError) as err:
                raise ValuesError(f"scheme {name!r}: {err}") from None
            method = f"{type(found).__name__} ({name}, mapclassify, {len(found.bins)} classes)"
    bins = list(found.bins)
    if len(bins) > MAX_CLASSES:
        raise ValuesError(f"{len(bins)} classes; at most {MAX_CLASSES} can be coloured")
    lows = [float(np.min(y)), *bins[:-1]]
    names = [
        f"{_number_text(lo)}–{_number_text(hi)}" if lo != hi else _number_text(hi)
        for lo, hi in zip(lows, bins, strict=True)
    ]
    colors = VIRIDIS_BY_CLASSES[len(bins)]
    yb = [int(c) for c in found.yb]
    return [names[c] for c in yb], [colors[c] for c in yb], list(zip(names, colors, strict=True)), method


def _categories(values: pd.Series) -> tuple[list[str], list[str], list[tuple[str, str]], str]:
    texts = [str(v) for v in values]
    order = sorted(set(texts), key=lambda t: (texts.index(t), t))
    if len(order) > len(SET3):
        raise ValuesError(f"{len(order)} categories; at most {len(SET3)} can be told apart by colour")
    color = dict(zip(order, SET3, strict=False))
    return texts, [color[t] for t in texts], [(t, color[t]) for t in order], "one colour per category"


def values_layer(
    frame: pd.DataFrame,
    column: str,
    countries: Mapping[str, str],
    *,
    title: str,
    source: str = "",
    scheme: str | None = None,
    k: int = 5,
    breaks: Sequence[float] | None = None,
    categorical: bool = False,
    left_out: int = 0,
) -> Layer:
    """The layer of ``frame[column]`` (``frame`` indexed by ISO3, with a ``country`` column): every other column
    in the tooltip, countries without a value "no data" (white), apart from zero.

    >>> frame = pd.DataFrame({"country": ["Russia", "Chad"], "n": [40, 0]}, index=pd.Index(["RUS", "TCD"], name="iso3"))
    >>> layer = values_layer(frame, "n", {"RUS": "Russia", "TCD": "Chad", "FRA": "France"}, title="n")
    >>> layer.table.loc[["RUS", "TCD", "FRA"], ["value", "label"]].values.tolist()
    [[40, '32–40'], [0, '0'], ['', 'no data']]
    """
    values = frame[column]
    has = values.map(lambda v: not (v is None or v == "" or (isinstance(v, float) and math.isnan(v))))
    given = values[has]
    numeric = pd.api.types.is_numeric_dtype(given) and not pd.api.types.is_bool_dtype(given)
    if not numeric and (scheme or breaks) and not categorical:
        raise ValuesError(f"column {column!r} holds text, not numbers: a scheme or breaks need numbers")
    if categorical or not numeric:
        labels, colors, classes, method = _categories(given)
    else:
        labels, colors, classes, method = _numeric_classes(given, scheme, k, breaks)
    table = country_table(countries, frame.reset_index()[["iso3", "country"]])
    for name, empty in (("value", ""), ("label", NO_DATA_LABEL), ("color", NO_DATA_COLOR)):
        table[name] = pd.Series(empty, index=table.index, dtype=object)
    table.loc[given.index, "value"] = [v.item() if isinstance(v, np.generic) else v for v in given]
    table.loc[given.index, "label"] = labels
    table.loc[given.index, "color"] = colors
    others = [c for c in frame.columns if c not in ("country", column)]
    detail = {
        iso3: " · ".join(f"{c}: {_shown(row[c])}" for c in others if _shown(row[c]) != "")
        for iso3, row in frame.iterrows()
    }
    table["detail"] = [detail.get(iso3, "") for iso3 in table.index]
    legend = layer_legend(table, classes)
    note = f"{left_out} row(s) of the table left out: no single country recognised in them" if left_out else ""
    source = "; ".join(part for part in (source, note) if part)
    return Layer("values", title, str(column), source, table, legend, classification=method)


def _shown(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)
