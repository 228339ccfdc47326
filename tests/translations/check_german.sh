#!/usr/bin/env bash
# Every user-visible string has its German: lupdate, run over the sources exactly as the
# cartograph_lupdate target runs it (app/gui/CMakeLists.txt), into a copy of translations/cartograph_de.ts,
# must leave no entry unfinished. Fails naming the untranslated sources (run `cmake --build build --target
# cartograph_lupdate` and translate them).
# Usage: check_german.sh LUPDATE PROJECT_CMAKE GENERATOR_SCRIPT TS_FILE
set -euo pipefail
lupdate=$1 project_in=$2 generator=$3 ts=$4
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake -DIN_FILE="$project_in" -DOUT_FILE="$work/project.json" -P "$generator"
cp "$ts" "$work/cartograph_de.ts"
"$lupdate" -project "$work/project.json" -no-obsolete -ts "$work/cartograph_de.ts" >"$work/lupdate.log" 2>&1 ||
  { cat "$work/lupdate.log"; exit 1; }
tail -n 3 "$work/lupdate.log"
unfinished=$(grep -c 'type="unfinished"' "$work/cartograph_de.ts" || true)
if [ "$unfinished" != 0 ]; then
  echo "$unfinished German entries are unfinished:"
  grep -B4 'type="unfinished"' "$work/cartograph_de.ts" | grep -o '<source>.*</source>' | head -40
  exit 1
fi
echo "German complete: $(grep -c '<message' "$work/cartograph_de.ts") entries"
