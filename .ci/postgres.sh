#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster for the tests of library/postgres and
# of the replicas, and exports ARTICLEBOT_TEST_DATABASE naming it.
#
# Source it (". .ci/postgres.sh") from .ci/run, or from a shell to run those
# tests locally:
#
#   . .ci/postgres.sh && go test ./library/postgres ./...
#
# It installs Debian's postgresql package when no PostgreSQL server is
# installed and it runs as root (as CI does); otherwise install it first
# (apt-get install postgresql). The cluster lives in a temporary directory,
# listens only on a Unix socket there (no TCP port), trusts local
# connections, runs without fsync (it is thrown away), and is stopped and
# deleted when the shell that sourced this exits. When ARTICLEBOT_TEST_DATABASE
# is already set, it does nothing.

if [ -n "${ARTICLEBOT_TEST_DATABASE:-}" ]; then
  echo "== postgres: using ARTICLEBOT_TEST_DATABASE from the environment"
  return 0 2>/dev/null || exit 0
fi

articlebot_pg_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

echo "== postgres: a throwaway cluster for the library's PostgreSQL tests"
if [ -z "$(articlebot_pg_bin)" ]; then
  if [ "$(id -u)" = 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
  else
    echo "no PostgreSQL server found: install Debian's postgresql package (apt-get install postgresql)" >&2
    return 1 2>/dev/null || exit 1
  fi
fi
ARTICLEBOT_PG_BIN=$(articlebot_pg_bin)
ARTICLEBOT_PG_DIR=$(mktemp -d /tmp/articlebot-pg.XXXXXX)
# initdb refuses to run as root: as root, the cluster belongs to the
# postgres user that the package created.
articlebot_pg_as() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}
if [ "$(id -u)" = 0 ]; then
  chown postgres "$ARTICLEBOT_PG_DIR"
fi
chmod 700 "$ARTICLEBOT_PG_DIR"
articlebot_pg_as "$ARTICLEBOT_PG_BIN/initdb" -D "$ARTICLEBOT_PG_DIR/data" -U articlebot -A trust -E UTF8 --no-sync >/dev/null
articlebot_pg_as "$ARTICLEBOT_PG_BIN/pg_ctl" -D "$ARTICLEBOT_PG_DIR/data" -l "$ARTICLEBOT_PG_DIR/log" -w \
  -o "-c listen_addresses='' -k $ARTICLEBOT_PG_DIR -c fsync=off -c max_connections=200" start >/dev/null
# The socket directory must be reachable by the tests' user.
chmod 755 "$ARTICLEBOT_PG_DIR"
articlebot_pg_stop() {
  articlebot_pg_as "$ARTICLEBOT_PG_BIN/pg_ctl" -D "$ARTICLEBOT_PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$ARTICLEBOT_PG_DIR"
}
trap articlebot_pg_stop EXIT
articlebot_pg_as "$ARTICLEBOT_PG_BIN/createdb" -h "$ARTICLEBOT_PG_DIR" -U articlebot articlebot_test
export ARTICLEBOT_TEST_DATABASE="postgres:///articlebot_test?host=$ARTICLEBOT_PG_DIR&user=articlebot&sslmode=disable"
echo "ARTICLEBOT_TEST_DATABASE=$ARTICLEBOT_TEST_DATABASE"
