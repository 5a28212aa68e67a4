"""Leaflet's JS and CSS (from the xstatic-leaflet package) and our page code, inlined so pages load nothing."""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path

import xstatic.pkg.leaflet as xstatic_leaflet

LEAFLET_DIR = Path(xstatic_leaflet.BASE_DIR)


STATIC_DIR = Path(__file__).resolve().parent / "static"
# A source-map comment makes developer tools fetch leaflet.js.map: a request to a file the page does not ship.
_SOURCE_MAP = re.compile(r"\n?//# sourceMappingURL=\S+\s*$")


_CLOSING_TAG = re.compile(r"</(script|style)", re.IGNORECASE)


def _inline_safe(code: str) -> str:
    # A "</script" or "</style" (in any case) inside inlined code would end our inline block early.
    return _CLOSING_TAG.sub(r"<\\/\1", code)


@cache
def leaflet_js() -> str:
    return _inline_safe(_SOURCE_MAP.sub("\n", (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8")))


@cache
def page_js() -> str:
    """Our page code (geo/static/map.js): geometry decoding, layer switching, search."""
    return _inline_safe((STATIC_DIR / "map.js").read_text(encoding="utf-8"))


@cache
def page_css() -> str:
    """Our page stylesheet (geo/static/map.css)."""
    return _inline_safe((STATIC_DIR / "map.css").read_text(encoding="utf-8"))


@cache
def leaflet_css() -> str:
    """Leaflet's stylesheet with its images (layer switcher, markers) inlined as data: URIs."""
    css = (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        image = LEAFLET_DIR / match.group(1)
        mime = "image/svg+xml" if image.suffix == ".svg" else f"image/{image.suffix.lstrip('.')}"
        return f"url(data:{mime};base64,{base64.b64encode(image.read_bytes()).decode('ascii')})"

    return re.sub(r"url\((images/[^)]+)\)", inline, css)
