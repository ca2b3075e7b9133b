"""Old import path of the broker robustness helpers, now in :mod:`netzwerk.gaps._robustness`.

Kept for one release because :mod:`netzwerk.report` imports ``ranking_agreement`` from here.
"""

from __future__ import annotations

from netzwerk.gaps._robustness import broker_robustness, ranking_agreement

__all__ = ["broker_robustness", "ranking_agreement"]
