"""The boundary policy on a built page (data/boundaries/SOURCE.md): Crimea shows Ukraine with the disputed note,
Western Sahara is its own territory, disputed areas are hatched and the source line says whose borders these are."""

from __future__ import annotations

import pytest

PAGE = "brf2023/mentions.html"


def _hover(page, lat: float, lon: float) -> str:
    """Zoom to a point, move the mouse onto it and return the tooltip's text."""
    x, y = page.evaluate(
        """([lat, lon]) => {
            const map = Object.values(window).find((v) => v instanceof L.Map);
            map.setView([lat, lon], 6, { animate: false });
            const point = map.latLngToContainerPoint([lat, lon]);
            const box = map.getContainer().getBoundingClientRect();
            return [box.left + point.x, box.top + point.y];
        }""",
        [lat, lon],
    )
    page.mouse.move(x - 3, y - 3)
    page.mouse.move(x, y)
    tooltip = page.locator(".leaflet-tooltip").last
    tooltip.wait_for(timeout=3000)
    return tooltip.inner_text()


PLACES = [
    # (place, latitude, longitude, the tooltip begins with, it says, it does not say)
    ("Sevastopol", 44.6, 33.5, "Ukraine", ["UKR", "Crimea", "occupied by Russia since 2014"], ["RUS"]),
    ("Western Sahara", 24.5, -13.5, "Western Sahara", ["ESH", "non-self-governing territory"], ["MAR"]),
    ("Kyiv", 50.45, 30.52, "Ukraine", ["UKR"], ["Crimea", "occupied"]),
    ("Marrakesh", 31.63, -8.0, "Morocco", ["MAR"], ["Western Sahara", "ESH"]),
]


@pytest.mark.parametrize(("place", "lat", "lon", "head", "says", "never"), PLACES, ids=[p[0] for p in PLACES])
def test_hover_follows_the_un_view(visit, built, place, lat, lon, head, says, never):
    seen = visit(built / PAGE)
    text = _hover(seen.page, lat, lon)
    assert text.startswith(head), f"hovering {place} shows {text!r}"
    for words in says:
        assert words in text, f"hovering {place}: {words!r} missing from {text!r}"
    for words in never:
        assert words not in text, f"hovering {place}: {words!r} in {text!r}"
    assert seen.errors == []


def test_disputed_areas_are_hatched_and_the_source_line_states_the_policy(visit, built):
    page = visit(built / PAGE).page
    fills = page.eval_on_selector_all("path.fm-disputed", "els => els.map(e => e.getAttribute('fill'))")
    assert len(fills) == 3
    assert all(fill.startswith("url(#fm-hatch-") for fill in fills)
    for fill in set(fills):  # each pattern the areas use is on the page
        assert page.locator(f"pattern{fill[4:-1]}").count() == 1
    assert "as the UN draws borders; disputed areas hatched" in page.inner_text(".leaflet-control-attribution")
