"""German context rules (docs/mention-guidelines.md, "German")."""

from geo.extract.rules.common import LanguageRules

RULES = LanguageRules(
    place_nouns=frozenset(["hauptstadt", "stadt"]),
    place_before=frozenset(["in", "nach", "aus", "von", "bei", "über", "ab"]),
    place_after=(" (dpa)", " (AFP)", " (Reuters)", " (AP)")
    # the event or trip named by its city: der Peking-Besuch, das Moskau-Treffen
    + ("-Gipfel", "-Besuch", "-Reise", "-Treffen", "-Konferenz", "-Erklärung", "-Abkommen"),
    currency_before=("dollar-", "yuan-", "rubel-", "rupie-"),
    currency_after=("-Dollar",),
    language_before=frozenset(["auf"]),
    language_after=("sprache",),
)
