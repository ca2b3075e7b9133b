"""netzwerk — cooperation networks in local integration work.

Build the cooperation graph of a city's integration actors from events and referrals, find its
brokers and gaps, and produce a German report per city.

The public API is re-exported here, module by module (each module's ``__all__``). Note that some
functions share their module's name (``netzwerk.brokers`` is the all-in-one broker table); import
from the module explicitly (``from netzwerk.brokers import brokerage_roles``) to reach the module.
"""

from __future__ import annotations

import ast as _ast
import importlib as _importlib
import re as _re
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path as _Path

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

# Importing netzwerk stays cheap (no matplotlib, pyvis, papermill, ... until a name is used):
# each module's ``__all__`` is read from its source, and the module is imported on first
# access to one of its names (PEP 562 ``__getattr__``). A module with a public name equal to
# its own module name (``brokers``) is imported at once: a later ``import netzwerk.brokers``
# would otherwise set the package attribute ``brokers`` to the module, over the function.
_SOURCE = _Path(__file__).parent
_LAZY: dict[str, str] = {}  # public name -> module
__all__ = ["__version__"]


def _static_all(name: str) -> list[str] | None:
    """The literal ``__all__`` of module ``name`` from its source, or None if there is none."""
    for path in (_SOURCE / f"{name}.py", _SOURCE / name / "__init__.py"):
        if path.is_file():
            break
    else:
        return None
    text = path.read_text(encoding="utf-8")
    found = _re.search(r"^__all__\s*(?::[^=]*)?=\s*(\[.*?\])", text, _re.S | _re.M)
    if not found:
        return None
    try:
        names = _ast.literal_eval(found.group(1))
    except (ValueError, SyntaxError):
        return None
    return list(names) if all(isinstance(n, str) for n in names) else None


for _name in _PUBLIC_MODULES:
    _names = _static_all(_name)
    if _names is not None and _name not in _names:
        _LAZY.update(dict.fromkeys(_names, _name))
        __all__ += _names
        continue
    try:
        _module = _importlib.import_module(f"netzwerk.{_name}")
    except ModuleNotFoundError as _err:  # pragma: no cover - optional module not written yet
        if _err.name != f"netzwerk.{_name}":
            raise
        continue
    for _attr in _module.__all__:
        globals()[_attr] = getattr(_module, _attr)
    __all__ += list(_module.__all__)
del _name, _names


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'netzwerk' has no attribute {name!r}")
    value = getattr(_importlib.import_module(f"netzwerk.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
