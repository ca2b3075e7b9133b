"""Figures (seaborn/matplotlib, ``ax=None`` → Axes) and the offline interactive network map."""

from __future__ import annotations

__all__: list[str] = []
