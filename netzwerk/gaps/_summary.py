"""Sector gaps and E-I index in one pass for the report, with the measures' warnings in German."""

from __future__ import annotations

import re

import networkx as nx
import pandas as pd

from netzwerk._dates import _de
from netzwerk._escape import md_text

_PERMUTATION_WARNING = re.compile(
    r"n_permutations=(\d+) is too few for (\d+) pairs of groups at alpha=([0-9.eE-]+).*"
    r"use at least (\d+)"
)


def _german_note(message: str) -> str:
    """A warning of the measures as a German sentence for the report."""
    found = _PERMUTATION_WARNING.search(message)
    if found:
        n, family, alpha, needed = found.groups()
        return (
            f"Mit {_de(int(n))} Permutationen kann bei {_de(int(family))} Sektorpaaren und einem "
            f"Signifikanzniveau von {_de(float(alpha), 2)} kein Paar als Lücke erkannt werden "
            "(nach der Korrektur für viele Vergleiche ist der kleinste erreichbare p-Wert zu "
            f"groß); dafür wären mindestens {_de(int(needed))} Permutationen nötig (Parameter "
            "`n_permutations`). Dass hier keine Lücke steht, sagt dann nichts."
        )
    return f"Die Auswertung meldet (englisch): „{md_text(message)}“"


def gap_analysis(
    G: nx.Graph, *, n_permutations: int, seed: int = 0, alpha: float = 0.05
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Sector gaps and E-I index for the report, with their warnings as German sentences.

    Parameters
    ----------
    G : networkx.Graph
        The cooperation graph (node attribute ``sector``).
    n_permutations : int
        Permutations of :func:`netzwerk.sector_gaps` and :func:`netzwerk.ei_index`.
    seed : int, default 0
    alpha : float, default 0.05
        Significance level for ``gap``.

    Returns
    -------
    gaps : pandas.DataFrame
        :func:`netzwerk.sector_gaps` (same arguments, same numbers).
    ei : pandas.DataFrame
        :func:`netzwerk.ei_index`.
    notes : list of str
        Every distinct ``UserWarning`` or ``RuntimeWarning`` the two raised, as a German
        sentence (e.g. too few permutations to flag any pair), sorted; other warnings are
        dropped.

    See Also
    --------
    netzwerk.sector_gaps : The gaps alone.
    netzwerk.ei_index : The E-I index alone.
    netzwerk.report.gaps_markdown : The sentences about the result.

    Examples
    --------
    Twelve actors in three sectors of four; 10 permutations cannot flag any of the 6 pairs at
    0.05 (the smallest p-value is 1/11):

    >>> G = nx.cycle_graph(12)
    >>> nx.set_node_attributes(G, {i: "abc"[i % 3] for i in G}, "sector")
    >>> gaps, ei, notes = gap_analysis(G, n_permutations=10, seed=1)
    >>> len(gaps), notes[0][:45]
    (6, 'Mit 10 Permutationen kann bei 6 Sektorpaaren ')
    """
    import warnings

    from netzwerk.gaps._groups import _gaps_and_ei

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        # one pass over the permutations for both tables (the same labelings, same numbers)
        gaps, ei = _gaps_and_ei(G, n_permutations=n_permutations, seed=seed, alpha=alpha)
    notes = sorted(
        {
            _german_note(str(w.message))
            for w in caught
            if issubclass(w.category, UserWarning | RuntimeWarning)
        }
    )
    return gaps, ei, notes
