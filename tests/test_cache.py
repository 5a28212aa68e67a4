"""The cache on disk: read back instead of built again, rebuilt when a source changes, never in the way."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from geo import cache

SEED = "data/forums/brf2023/articles/belt_and_road_forum_2023.txt"


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("FORUM_MAP_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("FORUM_MAP_NO_CACHE", raising=False)
    return tmp_path / "cache"


class Builder:
    def __init__(self, value):
        self.value, self.calls = value, 0

    def __call__(self):
        self.calls += 1
        return self.value


def test_an_entry_is_read_back_instead_of_built_again(folder):
    build = Builder({"Kazakh": "KAZ"})
    assert cache.cached("table", "k1", build) == {"Kazakh": "KAZ"}
    assert cache.cached("table", "k1", build) == {"Kazakh": "KAZ"}
    assert build.calls == 1
    assert [p.name for p in folder.iterdir()] == ["table-k1.pickle"]  # no temporary file left behind


def test_an_edited_source_makes_a_new_entry_and_the_old_one_goes(folder, tmp_path):
    source = tmp_path / "names.csv"
    source.write_text("name,iso3\nKazakhstan,KAZ\n")
    first = cache.fingerprint([source])
    cache.cached("table", first, Builder(1))
    source.write_text("name,iso3\nKazakstan,KAZ\n")  # same size, other content
    second = cache.fingerprint([source])
    assert second != first
    build = Builder(2)
    assert cache.cached("table", second, build) == 2
    assert build.calls == 1
    assert [p.name for p in folder.iterdir()] == [f"table-{second}.pickle"]


def test_a_damaged_entry_is_built_again_and_replaced(folder):
    folder.mkdir()
    (folder / "table-k1.pickle").write_bytes(b"\x80\x05not a pickle")
    build = Builder([1, 2, 3])
    assert cache.cached("table", "k1", build) == [1, 2, 3]
    assert build.calls == 1
    assert cache.cached("table", "k1", Builder(None)) == [1, 2, 3]


def test_a_folder_that_cannot_be_made_means_no_cache_and_no_error(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("FORUM_MAP_CACHE_DIR", str(blocker / "cache"))  # under a file: mkdir fails, even as root
    build = Builder("value")
    assert cache.cached("table", "k1", build) == "value"
    assert cache.cached("table", "k1", build) == "value"
    assert build.calls == 2


def test_no_cache_turns_it_off(folder, monkeypatch):
    monkeypatch.setenv("FORUM_MAP_NO_CACHE", "1")
    build = Builder("value")
    cache.cached("table", "k1", build)
    cache.cached("table", "k1", build)
    assert build.calls == 2
    assert not folder.exists()


def test_extract_gives_the_same_rows_from_the_cache_as_without_it(tmp_path):
    def extract(**env):
        environment = {**os.environ, "FORUM_MAP_CACHE_DIR": str(tmp_path / "cache"), **env}
        result = subprocess.run(
            [sys.executable, "-m", "geo", "extract", "--mentions", SEED],
            capture_output=True,
            text=True,
            env=environment,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    fresh = extract(FORUM_MAP_NO_CACHE="1")
    assert not (tmp_path / "cache").exists()
    writing = extract()
    entries = sorted(p.name.split("-")[0] for p in (tmp_path / "cache").iterdir())
    assert entries == ["gazetteer", "matcher"]
    reading = extract()
    assert fresh == writing == reading
    assert len(fresh.splitlines()) > 50  # the seed article: 65 mentions


def test_the_bundled_gazetteer_is_keyed_by_its_files(folder, monkeypatch):
    from geo import gazetteer

    key = gazetteer.load().fingerprint
    sources = [*(gazetteer.GAZETTEER_DIR / name for name in gazetteer.BUILT_FROM), gazetteer._iso_database()]
    assert key == cache.fingerprint([*sources, Path(gazetteer.__file__)])
    # every table read while a gazetteer is built is among them: an edit to any of those makes a new entry
    read = []
    original = gazetteer._read
    monkeypatch.setattr(gazetteer, "_read", lambda name: read.append(name) or original(name))
    gazetteer.Gazetteer()
    assert "leader_forms.csv" in read
    assert set(read) <= set(gazetteer.BUILT_FROM)


class Exploit:
    """A pickle that would run a command when loaded by a plain unpickler."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_planted_entry_never_runs_code_and_is_rebuilt(folder, tmp_path):
    import pickle

    folder.mkdir(mode=0o700)
    marker = tmp_path / "pwned"
    (folder / "table-k1.pickle").write_bytes(pickle.dumps(Exploit(marker)))
    assert cache.cached("table", "k1", Builder({"a": 1})) == {"a": 1}
    assert not marker.exists()


def test_a_planted_gazetteer_entry_does_not_run_on_resolve(tmp_path):
    """The attack of the trust issue, end to end: a crafted entry under the real name and key."""
    import pickle

    from geo import gazetteer

    folder = tmp_path / "cache"
    env = {**os.environ, "FORUM_MAP_CACHE_DIR": str(folder)}
    subprocess.run([sys.executable, "-m", "geo", "resolve", "Kazakh"], env=env, check=True, capture_output=True)
    (entry,) = folder.glob("gazetteer-*.pickle")
    marker = tmp_path / "pwned"
    entry.write_bytes(pickle.dumps(Exploit(marker)))
    result = subprocess.run(
        [sys.executable, "-m", "geo", "resolve", "Kazakh"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1] == "Kazakh,KAZ,Kazakhstan,demonym"
    assert not marker.exists()
    assert gazetteer.Gazetteer.__name__.encode() in entry.read_bytes()  # rebuilt in place


def test_an_entry_of_the_wrong_type_is_rebuilt(folder):
    import pickle

    folder.mkdir(mode=0o700)
    (folder / "table-k1.pickle").write_bytes(pickle.dumps(42))
    build = Builder(Builder("inner"))
    value = cache.cached("table", "k1", build, (Builder,))
    assert isinstance(value, Builder) and build.calls == 1


def test_the_folder_is_created_private(folder):
    cache.cached("table", "k1", Builder(1))
    assert folder.stat().st_mode & 0o777 == 0o700


def test_a_folder_others_can_write_is_not_used(folder):
    folder.mkdir()
    folder.chmod(0o777)
    build = Builder(1)
    cache.cached("table", "k1", build)
    cache.cached("table", "k1", build)
    assert build.calls == 2
    assert list(folder.iterdir()) == []


def test_an_entry_others_can_write_or_a_link_is_not_read(folder, tmp_path):
    import pickle

    folder.mkdir(mode=0o700)
    entry = folder / "table-k1.pickle"
    entry.write_bytes(pickle.dumps("planted"))
    entry.chmod(0o666)
    assert cache.cached("table", "k1", Builder("built")) == "built"
    elsewhere = tmp_path / "elsewhere.pickle"
    elsewhere.write_bytes(pickle.dumps("linked"))
    entry.unlink()
    entry.symlink_to(elsewhere)
    assert cache.cached("table", "k1", Builder("built")) == "built"


@pytest.mark.skipif(os.getuid() != 0, reason="giving a file to another user needs root")
def test_an_entry_owned_by_another_user_is_not_read(folder):
    import pickle

    folder.mkdir(mode=0o700)
    entry = folder / "table-k1.pickle"
    entry.write_bytes(pickle.dumps("planted"))
    os.chown(entry, 65534, 65534)
    assert cache.cached("table", "k1", Builder("built")) == "built"


def test_the_matcher_tables_are_keyed_by_every_module_of_the_extractor_and_its_word_table():
    from geo.extract import matcher

    root = Path(matcher.__file__).parent
    keyed = {path.relative_to(root.parent.parent).as_posix() for path in matcher.sources()}
    modules = {path.relative_to(root.parent.parent).as_posix() for path in root.rglob("*.py")}
    assert {"geo/extract/rules/en.py", "geo/extract/scan.py", "geo/extract/vocabulary.py"} <= modules <= keyed
    assert "data/gazetteer/context_words.csv" in keyed


def test_the_gazetteer_and_matcher_entries_are_read_back_not_refused(tmp_path):
    """The unpickler's allowed types cover what the real entries hold: a second process builds nothing."""
    env = {**os.environ, "FORUM_MAP_CACHE_DIR": str(tmp_path / "cache")}
    load = "from geo import gazetteer; from geo.extract import matcher; matcher.matcher_for(gazetteer.load())"
    subprocess.run([sys.executable, "-c", load], env=env, check=True, timeout=120)
    refuse_building = (
        "from geo import gazetteer; from geo.extract import matcher\n"
        "def fail(*a, **k): raise SystemExit('built again')\n"
        "gazetteer.Gazetteer.__init__ = fail; matcher.Matcher.__init__ = fail\n" + load
    )
    result = subprocess.run([sys.executable, "-c", refuse_building], env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_the_basemap_is_read_back_exactly_and_not_simplified_again(tmp_path):
    """The world's simplification (seconds) is done once: a second process reads it back without topojson, and
    what it reads is what was computed, shape for shape."""
    env = {**os.environ, "FORUM_MAP_CACHE_DIR": str(tmp_path / "cache")}
    compare = (
        "import sys, shapely; from geo import boundaries\n"
        "read, computed = boundaries.web_basemap(), boundaries._computed_basemap(0.03, 36_000)\n"
        "assert list(read.shapes.index) == list(computed.shapes.index) and read.shapes.crs == computed.shapes.crs\n"
        "assert all(shapely.equals_exact(a, b, 0) for a, b in zip(read.shapes, computed.shapes, strict=True))\n"
        "assert (read.topology, read.names, read.anchors, read.extents, read.tiny) == (computed.topology,"
        " computed.names, computed.anchors, computed.extents, computed.tiny)\n"
        "assert [(a.name, a.country, a.note, a.geometry.wkb) for a in read.disputed] =="
        " [(a.name, a.country, a.note, a.geometry.wkb) for a in computed.disputed]\n"
    )
    subprocess.run([sys.executable, "-c", "from geo import boundaries; boundaries.web_basemap()"], env=env, check=True)
    assert list((tmp_path / "cache").glob("basemap-*.pickle"))
    read_only = "import sys; from geo import boundaries; boundaries.web_basemap(); assert 'topojson' not in sys.modules"
    result = subprocess.run([sys.executable, "-c", read_only], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    result = subprocess.run([sys.executable, "-c", compare], env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
