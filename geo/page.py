"""What a map page carries besides the map: the data as a table (for screen readers, and for readers without
JavaScript), links to its CSV, picture and index, an embed snippet, and the preview tags of social sites. Every
piece of text is escaped here."""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from geo.safe import escape

# Without JavaScript the map cannot be drawn: the page then shows its data table instead.
NOSCRIPT_HTML = (
    "<noscript><style>body { display: block; overflow: auto; } .folium-map { display: none; } "
    ".fm-data { position: static; width: auto; height: auto; margin: 1em; overflow: visible; clip: auto; "
    "white-space: normal; } .fm-controls, .fm-side, .fm-search { position: static; display: block; width: auto; } "
    ".fm-search, .fm-toggle { display: none; }</style></noscript>"
)


@dataclass(frozen=True, slots=True)
class PageLinks:
    """Where a page's companions are, relative to the page (empty: none)."""

    csv: str = ""
    png: str = ""
    index: str = ""
    page: str = ""  # the page's own file name, for the embed snippet
    sources: tuple[tuple[str, str], ...] = ()  # (name, url) of each source the map draws on
    articles: tuple[str, ...] = ()  # the files of the articles a map of mentions counted
    base: str = ""  # the address the page's folder is published at (``--base-url``), ending in "/"

    def published(self, name: str) -> str:
        """``name`` (a file beside the page) as a reader elsewhere reaches it: absolute when the published
        address is known (social sites and an embedding page need one), else relative.

        >>> PageLinks(base="https://news.example/maps/brf2023/").published("partners.png")
        'https://news.example/maps/brf2023/partners.png'
        >>> PageLinks().published("partners.png")
        'partners.png'
        """
        return self.base + name if self.base and name else name


def published_base(url: str) -> str:
    """The address an output folder is published at, checked and ending in "/": an http(s) URL with a host and
    no query, fragment, spaces or quotes (it goes into every page's preview tags and embed snippet).

    >>> published_base("https://news.example/maps")
    'https://news.example/maps/'
    >>> published_base("maps/")
    Traceback (most recent call last):
    ...
    ValueError: 'maps/' is not an http(s) address with a host, e.g. https://news.example/maps/
    """
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{url!r} is not an http(s) address with a host, e.g. https://news.example/maps/")
    if parts.query or parts.fragment or any(c.isspace() or c in "\"'<>`" for c in url):
        raise ValueError(f"{url!r}: a folder's address has no query, fragment, spaces or quotes")
    return url if url.endswith("/") else url + "/"


def _cell(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return escape(str(value))


def data_table_html(frame: pd.DataFrame, caption: str) -> str:
    """The rows of the map's CSV as an HTML table, hidden from sight but read by screen readers (and shown
    when JavaScript is off)."""
    head = "".join(f'<th scope="col">{escape(str(c))}</th>' for c in frame.columns)
    rows = "".join(
        "<tr>" + "".join(f"<td>{_cell(v)}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False, name=None)
    )
    return (
        '<section class="fm-data fm-sr" aria-label="The data behind the map">'
        f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
        "</section>"
    )


def links_html(links: PageLinks, title: str) -> str:
    """Links to the CSV, the picture and the index, and an iframe snippet to copy into another page."""
    items = [
        f'<a href="{escape(href)}"{extra}>{label}</a>'
        for href, label, extra in (
            (links.csv, "Data (CSV)", " download"),
            (links.png, "Picture (PNG)", ""),
            (links.index, "All maps", ""),
        )
        if href
    ]
    embed = _sources_html(links.sources) + _articles_html(links.articles)
    if links.page:
        snippet = (
            f'<iframe src="{escape(links.published(links.page))}" title="{escape(title)}" width="800" height="500" '
            'style="border:0" loading="lazy"></iframe>'
        )
        embed += (
            "<details><summary>Embed this map</summary><label>Copy this into your page:"
            f'<textarea class="fm-embed" readonly rows="3">{escape(snippet)}</textarea></label></details>'
        )
    if not items and not embed:
        return ""
    return f'<nav class="fm-links fm-box" aria-label="This map\'s files">{" · ".join(items)}{embed}</nav>'


def _sources_html(sources: tuple[tuple[str, str], ...]) -> str:
    """Each source by name, a link where its url is a web address (anything else, javascript: say, stays text)."""
    if not sources:
        return ""
    named = [
        f'<a href="{escape(url)}" rel="noopener noreferrer">{escape(name)}</a>'
        if url.startswith(("https://", "http://"))
        else escape(name)
        for name, url in sources
    ]
    return f'<p class="fm-sources">Sources: {"; ".join(named)}</p>'


def _articles_html(articles: tuple[str, ...]) -> str:
    if not articles:
        return ""
    items = "".join(f"<li>{escape(a)}</li>" for a in articles)
    return f"<details><summary>Articles read ({len(articles)})</summary><ul>{items}</ul></details>"


def meta_html(title: str, description: str, png: str, url: str = "") -> str:
    """Open Graph and Twitter card tags, with the picture when there is one and the page's own address when it is
    known (social sites need both absolute)."""
    tags = [
        ("property", "og:type", "website"),
        ("property", "og:title", title),
        ("property", "og:description", description),
        ("name", "description", description),
        ("name", "twitter:card", "summary_large_image" if png else "summary"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", description),
    ]
    if url:
        tags.append(("property", "og:url", url))
    if png:
        tags += [("property", "og:image", png), ("name", "twitter:image", png)]
    return "".join(f'<meta {kind}="{name}" content="{escape(value)}">' for kind, name, value in tags)
