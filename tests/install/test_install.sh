#!/usr/bin/env bash
# `cmake --install` into a temporary prefix: every file in place, and the installed ccsim runs
# the installed default scenario; the man page renders; the bash
# completion completes commands, options and values. Usage: test_install.sh BUILD_DIR
set -euo pipefail
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT
fail() { echo "test_install: $*" >&2; exit 1; }

cmake --install "$build" --prefix "$prefix" >/dev/null
for f in bin/ccsim share/man/man1/ccsim.1 share/bash-completion/completions/ccsim \
         share/ccsim/scenarios/primary_backup.json share/ccsim/scenarios/data/anonymous_bank_1999_08.csv \
         share/ccsim/scenarios/data/bank_weekday_arrivals.csv share/ccsim/scenarios/tools/fit_bank_scenarios.sh \
         share/ccsim/docs/README.md share/ccsim/docs/formulas.md; do
  [ -e "$prefix/$f" ] || fail "missing $f"
done
[ -x "$prefix/bin/ccsim" ] || fail "bin/ccsim is not executable"

# The installed binary on the installed scenario, from another directory.
cd "$prefix"
out=$("$prefix/bin/ccsim" run share/ccsim/scenarios/primary_backup.json --replications 2 --json -)
grep -q '"scenario": "Primary overload with backup site"' <<<"$out" || fail "run of the installed scenario: $out"
"$prefix/bin/ccsim" validate share/ccsim/scenarios/failover_midday.json >/dev/null || fail "validate of the installed failover_midday"

# The man page: generated from the help, one section per command, and it renders.
man_page=$prefix/share/man/man1/ccsim.1
grep -q '^\.TH CCSIM "1"' "$man_page" || fail "ccsim.1 has no .TH header"
for cmd in run sweep check compare validate graph exact erlang staff fit; do
  grep -q "^\.SS \"ccsim $cmd\"" "$man_page" || fail "ccsim.1 has no section for $cmd"
done
grep -q 'EXIT STATUS' "$man_page" || fail "ccsim.1 has no EXIT STATUS"
if command -v groff >/dev/null; then
  text=$(groff -man -Tutf8 "$man_page" 2>&1) || fail "groff: $text"
  grep -q 'ccsim sweep' <<<"$text" || fail "rendered man page lacks the sweep command"
fi

# The completion, as bash runs it on TAB.
complete_words() {  # WORDS... (the last is the word being completed)
  PATH="$prefix/bin:$PATH" bash -c '
    source "$0"
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
    _ccsim
    printf "%s\n" "${COMPREPLY[@]}"' "$prefix/share/bash-completion/completions/ccsim" "$@"
}
[ "$(complete_words ccsim ru)" = run ] || fail "completion of 'ccsim ru': $(complete_words ccsim ru)"
[ "$(complete_words ccsim run x.json --repl)" = --replications ] || fail "completion of --repl"
[ "$(complete_words ccsim erlang "")" = "$(printf 'b\nc\na')" ] || fail "completion of erlang models"
complete_words ccsim check --ju | grep -qx -- --junit || fail "completion of check --ju"
echo "test_install: ok"
