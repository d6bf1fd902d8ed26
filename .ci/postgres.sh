# Sourced by .ci/run (and usable by hand: `source .ci/postgres.sh && cardwire_pg_start`):
# a throwaway PostgreSQL cluster for the ledger tests, in a temporary directory, listening on
# 127.0.0.1 only, on a free port, with fsync on (the tests measure durable commits). It exports
# CARDWIRE_TEST_PG; `cardwire_pg_stop` stops the cluster and removes its directory.
#
# Debian puts initdb and pg_ctl in /usr/lib/postgresql/<major>/bin, off the PATH. When neither
# place has them, Debian's `postgresql` package is installed (as root, or through sudo). initdb
# refuses to run as root, so as root the cluster belongs to the `postgres` system user (created
# when missing). When no server can be had, nothing is exported and the PostgreSQL tests skip,
# saying why.

cardwire_pg_bindir() {
  local d
  if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
    # /usr/local/bin may hold only links to a few of them: follow the link to the whole set.
    dirname "$(readlink -f "$(command -v initdb)")"
    return 0
  fi
  d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -n "$d" ] && [ -x "$d/initdb" ]; then echo "$d"; fi
}

cardwire_pg_install() {
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo=(sudo -n); else return 1; fi
  fi
  command -v apt-get >/dev/null 2>&1 || return 1
  echo "postgres: installing Debian's postgresql package"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >/dev/null
}

cardwire_pg_start() {
  if [ -n "${CARDWIRE_TEST_PG:-}" ]; then
    echo "postgres: using the server CARDWIRE_TEST_PG names"
    return 0
  fi
  local bindir port runas=()
  bindir=$(cardwire_pg_bindir)
  if [ -z "$bindir" ]; then
    cardwire_pg_install || echo "postgres: cannot install the server (not root, no sudo, or no apt-get)"
    bindir=$(cardwire_pg_bindir)
  fi
  if [ -z "$bindir" ]; then
    echo "postgres: no server; the PostgreSQL ledger tests will skip"
    return 0
  fi
  CARDWIRE_PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/cardwire-pg.XXXXXX")
  if [ "$(id -u)" = 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
      useradd --system --user-group --no-create-home --shell /usr/sbin/nologin postgres || return 0
    fi
    chown postgres "$CARDWIRE_PG_DIR"
    runas=(runuser -u postgres --)
  fi
  port=$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')
  if ! "${runas[@]}" "$bindir/initdb" -D "$CARDWIRE_PG_DIR/data" -U cardwire --auth=trust -E UTF8 --no-locale >"$CARDWIRE_PG_DIR/initdb.log" 2>&1; then
    echo "postgres: initdb failed:"; tail -n 5 "$CARDWIRE_PG_DIR/initdb.log"
    cardwire_pg_stop
    return 0
  fi
  if ! "${runas[@]}" "$bindir/pg_ctl" -D "$CARDWIRE_PG_DIR/data" -l "$CARDWIRE_PG_DIR/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $CARDWIRE_PG_DIR -c fsync=on -c synchronous_commit=on -c max_connections=200" \
    start >/dev/null; then
    echo "postgres: the server did not start:"; tail -n 5 "$CARDWIRE_PG_DIR/server.log"
    cardwire_pg_stop
    return 0
  fi
  CARDWIRE_PG_BINDIR=$bindir
  CARDWIRE_PG_RUNAS=("${runas[@]}")
  if ! "$bindir/createdb" -h 127.0.0.1 -p "$port" -U cardwire cardwire_test; then
    cardwire_pg_stop
    return 0
  fi
  export CARDWIRE_TEST_PG="postgresql://cardwire@127.0.0.1:$port/cardwire_test"
  echo "postgres: $("$bindir/postgres" --version) on 127.0.0.1:$port (throwaway cluster in $CARDWIRE_PG_DIR)"
}

cardwire_pg_stop() {
  if [ -n "${CARDWIRE_PG_BINDIR:-}" ]; then
    "${CARDWIRE_PG_RUNAS[@]}" "$CARDWIRE_PG_BINDIR/pg_ctl" -D "$CARDWIRE_PG_DIR/data" -m fast -w stop >/dev/null 2>&1
    unset CARDWIRE_PG_BINDIR CARDWIRE_TEST_PG
  fi
  if [ -n "${CARDWIRE_PG_DIR:-}" ]; then
    rm -rf "$CARDWIRE_PG_DIR"
    unset CARDWIRE_PG_DIR
  fi
}
