"""Repository-wide pytest set-up (applies to tests/, doctests in netzwerk/ and notebooks/)."""

import os

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib

matplotlib.use("Agg")

# The report notebook is run through papermill by tests/test_report.py, not collected by nbval.
collect_ignore = ["notebooks/city_report.ipynb", "figures", "data"]
