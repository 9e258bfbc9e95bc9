#!/usr/bin/env bash
# Installs the release tarball as an operator does, without the dev toolchain, and runs it (.ci/run; by hand:
# bash scripts/verify-package.sh). In a temporary folder: unpack it, `npm ci --omit=dev`, `migrate`, start the server,
# run `import` and `tenants list` at once, `tenants create`, then `clients create` and `imports list` at once, get a
# token with the new client and read a page of users.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work=$(mktemp -d)
server=
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

step() { echo "-- verify-package: $*"; }
fail() {
  echo "verify-package: $*" >&2
  exit 1
}
# Runs the installed CLI in the background, its output in $work/<log>.log.
cli_in_background() {
  local log=$1
  shift
  npx --no-install oneroster-sds "$@" >"$work/$log.log" 2>&1 &
}
wait_for() {
  wait "$1" || { cat "$work/$2.log" >&2; fail "$2 failed"; }
}

step "pack"
# Not `| head -n 1`: head would exit after the first line and the script's second echo would die of SIGPIPE (141).
packed=$(bash scripts/release-pack.sh --snapshot "$work")
tarball=${packed%%$'\n'*}
mkdir "$work/app"
tar xzf "$tarball" -C "$work/app" --strip-components=1
cd "$work/app"

step "npm ci --omit=dev in the unpacked $(basename "$tarball")"
npm ci --omit=dev --prefer-offline --no-audit --no-fund --loglevel=error
for dev_only in src node_modules/@nestjs/cli node_modules/@swc/core node_modules/vitest; do
  [ ! -e "$dev_only" ] || fail "$dev_only is in the production install"
done

export DATABASE_URL="sqlite:$work/oneroster.sqlite" DEMO_DATA=false LOG_LEVEL=warn
export PORT=$(node -e "const s = require('node:net').createServer().listen(0, () => { console.log(s.address().port); s.close(); })")
base="http://127.0.0.1:$PORT"

step "migrate, then the server on port $PORT"
npx --no-install oneroster-sds migrate
node bin/oneroster-sds-server.cjs >"$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 60); do curl -sf "$base/health/ready" >/dev/null && break || sleep 1; done
curl -sf "$base/health/ready" >/dev/null || { cat "$work/server.log" >&2; fail "the server did not become ready"; }

step "import and tenants list at once"
cli_in_background import import "$repo/test/fixtures/csv/base"
import=$!
cli_in_background tenants-list tenants list
tenants_list=$!
wait_for $import import
wait_for $tenants_list tenants-list

step "tenants create, then clients create and imports list at once"
npx --no-install oneroster-sds tenants create leie --name "Scholengroep Leie" --orgs SG01 >/dev/null
cli_in_background client clients create --tenant leie --json
client=$!
cli_in_background imports-list imports list
imports_list=$!
wait_for $client client
wait_for $imports_list imports-list
grep -q applied "$work/imports-list.log" || { cat "$work/imports-list.log" >&2; fail "imports list shows no import"; }

step "a token for the new client and a page of users"
id=$(jq -r .clientId "$work/client.log")
secret=$(jq -r .clientSecret "$work/client.log")
token=$(curl -sf -u "$id:$secret" -d grant_type=client_credentials "$base/oauth/token" | jq -r .access_token)
users=$(curl -sf -H "Authorization: Bearer $token" "$base/ims/oneroster/v1p1/users?limit=2" | jq '.users | length')
[ "$users" = 2 ] || fail "GET /users?limit=2 answered $users users"

step "SIGTERM stops the server"
kill -TERM $server
status=0
wait $server || status=$?
server=
# Nest closes, then ends by the same signal (128 + 15), as `node dist/main.js` does (test/e2e/graceful-shutdown).
[ $status = 143 ] || { cat "$work/server.log" >&2; fail "the server exited with $status on SIGTERM"; }
step "ok: $(basename "$tarball") installs without the dev toolchain and runs"
