#!/usr/bin/env bash
# Installs every Debian 12 package Cartograph needs to build, test and run.
# Idempotent: packages already present are skipped; runs as root or through sudo.
#   packaging/install-deps.sh            everything (GUI included)
#   packaging/install-deps.sh --no-gui   core, CLI and core tests only (no Qt)
set -euo pipefail

gui=1
for arg in "$@"; do
  case "$arg" in
    --no-gui) gui=0 ;;
    -h|--help) sed -n '2,5p' "$0"; exit 0 ;;
    *) echo "error: unknown option $arg" >&2; exit 2 ;;
  esac
done

core_pkgs=(
  build-essential cmake ninja-build pkg-config git
  libtorch-dev libopenblas0-pthread     # LibTorch; OpenBLAS gives ~25x the reference BLAS
  python3-torch python3-numpy           # the PyTorch peer used by the benchmark and reference checks
  libsqlite3-dev nlohmann-json3-dev libpcre2-dev libicu-dev libsentencepiece-dev sentencepiece libcli11-dev
  libssl-dev                            # libcrypto: SHA-256 of weight files with the CPU's SHA instructions
  ccache                                # optional: speeds up rebuilds when present
  libgtest-dev libgmock-dev libbenchmark-dev
  fortunes fortunes-min                 # the demo's territory
  dpkg-dev file lintian sqlite3 libglib2.0-bin  # the .deb: cpack's dpkg-shlibdeps; the package test's checks (gio: MIME)
  clang-16 libclang-rt-16-dev           # tests/fuzz (libFuzzer, ASan, UBSan); Debian's default clang 14 lacks std::expected
  slurm-wlm munge                       # tests/cluster: a single-node Slurm cluster for the sharded runs' test
)
gui_pkgs=(
  qt6-base-dev qt6-charts-dev libqt6opengl6-dev libxkbcommon-dev libvulkan-dev libgl-dev
  qt6-svg-dev libqt6svg6 qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
  qt6-qpa-plugins xvfb xauth
  librsvg2-bin                          # rsvg-convert renders the icon's PNG sizes at build time
  desktop-file-utils appstream shared-mime-info  # the package test validates the desktop, metainfo and MIME files
  poppler-utils chromium                # the export tests: pdftoppm renders exported PDFs, chromium screenshots the HTML report
)

pkgs=("${core_pkgs[@]}")
[ "$gui" = 1 ] && pkgs+=("${gui_pkgs[@]}")

missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#pkgs[@]} packages present" >&2
  exit 0
fi

sudo=""
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "error: run as root or install sudo (missing: ${missing[*]})" >&2; exit 1; }
  sudo=sudo
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
