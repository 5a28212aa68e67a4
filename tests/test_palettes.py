"""Every bundled map's colours can be told apart: any two classes of a legend (no data included) differ by a
colour difference ΔE of at least 15 in CAM02-UCS, for normal vision and under simulated deuteranopia and
protanopia (colorspacious)."""

from __future__ import annotations

import itertools

import pytest

from geo.build import forum_documents, map_layers
from geo.forums import discover, load_forums
from geo.layers import NO_DATA_COLOR, legend_entries

colorspacious = pytest.importorskip("colorspacious")

MIN_DELTA_E = 15
VISIONS = {
    "normal": None,
    "deuteranopia": {"name": "sRGB1+CVD", "cvd_type": "deuteranomaly", "severity": 100},
    "protanopia": {"name": "sRGB1+CVD", "cvd_type": "protanomaly", "severity": 100},
}


def _rgb(color: str) -> tuple[float, float, float]:
    return tuple(int(color[i : i + 2], 16) / 255 for i in (1, 3, 5))


def seen_as(color: str, vision: str) -> tuple[float, float, float]:
    """The colour as a reader with ``vision`` sees it, in sRGB (0–1)."""
    rgb = _rgb(color)
    if VISIONS[vision] is None:
        return rgb
    simulated = colorspacious.cspace_convert(rgb, VISIONS[vision], "sRGB1")
    return tuple(min(max(float(v), 0.0), 1.0) for v in simulated)


def delta_e(a: str, b: str, vision: str = "normal") -> float:
    return float(colorspacious.deltaE(seen_as(a, vision), seen_as(b, vision), input_space="sRGB1"))


def _bundled_legends() -> list[tuple[str, list[tuple[str, str]]]]:
    out = []
    for loaded in load_forums([str(p) for p in discover()]):
        documents = forum_documents(loaded.forum)
        for spec in loaded.forum.maps:
            for layer in map_layers(loaded, spec, documents):
                entries = [(e.label, e.color) if e else ("no data", NO_DATA_COLOR) for e in legend_entries(layer)]
                out.append((f"{loaded.forum.id}/{spec.id}/{layer.id}", entries))
    return out


LEGENDS = _bundled_legends()


def test_delta_e_tells_near_colours_from_far_ones():
    assert delta_e("#ffffff", "#fefefe") < 1
    assert delta_e("#ffffff", "#000000") > 90
    assert delta_e("#d62728", "#2ca02c", "deuteranopia") < delta_e("#d62728", "#2ca02c")  # red–green blindness


@pytest.mark.parametrize("vision", VISIONS)
@pytest.mark.parametrize(("name", "entries"), LEGENDS, ids=[name for name, _ in LEGENDS])
def test_every_two_classes_differ_enough(name, entries, vision):
    close = [
        f"{a} {ca} vs {b} {cb}: ΔE {delta_e(ca, cb, vision):.1f}"
        for (a, ca), (b, cb) in itertools.combinations(entries, 2)
        if delta_e(ca, cb, vision) < MIN_DELTA_E
    ]
    assert close == [], f"{name} ({vision}): " + "; ".join(close)


@pytest.mark.parametrize("n", range(1, 8))
def test_every_partners_palette_size_keeps_its_classes_apart(n):
    from geo.kinds.partners import SPECIALS, YEAR_COLORS_BY_CLASSES

    colors = [*YEAR_COLORS_BY_CLASSES[n], *(color for _, color in SPECIALS)]
    worst = min(delta_e(a, b, v) for a, b in itertools.combinations(colors, 2) for v in VISIONS)
    assert worst >= MIN_DELTA_E
