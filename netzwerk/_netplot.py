"""Old home of the network figure's backbone and label helpers, now :mod:`netzwerk.plot._backbone`.

Kept so that ``from netzwerk._netplot import backbone_edges`` still works; remove in the next
release.
"""

from __future__ import annotations

from netzwerk.plot._backbone import backbone_edges, place_labels

__all__ = ["backbone_edges", "place_labels"]
