"""Project paths and default parameters, in one place.

All paths that netzwerk reads or writes by default are defined here. The data folder can be moved
with the environment variable ``NETZWERK_DATA_DIR``; outputs with ``NETZWERK_FIGURES_DIR``.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "DATA_DIR",
    "DEFAULT_PARAMETERS",
    "FIGURES_DIR",
    "NOTEBOOKS_DIR",
    "PACKAGE_DIR",
    "REFERENCE_DIR",
    "REPO_ROOT",
    "VOCABULARY_DIR",
]

PACKAGE_DIR = Path(__file__).resolve().parent
#: The checkout netzwerk is installed from (editable install, the documented way).
REPO_ROOT = PACKAGE_DIR.parent
DATA_DIR = Path(os.environ.get("NETZWERK_DATA_DIR", REPO_ROOT / "data"))
VOCABULARY_DIR = REPO_ROOT / "data" / "vocabulary"
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
FIGURES_DIR = Path(os.environ.get("NETZWERK_FIGURES_DIR", REPO_ROOT / "figures"))
#: Committed reference results that ``netzwerk reproduce --check`` compares against.
REFERENCE_DIR = REPO_ROOT / "tests" / "reference"

#: Defaults shared by the report notebook, the CLI and the functions that take these parameters.
DEFAULT_PARAMETERS: dict[str, object] = {
    "lang": "de",
    "weighting": "newman",
    "period": None,
    # 5,000: with 10-14 sectors there are 55-105 sector pairs, and Benjamini-Hochberg at 0.05 can
    # flag a pair only if 1/(1 + n_permutations) < 0.05 / pairs (see gaps.sector_gaps)
    "n_permutations": 5000,
    "n_resamples": 20,
    "seed": 0,
    "top_n": 10,
    "alpha": 0.05,
    "suppress_below": 5,
}
