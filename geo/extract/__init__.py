"""Country mentions in running text: one automaton pass over the text, then context rules.

What counts is defined in docs/mention-guidelines.md: names and demonyms always; a capital
or seat of government only when it stands for the state; a leader only within their term on the
document's date; look-alikes (South China Sea, US dollars, Xinhua, Michael Jordan) never.

>>> text = "Chinese leader Xi Jinping met Putin in Beijing, not far from Xi'an."
>>> [(m.surface, m.iso3, m.kind) for m in extract_mentions(text)]
[('Chinese', 'CHN', 'demonym'), ('Xi Jinping', 'CHN', 'leader'), ('Putin', 'RUS', 'leader')]
>>> count_by_country(extract_mentions("Beijing said China and Russia agree."))
{'CHN': 2, 'RUS': 1}

When no ``date`` is given, the first full date written in the text (``18 October 2023``,
``October 18, 2023``, ``2023-10-18``) is the document's date; without one, every leader in
office at any time from 2015 on counts.

The package, one module per concern: :mod:`~geo.extract.vocabulary` (the word lists the rules read, from
``data/gazetteer/context_words.csv``), :mod:`~geo.extract.text` (the normalised text), :mod:`~geo.extract.matcher`
(the automaton), :mod:`~geo.extract.rules` (the context rules, a module per language), :mod:`~geo.extract.leaders`,
:mod:`~geo.extract.dates` and :mod:`~geo.extract.scan` (the pass that ties them).
"""

from geo.extract import vocabulary
from geo.extract.dates import DATE_WINDOW, find_document_date
from geo.extract.scan import Mention, count_by_country, extract_mentions, forms_by_country

__all__ = [
    "DATE_WINDOW",
    "Mention",
    "count_by_country",
    "extract_mentions",
    "find_document_date",
    "forms_by_country",
    "vocabulary",
]


def __getattr__(name: str) -> object:
    """The rules' word lists (``geo.extract.TITLES``) stay where they were before the package: in ``vocabulary``.

    >>> "President" in __getattr__("TITLES")
    True
    """
    if name.isupper() and hasattr(vocabulary, name):
        return getattr(vocabulary, name)
    raise AttributeError(f"module 'geo.extract' has no attribute {name!r}")
