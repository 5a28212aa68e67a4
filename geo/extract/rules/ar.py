"""Arabic context rules (docs/mention-guidelines.md, "Arabic"). Attached prefixes (و ب ل ف ك) and the article
are in the data (scripts/make_names_i18n.py); "في بكين" (in Beijing) is a place."""

from geo.extract.rules.common import LanguageRules

RULES = LanguageRules(
    # and the nouns of an event or agreement named by its city: قمة الرياض (the Riyadh summit)
    place_nouns=frozenset(["العاصمة", "مدينة", "قمة", "وقمة", "مؤتمر", "إعلان", "اتفاق", "اتفاقية"]),
    # "in", "to", "from", also after the attached و ("and"): وفي برازيليا
    place_before=frozenset(["في", "إلى", "من", "الى", "وفي", "وإلى", "ومن", "والى"]),
    currency_before=("دولار", "الدولار", "دولارا", "يوان", "اليوان"),
    language_before=frozenset(("اللغة", "باللغة", "واللغة")),
    place_prefixes=("ب", "وب", "فب"),  # بالرياض: in Riyadh
)
