"""netzwerk — cooperation networks in local integration work.

Build the cooperation graph of a city's integration actors from events and referrals, find its
brokers and gaps, and produce a German report per city.

The public API is re-exported here, module by module (each module's ``__all__``), and every
public module is an attribute too (``netzwerk.brokers``, ``netzwerk.report``). Both are imported
on first use, so ``import netzwerk`` stays cheap.
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
#: Every module ``netzwerk.<name>`` gives on first access (the public ones and the tools).
_MODULES = (*_PUBLIC_MODULES, "config", "cli", "bench")

# Importing netzwerk stays cheap (no matplotlib, pyvis, papermill, ... until a name is used):
# each module's ``__all__`` is read from its source (``<name>.py`` or ``<name>/__init__.py``),
# and a module is imported on first access to it or to one of its names (PEP 562
# ``__getattr__``). A public name equal to a module's name is not re-exported: ``netzwerk.X``
# is always the module X (an ``import netzwerk.X`` sets that attribute anyway).
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
    except (ValueError, SyntaxError):  # e.g. a "]" in a comment inside the list: parse it all
        names = next(
            (
                _ast.literal_eval(node.value)
                for node in _ast.parse(text).body
                if isinstance(node, _ast.Assign)
                and any(getattr(t, "id", None) == "__all__" for t in node.targets)
            ),
            None,
        )
    if not isinstance(names, list | tuple):
        return None
    return list(names) if all(isinstance(n, str) for n in names) else None


def _public_names(name: str) -> list[str]:
    """The public names of module ``name``: its literal ``__all__``, else the imported one."""
    names = _static_all(name)
    if names is None:
        names = list(_importlib.import_module(f"netzwerk.{name}").__all__)
    return [n for n in names if n not in _MODULES]


for _name in _PUBLIC_MODULES:
    _names = _public_names(_name)
    _LAZY.update({n: _name for n in _names if n not in _LAZY})
    __all__ += [n for n in _names if n not in __all__]
del _name, _names


def __getattr__(name: str) -> object:
    if name in _MODULES:
        value = _importlib.import_module(f"netzwerk.{name}")
    elif name in _LAZY:
        value = getattr(_importlib.import_module(f"netzwerk.{_LAZY[name]}"), name)
    else:
        raise AttributeError(f"module 'netzwerk' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__) | set(_MODULES))
