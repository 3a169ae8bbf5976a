#!/usr/bin/env python
"""Build the offline gazetteer: a thin wrapper over ``python -m conflictwatch.geo.build``."""

import sys

from conflictwatch.geo.build import main

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
