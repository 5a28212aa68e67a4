# %% [markdown]
# # A table and three articles on a map
# Open in Jupyter (jupytext reads this percent format) or run as a script; `tests/test_map.py` runs it.

# %%
import io

import pandas as pd

import geo

table = pd.read_csv(io.StringIO('Country,Delegates\nRussia,40\n"Korea, Rep.",12\nTurkiye,9\nCôte d\'Ivoire,3\n'))
table["iso3"] = geo.resolve(table["Country"])["iso3"]  # names as people type them -> ISO3

articles = {
    "a1": "Putin arrived in Beijing on 17 October 2023 for the Belt and Road Forum.",
    "a2": "Delegations from Kazakhstan and Hungary met Chinese officials.",
    "a3": "Türkiye and South Korea sent ministers; Russia signed two deals.",
}
counts = geo.count_mentions(articles).groupby("iso3")["mentions"].sum().rename("mentions")
joined = table.merge(counts, left_on="iso3", right_index=True, how="left").fillna({"mentions": 0})

m = geo.explore(joined, "Delegates", title="Delegates, with their mentions in the coverage")
geo.to_html(m, "delegates.html")
m  # noqa: B018  (in Jupyter this line shows the map)
