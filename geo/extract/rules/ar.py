"""Arabic context rules (docs/mention-guidelines.md, "Arabic"). Attached prefixes (و ب ل ف ك) and the article
are in the data (scripts/make_names_i18n.py); "في بكين" (in Beijing) is a place."""

from geo.extract.rules.common import LanguageRules

RULES = LanguageRules(
    place_nouns=frozenset(["العاصمة", "مدينة"]),
    # "in", "to", "from", also after the attached و ("and"): وفي برازيليا
    place_before=frozenset(["في", "إلى", "من", "الى", "وفي", "وإلى", "ومن", "والى"]),
    currency_before=("دولار", "الدولار", "دولارا", "يوان", "اليوان"),
    language_before=frozenset(("اللغة", "باللغة", "واللغة")),
)
