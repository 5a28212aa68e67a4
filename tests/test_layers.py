"""Layer builders: classes chosen per map, colours, ranks, evidence, legend entries for zero and no data."""

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.evidence import Snippet, sentence_around
from geo.kinds.leaders import leaders_layer
from geo.kinds.mentions import mentions_layer
from geo.kinds.partners import partners_layer
from geo.layers import (
    CIVIDIS_BY_CLASSES,
    NO_DATA_COLOR,
    VIRIDIS_BY_CLASSES,
    ZERO_COLOR,
    count_classes,
    legend_heading,
    ranks,
)

COUNTRIES = {"CHN": "China", "KAZ": "Kazakhstan", "KEN": "Kenya", "MLT": "Malta", "FRA": "France", "TUV": "Tuvalu"}


@pytest.mark.parametrize(
    ("values", "breaks", "labels", "method"),
    [
        ([0, 1, 1, 2, 5], None, ("1", "2", "5"), "one class per value"),
        ([1, 2, 3, 4, 5, 6, 7, 9, 12, 20, 40], None, ("1", "2–3", "4–7", "8–15", "16–31", "32–40"), "doubling"),
        (list(range(1, 15)), None, ("1", "2–3", "4–7", "8–14"), "doubling"),
        ([1, 2, 3, 16, 37], None, ("1", "2–3", "4–7", "8–15", "16–31", "32–37"), "doubling"),
        (list(range(1, 13)), [2, 5, 10], ("1–2", "3–5", "6–10", "11–12"), "user breaks"),
        ([0, 0], None, (), "no country"),
    ],
)
def test_count_classes_chosen_per_map(values, breaks, labels, method):
    classes = count_classes(values, breaks)
    if labels is not None:
        assert classes.labels == labels
    assert method in classes.method
    assert len(classes.colors) == len(classes.labels)


@given(st.lists(st.integers(min_value=0, max_value=5000), min_size=1, max_size=200))
def test_every_positive_count_falls_in_one_class_that_holds_it(values):
    classes = count_classes(values)
    positive = [v for v in values if v > 0]
    if not positive:
        assert classes.labels == ()
        return
    assert 1 <= len(classes.labels) <= 6
    lows = [1, *(u + 1 for u in classes.upper[:-1])]
    for value, index in zip(positive, classes.index(positive), strict=True):
        assert lows[index] <= value <= classes.upper[index]


@given(
    st.lists(st.floats(min_value=0.001, max_value=1e6), min_size=1, max_size=50),
    st.lists(st.integers(min_value=1, max_value=2000), min_size=1, max_size=6),
)
def test_values_fall_in_the_classes_mapclassify_gives_them(values, breaks):
    """The classes of a count map are found without mapclassify (seconds to import): the same as its binning."""
    import mapclassify
    import numpy as np

    classes = count_classes([int(v) + 1 for v in values], breaks)
    expected = mapclassify.UserDefined(np.asarray(values, dtype=float), list(classes.upper)).yb
    assert classes.index(values) == [int(c) for c in expected]


def test_count_palettes_have_k_colours_none_the_zero_grey_or_no_data_white():
    for palette in (VIRIDIS_BY_CLASSES, CIVIDIS_BY_CLASSES):
        assert all(len(palette[k]) == k for k in range(1, 8))
        assert ZERO_COLOR not in {c for colors in palette.values() for c in colors}
        assert NO_DATA_COLOR not in {c for colors in palette.values() for c in colors}


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # 1, 2, 3, 16 and 37 are not five evenly spaced colours: 16 and 37 sit far up the scale from 1, 2 and 3
        ([1, 2, 3, 16, 37], {1: 0, 2: 1, 3: 1, 16: 4, 37: 5}),
        ([1, 2, 5], {1: 0, 2: 1, 5: 4}),
        ([3], {3: 2}),
    ],
)
def test_count_colours_step_by_value_not_by_rank(values, expected):
    classes = count_classes(values)
    palette = CIVIDIS_BY_CLASSES[max(expected.values()) + 1]
    colour = dict(zip(classes.labels, classes.colors, strict=True))
    for value, place in expected.items():
        label = classes.labels[classes.index([value])[0]]
        assert colour[label] == palette[place], (value, label)


def test_ranks_share_ties_and_skip_zero():
    assert ranks(pd.Series([5, 0, 9, 5, 1], index=list("abcde"))).tolist() == [2, "", 1, 2, 4]


def test_mentions_layer_has_rank_evidence_zero_swatch_and_documented_classes():
    snippet = Snippet("a.txt", "Leaders of ", "Kenya", " met.")
    layer = mentions_layer(
        "m", "Mentions", {"CHN": 37, "KAZ": 3, "KEN": 2}, {"KEN": ["Kenya"]}, COUNTRIES, "src", {"KEN": [snippet]}
    )
    table = layer.table
    assert table.loc["CHN", "rank"] == 1 and table.loc["KEN", "rank"] == 3 and table.loc["FRA", "rank"] == ""
    assert set(table["rank_of"]) == {3}
    assert table.loc["KEN", "evidence"] == (snippet,)
    assert table.loc["FRA", "color"] == ZERO_COLOR and table.loc["FRA", "label"] == "0"
    assert layer.legend[-1].label == "0" and layer.legend[-1].count == 3
    assert layer.classification.startswith("doubling in width")
    assert list(layer.csv_frame().columns) == ["iso3", "country", "value", "class", "rank", "forms"]


def test_mentions_layer_takes_user_breaks():
    counts = {iso3: n for iso3, n in zip(COUNTRIES, [1, 4, 9, 16, 25, 36], strict=True)}
    layer = mentions_layer("m", "Mentions", counts, {}, COUNTRIES, "src", breaks=[5, 20])
    assert [e.label for e in layer.legend] == ["21–36", "6–20", "1–5", "0"]  # most first
    assert "user breaks 5, 20" in layer.classification


def test_leaders_and_partners_layers_say_how_classes_were_chosen():
    leaders = pd.DataFrame(
        [{"iso3": "KEN", "country": "Kenya", "leader": "W. Ruto", "title": "President", "role": "head_of_state",
          "category": "leader", "source": "Chair's statement"}]
    )  # fmt: skip
    layer = leaders_layer("l", "Leaders", leaders, COUNTRIES, "src")
    # a category map says what its colours show in the legend's heading, not as "Classes: categories: …"
    assert legend_heading(layer) == "The highest-ranking person each country sent" and not layer.classification
    assert layer.table.loc["KEN", "source"] == "Chair's statement"
    partners = pd.DataFrame(
        [{"iso3": "KEN", "country": "Kenya", "year_joined": "2017", "status": "member", "exit_year": "",
          "list": "gfdc_2023", "source": "GFDC"}]
    )  # fmt: skip
    classes = [[2013, 2015], [2016, 2017], [2018, 2018], [2019, 2021], [2022, 2025]]
    layer = partners_layer("p", "Partners", partners, COUNTRIES, "src", year_classes=classes, no_data=["CHN"])
    assert layer.classification == "fixed periods: 2013–2015, 2016–2017, 2018, 2019–2021, 2022–2025"
    labels = [e.label for e in layer.legend]
    assert "not a partner" in labels and "no data" in labels  # zero and no data apart


@pytest.mark.parametrize(
    ("text", "form", "before", "after"),
    [
        ("Rain. Leaders of Kenya met in\nBeijing. Then lunch.", "Kenya", "Leaders of ", " met in Beijing."),
        ("Kenya signed.", "Kenya", "", " signed."),
        ("He said “Malta agreed.” Then left.", "Malta", "He said “", " agreed.”"),
        ("First para\n\nKenya and China", "Kenya", "", " and China"),
        ("x " * 400 + "Kenya" + " y" * 400, "Kenya", None, None),
    ],
)
def test_sentence_around_a_mention(text, form, before, after):
    start = text.index(form)
    snippet = sentence_around(text, start, start + len(form), "folder/doc.txt")
    assert snippet.match == form and snippet.document == "doc.txt"
    if before is None:
        assert snippet.before.startswith("…") and snippet.after.endswith("…")
        assert len(snippet.before) <= 161 and len(snippet.after) <= 161
    else:
        assert (snippet.before, snippet.after) == (before, after)
