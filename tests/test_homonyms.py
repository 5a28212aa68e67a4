"""Places that share a name with a country, a capital or a leader: "Paris, Tenn." is no mention of France, and
"TBILISI, Georgia" is one of Georgia (rule 13; the rules of homonyms in geo/extract/rules/en.py)."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from geo.extract import extract_mentions
from geo.extract.explain import explain_homonyms

ROOT = Path(__file__).resolve().parent.parent
DEV = Path(__file__).parent / "fixtures" / "homonyms_dev.csv"


def countries(text: str) -> list[tuple[str, str]]:
    return [(m.surface, m.iso3) for m in extract_mentions(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # NAME, STATE / NAME (STATE): a town of that name in that state or province
        ("He grew up in Palestine, Texas, and moved away.", []),
        ("Paris, Tenn. officers arrived.", []),
        ("She lives in Malta, Ill., with her family.", []),
        ("The plant in Jordan (Minn.) closed.", []),
        ("A fire in London, Ont. destroyed a barn.", []),
        ("Lebanon, OH: the council met.", []),
        # before a local place noun
        ("The Palestine Independent School District board voted.", []),
        ("Guernsey County deputies responded.", []),
        ("Paris firefighters were called to the scene.", []),
        ("Lebanon High School won the title.", []),
        ("Stephen Harper spoke. Harper County officials met later.", [("Stephen Harper", "CAN")]),
        # lists of counties
        ("Douglas, Sarpy and Lancaster counties reported cases.", []),
        ("Dean Barrow won. Later, Jackson and Barrow counties voted.", [("Dean Barrow", "BLZ")]),
        ("The mayor of Paris and Henry County officials met.", []),
        # a lawmaker's party and district
        ("Rep. Smith (R-London) said the bill would pass.", []),
        ("Sen. Jones, D-Paris, objected.", []),
        # part of a longer place name
        ("The fair in St. Paris, Ohio, drew crowds.", []),
        ("St. Paris Township trustees met.", []),
        ("Trains derailed in East Palestine, Ohio.", []),
    ],
)
def test_the_place_not_the_country(text: str, expected: list[tuple[str, str]]) -> None:
    assert countries(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a state or province that has no town of that name: the country stays
        ("Palestine, Egypt and Jordan met.", [("Palestine", "PSE"), ("Egypt", "EGY"), ("Jordan", "JOR")]),
        ("Malta, Indiana's partner, ...", [("Malta", "MLT")]),  # no Malta in Indiana
        ("Lebanon, Syria and Jordan met.", [("Lebanon", "LBN"), ("Syria", "SYR"), ("Jordan", "JOR")]),
        ("Palestine Liberation Organization officials spoke.", [("Palestine", "PSE")]),
        # a county list needs a county of that name; "counties" far away does not count
        ("Palestine and Israel agreed; both counties' sheriffs", [("Palestine", "PSE"), ("Israel", "ISR")]),
        # a direction before the country is part of it unless a state follows
        ("Shelling hit South Lebanon overnight.", [("Lebanon", "LBN")]),
        # the reverse: the country Georgia, the US, Russia
        ("TBILISI, Georgia (AP) — The president spoke.", [("Georgia", "GEO")]),
        ("Gov. Kemp spoke in Atlanta. Georgia's president spoke in Tbilisi.", [("Georgia", "GEO")]),
        ("Atlanta, Georgia is hot.", []),
        ("Troops returned to the U.S", [("U.S", "USA")]),
        ("Troops returned to the U.S\nThe next day", [("U.S", "USA")]),
        ("the U.S. economy", [("U.S.", "USA")]),
        ("a Russian-American man", [("Russian", "RUS"), ("American", "USA")]),
    ],
)
def test_the_country_stays(text: str, expected: list[tuple[str, str]]) -> None:
    assert countries(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # rule 10: places of other countries named after a country, as outbreak reports write them
        ("Cases rose in Bas Congo Province, the DR Congo said.", [("DR Congo", "COD")]),
        ("Cases rose in Bas-Congo.", []),
        ("The outbreak reached Mbanza Congo, in Angola.", [("Angola", "AGO")]),
        ("Angola's Zaire province reported cases.", [("Angola", "AGO")]),
        ("Zaire became the DR Congo in 1997.", [("Zaire", "COD"), ("DR Congo", "COD")]),
        ("Congo and Gabon agreed.", [("Congo", "COG"), ("Gabon", "GAB")]),
    ],
)
def test_places_named_after_a_country_elsewhere(text: str, expected: list[tuple[str, str]]) -> None:
    assert countries(text) == expected


def test_explain_names_the_rule() -> None:
    text = "Paris, Tenn. police met. Paris said France would help."
    decisions = explain_homonyms(text)
    assert [(d.surface, d.iso3) for d in decisions] == [("Paris", None), ("Paris", "FRA")]
    assert "Tenn." in decisions[0].rule
    assert decisions[1].rule == "the rule of capitals"
    assert text[decisions[1].start : decisions[1].end] == "Paris"


def _dev_rows() -> list[dict[str, str]]:
    with DEV.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("row", _dev_rows(), ids=lambda row: row["excerpt"][:40])
def test_dev_excerpts(row: dict[str, str]) -> None:
    """Short excerpts of US and Canadian local news (source in the table): the countries they name, in order."""
    assert row["url"].startswith("http")
    assert [m.iso3 for m in extract_mentions(row["excerpt"])] == row["expected"].split()


def test_cli_explain_prints_the_rules_and_keeps_the_output(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Paris, Tenn. police met. France and Paris agreed.\n", encoding="utf-8")
    command = [sys.executable, "-m", "geo", "extract", "--mentions", str(article)]
    plain = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True)
    explained = subprocess.run([*command, "--explain"], capture_output=True, text=True, cwd=ROOT, check=True)
    assert explained.stdout == plain.stdout
    assert "Paris" in explained.stderr and "Tenn." in explained.stderr
    assert "the rule of capitals" in explained.stderr
    assert "Tenn." not in plain.stderr
