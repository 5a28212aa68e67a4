"""Untrusted text (article snippets, names from CSVs, titles from forum.toml) made safe for a page or a picture:
HTML-escaped, and without the bidirectional controls that would reorder the text around it."""

from __future__ import annotations

import html

# embeddings, overrides (U+202A–U+202E) and isolates (U+2066–U+2069): a U+202E in a title reverses what follows
_BIDI_CONTROLS = dict.fromkeys([*range(0x202A, 0x202F), *range(0x2066, 0x206A)])


def plain(text: str) -> str:
    """``text`` without bidirectional controls, for a picture or any output that is not HTML.

    >>> plain("Summit \\u202eX\\u202c 2024")
    'Summit X 2024'
    """
    return text.translate(_BIDI_CONTROLS)


def escape(text: str) -> str:
    """``text`` for HTML: escaped (quotes too) and without bidirectional controls.

    >>> escape('<b>"Kazakh"</b>\\u202e')
    '&lt;b&gt;&quot;Kazakh&quot;&lt;/b&gt;'
    """
    return html.escape(plain(text))
