"""``python -m netzwerk``."""

import sys

from netzwerk.cli import main

sys.exit(main())
