"""Leaflet's JS and CSS, read from the xstatic-leaflet package, for pages that load nothing from the network."""

from __future__ import annotations

import base64
import re
from functools import cache
from pathlib import Path

import xstatic.pkg.leaflet as xstatic_leaflet

LEAFLET_DIR = Path(xstatic_leaflet.BASE_DIR)
LEAFLET_VERSION = xstatic_leaflet.VERSION


@cache
def leaflet_js() -> str:
    # A "</script" inside the library would end our inline block early; Leaflet has none, but make sure.
    return (LEAFLET_DIR / "leaflet.js").read_text(encoding="utf-8").replace("</script", "<\\/script")


@cache
def leaflet_css() -> str:
    """Leaflet's stylesheet with its images (layer switcher, markers) inlined as data: URIs."""
    css = (LEAFLET_DIR / "leaflet.css").read_text(encoding="utf-8")

    def inline(match: re.Match[str]) -> str:
        image = LEAFLET_DIR / match.group(1)
        mime = "image/svg+xml" if image.suffix == ".svg" else f"image/{image.suffix.lstrip('.')}"
        return f"url(data:{mime};base64,{base64.b64encode(image.read_bytes()).decode('ascii')})"

    return re.sub(r"url\((images/[^)]+)\)", inline, css)
