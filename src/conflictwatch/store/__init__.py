"""Storage: raw documents, extractions, failures; SQLite by default, PostgreSQL by URL.

from conflictwatch.store import Store
with Store.open("data/cw.db") as store:
    store.put_raw(raw)
    store.save_extraction(extraction, extractor="conflictwatch.events.v1")
    for event in store.iter_events(country="Mali", date_from="2021-01-01"):
        ...
"""

from conflictwatch.store.database import DB_ENV_VAR, DEFAULT_DB_URL, Store, resolve_db_url
from conflictwatch.store.migrations import MIGRATIONS, SCHEMA_VERSION, Migration

__all__ = [
    "Store",
    "resolve_db_url",
    "DB_ENV_VAR",
    "DEFAULT_DB_URL",
    "Migration",
    "MIGRATIONS",
    "SCHEMA_VERSION",
]
