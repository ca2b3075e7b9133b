"""netzwerk — cooperation networks in local integration work.

Build the cooperation graph of a city's integration actors from events and referrals, find its
brokers and gaps, and produce a German report per city.

The public API is re-exported here, module by module (each module's ``__all__``).
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from netzwerk import brokers, config, gaps, graph, io, plot, report, synth, vocab
from netzwerk.brokers import *
from netzwerk.gaps import *
from netzwerk.graph import *
from netzwerk.io import *
from netzwerk.plot import *
from netzwerk.report import *
from netzwerk.synth import *
from netzwerk.vocab import *

try:
    __version__ = version("netzwerk")
except PackageNotFoundError:  # pragma: no cover - running from a bare checkout
    __version__ = "0.0.0"

__all__ = [
    "__version__",
    *io.__all__,
    *vocab.__all__,
    *graph.__all__,
    *brokers.__all__,
    *gaps.__all__,
    *plot.__all__,
    *report.__all__,
    *synth.__all__,
]
del config
