"""A forum made of one CSV and a short forum.toml: tables declared in forum.toml, their checks, the generic
map kinds over them, and the bundled forums built that way (SCO, BRICS)."""

import csv
import shutil
from pathlib import Path

import pytest

from geo.build import build
from geo.cli import main
from geo.forums import load_forums
from tests.test_kinds import problems

EXAMPLE = Path(__file__).parent / "fixtures" / "example"


def rows(path: Path) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return {r["iso3"]: r for r in csv.DictReader(handle)}


def test_a_forum_of_one_csv_and_ten_lines_builds_a_categorical_and_a_year_map(tmp_path):
    assert len((EXAMPLE / "forum.toml").read_text(encoding="utf-8").splitlines()) <= 25
    built = build(tmp_path, [str(EXAMPLE)])
    assert [b.spec.kind for b in built] == ["categorical", "year"]
    status = rows(tmp_path / "example" / "status.csv")
    assert status["CHN"]["class"] == "member" and status["MNG"]["class"] == "observer"
    assert status["KAZ"]["class"] == "member"  # written as its ISO3 code
    assert status["FRA"]["class"] == "not a participant"
    joined = rows(tmp_path / "example" / "joined.csv")
    assert joined["TUR"]["class"] == "2010–2025" and joined["CHN"]["class"] == "2001–2009"
    assert joined["EGY"]["class"] == "year unknown"
    page = (tmp_path / "example" / "status.html").read_text(encoding="utf-8")
    assert "Members, observers and partners" in page and "not a participant" in page


def forum_with(tmp_path: Path, csv_text: str | None = None, *replacements: tuple[str, str]) -> Path:
    folder = tmp_path / "example"
    shutil.copytree(EXAMPLE, folder)
    if csv_text is not None:
        (folder / "members.csv").write_text(csv_text, encoding="utf-8")
    text = (folder / "forum.toml").read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    (folder / "forum.toml").write_text(text, encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("csv_text", "expected"),
    [
        (
            "country,status,year\nChina,leader,2001\n",
            "members.csv:2: status 'leader' must be one of member, observer, partner",
        ),
        ("country,status,year\nChina,member,later\n", "members.csv:2: year 'later' must be a year such as 2018"),
        ("country,status,year\nChna,member,2001\n", "members.csv:2: unknown country 'Chna' (did you mean China"),
        (
            "country,status,year\nChina,member,2001\nCHN,observer,2004\n",
            "members.csv:3: duplicate country CHN (first on line 2)",
        ),
        ("country,status\nChina,member\n", "members.csv:1: header must be country,iso3,status,year (missing ['year'])"),
        (
            "country,status,year,colour\nChina,member,2001,red\n",
            "members.csv:1: header must be country,iso3,status,year (unknown ['colour'])",
        ),
        (
            "country,status,year\nChina,member,1990\n",
            "members.csv:2: map 'joined': year 1990 is in none of the map's year_classes",
        ),
    ],
)
def test_a_bad_row_is_named_by_file_and_line(tmp_path, capsys, csv_text, expected):
    found = problems(capsys, forum_with(tmp_path, csv_text))
    assert any(line.startswith(expected) for line in found), found


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            'columns.year = "year"',
            'columns.year = "decade"',
            "forum.toml:6: table 'members', column 'year': type must be one of category",
        ),
        ('column = "status"', 'column = "year"', "forum.toml:13: map 'status': column 'year' is not a category column"),
        (
            'table = "members"\ncolumn = "status"',
            'table = "delegates"\ncolumn = "status"',
            "needs the table 'delegates'",
        ),
        (
            'columns.year = "year"',
            'columns.year = "year"\ndeclared_rows = 9',
            "forum.toml:7: declared_rows = 9, but members.csv has 5 rows",
        ),
        (
            '"partner"] }',
            '"partner"], declared = { member = 3 } }',
            "forum.toml:5: status 'member': declared = 3, but members.csv has 2 rows of status 'member'",
        ),
    ],
)
def test_a_bad_declaration_is_named_by_its_line_in_forum_toml(tmp_path, capsys, old, new, expected):
    found = problems(capsys, forum_with(tmp_path, None, (old, new)))
    assert any(expected in line for line in found), found


def test_several_rows_a_country_when_the_table_says_so(tmp_path, capsys):
    text = "country,status,year\nChina,observer,2004\nChina,member,2001\n"
    folder = forum_with(tmp_path, text, ('file = "members.csv"', 'file = "members.csv"\none_row_per_country = false'))
    assert main(["validate", "--forum", str(folder)]) == 0
    build(tmp_path / "out", [str(folder)])
    assert rows(tmp_path / "out" / "example" / "status.csv")["CHN"]["class"] == "member"  # first in declared order


@pytest.mark.parametrize(
    ("forum", "declared"),
    [("sco", {"member": 10, "observer": 2, "dialogue_partner": 15}), ("brics", {"member": 10, "partner": 10})],
)
def test_the_bundled_forums_match_their_declared_totals_and_source_every_row(forum, declared):
    (loaded,) = load_forums([forum])
    table = loaded.tables["members"]
    assert table["status"].value_counts().to_dict() | declared == table["status"].value_counts().to_dict()
    assert (table["source"].str.len() > 20).all() and table["source"].str.contains(r"\.").all()


def test_an_unsettled_status_is_said_not_guessed():
    (loaded,) = load_forums(["brics"])
    saudi = loaded.tables["members"].set_index("iso3").loc["SAU"]
    assert saudi["status"] == "invited_member" and saudi["year"] == ""
