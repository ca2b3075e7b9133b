"""Seeded random generators: one ``rng(seed)`` and a lender of seeded generators to igraph.

Every random function of the package takes ``seed: int = 0`` and draws from :func:`rng`.
igraph draws from one process-wide generator instead of one passed in; :func:`igraph_seeded`
lends it a seeded one for the duration of a ``with`` block and gives back whatever generator was
set before (not merely the ``random`` module), also when the block raises.
"""

from __future__ import annotations

import random
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
    igraph keeps the generator in a module-level slot with a setter
    (``igraph.set_random_number_generator``) but no getter; the one set before is read from
    ``igraph._igraph`` where igraph stores it (``_rng_generator`` / ``rng``, whichever this
    igraph version has) and, when igraph does not expose it, assumed to be igraph's default, the
    ``random`` module. Not thread-safe, like igraph's generator itself.

    See Also
    --------
    rng : numpy's seeded generator.

    Examples
    --------
    >>> import igraph as ig
    >>> with igraph_seeded(1):
    ...     a = ig.Graph.Ring(5).layout_fruchterman_reingold(niter=10).coords
    >>> with igraph_seeded(1):
    ...     b = ig.Graph.Ring(5).layout_fruchterman_reingold(niter=10).coords
    >>> a == b
    True
    """
    import igraph as ig

    lent = random.Random(seed)
    before = _current_igraph_generator(ig)
    ig.set_random_number_generator(lent)
    try:
        yield lent
    finally:
        ig.set_random_number_generator(before)


# igraph replaces its own setter's module attribute to remember the generator it set; the
# package keeps its own record so that what was there before is known on every igraph version.
_SET_BY: dict[str, Any] = {}


def _current_igraph_generator(ig: Any) -> Any:
    """The generator igraph draws from now (``random`` when nobody has set one)."""
    setter = ig.set_random_number_generator
    if not getattr(setter, "_netzwerk_tracking", False):
        original = setter

        def tracking(generator: Any) -> None:
            original(generator)
            _SET_BY["current"] = generator

        tracking._netzwerk_tracking = True  # type: ignore[attr-defined]
        tracking.__doc__ = original.__doc__
        ig.set_random_number_generator = tracking
    return _SET_BY.get("current", random)
