"""Per-city reports: run the parameterised notebook with papermill, render HTML, check results."""

from __future__ import annotations

__all__: list[str] = []
