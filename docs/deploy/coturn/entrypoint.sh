#!/bin/sh
# Renders turnserver.conf with values from the environment, then runs coturn in the foreground.
#
#   TURN_SECRET         required; the app's TURN_SECRET (letters, digits, . _ - only, at least 16 characters)
#   TURN_REALM          required; the host's public name
#   TURN_EXTERNAL_IP    optional; the public address of a 1:1 NAT (coturn then announces it for its relays)
#   COTURN_DIR          where the rendered file, the database and the PID file go (default /run/coturn)
#   COTURN_TEMPLATE     the template (default /usr/local/share/nestjs-janus/turnserver.conf)
#
# With --render-only, stops after rendering. Other arguments are passed to turnserver.
set -eu

dir=${COTURN_DIR:-/run/coturn}
template=${COTURN_TEMPLATE:-/usr/local/share/nestjs-janus/turnserver.conf}

fail() {
  echo "coturn-entrypoint: $*" >&2
  exit 1
}

secret=${TURN_SECRET:-}
[ -n "$secret" ] || fail "TURN_SECRET is required"
case "$secret" in
  *[!A-Za-z0-9._-]*) fail "TURN_SECRET may hold only letters, digits, '.', '_' and '-' (e.g. openssl rand -hex 32)" ;;
esac
[ "${#secret}" -ge 16 ] || fail "TURN_SECRET must be at least 16 characters"

realm=${TURN_REALM:-}
[ -n "$realm" ] || fail "TURN_REALM is required"
case "$realm" in
  *[!A-Za-z0-9.-]*) fail "TURN_REALM must be a host name" ;;
esac

external='# external-ip: not set (TURN_EXTERNAL_IP is empty)'
if [ -n "${TURN_EXTERNAL_IP:-}" ]; then
  case "$TURN_EXTERNAL_IP" in
    *[!0-9A-Fa-f.:/]*) fail "TURN_EXTERNAL_IP must be an IP address" ;;
  esac
  external="external-ip=$TURN_EXTERNAL_IP"
fi

mkdir -p "$dir"
sed -e "s|@TURN_SECRET@|$secret|g" \
  -e "s|@TURN_REALM@|$realm|g" \
  -e "s|@EXTERNAL_IP_LINE@|$external|g" \
  -e "s|@DIR@|$dir|g" \
  "$template" >"$dir/turnserver.conf"
chmod 0600 "$dir/turnserver.conf"

if [ "${1:-}" = "--render-only" ]; then
  exit 0
fi
exec turnserver -c "$dir/turnserver.conf" "$@"
