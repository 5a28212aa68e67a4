"""French context rules (docs/mention-guidelines.md, "French")."""

from geo.extract.rules.common import LanguageRules

RULES = LanguageRules(
    place_nouns=frozenset("capitale ville".split()),
    place_before=frozenset("à a depuis vers via dans".split()),
    currency_before=("dollar-", "yuan-", "rouble-", "roupie-", "euro-"),
    language_before=frozenset("en parle parlent traduit traduits apprendre".split()),
    language_after=("langue",),
)
