"""The vendored Natural Earth boundaries: every feature's code, the no-code policy, the antimeridian split."""

import hashlib

import pytest
from shapely.geometry import Polygon

from geo.boundaries import NO_NUMERIC_POLICY, feature_codes, load_countries, simplified, split_at_antimeridian
from geo.paths import BOUNDARIES_FILE

# Every feature of countries-50m.json (Natural Earth name) and the ISO alpha-3 it is drawn as (None: not drawn).
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
    ("Macedonia", "MKD"),
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


def test_vendored_file_is_the_recorded_one():
    digest = hashlib.sha256(BOUNDARIES_FILE.read_bytes()).hexdigest()
    assert digest == "04342cdc1e3016bcd7db1630de95684d67b79fe3c8c460321e87aef469502394"
    assert digest in (BOUNDARIES_FILE.parent / "SOURCE.md").read_text(encoding="utf-8")


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
    assert after < before / 2
