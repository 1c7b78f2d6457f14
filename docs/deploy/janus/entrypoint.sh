#!/bin/sh
# Renders the Janus configuration templates with values from the environment, then runs Janus in the foreground.
#
#   JANUS_API_SECRET, JANUS_ADMIN_SECRET, VIDEOROOM_SECRET   required; letters, digits, . _ - only
#   JANUS_NAT_1_1_MAPPING                                    optional; the public address(es) of a 1:1 NAT
#   JANUS_CONFIG_DIR      where the rendered files go (default /run/janus)
#   JANUS_TEMPLATE_DIR    where the templates are (default /usr/local/share/nestjs-janus/janus)
#
# With --render-only, stops after rendering (to check the result). Other arguments are passed to janus.
set -eu

templates=${JANUS_TEMPLATE_DIR:-/usr/local/share/nestjs-janus/janus}
config=${JANUS_CONFIG_DIR:-/run/janus}

fail() {
  echo "janus-entrypoint: $*" >&2
  exit 1
}

# A secret goes into a quoted jcfg string and a sed replacement: keep it to characters that are safe in both.
secret() {
  eval "value=\${$1:-}"
  [ -n "$value" ] || fail "$1 is required"
  case "$value" in
    *[!A-Za-z0-9._-]*) fail "$1 may hold only letters, digits, '.', '_' and '-' (e.g. openssl rand -hex 32)" ;;
  esac
  [ "${#value}" -ge 16 ] || fail "$1 must be at least 16 characters"
  printf '%s' "$value"
}

api_secret=$(secret JANUS_API_SECRET)
admin_secret=$(secret JANUS_ADMIN_SECRET)
room_secret=$(secret VIDEOROOM_SECRET)

nat_line='# nat_1_1_mapping: not set (JANUS_NAT_1_1_MAPPING is empty)'
if [ -n "${JANUS_NAT_1_1_MAPPING:-}" ]; then
  case "$JANUS_NAT_1_1_MAPPING" in
    *[!0-9A-Fa-f.:,]*) fail "JANUS_NAT_1_1_MAPPING must be IP addresses separated by commas" ;;
  esac
  nat_line="nat_1_1_mapping = \"$JANUS_NAT_1_1_MAPPING\""
fi

# Debian installs the plugins under its multiarch triplet (x86_64-linux-gnu, aarch64-linux-gnu, ...).
lib_dir=
for dir in /usr/lib/*/janus; do
  [ -d "$dir/plugins" ] && lib_dir=$dir
done
[ -n "$lib_dir" ] || fail "no Janus plugins folder under /usr/lib/*/janus"

mkdir -p "$config"
for template in "$templates"/*.jcfg; do
  sed -e "s|@CONFIG_DIR@|$config|g" \
    -e "s|@LIB_DIR@|$lib_dir|g" \
    -e "s|@JANUS_API_SECRET@|$api_secret|g" \
    -e "s|@JANUS_ADMIN_SECRET@|$admin_secret|g" \
    -e "s|@VIDEOROOM_SECRET@|$room_secret|g" \
    -e "s|@NAT_1_1_MAPPING_LINE@|$nat_line|g" \
    "$template" >"$config/$(basename "$template")"
done
chmod 0600 "$config"/*.jcfg

if [ "${1:-}" = "--render-only" ]; then
  exit 0
fi
exec janus --configs-folder="$config" --config="$config/janus.jcfg" --disable-colors "$@"
