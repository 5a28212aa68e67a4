"""The gazetteer: names as people write them resolve to ISO3, look-alikes do not, and every fact has a source."""

import csv
import datetime
import subprocess
import sys

import pycountry
import pytest

from geo.gazetteer import Resolution, load, name_key
from geo.paths import GAZETTEER_DIR


@pytest.fixture(scope="module")
def gazetteer():
    return load()


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        # names, short forms, official and former names, with and without diacritics
        ("China", "CHN"),
        ("People's Republic of China", "CHN"),
        ("People’s Republic of China", "CHN"),
        ("the US", "USA"),
        ("U.S.", "USA"),
        ("USA", "USA"),
        ("America", "USA"),
        ("United States of America", "USA"),
        ("Britain", "GBR"),
        ("U.K.", "GBR"),
        ("UAE", "ARE"),
        ("DRC", "COD"),
        ("DPRK", "PRK"),
        ("Türkiye", "TUR"),
        ("Turkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Czech Republic", "CZE"),
        ("Czechia", "CZE"),
        ("Swaziland", "SWZ"),
        ("Eswatini", "SWZ"),
        ("Macedonia", "MKD"),
        ("North Macedonia", "MKD"),
        ("Burma", "MMR"),
        ("Ivory Coast", "CIV"),
        ("Côte d'Ivoire", "CIV"),
        ("Cote d’Ivoire", "CIV"),
        ("Cape Verde", "CPV"),
        ("Cabo Verde", "CPV"),
        ("East Timor", "TLS"),
        ("Timor-Leste", "TLS"),
        ("Congo-Kinshasa", "COD"),
        ("Congo-Brazzaville", "COG"),
        ("Lao PDR", "LAO"),
        ("Kyrgyz Republic", "KGZ"),
        ("Holy See", "VAT"),
        ("Holland", "NLD"),
        ("Viet Nam", "VNM"),
        ("Kosovo", "XKX"),
        ("Palestine", "PSE"),
        ("Taiwan", "TWN"),
        ("Hong Kong", "HKG"),
        ("Macau", "MAC"),
        ("São Tomé and Príncipe", "STP"),
        ("Sao Tome and Principe", "STP"),
        # data-table spellings
        ("Korea, Republic of", "KOR"),
        ("Korea, Rep.", "KOR"),
        ("Lao People s Democratic Republic", "LAO"),
        ("D.P.R. of Korea", "PRK"),
        ("Dem. People's Rep. of Korea", "PRK"),
        ("Iran (Islamic Republic of)", "IRN"),
        ("Bolivia (Plurinational State of)", "BOL"),
        ("Congo (Democratic Republic of the)", "COD"),
        ("Congo, Rep.", "COG"),
        ("Bahamas, The", "BHS"),
        ("Tanzania, United Republic of", "TZA"),
        ("Saint Vincent/Grenadines", "VCT"),
        ("St. Kitts and Nevis", "KNA"),
        ("Cayman Isds", "CYM"),
        ("China: Hong Kong SAR", "HKG"),
        ("Hong Kong, China", "HKG"),
        ("China excluding Taiwan", "CHN"),
        ("CÃ´te d'Ivoire", "CIV"),
        ("  russia  ", "RUS"),
        ("RUSSIA", "RUS"),
        # demonyms, capitals, seats, leaders
        ("Kazakh", "KAZ"),
        ("Kazakhstani", "KAZ"),
        ("Emirati", "ARE"),
        ("Saudis", "SAU"),
        ("Filipino", "PHL"),
        ("Laotian", "LAO"),
        ("Palestinians", "PSE"),
        ("Beijing", "CHN"),
        ("Kyiv", "UKR"),
        ("Kiev", "UKR"),
        ("the Kremlin", "RUS"),
        ("White House", "USA"),
        ("Tokayev", "KAZ"),
        ("Jokowi", "IDN"),
        ("Erdogan", "TUR"),
        ("Erdoğan", "TUR"),
    ],
)
def test_resolves_names_as_people_write_them(gazetteer, name, iso3):
    assert gazetteer.resolve(name).iso3 == iso3


@pytest.mark.parametrize(
    "name",
    [
        "Man",
        "It",
        "Europe",
        "Asia",
        "Middle East",
        "Soviet Union",
        "EU",
        "NATO",
        "Hamas",
        "Taliban",
        "Xinhua",
        "Mexico City",
        "New Mexico",
        "New Jersey",
        "Georgia (US state)",
        "Sweden except Stockholm",
        "Belgium and Luxembourg",
        "Zealand",
        "Norfolk",
        "Papua",
        "the king",
        "May",
        "",
        "   ",
    ],
)
def test_does_not_resolve_what_is_not_a_country(gazetteer, name):
    assert gazetteer.resolve(name) is None


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("Russia", "name"),
        ("Lao PDR", "short"),
        ("Swaziland", "former"),
        ("Kazakh", "demonym"),
        ("Moscow", "capital"),
        ("Kremlin", "seat"),
        ("Putin", "leader"),
    ],
)
def test_resolution_says_which_kind_of_form(gazetteer, name, kind):
    assert gazetteer.resolve(name).kind == kind


def test_resolution_carries_the_common_country_name(gazetteer):
    assert gazetteer.resolve("Russian Federation") == Resolution("RUS", "Russia", "name")


@pytest.mark.parametrize(
    ("iso3", "name"),
    [("RUS", "Russia"), ("LAO", "Laos"), ("XKX", "Kosovo"), ("KOR", "South Korea"), ("PRK", "North Korea"),
     ("USA", "United States"), ("GBR", "United Kingdom"), ("TUR", "Türkiye"), ("VNM", "Vietnam"),
     ("CZE", "Czechia"), ("COD", "DR Congo"), ("PSE", "Palestine"), ("VAT", "Vatican"), ("IRN", "Iran")],
)  # fmt: skip
def test_country_name_is_the_common_short_name(gazetteer, iso3, name):
    assert gazetteer.country_name(iso3) == name


def test_country_name_of_an_unknown_code_says_what_was_asked(gazetteer):
    with pytest.raises(KeyError, match="XYZ"):
        gazetteer.country_name("XYZ")


@pytest.mark.parametrize(("typo", "iso3"), [("Kazakhztan", "KAZ"), ("Kazahkstan", "KAZ"), ("Untied States", "USA")])
def test_suggest_offers_the_country_meant(gazetteer, typo, iso3):
    assert gazetteer.suggest(typo)[0].iso3 == iso3


def test_suggest_returns_at_most_n_distinct_countries(gazetteer):
    found = gazetteer.suggest("Guinea", n=3)
    assert len(found) <= 3
    assert len({r.iso3 for r in found}) == len(found)


def test_iso3_codes_are_every_iso_country_and_kosovo(gazetteer):
    codes = gazetteer.iso3_codes()
    assert codes == {c.alpha_3 for c in pycountry.countries} | {"XKX"}


def test_name_key_ignores_case_diacritics_punctuation_and_articles():
    assert name_key("the U.S.") == name_key("us")
    assert name_key("Türkiye") == name_key("TURKIYE")
    assert name_key("Bosnia & Herzegovina") == name_key("Bosnia and Herzegovina")


def test_the_gazetteer_is_built_once(gazetteer):
    assert load() is gazetteer


@pytest.mark.parametrize("module", ["geo.gazetteer", "geo.extract"])
def test_text_modules_import_no_gis_library(module):
    code = (
        f"import sys, {module}; {module}.extract_mentions('China') if hasattr({module}, 'extract_mentions') "
        f"else {module}.load(); print(sorted(m for m in ('geopandas', 'folium', 'shapely', 'pandas') if m in sys.modules))"
    )
    assert subprocess.check_output([sys.executable, "-c", code], text=True).strip() == "[]"


# --- the data files: one fact per row, each with its source, codes that exist ---


def rows(name):
    with (GAZETTEER_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.parametrize("name", ["names.csv", "demonyms.csv", "capitals.csv", "leaders.csv"])
def test_every_fact_row_names_its_source(name):
    missing = [row for row in rows(name) if not row["source"].strip()]
    assert missing == []


@pytest.mark.parametrize("name", ["names.csv", "demonyms.csv", "capitals.csv", "leaders.csv", "leader_forms.csv"])
def test_every_row_has_a_known_code(gazetteer, name):
    unknown = {row["iso3"] for row in rows(name)} - gazetteer.iso3_codes()
    assert unknown == set()


@pytest.mark.parametrize("name", ["names.csv", "demonyms.csv", "capitals.csv"])
def test_in_text_flag_is_yes_or_no(name):
    assert {row["in_text"] for row in rows(name)} <= {"yes", "no"}


def test_leader_terms_are_ordered_iso_dates():
    for row in rows("leaders.csv"):
        start = datetime.date.fromisoformat(row["valid_from"])
        end = datetime.date.fromisoformat(row["valid_to"]) if row["valid_to"] else datetime.date.max
        assert start <= end, row


def test_every_leader_form_belongs_to_a_listed_leader():
    leaders = {(row["iso3"], row["leader"]) for row in rows("leaders.csv")}
    assert {(row["iso3"], row["leader"]) for row in rows("leader_forms.csv")} <= leaders


def test_every_sovereign_state_has_a_demonym_and_a_capital():
    states = {row["iso3"] for row in rows("leaders.csv")}
    assert states - {row["iso3"] for row in rows("demonyms.csv")} == set()
    assert states - {row["iso3"] for row in rows("capitals.csv")} == set()


def test_leaders_cover_2015_to_today_for_the_summit_countries(gazetteer):
    for iso3 in ("CHN", "RUS", "USA", "IND", "BRA", "ZAF", "KAZ", "IDN", "SAU", "TUR", "ARE", "EGY", "ETH", "IRN"):
        terms = [t for terms in gazetteer.leader_terms.values() for t in terms if t.iso3 == iso3]
        for year in range(2015, 2027):
            day = datetime.date(year, 6, 1)
            assert any(t.valid_from <= day <= t.valid_to for t in terms), (iso3, year)


@pytest.mark.parametrize(
    ("name", "codes"),
    [
        ("Congo", ["COG", "COD"]),
        ("Korea", ["KOR", "PRK"]),
        ("Virgin Islands", ["VGB", "VIR"]),
        ("Republic of the Congo", ["COG"]),
        ("South Korea", ["KOR"]),
        ("Kazakstan", ["KAZ"]),
        ("Europe", []),
    ],
)
def test_candidates_lists_every_country_a_name_could_mean(name, codes):
    assert [r.iso3 for r in load().candidates(name)] == codes


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        # country_converter's own test variants (tests/test_regex_*.txt) and official names
        ("Socialist Republic of Vietnam", "VNM"),
        ("Republic of the Union of Myanmar", "MMR"),
        ("Oriental Republic of Uruguay", "URY"),
        ("Co-operative Republic of Guyana", "GUY"),
        ("Nation of Brunei, Abode of Peace", "BRN"),
        ("United States Virgin Islands", "VIR"),
        ("Svalbard and Jan Mayen Islands", "SJM"),
        ("Macau SAR", "MAC"),
        ("Caribian Netherlands", "BES"),
        ("Bohemia", "CZE"),
        ("moldovia", "MDA"),
        # older names news still writes
        ("Kirgizia", "KGZ"),
        ("Western Samoa", "WSM"),
        ("Mongolian People's Republic", "MNG"),
        ("The Gambia", "GMB"),
        ("The Philippines", "PHL"),
    ],
)
def test_resolves_more_variants(name, iso3):
    assert load().resolve(name).iso3 == iso3


@pytest.mark.parametrize("name", ["Bohemia", "Guiana", "Moldovia"])
def test_data_table_only_names_do_not_count_in_text(name):
    assert all(form.surface != name for form in load().text_forms)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a row the tables keep out of running text stays out, though another form is its spelling with an accent:
        # San Jose is the Californian city; San José, as it acts, Costa Rica's capital
        ("San Jose is partnering with developers, the city said.", []),
        ("SAN JOSE — A man was shot by police on Thursday.", []),
        ("Relations with San José soured.", ["CRI"]),
        # Male, the English word, is no capital; Malé is
        ("Male is holding a handgun, MALE SUSPECT ARRESTED.", []),
        ("Relations between New Delhi and Malé soured.", ["IND", "MDV"]),
    ],
)
def test_a_form_kept_out_of_text_is_no_other_forms_spelling(text, expected):
    from geo.extract import extract_mentions

    assert [mention.iso3 for mention in extract_mentions(text)] == expected
    assert load().resolve("San Jose").iso3 == "CRI"  # a table's name still resolves
