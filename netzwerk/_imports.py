"""Imports of heavy libraries without the optional extras they pull in and netzwerk never uses.

Two libraries netzwerk needs import, at their own import time, optional packages that cost
more than the library itself and that netzwerk does not use:

* **networkit** imports seaborn in ``networkit.plot`` (and seaborn imports ``scipy.stats``),
  about 1.3 s, and calls ``seaborn.set_style("whitegrid")``, which changes matplotlib's
  global style for every later figure of the process; with matplotlib's ``pyplot`` at hand
  it also loads its plotting and profiling modules (matplotlib's PDF backend, fontTools),
  about 0.6 s more. netzwerk uses networkit for betweenness only.
* **papermill** imports nbformat, which imports jsonschema; when ``rfc3987_syntax`` is
  installed (jupyterlab pulls it in), jsonschema compiles 38 lark grammars for its ``iri``
  format checks on import, about 2 s. nbformat's notebook schema has no such formats.

:func:`without` hides such a package for the duration of one import (Python then treats it
as not installed, and both libraries are written to work without it); afterwards the package
can be imported as usual. A package that is already imported is left alone. The one lasting
effect: in a process where netzwerk imported jsonschema first, jsonschema checks no ``iri``
formats (it behaves as without ``rfc3987_syntax``), and networkit's ``plot`` and ``profiling``
modules are not loaded (where pyplot was not imported before networkit).
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from collections.abc import Iterator
from types import ModuleType

__all__: list[str] = []


@contextlib.contextmanager
def without(*names: str) -> Iterator[None]:
    """Make ``import name`` fail with ImportError inside the block, for names not yet imported.

    Examples
    --------
    >>> with without("not_a_real_module_xyz"):
    ...     try:
    ...         import not_a_real_module_xyz
    ...     except ImportError:
    ...         print("hidden")
    hidden
    """
    hidden = [name for name in names if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # the documented way to block
    try:
        yield
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


def networkit() -> ModuleType:
    """networkit without seaborn, its plots and profiler (module docstring); ImportError if missing."""
    if "networkit" in sys.modules:
        return sys.modules["networkit"]
    with without("seaborn", "matplotlib.pyplot"):
        return importlib.import_module("networkit")


def _light(name: str) -> ModuleType:
    """Module ``name`` (which imports jsonschema), jsonschema without its ``iri`` grammars."""
    if name not in sys.modules:
        with without("rfc3987_syntax"):
            importlib.import_module("jsonschema")
    return importlib.import_module(name)


def papermill() -> ModuleType:
    """papermill, imported without jsonschema's ``iri`` format grammars (module docstring)."""
    return _light("papermill")


def nbformat() -> ModuleType:
    """nbformat, imported without jsonschema's ``iri`` format grammars (module docstring)."""
    return _light("nbformat")
