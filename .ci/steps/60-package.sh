#!/usr/bin/env bash
# CI step: the Debian package. CPack builds it from build/ (no second build), apt-get installs
# it with its declared dependencies, and the installed ccsim runs the default scenario from the
# installed files; man page, completion and docs are checked in place; then it is removed.
set -euo pipefail
cd "$(dirname "$0")/../.."

scripts/install-packages.sh dpkg-dev  # dpkg-shlibdeps works out the package's Depends
cmake --build build -j"$(nproc)" --target ccsim ccsim_man
rm -rf build/package
(cd build && cpack -G DEB >/dev/null)
deb=$(ls build/package/ccsim_*.deb)
echo "60-package: $deb"
dpkg-deb --field "$deb" Package Version Depends

sudo=""
[ "$(id -u)" = 0 ] || sudo=sudo
trap '$sudo dpkg --purge ccsim >/dev/null' EXIT
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "./$deb" >/dev/null

cd /tmp
[ "$(command -v ccsim)" = /usr/bin/ccsim ] || { echo "60-package: ccsim is not /usr/bin/ccsim" >&2; exit 1; }
ccsim --version
ccsim run /usr/share/ccsim/scenarios/primary_backup.json
ccsim check /usr/share/ccsim/scenarios/erlang_c_textbook.json --quiet
for f in /usr/share/man/man1/ccsim.1 /usr/share/bash-completion/completions/ccsim /usr/share/ccsim/docs/README.md \
         /usr/share/ccsim/scenarios/data/anonymous_bank_1999_08.csv; do
  [ -s "$f" ] || { echo "60-package: $f missing" >&2; exit 1; }
done
