"""French context rules (docs/mention-guidelines.md, "French")."""

from geo.extract.rules.common import LanguageRules

RULES = LanguageRules(
    place_nouns=frozenset(["capitale", "ville"]),
    place_before=frozenset(["à", "a", "depuis", "vers", "via", "dans"]),
    currency_before=("dollar-", "yuan-", "rouble-", "roupie-", "euro-"),
    language_before=frozenset(["en", "parle", "parlent", "traduit", "traduits", "apprendre"]),
    language_after=("langue",),
    event_nouns=frozenset(
        ["sommet", "réunion", "forum", "conférence", "rencontre", "accord", "accords", "déclaration", "traité", "jeux"]
    ),
    event_links=frozenset(["de"]),
)
