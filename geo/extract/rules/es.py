"""Spanish context rules (docs/mention-guidelines.md, "Spanish")."""

from geo.extract.rules.common import LanguageRules

RULES = LanguageRules(
    place_nouns=frozenset("capital ciudad".split()),
    place_before=frozenset("en a desde hacia".split()),
    currency_before=("dólar-", "dolar-", "yuan-", "rublo-", "rupia-"),
    language_before=frozenset("habla hablan hablar traducido traducida aprender".split()),
    language_after=("idioma", "lengua"),
)
