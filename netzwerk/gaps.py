"""Gaps: sector block densities and E-I index against a permutation null, missing ties, needs."""

from __future__ import annotations

__all__: list[str] = []
