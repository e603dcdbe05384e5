#!/usr/bin/env bash
# Start a throw-away PostgreSQL server on loopback for the test suite, and print the line
# that points the tests at it:
#
#     eval "$(tools/start_postgres.sh)"      # sets KETENKOPPELING_TEST_PG
#     tools/start_postgres.sh stop           # stops the server again
#
# The server lives in its own data directory (default: $TMPDIR/ketenkoppeling-pg-$USER) and
# listens on 127.0.0.1 only, on port $KETENKOPPELING_PG_PORT (default 55432), so it does not
# meet a PostgreSQL you already run. It has a database and a (non-superuser) role for the
# tests; running it again reuses what is there. Needs PostgreSQL's server programs (initdb,
# pg_ctl) and psql: Debian/Ubuntu `apt-get install postgresql`, macOS `brew install postgresql`.
# As root the server runs as the `postgres` user (initdb refuses root).
#
# Only the export line goes to standard output; everything else goes to standard error.
set -euo pipefail

PORT="${KETENKOPPELING_PG_PORT:-55432}"
DB="${KETENKOPPELING_PG_DB:-ketenkoppeling_test}"
ROLE="${KETENKOPPELING_PG_USER:-ketenkoppeling}"
PASSWORD="${KETENKOPPELING_PG_PASSWORD:-ketenkoppeling}"  # loopback-only test server
ME="$(id -un)"
DATA="${KETENKOPPELING_PG_DIR:-${TMPDIR:-/tmp}/ketenkoppeling-pg-${ME}}"
DATA="${DATA%/}"

say() { printf 'start_postgres: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

find_bin() {
    local candidate
    if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        dirname "$(command -v pg_ctl)"
        return
    fi
    # Debian keeps the server programs out of PATH, one directory per major version.
    for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r) \
        /opt/homebrew/opt/postgresql*/bin /usr/local/opt/postgresql*/bin; do
        if [[ -x "$candidate/pg_ctl" && -x "$candidate/initdb" ]]; then
            echo "$candidate"
            return
        fi
    done
    return 1
}

BIN="$(find_bin)" || die "PostgreSQL's server programs (initdb, pg_ctl) not found; install them \
(Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql)"
PSQL="$BIN/psql"
[[ -x "$PSQL" ]] || PSQL="$(command -v psql)" || die "psql not found"

# As root, run the server as the postgres user.
OWNER="$ME"
if [[ "$(id -u)" == 0 ]]; then
    OWNER="${KETENKOPPELING_PG_OWNER:-postgres}"
    id "$OWNER" >/dev/null 2>&1 || die "running as root, but there is no user '$OWNER' to run the server"
fi
as_owner() {
    if [[ "$OWNER" == "$ME" ]]; then
        "$@"
    elif command -v runuser >/dev/null 2>&1; then
        runuser -u "$OWNER" -- "$@"
    else
        su -s /bin/sh "$OWNER" -c "$(printf '%q ' "$@")"
    fi
}

running() { as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

if [[ "${1:-start}" == "stop" ]]; then
    if [[ -f "$DATA/PG_VERSION" ]] && running; then
        as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >&2
    else
        say "no server running in $DATA"
    fi
    exit 0
elif [[ "${1:-start}" != "start" ]]; then
    die "usage: $0 [start|stop]"
fi

if [[ ! -f "$DATA/PG_VERSION" ]]; then
    say "creating a cluster in $DATA ($("$BIN/initdb" --version))"
    mkdir -p "$DATA"
    chmod 700 "$DATA"
    [[ "$OWNER" == "$ME" ]] || chown "$OWNER" "$DATA"
    # The superuser's password is random and kept in the data directory (mode 600);
    # initdb wants an empty directory, so the file is written beside it first.
    SECRET="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
    PWFILE="$DATA.pw"
    as_owner sh -c "umask 077; printf '%s\n' '$SECRET' > '$PWFILE'"
    as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=scram-sha-256 \
        --pwfile="$PWFILE" -E UTF8 --locale=C >"$DATA.initdb.log" 2>&1 \
        || { cat "$DATA.initdb.log" >&2; rm -f "$PWFILE"; die "initdb failed"; }
    as_owner mv "$PWFILE" "$DATA/.superuser-password"
    rm -f "$DATA.initdb.log"
fi

if running; then
    say "server already running in $DATA"
else
    say "starting the server on 127.0.0.1:$PORT"
    # No Unix socket (its path length and directory vary by platform): TCP on loopback only.
    if ! as_owner "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w -t 60 \
        -o "-p $PORT -c listen_addresses=127.0.0.1 -c unix_socket_directories= -c fsync=off" \
        start >&2; then
        tail -n 30 "$DATA/server.log" >&2 || true
        die "the server did not start (is port $PORT taken? set KETENKOPPELING_PG_PORT)"
    fi
fi

SUPER_PASSWORD="$(as_owner cat "$DATA/.superuser-password")"
sql() {
    PGPASSWORD="$SUPER_PASSWORD" "$PSQL" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PORT" \
        -U postgres "$@"
}
if [[ "$(sql -d postgres -tA -c "SELECT 1 FROM pg_roles WHERE rolname = '$ROLE'")" != 1 ]]; then
    sql -d postgres -c "CREATE ROLE \"$ROLE\" LOGIN PASSWORD '$PASSWORD'"
fi
# the roles tests create a login per person (users and roles, issue 11): CREATEROLE, not superuser
sql -d postgres -c "ALTER ROLE \"$ROLE\" CREATEROLE" >/dev/null
if [[ "$(sql -d postgres -tA -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != 1 ]]; then
    sql -d postgres -c "CREATE DATABASE \"$DB\" OWNER \"$ROLE\" ENCODING 'UTF8'"
fi
# The tests drop and recreate the public schema: let the test role own it.
sql -d "$DB" -c "ALTER SCHEMA public OWNER TO \"$ROLE\""

say "ready: database $DB, user $ROLE on 127.0.0.1:$PORT (stop with: $0 stop)"
echo "export KETENKOPPELING_TEST_PG=postgresql+psycopg://$ROLE:$PASSWORD@127.0.0.1:$PORT/$DB"
