"""Broker measures: Gould–Fernandez brokerage roles, structural holes, betweenness, cut points."""

from __future__ import annotations

__all__: list[str] = []
