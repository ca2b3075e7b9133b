"""Seeded random generators: one ``rng(seed)`` and a lender of seeded generators to igraph.

Every random function of the package takes ``seed: int = 0`` and draws from :func:`rng`.
igraph draws from one process-wide generator instead of one passed in; :func:`igraph_seeded`
lends it a seeded one for the duration of a ``with`` block and gives back the generator that was
set before (not merely the ``random`` module), also when the block raises.
"""

from __future__ import annotations

import functools
import importlib.abc
import importlib.util
import random
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np

__all__ = ["igraph_seeded", "rng"]


def rng(seed: int = 0) -> np.random.Generator:
    """numpy's default generator seeded with ``seed``.

    Parameters
    ----------
    seed : int, default 0
        The same seed gives the same sequence.

    Returns
    -------
    numpy.random.Generator

    Raises
    ------
    TypeError
        If ``seed`` is not an integer (a generator or None is refused: results must be
        reproducible from a number).

    See Also
    --------
    igraph_seeded : the same for igraph's process-wide generator.

    Examples
    --------
    >>> int(rng(3).integers(100)) == int(rng(3).integers(100))
    True
    """
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer):
        raise TypeError(f"seed must be an integer, got {type(seed).__name__}")
    return np.random.default_rng(int(seed))


@contextmanager
def igraph_seeded(seed: int = 0) -> Iterator[random.Random]:
    """Within the block igraph draws from ``random.Random(seed)``; afterwards from what it had.

    Parameters
    ----------
    seed : int, default 0

    Yields
    ------
    random.Random
        The generator lent to igraph.

    Notes
    -----
    igraph keeps one process-wide generator with a setter
    (``igraph.set_random_number_generator``) but no getter. This module therefore records every
    generator set through that setter: it wraps the setter when igraph is imported (or at once,
    when igraph was imported before this module). The generator restored is the last one set
    through the setter, or igraph's own default, the ``random`` module, when none was; a
    generator set before this module was imported cannot be seen and counts as the default.
    Not thread-safe, like igraph's generator itself.

    See Also
    --------
    rng : numpy's seeded generator.

    Examples
    --------
    >>> import igraph as ig
    >>> with igraph_seeded(1):
    ...     a = ig.Graph.Ring(5).layout_random().coords
    >>> with igraph_seeded(1):
    ...     b = ig.Graph.Ring(5).layout_random().coords
    >>> a == b
    True
    """
    import igraph as ig

    _track(ig)
    before = _CURRENT.get("generator", random)
    lent = random.Random(seed)
    ig.set_random_number_generator(lent)
    try:
        yield lent
    finally:
        ig.set_random_number_generator(before)


# The generator igraph draws from, as last set through its setter (absent: igraph's default).
_CURRENT: dict[str, Any] = {}


def _track(ig: Any) -> None:
    """Wrap ``igraph.set_random_number_generator`` so that every generator set is recorded."""
    setter = ig.set_random_number_generator
    if getattr(setter, "_netzwerk_tracked", False):
        return

    @functools.wraps(setter)
    def set_random_number_generator(generator: Any = random) -> Any:
        result = setter(generator)
        _CURRENT["generator"] = generator
        return result

    set_random_number_generator._netzwerk_tracked = True  # type: ignore[attr-defined]
    ig.set_random_number_generator = set_random_number_generator
    if getattr(ig, "_igraph", None) is not None:
        ig._igraph.set_random_number_generator = set_random_number_generator


class _TrackOnImport(importlib.abc.MetaPathFinder):
    """Wraps igraph's setter right after igraph is imported (igraph itself stays lazy)."""

    def find_spec(self, name: str, path: Any = None, target: Any = None) -> Any:
        if name != "igraph":
            return None
        sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        exec_module = spec.loader.exec_module

        def exec_and_track(module: Any) -> None:
            exec_module(module)
            _track(module)

        spec.loader.exec_module = exec_and_track  # type: ignore[method-assign]
        return spec


if "igraph" in sys.modules:
    _track(sys.modules["igraph"])
elif not any(isinstance(f, _TrackOnImport) for f in sys.meta_path):
    sys.meta_path.insert(0, _TrackOnImport())
