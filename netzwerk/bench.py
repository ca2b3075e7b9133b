"""Benchmarks of every stage against the reference libraries (``netzwerk bench``)."""

from __future__ import annotations

__all__: list[str] = []
