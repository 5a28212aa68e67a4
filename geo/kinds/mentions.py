"""Maps of what a forum's articles mention: ``mentions`` (one layer) and ``mentions_by_month`` (one a month)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import pandas as pd

from geo.corpus import Document, mentions_by_piece
from geo.engine import CountryTally
from geo.evidence import Snippet, Snippets
from geo.kinds.base import MapInput, MapKind, register
from geo.layers import ZERO_COLOR, CountClasses, Layer, count_classes, country_table, plural, ranks
from geo.layers import legend as layer_legend

EVIDENCE_PER_COUNTRY = 3


@dataclass(frozen=True, slots=True)
class ForumMentions:
    """What a forum's articles say about each country."""

    tally: CountryTally  # mentions and the forms found, per country
    evidence: dict[str, list[Snippet]]  # up to EVIDENCE_PER_COUNTRY sentences per country
    documents: int  # documents (or pieces of long ones) read


def forum_mentions(documents: Sequence[Document]) -> ForumMentions:
    """Mentions per country, the forms found, and up to three sentences per country as evidence."""
    tally = CountryTally()
    evidence: dict[str, list[Snippet]] = {}
    for doc, mentions in mentions_by_piece(documents):
        snippets = Snippets(doc.text, doc.id)  # (the piece's sentence ends are read once, as far as needed)
        for mention in mentions:
            tally.add(mention.iso3, mention.surface)
            found = evidence.setdefault(mention.iso3, [])
            if len(found) < EVIDENCE_PER_COUNTRY:
                snippet = snippets.around(mention.start - doc.offset, mention.end - doc.offset)
                if snippet not in found:
                    found.append(snippet)
    return ForumMentions(tally, evidence, len(documents))


def good_breaks(breaks: object) -> bool:
    """Class upper bounds a legend can colour: 1 to 6 increasing positive integers (a 7th class holds the rest).

    >>> good_breaks([1, 5, 20]), good_breaks([5, 1]), good_breaks(list(range(1, 9))), good_breaks("5")
    (True, False, False, False)
    """
    return (
        isinstance(breaks, list)
        and 1 <= len(breaks) <= 6
        and all(isinstance(b, int) and not isinstance(b, bool) and b > 0 for b in breaks)
        and breaks == sorted(set(breaks))
    )


BREAKS = {"breaks": "upper bounds of the classes of a mentions map, instead of the automatic ones"}


@register
class Mentions(MapKind):
    """How often the forum's articles mention each country, with evidence sentences in the tooltip."""

    name = "mentions"
    options = BREAKS

    def option_problems(self, options: Mapping[str, object]) -> list[tuple[str, str]]:
        breaks = options.get("breaks")
        if breaks is not None and not good_breaks(breaks):
            return [("breaks", f"breaks must be 1 to 6 increasing whole numbers above 0, got {breaks!r}")]
        return []

    def layers(self, given: MapInput) -> list[Layer]:
        found = forum_mentions(given.documents)
        source = f"Source: {plural(found.documents, 'article')} bundled with the forum; mentions counted by forum-map"
        spec = given.spec
        layer = mentions_layer(
            spec.id,
            spec.title,
            found.tally.counts,
            found.tally.forms(),
            given.countries,
            source,
            found.evidence,
            spec.options.get("breaks"),
        )
        return [layer]


@register
class MentionsByMonth(MapKind):
    """The forum's articles counted per month of their dates, one layer a month, coloured alike."""

    name = "mentions_by_month"

    def layers(self, given: MapInput) -> list[Layer]:
        # geo.build imports this registry, so its corpus reader is looked up when a map is built
        from geo.build import corpus_coverage, coverage_layers

        forum = given.forum
        coverage = corpus_coverage([str(p) for p in forum.corpus], "month", forum.date, forum.corpus_langs)
        n_docs = sum(coverage.documents_per_period.values()) + coverage.undated
        return coverage_layers(
            coverage, f"Source: {plural(n_docs, 'article')} of the forum's corpus; mentions counted by forum-map"
        )

    def csv_frame(self, shown: Sequence[Layer]) -> pd.DataFrame:
        return periods_csv_frame(shown)


def mentions_layer(
    layer_id: str,
    title: str,
    counts: Mapping[str, int],
    forms: Mapping[str, list[str]],
    countries: Mapping[str, str],
    source: str,
    evidence: Mapping[str, Sequence[Snippet]] | None = None,
    breaks: Sequence[int] | None = None,
    classes: CountClasses | None = None,
) -> Layer:
    """Mentions per country in classes from ``count_classes`` (or the ``classes`` given, shared with other
    layers); every country gets a count (0 when never mentioned), a rank among the countries mentioned and up
    to three evidence snippets."""
    table = country_table(countries)
    table["value"] = [int(counts.get(iso3, 0)) for iso3 in table.index]
    table["forms"] = ["|".join(forms.get(iso3, [])) for iso3 in table.index]
    table["rank"] = ranks(table["value"])
    table["rank_of"] = int((table["value"] > 0).sum())
    evidence = evidence or {}
    table["evidence"] = [tuple(evidence.get(iso3, ())) for iso3 in table.index]
    if classes is None:
        classes = count_classes(table["value"].tolist(), breaks)
    table["label"] = "0"
    table["color"] = ZERO_COLOR
    positive = table["value"] > 0
    if positive.any():
        index = classes.index(table.loc[positive, "value"].tolist())
        table.loc[positive, "label"] = [classes.labels[c] for c in index]
        table.loc[positive, "color"] = [classes.colors[c] for c in index]
    table["detail"] = [f"forms: {f}" if f else "" for f in table["forms"].str.replace("|", ", ")]
    # most first, as on every map of numbers
    ordered = [*reversed(list(zip(classes.labels, classes.colors, strict=True))), ("0", ZERO_COLOR)]
    return Layer(
        layer_id,
        title,
        "mentions",
        source,
        table,
        layer_legend(table, ordered),
        extra=("rank", "forms"),
        classification=classes.method,
        legend_title="mentions in the articles",
    )


def period_layers(
    periods: Sequence[str], counts: Mapping[str, Mapping[str, int]], countries: Mapping[str, str], source: str
) -> list[Layer]:
    """One mentions layer per period (``counts[period][iso3]``), in the order given, all coloured by the same
    classes so that a colour means the same number in every period; for a map that steps through time.

    >>> layers = period_layers(["2023-09", "2023-10"], {"2023-10": {"CHN": 4}}, {"CHN": "China", "FRA": "France"}, "")
    >>> [(layer.id, int(layer.table.loc["CHN", "value"]), layer.table.loc["CHN", "label"]) for layer in layers]
    [('2023-09', 0, '0'), ('2023-10', 4, '4')]
    """
    classes = count_classes([n for period in periods for n in counts.get(period, {}).values()])
    method = f"{classes.method}; the same classes in every period"
    return [
        replace(
            mentions_layer(period, period, counts.get(period, {}), {}, countries, source, classes=classes),
            extra=("rank",),
            classification=method,
        )
        for period in periods
    ]


def periods_csv_frame(period_layers: list[Layer]) -> pd.DataFrame:
    """The series behind a map with one layer per period: ``period,iso3,country,value,class,rank``."""
    frames = [layer.csv_frame().assign(period=layer.id) for layer in period_layers]
    out = pd.concat(frames, ignore_index=True)
    return out[["period", *(c for c in out.columns if c != "period")]]
