"""forum-map: who takes part in international forums, and who their coverage talks about, on world maps.

The Python API (geo.api) is loaded on first use, so that ``import geo`` stays light: ``geo.resolve``,
``geo.resolve_one``, ``geo.mentions``, ``geo.count_mentions``, ``geo.countries``, ``geo.explore``,
``geo.to_html``, ``geo.read_forum``.
"""

from __future__ import annotations

__version__ = "0.1.0"

API = ("resolve", "resolve_one", "mentions", "count_mentions", "countries", "explore", "to_html", "read_forum")
__all__ = ["__version__", *API]


def __getattr__(name: str):
    if name in API:
        from geo import api

        return getattr(api, name)
    raise AttributeError(f"module 'geo' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *API])
