#!/usr/bin/env bash
# The Debian package, as a user gets it: cpack builds the .deb, its file list and Depends are checked,
# it is unpacked into a scratch root (never installed into this machine: no dpkg -i) and both binaries
# run from there; the desktop file, AppStream metainfo, MIME entry and the package itself are validated.
#   package_test.sh <build dir> <source dir> <version>
set -euo pipefail
build=$(realpath "$1") src=$(realpath "$2") version=$3
work=$(mktemp -d "${TMPDIR:-/tmp}/cartograph-package.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
step() { echo; echo "== $*"; }
require() { command -v "$1" >/dev/null || { echo "FAIL: $1 is missing (packaging/install-deps.sh installs it)" >&2; exit 1; }; }
for tool in cpack dpkg-deb dpkg-shlibdeps lintian desktop-file-validate appstreamcli update-mime-database gio sqlite3 spm_train readelf; do
  require "$tool"
done

step "cpack -G DEB"
cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" > "$work/cpack.log" 2>&1 || { cat "$work/cpack.log"; exit 1; }
arch=$(dpkg --print-architecture)
deb="$work/out/cartograph_${version}_${arch}.deb"
[ -f "$deb" ] || { cat "$work/cpack.log"; ls "$work/out"; echo "FAIL: no $deb" >&2; exit 1; }
echo "$(basename "$deb"): $(du -h "$deb" | cut -f1)"

step "file list"
dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./|/|' | grep -v '/$' | tee "$work/files"
app=org.cartograph.Cartograph
expected=(
  /usr/bin/cartograph /usr/bin/cartograph-cli /usr/lib/cartograph/libcartograph_cli.so
  /usr/lib/cartograph/libcartograph_spm.so
  /usr/share/applications/$app.desktop /usr/share/metainfo/$app.metainfo.xml
  /usr/share/mime/packages/$app.xml /usr/share/icons/hicolor/scalable/apps/$app.svg
  /usr/share/man/man1/cartograph.1.gz /usr/share/man/man1/cartograph-cli.1.gz
  /usr/share/doc/cartograph/copyright /usr/share/doc/cartograph/changelog.gz
)
for size in 16 22 24 32 48 64 128 256; do expected+=("/usr/share/icons/hicolor/${size}x${size}/apps/$app.png"); done
for f in "${expected[@]}"; do grep -qx "$f" "$work/files" || fail "the package lacks $f"; done

step "control"
dpkg-deb -f "$deb" | tee "$work/control"
depends=$(dpkg-deb -f "$deb" Depends)
for dep in libtorch libqt6core6 libqt6gui6 libqt6widgets6 libqt6charts6 libsqlite3 libpcre2-8 libsentencepiece qt6-qpa-plugins; do
  grep -q "\b$dep" <<<"$depends" || fail "Depends does not name $dep"
done
[ "$(dpkg-deb -f "$deb" Package)" = cartograph ] || fail "Package is not cartograph"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "Version is not $version"
[ "$(dpkg-deb -f "$deb" Section)" = science ] || fail "Section is not science"

step "unpacked into a scratch root"
root="$work/root"
dpkg-deb -x "$deb" "$root"
for exe in "$root"/usr/bin/* "$root"/usr/lib/cartograph/*; do
  if readelf -d "$exe" | grep -E 'R(UN)?PATH'; then fail "$(basename "$exe") carries an RPATH/RUNPATH"; fi
done
# Text files must not point into the build or source tree; the binaries are only reported: core still
# compiles the build tree's module path in as a fallback (CARTOGRAPH_SPM_BUILD_PATH).
while IFS= read -r f; do
  if file -b "$f" | grep -q ELF; then
    grep -qaF "$build" "$f" && echo "note: $(basename "$f") contains the build path (a fallback, after the installed module)"
  elif grep -qaF -e "$build" -e "$src" "$f"; then
    fail "${f#"$root"} names the build or source tree"
  fi
done < <(find "$root" -type f)

version_out=$(env -u CARTOGRAPH_SPM_MODULE "$root/usr/bin/cartograph-cli" --version) || fail "cartograph-cli --version failed"
echo "cartograph-cli --version: $version_out"
grep -q "$version" <<<"$version_out" || fail "cartograph-cli --version does not print $version"
gui_out=$(QT_QPA_PLATFORM=offscreen "$root/usr/bin/cartograph" --version 2>&1) || fail "cartograph --version failed: $gui_out"
echo "cartograph --version: $gui_out"
grep -q "$version" <<<"$gui_out" || fail "cartograph --version does not print $version"

# The SentencePiece module is found beside the installed binary (../lib/cartograph), not in the build
# tree: a tiny tokenizer.model is trained here and the dynamic loader says which file it opened.
head -c 200000 /usr/share/common-licenses/GPL-3 > "$work/corpus.txt"
spm_train --input="$work/corpus.txt" --model_prefix="$work/tokenizer" --vocab_size=200 --model_type=bpe \
  > "$work/spm_train.log" 2>&1 || { cat "$work/spm_train.log"; fail "spm_train failed"; }
if env -u CARTOGRAPH_SPM_MODULE LD_DEBUG=files LD_DEBUG_OUTPUT="$work/ld" \
     "$root/usr/bin/cartograph-cli" tokenize --model "$work/tokenizer.model" --text "the licence" > "$work/tok.out" 2>&1; then
  loaded=$(grep -h 'file=.*cartograph_spm' "$work"/ld.* | grep -o 'file=[^ ]*cartograph_spm[^ ]*' | sort -u || true)
  echo "spm module: $loaded"
  [ "$loaded" = "file=$root/usr/lib/cartograph/libcartograph_spm.so" ] || fail "the module was not loaded from the scratch root"
else
  cat "$work/tok.out"; fail "cartograph-cli tokenize with a SentencePiece model failed"
fi

step "desktop-file-validate"
desktop-file-validate "$root/usr/share/applications/$app.desktop" || fail "desktop-file-validate"

step "appstreamcli validate --no-net"
appstreamcli validate --no-net --explain "$root/usr/share/metainfo/$app.metainfo.xml" || fail "appstreamcli validate"

step "MIME: a session is recognised by content, without its .cartograph name"
mkdir -p "$work/mime/packages"
cp /usr/share/mime/packages/freedesktop.org.xml "$root/usr/share/mime/packages/$app.xml" "$work/mime/packages/"
update-mime-database "$work/mime" > /dev/null || fail "update-mime-database"  # (it notes the folder is not on XDG_DATA_DIRS)
app_id=$(grep -o 'kApplicationId = 0x[0-9A-Fa-f]*' "$src/core/store/schema.h" | grep -o '0x.*')
grep -q "value=\"$app_id\"" "$root/usr/share/mime/packages/$app.xml" || fail "the MIME magic is not $app_id"
sqlite3 "$work/session.bin" "PRAGMA application_id = $((app_id)); CREATE TABLE t(x);"
sqlite3 "$work/other.bin" "CREATE TABLE t(x);"
mime_of() { XDG_DATA_HOME=/nonexistent XDG_DATA_DIRS="$work" gio info -a standard::content-type "$1" | sed -n 's/.*content-type: //p'; }
echo "session: $(mime_of "$work/session.bin"); plain SQLite: $(mime_of "$work/other.bin")"
[ "$(mime_of "$work/session.bin")" = application/x-cartograph-session ] || fail "a session is not recognised by content"
[ "$(mime_of "$work/other.bin")" = application/vnd.sqlite3 ] || fail "a plain SQLite file is taken for a session"
grep -q 'MimeType=application/x-cartograph-session;' "$root/usr/share/applications/$app.desktop" || fail "the desktop file does not open sessions"

step "lintian (errors fail; warnings and notes listed)"
lintian_rc=0
lintian --display-info --tag-display-limit 0 "$deb" > "$work/lintian.out" 2>&1 || lintian_rc=$?
cat "$work/lintian.out"
grep -q '^E: ' "$work/lintian.out" && fail "lintian reports errors"
[ "$lintian_rc" -le 1 ] || fail "lintian itself failed (exit $lintian_rc)"

echo
if [ "$failures" -gt 0 ]; then echo "$failures check(s) failed"; exit 1; fi
echo "package checks passed: $(basename "$deb")"
