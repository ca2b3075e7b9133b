"""Shared fixtures."""

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository's top folder."""
    return REPO


@pytest.fixture(scope="session")
def data_dir() -> Path:
    """The bundled ``data/`` folder."""
    return REPO / "data"
