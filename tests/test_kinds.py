"""Map kinds chosen by name from one registry: each declares the tables it reads and the keys it takes, and
forum.toml is validated against that declaration; adding a kind is adding a class."""

import csv
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pandas as pd
import pytest

from geo.build import build
from geo.cli import main
from geo.forums import data_counts, load_forums
from geo.kinds import KINDS, MapInput, MapKind, register
from geo.kinds.leaders import leaders_layer
from geo.kinds.partners import YEAR_COLORS_BY_CLASSES, partners_layer
from geo.layers import PURPLES, Layer, country_table, legend

FIXTURES = Path(__file__).parent / "fixtures"


@register
class Constant(MapKind):
    """Every country gets the map's ``value``: the smallest kind there is."""

    name = "constant"
    options = {"value": "the whole number every country gets"}

    def option_problems(self, options: Mapping[str, object]) -> list[tuple[str, str]]:
        value = options.get("value", 1)
        if isinstance(value, int) and not isinstance(value, bool):
            return []
        return [("value", f"value must be a whole number, got {value!r}")]

    def layers(self, given: MapInput) -> list[Layer]:
        table = country_table(given.countries)
        table["value"] = given.spec.options.get("value", 1)
        table["label"] = table["value"].astype(str)
        table["color"] = PURPLES[0]
        table["detail"] = ""
        swatches = legend(table, [(str(given.spec.options.get("value", 1)), PURPLES[0])])
        return [Layer(given.spec.id, given.spec.title, "points", given.source, table, swatches)]


def test_a_kind_registered_outside_the_package_builds_a_forums_map(tmp_path):
    built = build(tmp_path, [str(FIXTURES / "constant")])
    assert [b.spec.kind for b in built] == ["constant"]
    with (tmp_path / "constant" / "seven.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > 200 and {r["value"] for r in rows} == {"7"} and {r["class"] for r in rows} == {"7"}
    assert "Seven everywhere" in (tmp_path / "constant" / "seven.html").read_text(encoding="utf-8")


def forum_copy(tmp_path: Path, fixture: Path, *replacements: tuple[str, str]) -> Path:
    folder = tmp_path / fixture.name
    shutil.copytree(fixture, folder)
    text = (folder / "forum.toml").read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    (folder / "forum.toml").write_text(text, encoding="utf-8")
    return folder


def problems(capsys, folder: Path) -> list[str]:
    assert main(["validate", "--forum", str(folder)]) == 1
    err = capsys.readouterr().err
    return [line.removeprefix(f"{folder}/") for line in err.splitlines() if not line.startswith("forum-map:")]


def test_a_kinds_own_keys_are_checked_by_the_kind(tmp_path, capsys):
    folder = forum_copy(tmp_path, FIXTURES / "constant", ("value = 7", 'value = "seven"\ncolour = "red"'))
    assert problems(capsys, folder) == [
        "forum.toml:9: map 'seven': unknown key 'colour' (allowed: description, id, kind, sources, title, value)",
        "forum.toml:8: map 'seven': value must be a whole number, got 'seven'",
    ]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("attendance", "forum.toml:13: map 'map' of kind 'attendance' needs 'editions' (the forums to compare)"),
        (
            "no-such",
            "forum.toml:13: map 'map': unknown kind 'no-such' (allowed: attendance, categorical, constant, editions, ",
        ),
    ],
)
def test_the_tables_a_kind_reads_are_its_own_declaration(tmp_path, capsys, kind, expected):
    folder = forum_copy(tmp_path, FIXTURES / "forums" / "valid", ('kind = "leaders"', f'kind = "{kind}"'))
    assert problems(capsys, folder)[0].startswith(expected)


def test_registry_finds_every_bundled_kind_by_name():
    assert {"mentions", "mentions_by_month", "leaders", "partners", "attendance", "editions"} <= KINDS.keys()
    assert KINDS["leaders"].tables == ("leaders",) and KINDS["partners"].tables == ("partners",)
    assert KINDS["mentions"].tables == () and "breaks" in KINDS["mentions"].options
    with pytest.raises(ValueError, match="registered already"):
        register(Constant)


PARTNERS_CSV = """country,iso3,year_joined,status,exit_year,list,region,source,notes
Italy,ITA,2019,exited,2023,main,Europe,fixture,
Panama,PAN,2017,member,,main,Latin America,fixture,
Kenya,KEN,2024,member,,later,Africa,fixture,
"""
PARTNERS_TOML = """title = "Partners fixture"
host = "CHN"

[tables]
partners = "partners.csv"

[[partner_lists]]
id = "main"
label = "the main list"
declared = 2

[[partner_lists]]
id = "later"
label = "joined later"
note = "not in the main list"

[[maps]]
id = "map"
kind = "partners"
title = "Partners"
year_classes = [[2013, 2018], [2019, 2025]]
"""


@pytest.fixture
def partners_forum(tmp_path) -> Path:
    folder = tmp_path / "partners"
    folder.mkdir()
    (folder / "partners.csv").write_text(PARTNERS_CSV, encoding="utf-8")
    (folder / "forum.toml").write_text(PARTNERS_TOML, encoding="utf-8")
    return folder


def edit(folder: Path, name: str, old: str, new: str) -> Path:
    text = (folder / name).read_text(encoding="utf-8")
    assert old in text
    (folder / name).write_text(text.replace(old, new), encoding="utf-8")
    return folder


# What a partners forum declares in forum.toml, and the message when it is wrong.
PARTNER_DECLARATIONS = [
    (
        "year_classes = [[2013, 2018], [2019, 2025]]\n",
        "",
        "forum.toml:17: map 'map': a partners map needs year_classes",
    ),
    ("[[2013, 2018], [2019, 2025]]", "[[2018, 2013]]", "forum.toml:21: map 'map': year_classes must be 1 to 7 [first"),
    ("[[2013, 2018], [2019, 2025]]", "[[2013, 2018], [2019, 2023]]", "partners.csv:4: map 'map': year_joined 2024"),
    ("declared = 2", "declared = 3", "forum.toml:10: partner list 'main': declared = 3, but partners.csv has 2 rows"),
    ('id = "later"', 'id = "main"', "forum.toml:13: [[partner_lists]]: id 'main' must be new"),
    ("[[partner_lists]]", "[[lists]]", "forum.toml:7: unknown key 'lists'"),
    ("2025]]\n", '2025]]\nno_data = ["Antarctica"]\n', "forum.toml:22: map 'map': no_data must be a list of ISO"),
]


@pytest.mark.parametrize(("old", "new", "expected"), PARTNER_DECLARATIONS)
def test_partner_lists_and_year_classes_come_from_forum_toml_and_are_checked(
    capsys, partners_forum, old, new, expected
):
    found = problems(capsys, edit(partners_forum, "forum.toml", old, new))
    assert any(line.startswith(expected) for line in found), found


def test_without_partner_lists_a_partners_table_is_refused(capsys, partners_forum):
    text = (partners_forum / "forum.toml").read_text(encoding="utf-8")
    start, end = text.index("[[partner_lists]]"), text.index("[[maps]]")
    (partners_forum / "forum.toml").write_text(text[:start] + text[end:], encoding="utf-8")
    found = problems(capsys, partners_forum)
    assert found == ["forum.toml:5: the table 'partners' needs [[partner_lists]]: the lists its 'list' column names"]


def test_partners_map_takes_its_classes_lists_and_no_data_from_the_forum(tmp_path, partners_forum):
    edit(partners_forum, "forum.toml", "2025]]\n", '2025]]\nclassification = "two eras"\nno_data = ["ATA"]\n')
    build(tmp_path, [str(partners_forum)])
    with (tmp_path / "partners" / "map.csv").open(encoding="utf-8") as handle:
        rows = {r["iso3"]: r for r in csv.DictReader(handle)}
    assert (rows["PAN"]["class"], rows["KEN"]["class"], rows["ITA"]["class"]) == ("2013–2018", "2019–2025", "exited")
    assert rows["ATA"]["class"] == "no data" and rows["FRA"]["class"] == "not a partner"
    assert rows["CHN"]["class"] == "host"  # the forum's host: a category of its own, never "no data"
    page = (tmp_path / "partners" / "map.html").read_text(encoding="utf-8")
    assert "Classes: two eras" in page and "not in the main list" in page
    loaded = load_forums([str(partners_forum)])[0]
    assert data_counts(loaded.forum, loaded.tables)["signatories"] == "2 (the main list) + 1 joined later"


def test_partners_layer_colours_as_many_classes_as_declared():
    partners = pd.DataFrame(
        [{"iso3": "KEN", "country": "Kenya", "year_joined": "2017", "status": "member", "exit_year": "",
          "list": "a", "source": "s"}]
    )  # fmt: skip
    countries = {"KEN": "Kenya", "ATA": "Antarctica", "FRA": "France"}
    for n in range(1, 8):
        classes = [[2017, 2017], *([2018 + i, 2018 + i] for i in range(n - 1))]
        layer = partners_layer("p", "P", partners, countries, "s", year_classes=classes, notes={"a": "from list a"})
        assert [e.color for e in layer.legend][:n] == list(reversed(YEAR_COLORS_BY_CLASSES[n]))  # latest first
        assert layer.table.loc["ATA", "label"] == "not a partner"  # only no_data draws a country as no data
    assert layer.table.loc["KEN", "detail"] == "status: member · from list a"


def test_year_palettes_have_one_distinct_colour_per_class():
    for n in range(1, 8):
        assert len(set(YEAR_COLORS_BY_CLASSES[n])) == len(YEAR_COLORS_BY_CLASSES[n]) == n


def test_a_layer_table_is_checked_where_it_is_made():
    table = country_table({"KEN": "Kenya"}).assign(value=1, label="1", detail="")
    with pytest.raises(ValueError, match="color"):
        Layer("x", "X", "units", "src", table, ())
    with pytest.raises(ValueError, match="rank"):
        Layer("x", "X", "units", "src", table.assign(color="#000"), (), extra=("rank",))


def test_rows_missing_from_the_basemap_stay_in_the_csv():
    leaders = pd.DataFrame(
        [{"iso3": "XKX", "country": "Kosovo", "leader": "V. Osmani", "title": "President", "role": "head_of_state",
          "category": "leader", "source": "s"}]
    )  # fmt: skip
    layer = leaders_layer("l", "L", leaders, {"KEN": "Kenya"}, "src")
    assert layer.csv_frame()[["iso3", "country", "value"]].values.tolist() == [
        ["KEN", "Kenya", "none"],
        ["XKX", "Kosovo", "head_of_state"],
    ]


def test_validating_does_not_load_the_classification_or_drawing_libraries():
    code = (
        "import sys; from geo.forums import load_forums; load_forums(None);"
        "heavy = {'mapclassify', 'matplotlib', 'geopandas', 'folium', 'shapely'} & set(sys.modules);"
        "sys.exit(f'imported {heavy}' if heavy else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


def test_a_map_names_its_sources_and_its_page_links_them(tmp_path, partners_forum):
    with (partners_forum / "forum.toml").open("a", encoding="utf-8") as handle:
        handle.write('\n[[sources]]\nid = "sheet"\nname = "The sheet"\nurl = "https://example.org/a?b=1&c=<2>"\n')
        handle.write('\n[[sources]]\nid = "other"\nname = "Another source"\n')
    edit(partners_forum, "forum.toml", 'kind = "partners"\n', 'kind = "partners"\nsources = ["sheet"]\n')
    build(tmp_path, [str(partners_forum)])
    page = (tmp_path / "partners" / "map.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/a?b=1&amp;c=&lt;2&gt;" rel="noopener noreferrer">' in page
    assert "Another source" not in page  # only the sources the map names


def test_a_map_naming_an_unknown_source_is_refused(capsys, partners_forum):
    edit(partners_forum, "forum.toml", 'kind = "partners"\n', 'kind = "partners"\nsources = ["nowhere"]\n')
    found = problems(capsys, partners_forum)
    assert len(found) == 1 and "no [[sources]] has the id 'nowhere'" in found[0] and found[0].startswith("forum.toml:")
