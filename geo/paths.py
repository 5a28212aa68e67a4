"""Where the bundled data lives, in a source checkout and in an installed wheel."""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent

# A wheel carries the repository's data/ folder as geo/_data; a checkout (or editable install) has it beside geo/.
DATA_DIR = _PACKAGE / "_data" if (_PACKAGE / "_data").is_dir() else _PACKAGE.parent / "data"
BOUNDARIES_FILE = DATA_DIR / "boundaries" / "countries-50m.json"
DISPUTED_FILE = DATA_DIR / "boundaries" / "disputed.geojson"
FORUMS_DIR = DATA_DIR / "forums"
GAZETTEER_DIR = DATA_DIR / "gazetteer"
