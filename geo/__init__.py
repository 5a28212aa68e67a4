"""forum-map: who takes part in international forums, and who their coverage talks about, on world maps."""

__version__ = "0.1.0"
