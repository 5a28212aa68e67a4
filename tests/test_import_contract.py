"""The text side of forum-map (gazetteer, extraction, corpora, engines) loads no map library, module by module.

The same contract is declared in pyproject.toml (``[tool.importlinter]``) and checked statically by
``lint-imports`` in CI; this test imports every module of the text side in a fresh interpreter and looks at what
actually got loaded, so that ``pytest`` alone catches a breach too.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys
import tomllib
from importlib.util import find_spec
from pathlib import Path

import pytest

PYPROJECT = Path(__file__).resolve().parents[1] / "pyproject.toml"


def contract(name: str) -> dict:
    contracts = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"]["contracts"]
    return next(c for c in contracts if c["name"] == name)


TEXT_SIDE = contract("The text side never imports the GIS side")


def text_side_modules() -> list[str]:
    """Every module the contract names, with every submodule of those that are packages."""
    found = ["geo"]  # `import geo.x` runs geo/__init__.py first: it must stay light too
    for name in TEXT_SIDE["source_modules"]:
        found.append(name)
        spec = find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            found += [m.name for m in pkgutil.walk_packages(spec.submodule_search_locations, prefix=name + ".")]
    return found


def test_the_contract_names_the_map_libraries():
    assert {"geopandas", "folium", "shapely", "matplotlib"} <= set(TEXT_SIDE["forbidden_modules"])
    assert {"geo.extract", "geo.gazetteer", "geo.corpus", "geo.engine"} <= set(TEXT_SIDE["source_modules"])


def map_libraries_loaded_by(module: str) -> list[str]:
    """The forbidden libraries loaded by importing ``module`` in a fresh interpreter."""
    forbidden = sorted(TEXT_SIDE["forbidden_modules"])
    code = (
        f"import sys, {module}; print(' '.join(sorted({{m.split('.')[0] for m in sys.modules}} & set({forbidden!r}))))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


@pytest.mark.parametrize("module", text_side_modules())
def test_importing_a_text_module_loads_no_map_library(module):
    assert map_libraries_loaded_by(module) == []


def test_the_check_sees_a_module_that_loads_a_map_library():
    """The check above can fail: the basemap module, on the map side, is caught."""
    assert "geopandas" in map_libraries_loaded_by("geo.boundaries")
