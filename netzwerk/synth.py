"""Synthetic cities of any size (always labelled synthetic)."""

from __future__ import annotations

__all__: list[str] = []
