"""Russian context rules (docs/mention-guidelines.md, "Russian"). Case forms are in the data (pymorphy3)."""

from geo.extract.rules.common import LanguageRules

RULES = LanguageRules(
    place_nouns=frozenset(["столице", "столица", "столицу", "столицы", "городе", "город"]),
    place_before=frozenset(["в", "во", "из", "до", "через", "под", "около", "по"]),
    currency_before=("доллар-", "долл", "юан-", "рубл-", "рупи-"),
    language_after=("язык-",),
)
