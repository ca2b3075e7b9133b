"""Real-world input: spreadsheet template, attendance lists, case-management exports, privacy."""

from __future__ import annotations

__all__: list[str] = []
