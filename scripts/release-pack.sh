#!/usr/bin/env bash
# npm run release:pack [-- --snapshot] [-- <folder>]: builds dist/ and writes the release tarball and its SBOM
# (CycloneDX, production dependencies only) into <folder> (default release/). docs/upgrading.md#releasing.
#
# The tarball carries package-lock.json as npm-shrinkwrap.json, so `npm ci --omit=dev` in the unpacked tarball (or
# `npm install` of it) installs exactly the dependency versions CI tested. Without --snapshot the CHANGELOG must
# have a section for package.json's version and nothing left under "Unreleased".
set -euo pipefail
cd "$(dirname "$0")/.."

snapshot=false
if [ "${1:-}" = "--snapshot" ]; then snapshot=true; shift; fi
out="${1:-release}"
version=$(node -p "require('./package.json').version")

if ! $snapshot; then
  grep -q "^## ${version//./\\.} - [0-9]\{4\}-[0-9]\{2\}-[0-9]\{2\}$" CHANGELOG.md \
    || { echo "CHANGELOG.md has no section '## $version - <date>': cut the release first" >&2; exit 1; }
  unreleased=$(awk '/^## Unreleased/ {on = 1; next} /^## / {on = 0} on && /^- /' CHANGELOG.md)
  [ -z "$unreleased" ] \
    || { echo "CHANGELOG.md still has entries under 'Unreleased': move them into '## $version'" >&2; exit 1; }
fi

npm run build --silent >&2
mkdir -p "$out"
cp package-lock.json npm-shrinkwrap.json
trap 'rm -f npm-shrinkwrap.json' EXIT
tarball=$(npm pack --silent --ignore-scripts --pack-destination "$out" | tail -n 1)
npm sbom --sbom-format cyclonedx --omit dev --package-lock-only > "$out/${tarball%.tgz}.cdx.json"
echo "$out/$tarball"
echo "$out/${tarball%.tgz}.cdx.json"
