"""The map across forums: how many of the BRI, the SCO and BRICS a country belongs to, from their own tables."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from geo.build import build
from geo.cli import main
from geo.paths import FORUMS_DIR


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> pd.DataFrame:
    out = tmp_path_factory.mktemp("maps")
    build(out, ["blocs"])
    return pd.read_csv(out / "blocs" / "memberships.csv", keep_default_na=False, dtype=str).set_index("iso3")


@pytest.mark.parametrize(
    ("iso3", "count", "groups"),
    [
        ("IRN", "3", ("yes", "yes", "yes")),  # BRI partner, SCO member since 2023, BRICS member since 2024
        ("RUS", "2", ("", "yes", "yes")),  # BRI status 'unclear' in the partners table: not counted as a partner
        ("KAZ", "2", ("yes", "yes", "")),
        ("BRA", "1", ("", "", "yes")),
        ("FRA", "0", ("", "", "")),
    ],
)
def test_a_country_counts_the_groups_it_belongs_to(built, iso3, count, groups):
    row = built.loc[iso3]
    assert row["value"] == count
    assert (row["BRI partner"], row["SCO member"], row["BRICS member"]) == groups


def test_the_counts_add_up_to_the_groups_tables(built):
    sco = pd.read_csv(FORUMS_DIR / "sco" / "members.csv", dtype=str)
    assert (built["SCO member"] == "yes").sum() == (sco["status"] == "member").sum() == 10
    assert built.loc["ATA", "class"] == "no data"


@pytest.mark.parametrize(
    ("groups", "message"),
    [
        ('[{ forum = "sco", table = "members", column = "status", values = ["member"], label = "SCO" }]', "2 to"),
        (
            '[{ forum = "../sco", table = "members", column = "status", values = ["member"], label = "A" },'
            ' { forum = "brics", table = "members", column = "status", values = [], label = "B" }]',
            "group 1: forum '../sco' must be the name of a forum folder beside this one",
        ),
    ],
)
def test_groups_are_checked_when_the_forum_is_validated(tmp_path, capsys, groups, message):
    forums = tmp_path / "forums"
    for name in ("sco", "brics", "blocs"):
        shutil.copytree(FORUMS_DIR / name, forums / name)
    toml = forums / "blocs" / "forum.toml"
    text = toml.read_text(encoding="utf-8")
    start = text.index("groups = [")
    toml.write_text(text[:start] + f"groups = {groups}\n", encoding="utf-8")
    assert main(["validate", "--forum", str(forums / "blocs")]) == 1
    assert message in capsys.readouterr().err


def test_a_group_naming_a_missing_column_fails_the_build_with_its_name(tmp_path, capsys):
    forums = tmp_path / "forums"
    for name in ("sco", "brics", "blocs"):
        shutil.copytree(FORUMS_DIR / name, forums / name)
    toml = forums / "blocs" / "forum.toml"
    toml.write_text(
        toml.read_text(encoding="utf-8")
        .replace(
            '{ forum = "brf2023", table = "partners", column = "status", values = ["member"], label = "BRI partner" },\n',
            "",
        )
        .replace(
            'column = "status", values = ["member"], label = "SCO member"',
            'column = "rank", values = ["member"], label = "SCO member"',
        ),
        encoding="utf-8",
    )
    assert main(["build", "--forum", str(forums / "blocs"), "--out", str(tmp_path / "out")]) == 1
    assert "has no column 'rank'" in capsys.readouterr().err
    assert not Path(tmp_path / "out" / "blocs" / "memberships.html").exists()
