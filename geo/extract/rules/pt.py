"""Portuguese context rules (docs/mention-guidelines.md, "Portuguese")."""

from geo.extract.rules.common import LanguageRules

RULES = LanguageRules(
    place_nouns=frozenset(["capital", "cidade"]),
    place_before=frozenset(["em", "a", "para", "desde", "rumo"]) | {"no", "na"},
    currency_before=("dólar-", "dolar-", "yuan-", "iuane-", "rublo-", "rúpia-"),
    language_before=frozenset(["em", "fala", "falam", "falar", "traduzido", "traduzida", "aprender"]),
    language_after=("idioma", "língua"),
    event_nouns=frozenset(
        ["cimeira", "cúpula", "reunião", "fórum", "conferência", "encontro", "acordo", "declaração", "tratado", "jogos"]
    ),
    event_links=frozenset(["de"]),
    # "irão" is the future of "ir" (they will): at a sentence's start it is capitalised like the country
    not_a_name=(("Irão", "verb"),),
)
