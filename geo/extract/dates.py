"""The document's date: the first full date written near its start (its dateline or metadata)."""

from __future__ import annotations

import datetime
import re

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
MONTH_NAMES = tuple(sorted(_MONTHS, key=len, reverse=True))  # in lower case, longest first ("sept" before "sep")
_MONTH_RE = "|".join(MONTH_NAMES)
_DATE = re.compile(
    rf"\b(?:(?P<y1>(?:19|20)\d\d)-(?P<m1>[01]\d)-(?P<d1>[0-3]\d)"
    rf"|(?P<d2>[0-3]?\d)\s+(?P<mon2>{_MONTH_RE})\.?,?\s+(?P<y2>(?:19|20)\d\d)"
    rf"|(?P<mon3>{_MONTH_RE})\.?\s+(?P<d3>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y3>(?:19|20)\d\d))\b",
    re.IGNORECASE,
)
DATE_WINDOW = 2000  # characters searched for the document date
_YEAR = re.compile(r"(?:19|20)\d\d")  # in every date: without one in the window, no date (20 times faster to tell)


def find_document_date(text: str) -> datetime.date | None:
    """The first full date written in the first lines of ``text`` (its dateline or metadata).

    >>> find_document_date("BEIJING, Oct. 18, 2023 -- ..."), find_document_date("no date")
    (datetime.date(2023, 10, 18), None)
    """
    if not _YEAR.search(text, 0, DATE_WINDOW):
        return None
    for match in _DATE.finditer(text, 0, DATE_WINDOW):
        groups = match.groupdict()
        try:
            if groups["y1"]:
                return datetime.date(int(groups["y1"]), int(groups["m1"]), int(groups["d1"]))
            if groups["y2"]:
                month = _MONTHS[groups["mon2"].lower()]
                return datetime.date(int(groups["y2"]), month, int(groups["d2"]))
            month = _MONTHS[groups["mon3"].lower()]
            return datetime.date(int(groups["y3"]), month, int(groups["d3"]))
        except ValueError:
            continue
    return None
