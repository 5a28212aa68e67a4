"""Context rules, one module per language: whether a matched form stands for its state where it stands.

A language's module gives the scan (:mod:`geo.extract.scan`) what :mod:`geo.extract.rules.en` gives: ``CURRENCY``
with its cheap pre-tests ``CURRENCY_INITIALS`` and ``CURRENCY_HEADS`` (a form that only names a currency),
``is_language`` (a demonym that names a language), ``is_other_sense`` (a name with another sense) and
``capital_is_place`` (a capital or seat that names a place). The rules for leaders are
:class:`geo.extract.leaders.LeaderContext`'s. English is the only language so far.
"""
