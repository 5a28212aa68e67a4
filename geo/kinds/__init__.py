"""Map kinds, chosen by name: ``KINDS["leaders"]`` builds the layers and the CSV of a ``kind = "leaders"`` map.

Adding a kind is adding a class: subclass :class:`MapKind`, give it a ``name``, the ``tables`` it reads and its
``layers``, and decorate it with :func:`register`. The kinds bundled are imported here, so that they register.
"""

from geo.kinds import editions, generic, leaders, memberships, mentions, partners
from geo.kinds.base import EDITIONS, KINDS, MapInput, MapKind, register

__all__ = [
    "EDITIONS",
    "KINDS",
    "MapInput",
    "MapKind",
    "editions",
    "generic",
    "leaders",
    "memberships",
    "mentions",
    "partners",
    "register",
]
