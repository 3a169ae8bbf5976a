"""REST API (FastAPI) over the conflictwatch database; serves the dashboard too."""

from conflictwatch.api.app import create_app

__all__ = ["create_app"]
