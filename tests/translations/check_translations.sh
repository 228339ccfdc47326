#!/usr/bin/env bash
# Every user-visible string has its German, and every "%n …(s)" string its English plural forms: lupdate,
# run over the sources exactly as the cartograph_lupdate target runs it (app/gui/CMakeLists.txt), into
# copies of translations/cartograph_de.ts and (plural forms only) cartograph_en.ts, must leave no entry
# unfinished. Fails naming the untranslated sources (run `cmake --build build --target cartograph_lupdate`
# and translate them).
# Usage: check_translations.sh LUPDATE PROJECT_CMAKE GENERATOR_SCRIPT DE_TS EN_TS
set -euo pipefail
lupdate=$1 project_in=$2 generator=$3 de=$4 en=$5
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cmake -DIN_FILE="$project_in" -DOUT_FILE="$work/project.json" -P "$generator"
cp "$de" "$work/cartograph_de.ts"
cp "$en" "$work/cartograph_en.ts"
"$lupdate" -project "$work/project.json" -no-obsolete -ts "$work/cartograph_de.ts" >"$work/de.log" 2>&1 ||
  { cat "$work/de.log"; exit 1; }
"$lupdate" -project "$work/project.json" -no-obsolete -pluralonly -ts "$work/cartograph_en.ts" >"$work/en.log" 2>&1 ||
  { cat "$work/en.log"; exit 1; }
status=0
for lang in de en; do
  file="$work/cartograph_$lang.ts"
  unfinished=$(grep -c 'type="unfinished"' "$file" || true)
  if [ "$unfinished" != 0 ]; then
    echo "$unfinished entries of cartograph_$lang.ts are unfinished:"
    grep -B4 'type="unfinished"' "$file" | grep -o '<source>.*</source>' | head -40
    status=1
  else
    echo "cartograph_$lang.ts complete: $(grep -c '<message' "$file") entries"
  fi
done
exit $status
