"""Arabic context rules (docs/mention-guidelines.md, "Arabic"). Attached prefixes (و ب ل ف ك) and the article
are in the data (scripts/make_names_i18n.py); "في بكين" (in Beijing) is a place."""

from geo.extract.rules.common import LanguageRules

RULES = LanguageRules(
    place_nouns=frozenset(["العاصمة", "مدينة"]),
    place_before=frozenset(["في", "إلى", "من", "الى"]),
    currency_before=("دولار", "الدولار", "دولارا", "يوان", "اليوان"),
    language_before=frozenset(("اللغة", "باللغة", "واللغة")),
)
