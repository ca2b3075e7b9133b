"""Gaps: sector block densities and E-I index against a permutation null, missing ties, needs.

Where does the network fail the people it serves? This package answers with tables:

* :func:`sector_gaps` — tie counts between every pair of groups (sectors) against a node-label
  permutation null, with a Benjamini–Hochberg-corrected ``gap`` flag;
* :func:`ei_index` — Krackhardt & Stern's E-I index for the network, each group and each actor;
* :func:`missing_ties` — cross-sector pairs without a tie that share partners (triadic closure);
* :func:`unmet_needs` — the need cards of a Ressourcenbörse, matched with the offer cards;
* :func:`field_coverage` — referrals per Handlungsfeld and sector, and the fields that no referral
  path from the entry actors reaches;
* :func:`suggest_ties` — ranked cooperation suggestions with a one-line German reason;
* :func:`broker_stability` — how much of a broker ranking survives resampling the events;
* :func:`broker_robustness` — which broker findings survive other event and role weightings.

The measures take graphs: where one needs graphs of resampled or re-weighted cities, the caller
passes the graph builder (``build``, e.g. :func:`netzwerk.graph.cooperation_graph`).

The modules: ``_groups`` (sector gaps, E-I, their nulls; ``_nulls`` the block counts),
``_missing`` (missing ties, suggestions; ``_closure`` the shared partners), ``_text`` (card text
similarity), ``_needs`` (Ressourcenbörse), ``_fields`` (field coverage), ``_stability`` (broker
jackknife; ``_jackknife`` its fast core), ``_robustness`` (other weightings), ``_common``.
"""

from __future__ import annotations

from netzwerk.gaps._fields import ENTRY_SECTORS, field_coverage
from netzwerk.gaps._groups import ei_index, sector_gaps
from netzwerk.gaps._missing import missing_ties, suggest_ties
from netzwerk.gaps._needs import unmet_needs
from netzwerk.gaps._robustness import broker_robustness
from netzwerk.gaps._stability import broker_stability
from netzwerk.gaps._text import TEXT_THRESHOLD, text_similarity

__all__ = [
    "ENTRY_SECTORS",
    "TEXT_THRESHOLD",
    "broker_robustness",
    "broker_stability",
    "ei_index",
    "field_coverage",
    "missing_ties",
    "sector_gaps",
    "suggest_ties",
    "text_similarity",
    "unmet_needs",
]
