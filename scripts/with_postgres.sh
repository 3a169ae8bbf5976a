#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL cluster, then stop and remove it.
#
#   bash scripts/with_postgres.sh .venv/bin/python -m pytest -q -p tests.store.pg_everywhere
#
# Installs Debian's `postgresql` (and `postgresql-<v>-postgis-3` when the archive has it) if missing,
# starts a cluster in a temp dir listening on 127.0.0.1 (as the postgres user when run as root),
# exports CONFLICTWATCH_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:PORT/conflictwatch_test,
# runs "$@", and stops and deletes the cluster even when the command fails. Exit status: the command's.
#
# WITH_POSTGRES_DURABLE=1 keeps PostgreSQL's default durability settings (fsync etc.); by default the
# throw-away cluster runs with fsync=off, synchronous_commit=off (it is deleted afterwards anyway).
# WITH_POSTGRES_NO_POSTGIS=1 leaves PostGIS out (tests the plain lat/lon fallback).
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

pg_bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(pg_bin_dir)" ] || [ ! -x "$(pg_bin_dir)/initdb" ]; then
    echo "with_postgres: installing postgresql" >&2
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >/dev/null
fi
BIN="$(pg_bin_dir)"
PG_MAJOR="$(basename "$(dirname "$BIN")")"
POSTGIS_PKG="postgresql-${PG_MAJOR}-postgis-3"
if [ "${WITH_POSTGRES_NO_POSTGIS:-0}" != "1" ] && ! dpkg -s "$POSTGIS_PKG" >/dev/null 2>&1; then
    if apt-cache show "$POSTGIS_PKG" >/dev/null 2>&1; then
        echo "with_postgres: installing $POSTGIS_PKG" >&2
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$POSTGIS_PKG" >/dev/null \
            || echo "with_postgres: $POSTGIS_PKG could not be installed; running without PostGIS" >&2
    else
        echo "with_postgres: $POSTGIS_PKG not in the archive; running without PostGIS" >&2
    fi
fi

TMP="$(mktemp -d -t cw-pg.XXXXXX)"
if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$TMP"
    as_pg() { runuser -u postgres -- "$@"; }
else
    as_pg() { "$@"; }
fi

cleanup() {
    as_pg "$BIN/pg_ctl" -D "$TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
    rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
as_pg "$BIN/initdb" -D "$TMP/data" -U postgres --auth=trust -E UTF8 --no-locale >/dev/null
mkdir -p "$TMP/sock" && { [ "$(id -u)" -ne 0 ] || chown postgres: "$TMP/sock"; }
OPTS="-c listen_addresses=127.0.0.1 -p $PORT -k $TMP/sock -c max_connections=200"
if [ "${WITH_POSTGRES_DURABLE:-0}" != "1" ]; then
    OPTS="$OPTS -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
fi
as_pg "$BIN/pg_ctl" -D "$TMP/data" -l "$TMP/server.log" -o "$OPTS" -w start >/dev/null
as_pg "$BIN/createdb" -h 127.0.0.1 -p "$PORT" -U postgres conflictwatch_test
if [ "${WITH_POSTGRES_NO_POSTGIS:-0}" != "1" ] && [ -d "/usr/share/postgresql/${PG_MAJOR}/extension" ] \
    && ls "/usr/share/postgresql/${PG_MAJOR}/extension/postgis.control" >/dev/null 2>&1; then
    as_pg "$BIN/psql" -q -h 127.0.0.1 -p "$PORT" -U postgres -d template1 -c "CREATE EXTENSION IF NOT EXISTS postgis" \
        && as_pg "$BIN/psql" -q -h 127.0.0.1 -p "$PORT" -U postgres -d conflictwatch_test \
            -c "CREATE EXTENSION IF NOT EXISTS postgis" \
        && echo "with_postgres: PostGIS enabled" >&2
fi

export CONFLICTWATCH_TEST_PG_URL="postgresql+psycopg://postgres@127.0.0.1:${PORT}/conflictwatch_test"
echo "with_postgres: PostgreSQL ${PG_MAJOR} at ${CONFLICTWATCH_TEST_PG_URL}" >&2
set +e
"$@"
status=$?
set -e
exit "$status"
