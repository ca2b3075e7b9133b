"""Burt's structural holes: effective size, efficiency, constraint, hierarchy."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from netzwerk._checks import check_graph
from netzwerk.brokers._common import _arcs, _csr, _index, _masked_product, _rows_of

# structural holes


def structural_holes(G: nx.Graph, *, weight: str | None = "weight") -> pd.DataFrame:
    r"""Burt's structural-hole measures: effective size, efficiency, constraint and hierarchy.

    With the mutual weight :math:`a_{ij} + a_{ji}` of two nodes, its share of :math:`i`'s ties
    :math:`p_{ij}` (divided by the sum over :math:`i`'s contacts) and its share of :math:`j`'s
    strongest tie :math:`m_{ij}` (divided by the maximum), for the contacts :math:`N(i)`
    (predecessors and successors) of :math:`i`:

    .. math::

       \text{effective size}_i &= \sum_{j \in N(i)} \Bigl(1 - \sum_{q \in N(i)}
           p_{iq} m_{jq}\Bigr), \qquad
       \text{efficiency}_i = \frac{\text{effective size}_i}{|N(i)|}, \\
       c_{ij} &= \Bigl(p_{ij} + \sum_{q \in N(i)} p_{iq} p_{qj}\Bigr)^2, \qquad
       \text{constraint}_i = C_i = \sum_{j \in N(i)} c_{ij}, \\
       \text{hierarchy}_i &= \frac{\sum_{j \in N(i)} r_{ij} \ln r_{ij}}{|N(i)| \ln |N(i)|},
           \qquad r_{ij} = \frac{c_{ij}}{C_i / |N(i)|}.

    Effective size is the number of contacts minus their redundancy (unweighted and
    undirected: :math:`n - 2t/n` with :math:`t` ties among the :math:`n` contacts, Borgatti
    1997). Constraint is high when all contacts are tied to each other or to one central
    contact: the actor has no structural holes to broker. Hierarchy (Burt 1992, p. 71) is 0 when
    the constraint is spread evenly over the contacts and approaches 1 when it comes from a
    single contact.

    Parameters
    ----------
    G : networkx.Graph or networkx.DiGraph
        Any graph; self-loops are dropped, parallel edges summed.
    weight : str or None, optional
        Edge attribute holding the tie strength (positive numbers; an edge without it weighs 1).
        Default ``"weight"``; None treats every tie as 1.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``actor_id`` with float columns ``effective_size``, ``efficiency``,
        ``constraint`` and ``hierarchy``. ``attrs`` holds ``weight`` and ``directed``.

    Raises
    ------
    TypeError
        If ``G`` is not a networkx graph or a weight is not a number.
    ValueError
        If a weight is not positive and finite.

    See Also
    --------
    broker_table : structural holes beside the other broker measures.
    brokerage_roles : brokerage by the groups an actor connects.

    Notes
    -----
    **Default changed** (#16): ``weight`` was None (every tie 1); now ``"weight"``, as
    everywhere in netzwerk. Pass ``weight=None`` for the unweighted measures of a weighted
    graph; a graph without the attribute gives the same values as before.

    ``effective_size`` and ``constraint`` equal networkx's ``effective_size`` and ``constraint``
    (to floating-point accuracy) on graphs without self-loops. For weighted or directed graphs,
    compare with networkx's per-node code path (``nodes=list(G)``): its vectorised path (networkx
    3.4–3.6, ``nodes=None``) divides by the wrong row maximum (networkx pull request #8906). Efficiency divides by the number of
    distinct contacts (networkx's documentation suggests ``G.degree``, which counts a reciprocated
    arc twice). Isolates get NaN in every column; actors with a single contact get hierarchy NaN
    (:math:`|N| \ln |N| = 0`; JUNG returns 1 there instead).

    Computed with sparse matrices in :math:`O(\sum_{(i,j)} (k_i + k_j))` time over the ties:
    only the entries of :math:`P M^\top` and :math:`P P` on existing ties are formed, never the
    dense :math:`n \times n` products.

    References
    ----------
    .. [1] Burt, R. S. (1992). *Structural Holes: The Social Structure of Competition*. Harvard
       University Press, pp. 50–71.
    .. [2] Borgatti, S. P. (1997). Structural holes: unpacking Burt's redundancy measures.
       *Connections* 20(1), 35–38.

    Examples
    --------
    A star with centre a and leaves b, c, d, plus the tie b–c. For a: three contacts, one tie
    among them, effective size :math:`3 - 2 \cdot 1/3 = 7/3`. Its shares are
    :math:`p_{ab} = p_{ac} = p_{ad} = 1/3`, so :math:`c_{ab} = (1/3 + 1/3 \cdot 1/2)^2 = 1/4`,
    :math:`c_{ad} = 1/9` and :math:`C_a = 1/4 + 1/4 + 1/9 = 11/18`.

    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b"), ("a", "c"), ("a", "d"), ("b", "c")])
    >>> holes = structural_holes(G)
    >>> holes.loc["a", ["effective_size", "efficiency", "constraint"]].round(4).tolist()
    [2.3333, 0.7778, 0.6111]
    >>> float(holes.loc["d", "constraint"]), bool(pd.isna(holes.loc["d", "hierarchy"]))
    (1.0, True)
    """
    check_graph(G)
    n = G.number_of_nodes()
    s, t, w = _arcs(G, weight)
    W = _csr(n, s, t, w)
    M = (W + W.T).tocsr()  # mutual weights a_ij + a_ji
    M.sort_indices()
    total = np.asarray(M.sum(axis=1)).ravel()
    contacts = np.diff(M.indptr)
    strongest = M.max(axis=1).toarray().ravel() if n else np.zeros(0)
    rows = _rows_of(M)
    with np.errstate(divide="ignore", invalid="ignore"):
        P = sp.csr_array((M.data / total[rows], M.indices, M.indptr), shape=(n, n))
        Mx = sp.csr_array((M.data / strongest[rows], M.indices, M.indptr), shape=(n, n))
    i_idx = rows
    # sum_q p_iq m_jq for each tie (i, j), and sum_q p_iq p_qj
    redundancy = _masked_product(P, Mx.T.tocsr(), M)
    indirect = _masked_product(P, P, M)
    local = (P.data + indirect) ** 2
    with np.errstate(divide="ignore", invalid="ignore"):
        effective = contacts - np.bincount(i_idx, weights=redundancy, minlength=n)
        constraint = np.bincount(i_idx, weights=local, minlength=n)
        mean_local = constraint / contacts
        ratio = local / mean_local[i_idx]
        hierarchy = np.bincount(i_idx, weights=ratio * np.log(ratio), minlength=n) / (
            contacts * np.log(contacts)
        )
        efficiency = effective / contacts
    isolated = contacts == 0
    effective[isolated] = np.nan
    constraint[isolated] = np.nan
    efficiency[isolated] = np.nan
    hierarchy[contacts < 2] = np.nan
    table = pd.DataFrame(
        {
            "effective_size": effective,
            "efficiency": efficiency,
            "constraint": constraint,
            "hierarchy": hierarchy,
        },
        index=_index(G),
    )
    table.attrs.update({"weight": weight, "directed": G.is_directed()})
    return table


# --------------------------------------------------------------------------------------------
