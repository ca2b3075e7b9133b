"""netzwerk — cooperation networks in local integration work.

Build the cooperation graph of a city's integration actors from events and referrals, find its
brokers and gaps, and produce a German report per city.

The public API is re-exported here, module by module (each module's ``__all__``). Note that some
functions share their module's name (``netzwerk.brokers`` is the all-in-one broker table); import
from the module explicitly (``from netzwerk.brokers import brokerage_roles``) to reach the module.
"""

from __future__ import annotations

import importlib as _importlib
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("netzwerk")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0.0.0"

#: Modules whose ``__all__`` forms the public API, in the order of an analysis.
_PUBLIC_MODULES = (
    "io",
    "vocab",
    "graph",
    "brokers",
    "gaps",
    "plot",
    "report",
    "synth",
    "privacy",
    "importers",
    "survey",
)

__all__ = ["__version__"]
for _name in _PUBLIC_MODULES:
    try:
        _module = _importlib.import_module(f"netzwerk.{_name}")
    except ModuleNotFoundError as _err:  # pragma: no cover - optional module not written yet
        if _err.name != f"netzwerk.{_name}":
            raise
        continue
    for _attr in _module.__all__:
        globals()[_attr] = getattr(_module, _attr)
    __all__ += list(_module.__all__)
del _name, _module, _attr
