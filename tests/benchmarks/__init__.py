"""Benchmark scripts, run by hand (see README.md beside them); a package so that the tests can import make_corpus."""
