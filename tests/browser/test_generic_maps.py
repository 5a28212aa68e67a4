"""The maps of forums made of declared tables (SCO, BRICS): legend in forum.toml's order, tooltips with the
columns marked as shown and the row's source, offline."""

import pytest


@pytest.mark.parametrize(
    ("name", "iso3", "country", "legend", "tooltip"),
    [
        (
            "sco/status.html",
            "KAZ",
            "Kazakhstan",
            ["member state", "observer state", "dialogue partner"],
            "member state",
        ),
        ("sco/year.html", "IND", "India", ["2001", "2013–2017", "year unknown"], "2017"),
        (
            "brics/status.html",
            "SAU",
            "Saudi Arabia",
            ["member", "partner country", "invited as member"],
            "not confirmed",
        ),
        ("brics/year.html", "BRA", "Brazil", ["2009–2011", "2024", "2025"], "2009"),
    ],
)
def test_a_declared_tables_map_shows_its_categories_and_tooltips(visit, built, name, iso3, country, legend, tooltip):
    seen = visit(built / name)
    page = seen.page
    assert seen.blocked == [] and seen.errors == []
    items = page.locator(".fm-legend:visible li").all_inner_texts()
    positions = [next(i for i, item in enumerate(items) if item.startswith(label)) for label in legend]
    assert positions == sorted(positions), items
    assert any(i.startswith("not a participant") for i in items) and items[-1].startswith("no data")
    box = page.locator(f"path.fm-{iso3}").first.bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.5, box["y"] + box["height"] * 0.5)
    tip = page.locator(".leaflet-tooltip", has_text=country)
    tip.wait_for(timeout=3000)
    assert tooltip in tip.inner_text() and "source:" in tip.inner_text()
