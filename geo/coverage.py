"""Coverage over time: mentions per country per day or month, summed from per-document results.

>>> from geo.engine import CountryCount, DocumentResult
>>> coverage = Coverage("month")
>>> coverage.add(DocumentResult("a", dt.date(2023, 10, 17), (CountryCount("CHN", 3, ("China",)),)))
>>> coverage.add(DocumentResult("b", dt.date(2023, 12, 1), (CountryCount("CHN", 1, ("Beijing",)),)))
>>> coverage.add(DocumentResult("c", None, (CountryCount("RUS", 1, ("Russia",)),)))
>>> coverage.periods(), coverage.undated
(['2023-10', '2023-11', '2023-12'], 1)
>>> [(r["period"], r["iso3"], r["mentions"], r["documents"]) for r in coverage.rows(lambda iso3: iso3)]
[('2023-10', 'CHN', 3, 1), ('2023-12', 'CHN', 1, 1)]
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable

from geo.engine import DocumentResult

PERIODS = ("day", "month")
SERIES_HEADER = ["period", "iso3", "country", "mentions", "documents"]


def period_of(date: dt.date, by: str) -> str:
    """``2023-10-17`` by day, ``2023-10`` by month."""
    return date.isoformat() if by == "day" else f"{date.year:04d}-{date.month:02d}"


class Coverage:
    """Mentions and mentioning documents per period and country; memory grows with periods × countries only."""

    def __init__(self, by: str):
        if by not in PERIODS:
            raise ValueError(f"period {by!r}: expected one of {', '.join(PERIODS)}")
        self.by = by
        self.mentions: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.documents: defaultdict[str, Counter[str]] = defaultdict(Counter)
        self.documents_per_period: Counter[str] = Counter()
        self.undated = 0

    def add(self, result: DocumentResult) -> None:
        if result.date is None:
            self.undated += 1
            return
        period = period_of(result.date, self.by)
        self.documents_per_period[period] += 1
        for country in result.countries:
            self.mentions[period][country.iso3] += country.mentions
            self.documents[period][country.iso3] += 1

    def periods(self) -> list[str]:
        """Every period from the first dated document to the last, those without documents included."""
        if not self.documents_per_period:
            return []
        first, last = min(self.documents_per_period), max(self.documents_per_period)
        if self.by == "month":
            (y, m), (y_end, m_end) = (map(int, first.split("-")), map(int, last.split("-")))
            months = []
            while (y, m) <= (y_end, m_end):
                months.append(f"{y:04d}-{m:02d}")
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
            return months
        day, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
        return [(day + dt.timedelta(days=i)).isoformat() for i in range((end - day).days + 1)]

    def counts(self, period: str) -> dict[str, int]:
        return dict(self.mentions.get(period, {}))

    def rows(self, country_name: Callable[[str], str]) -> list[dict]:
        """The series as rows ``period,iso3,country,mentions,documents``, by period then ISO3."""
        return [
            {
                "period": period,
                "iso3": iso3,
                "country": country_name(iso3),
                "mentions": n,
                "documents": self.documents[period][iso3],
            }
            for period in sorted(self.mentions)
            for iso3, n in sorted(self.mentions[period].items())
        ]
