"""``python -m netzwerk.bench``: the same as ``netzwerk bench``."""

import contextlib

from netzwerk.bench._cli import _main

with contextlib.suppress(KeyboardInterrupt):  # pragma: no cover
    _main()
