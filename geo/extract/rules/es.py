"""Spanish context rules (docs/mention-guidelines.md, "Spanish")."""

from geo.extract.rules.common import LanguageRules

RULES = LanguageRules(
    place_nouns=frozenset(["capital", "ciudad"]),
    place_before=frozenset(["en", "a", "desde", "hacia"]),
    currency_before=("dólar-", "dolar-", "yuan-", "rublo-", "rupia-"),
    language_before=frozenset(["en", "habla", "hablan", "hablar", "traducido", "traducida", "aprender"]),
    language_after=("idioma", "lengua"),
    event_nouns=frozenset(
        [
            "cumbre",
            "reunión",
            "foro",
            "conferencia",
            "encuentro",
            "acuerdo",
            "acuerdos",
            "declaración",
            "tratado",
            "juegos",
        ]
    ),
    event_links=frozenset(["de"]),
)
