"""Cooperation graphs from events and referrals (two-mode graph, projection, referral layer)."""

from __future__ import annotations

__all__: list[str] = []
