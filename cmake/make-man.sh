#!/bin/sh
# Writes the man page OUT with help2man from `ccsim --help` and `ccsim --version`, with the
# --help of every command in a COMMANDS section. Usage: make-man.sh CCSIM HELP2MAN OUT
set -eu
ccsim=$1
help2man=$2
out=$3
include="$out.include"
{
  echo "[COMMANDS]"
  for cmd in $("$ccsim" --help | awk '/^[A-Za-z ]+:$/ { s = tolower($0) == "subcommands:" } s && /^  [a-z]/ { print $1 }'); do
    echo ".SS \"ccsim $cmd\""
    echo ".nf"
    # roff: backslashes escaped, lines starting with a dot or quote kept as text.
    "$ccsim" "$cmd" --help | sed -e 's/\\/\\e/g' -e "s/^\\([.']\\)/\\\\\\&\\1/"
    echo ".fi"
  done
} >"$include"
"$help2man" --no-info --section 1 --name "contact-center routing simulator" --include "$include" \
  --output "$out" "$ccsim"
rm -f "$include"
