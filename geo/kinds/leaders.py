"""The ``leaders`` map: the level of the highest-ranking person each country sent to the forum."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from geo.kinds.base import MapInput, MapKind, register
from geo.layers import PURPLES, ZERO_COLOR, Layer, country_table
from geo.layers import legend as layer_legend

LEADER_LEVELS = (
    ("head_of_state", "head of state", PURPLES[0]),
    ("head_of_government", "head of government", PURPLES[1]),
    ("other_leader", "other leader", PURPLES[2]),
    ("representative", "leader's representative", PURPLES[3]),
)
NOT_PRESENT = ("none", "no leader present", ZERO_COLOR)


def leader_level(role: str, category: str) -> str:
    """The map's level for a leaders-table row."""
    if category == "representative":
        return "representative"
    return {"head_of_state": "head_of_state", "head_of_government": "head_of_government"}.get(role, "other_leader")


def leaders_layer(layer_id: str, title: str, leaders: pd.DataFrame, countries: Mapping[str, str], source: str) -> Layer:
    """Level of the highest-ranking person each country sent; countries not in the table show 'none'."""
    table = country_table(countries, leaders)
    by_iso = leaders.set_index("iso3")
    style = {key: (label, color) for key, label, color in (*LEADER_LEVELS, NOT_PRESENT)}
    values, people, titles, sources = [], [], [], []
    for iso3 in table.index:
        if iso3 in by_iso.index:
            row = by_iso.loc[iso3]
            values.append(leader_level(row["role"], row["category"]))
            people.append(row["leader"])
            titles.append(row["title"] + (" (host)" if row["category"] == "host" else ""))
            sources.append(row["source"])
        else:
            values.append("none")
            people.append("")
            titles.append("")
            sources.append("")
    table["value"] = values
    table["leader"] = people
    table["title"] = titles
    table["source"] = sources
    table["label"] = [style[v][0] for v in values]
    table["color"] = [style[v][1] for v in values]
    table["detail"] = [f"{p}, {t}" if p else "" for p, t in zip(people, titles, strict=True)]
    legend = layer_legend(table, [(label, color) for _, label, color in (*LEADER_LEVELS, NOT_PRESENT)])
    return Layer(
        layer_id,
        title,
        "level of attendance",
        source,
        table,
        legend,
        extra=("leader", "title", "source"),
        legend_title="the highest-ranking person each country sent",
    )


@register
class Leaders(MapKind):
    """Who came: head of state, head of government, other leader or a leader's representative."""

    name = "leaders"
    tables = ("leaders",)

    def layers(self, given: MapInput) -> list[Layer]:
        spec = given.spec
        return [leaders_layer(spec.id, spec.title, given.tables["leaders"], given.countries, given.source)]
