"""Forum folders: the bundled BRF data loads with the official rosters, and each broken fixture forum fails
validation with its exact ``path:line: message``."""

from pathlib import Path

import pandas as pd
import pytest

from geo.build import build
from geo.cli import main
from geo.errors import ForumError
from geo.forums import data_counts, load_forum, load_forums, reported_counts, same_person, toml_lines
from geo.kinds.editions import attendance_layer, edition_layers, editions_csv_frame

FIXTURES = Path(__file__).parent / "fixtures" / "forums"


def codes(text: str) -> set[str]:
    return set(text.split())


# The official rosters (Joint Communiqués 2017 and 2019, Chair's Statement 2023), host included.
ROSTER_2017 = codes(
    "CHN ARG BLR CHL CZE IDN KAZ KEN KGZ LAO PHL RUS CHE TUR UZB VNM KHM ETH FJI GRC HUN ITA MYS MNG MMR PAK POL SRB "
    "ESP LKA"
)
ROSTER_2019 = codes(
    "CHN AZE BLR BRN CHL CYP CZE DJI EGY KAZ KEN KGZ LAO MNG MOZ NPL PHL PRT RUS SRB CHE TJK UZB ARE AUT KHM ETH GRC "
    "HUN ITA MYS MMR PAK PNG SGP THA VNM IDN"
)
LEADERS_2023 = codes("ARG CHL COG IDN KAZ KEN LAO MNG RUS SRB LKA TKM UZB VNM KHM EGY ETH HUN MOZ PAK PNG THA NGA")
REPRESENTATIVES_2023 = {"FRA", "ARE", "GRC"}


@pytest.fixture(scope="module")
def bundled():
    return {loaded.forum.id: (loaded.forum, loaded.tables) for loaded in load_forums(None)}


def test_bundled_data_validates(capsys):
    assert main(["validate"]) == 0
    err = capsys.readouterr().err
    for forum_id in ("brf2017", "brf2019", "brf2023", "brf-editions"):
        assert f"{forum_id}: ok" in err


@pytest.mark.parametrize(
    ("forum_id", "leaders", "representatives", "roster"),
    [
        ("brf2017", 29, 0, ROSTER_2017),
        ("brf2019", 37, 0, ROSTER_2019),
        ("brf2023", 23, 3, LEADERS_2023 | REPRESENTATIVES_2023 | {"CHN"}),
    ],
)
def test_leader_rosters_are_the_official_ones(bundled, forum_id, leaders, representatives, roster):
    forum, tables = bundled[forum_id]
    frame = tables["leaders"]
    assert set(frame["iso3"]) == roster
    assert frame["category"].value_counts().to_dict() == {
        k: v for k, v in {"leader": leaders, "host": 1, "representative": representatives}.items() if v
    }
    assert frame.loc[frame["category"] == "host", "iso3"].tolist() == ["CHN"]
    assert forum.declared_leaders == leaders
    assert (frame["source"] != "").all()


def test_2023_roles_match_the_chairs_statement(bundled):
    frame = bundled["brf2023"][1]["leaders"].set_index("iso3")
    leaders = frame[frame["category"] == "leader"]
    assert leaders["role"].value_counts().to_dict() == {"head_of_state": 13, "head_of_government": 8, "other": 2}
    assert set(frame[frame["category"] == "representative"].index) == REPRESENTATIVES_2023
    assert frame.loc["KAZ", "leader"] == "Kassym-Jomart Tokayev"


def test_bri_partners_150_gfdc_plus_5_supplementary(bundled):
    partners = bundled["brf2023"][1]["partners"].set_index("iso3")
    assert len(partners) == 155
    assert (partners["list"] == "gfdc_2023").sum() == 150
    assert set(partners.index[partners["list"] == "supplementary"]) == {"PSE", "BFA", "STP", "NRU", "COL"}
    assert set(partners.index[partners["status"] == "exited"]) == {"ITA", "PAN"}
    assert set(partners.index[partners["status"] == "unclear"]) == {"AUT", "COG", "NER", "RUS"}
    assert partners.loc["ITA", "exit_year"] == "2023"
    assert partners.loc["NRU", "year_joined"] == "2024"
    assert partners.loc["AFG", "year_joined"] == "2016"  # the one override of GFDC's date
    assert "CHN" not in partners.index
    assert (partners["source"] != "").all()


def test_editions_table_stacks_the_three_forums(bundled):
    forum, tables = bundled["brf-editions"]
    assert forum.editions == ("brf2017", "brf2019", "brf2023")
    editions = tables["editions"]
    assert editions.groupby("edition").size().to_dict() == {"brf2017": 30, "brf2019": 38, "brf2023": 27}


def test_data_counts_beside_claims(bundled):
    counts = data_counts(*bundled["brf2023"])
    assert counts["signatories"] == "150 (GFDC, Dec 2023) + 5 later or disputed"
    assert counts["leaders"] == "23 leaders + host + 3 leaders' representatives"
    assert counts["attendance"] == "leaders or representatives of 27 countries (host included)"


def test_reported_totals_beside_claims(bundled):
    reported = reported_counts(bundled["brf2023"][0])
    assert reported[("attendance", "countries")] == "151 countries (Wang Yi, 20 Oct 2023, Xinhua via en.people.cn)"
    assert reported[("attendance", "representatives")].startswith("more than 10,000 representatives")
    assert reported[("signatories", "countries")] == "155 countries (Belt and Road Portal, Aug 2023, cited by CBBC)"


# One fixture forum per validation rule; the exact lines `forum-map validate` must print (path relative to it).
BROKEN = [
    (
        "bad-header",
        ["leaders.csv:1: header must be country,iso3,leader,title,role,category,notes,source (missing ['role'])"],
    ),
    ("bad-value", ["leaders.csv:3: role 'king' must be one of head_of_state, head_of_government, other"]),
    ("bad-year", ["partners.csv:2: year_joined '19' must be a year such as 2018"]),
    ("bad-type", ["forum.toml:3: 'start' must be date (YYYY-MM-DD), got '17 Oct 2023'"]),
    ("bad-host", ["forum.toml:5: host 'China' is not an ISO 3166-1 alpha-3 code"]),
    (
        "bad-breaks",
        [
            "forum.toml:16: map 'map': unknown key 'colour' (allowed: breaks, description, id, kind, sources, title)",
            "forum.toml:15: map 'map': breaks must be 1 to 6 increasing whole numbers above 0, got [10, 5, 1]",
        ],
    ),
    ("bad-date", ["forum.toml:4: end 2023-10-18 is before start 2023-10-19"]),
    (
        "partner-status",
        [
            "partners.csv:2: exit_year 2023 given, but status is 'member' (use 'exited')",
            "partners.csv:3: status 'exited' needs an exit_year",
        ],
    ),
    ("unknown-country", ["leaders.csv:4: unknown country 'Kazakhztan' (did you mean Kazakhstan, KAZ?)"]),
    (
        "ambiguous-country",
        ["leaders.csv:4: ambiguous country 'Congo': could be Congo (COG) or DR Congo (COD); fill the iso3 column"],
    ),
    ("not-a-country-name", ["leaders.csv:4: 'Astana' is a capital form of Kazakhstan (KAZ), not a country name"]),
    ("iso3-disagrees", ["leaders.csv:4: country 'Kazakhstan' is KAZ (Kazakhstan) but iso3 says KGZ"]),
    ("duplicate", ["leaders.csv:5: duplicate country RUS (first on line 3)"]),
    (
        "leader-country",
        ["leaders.csv:4: leader 'Vladimir Putin' is a leader of Russia (RUS) in the gazetteer, not of KAZ"],
    ),
    (
        "leader-term",
        [
            "leaders.csv:4: leader 'Nursultan Nazarbayev' was not in office in KAZ on 2023-10-17 to 2023-10-18 "
            "(gazetteer: 1990-04-24 to 2019-03-20)"
        ],
    ),
    ("leader-unknown", ["leaders.csv:3: head_of_state 'Ivan Petrov' is not among the gazetteer's leaders of RUS"]),
    ("declared-total", ["forum.toml:6: declared_leaders = 3, but leaders.csv has 2 rows of category 'leader'"]),
    ("declared-host", ["forum.toml:5: host = 'CHN', but leaders.csv has host rows: KAZ"]),
    ("bad-reported", ["forum.toml:15: [[reported]]: topic 'rumours' must be one of signatories, attendance, leaders"]),
    ("unknown-edition", ["forum.toml:7: edition 'brf2030' is not a forum folder beside this one"]),
    (
        "bad-lang",
        [
            "forum.toml:6: corpus entry 'articles': lang 'ua' is not a language forum-map reads "
            "(choices: auto, en, zh, ru, fr, es, ar, de, pt)"
        ],
    ),
    (
        "many-problems",
        [
            "leaders.csv:3: role 'king' must be one of head_of_state, head_of_government, other",
            "leaders.csv:4: unknown country 'Kazakhztan' (did you mean Kazakhstan, KAZ?)",
        ],
    ),
]


@pytest.mark.parametrize(("fixture", "expected"), BROKEN, ids=[name for name, _ in BROKEN])
def test_broken_fixture_fails_with_path_line_message(capsys, fixture, expected):
    folder = FIXTURES / fixture
    assert main(["validate", "--forum", str(folder)]) == 1
    printed = [line for line in capsys.readouterr().err.splitlines() if not line.startswith("forum-map:")]
    assert printed == [f"{folder}/{line}" for line in expected]


def test_every_rule_has_its_fixture():
    assert {p.name for p in FIXTURES.iterdir() if p.is_dir()} == {name for name, _ in BROKEN} | {"valid"}


def test_valid_fixture_passes(capsys):
    assert main(["validate", "--forum", str(FIXTURES / "valid")]) == 0


def test_problems_of_several_forums_are_reported_together(capsys):
    code = main(["validate", "--forum", str(FIXTURES / "bad-type"), "--forum", str(FIXTURES / "duplicate")])
    err = capsys.readouterr().err
    assert code == 1
    assert "bad-type/forum.toml:3:" in err and "duplicate/leaders.csv:5:" in err
    assert "2 problem(s)" in err


def test_a_broken_forum_writes_no_map(tmp_path):
    out = tmp_path / "maps"
    with pytest.raises(ForumError):
        build(out, [str(FIXTURES / "leader-term")])
    assert not out.exists()


def test_toml_lines_point_at_keys_and_tables():
    lines = toml_lines('title = "x"\n\n[tables]\nleaders = "a.csv"\n\n[[maps]]\nid = "m"\n[[maps]]\nid = "n"\n')
    assert lines == {
        "title": 1,
        "tables": 3,
        "tables.leaders": 4,
        "maps[0]": 6,
        "maps[0].id": 7,
        "maps[1]": 8,
        "maps[1].id": 9,
    }


@pytest.mark.parametrize(
    ("written", "names", "same"),
    [
        ("Sheikh Mohammed bin Rashid Al Maktoum", ["Mohammed bin Rashid Al Maktoum"], True),
        ("Nguyễn Xuân Phúc", ["Nguyen Xuan Phuc"], True),
        ("Abiy Ahmed Ali", ["Abiy Ahmed"], True),
        ("Hun Manet", ["Hun Sen", "Hun"], False),
        ("Putin", ["Vladimir Putin", "Putin"], True),
        ("Serdar Berdimuhamedov", ["Gurbanguly Berdimuhamedov", "Berdimuhamedov"], False),
    ],
)
def test_same_person(written, names, same):
    assert same_person(written, names) is same


def test_attendance_counts_editions_and_names_them(bundled):
    _, tables = bundled["brf-editions"]
    editions = tables["editions"]
    titles = dict(zip(editions["edition"], editions["edition_title"], strict=True))
    countries = dict(zip(editions["iso3"], editions["country"], strict=False)) | {"BRA": "Brazil"}
    layer = attendance_layer("a", "A", editions, titles, countries, "Source: test")
    table = layer.table
    assert table["value"].value_counts().to_dict() == {3: 15, 2: 15, 1: 17, 0: 2}
    assert table.loc["CHN", "editions"] == "BRF 2017|BRF 2019|BRF 2023"
    assert (table.loc["GRC", "value"], table.loc["GRC", "represented_at"]) == (2, "BRF 2023")
    assert (table.loc["FRA", "value"], table.loc["FRA", "represented_at"]) == (0, "BRF 2023")
    assert "BRF 2023: represented by Jean-Pierre Raffarin" in table.loc["FRA", "detail"]
    assert list(layer.csv_frame().columns[:3]) == ["iso3", "country", "value"]

    per_edition = edition_layers(editions, titles, countries, "Source: test")
    assert [layer.title for layer in per_edition] == [
        "BRF 2017: 29 leaders + host",
        "BRF 2019: 37 leaders + host",
        "BRF 2023: 23 leaders + host + 3 representatives",
    ]
    combined = editions_csv_frame(per_edition)
    assert list(combined.columns[:4]) == ["iso3", "country", "value", "class"]
    assert combined.set_index("iso3")["value"].equals(table["value"].reindex(combined["iso3"]).rename_axis("iso3"))
    assert pd.api.types.is_integer_dtype(combined["value"])


def test_load_forum_reads_declarations():
    forum = load_forum(FIXTURES / "valid")
    assert (forum.declared_leaders, forum.host, forum.lines["declared_leaders"]) == (2, "CHN", 6)
