#!/bin/sh
# build-aux/marrow.sh: the two README commands.
#
#   build-aux/marrow.sh run    install what is missing, build, launch Marrow
#   build-aux/marrow.sh test   install what is missing, build, run every test
#                              (display tests under Xvfb, unit tests again
#                              under AddressSanitizer + UBSan) and print
#                              "N passed, N failed" as the last line
#
# Works on a fresh Debian 12 as root, or as a user with sudo.  Re-running is
# fast: packages are only installed when dpkg says one is missing, meson
# setup runs once per build directory, and ninja rebuilds what changed.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

# Packages to build and run Marrow
run_packages="meson ninja-build pkg-config gcc libc6-dev gettext
  libglib2.0-dev libglib2.0-bin libgtk-4-dev libadwaita-1-dev
  libsqlite3-dev libxml2-dev libjson-glib-dev
  desktop-file-utils appstream"
# ...and to test it: Xvfb for display tests, dbus-x11 so no systemd is pulled in
# (test-harness pitfall P1), at-spi2-core and pyatspi for end-to-end tests
test_packages="xvfb dbus-x11 at-spi2-core python3-pyatspi poppler-utils"

say () { printf '%s\n' "marrow: $*" >&2; }

install_missing () {
  missing=""
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
      missing="$missing $p"
    fi
  done
  [ -z "$missing" ] && return 0

  say "installing:$missing"
  if [ "$(id -u)" -eq 0 ]; then
    sudo=""
  elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
  else
    say "these Debian packages are missing and you are neither root nor have sudo:$missing"
    exit 2
  fi
  # shellcheck disable=SC2086
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  # shellcheck disable=SC2086
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
}

setup_build () {
  dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@"
  fi
  ninja -C "$dir"
}

case "${1:-}" in
  run)
    shift
    # shellcheck disable=SC2086
    install_missing $run_packages
    setup_build build
    if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
      say "no display to show the window on (DISPLAY and WAYLAND_DISPLAY are unset)"
      exit 2
    fi
    # Run uninstalled: the schema is compiled into build/data, the
    # translations into build/po/LANG/LC_MESSAGES (po/README).
    GSETTINGS_SCHEMA_DIR="$top/build/data" MARROW_LOCALEDIR="$top/build/po" \
      exec "$top/build/src/gui/marrow" "$@"
    ;;

  test)
    # shellcheck disable=SC2086
    install_missing $run_packages $test_packages
    setup_build build
    # The same code with AddressSanitizer and UBSan; display tests stay in
    # the plain build (Xvfb, GTK and fontconfig are not leak-clean).
    setup_build build-asan -Db_sanitize=address,undefined -Db_lundef=false \
      -Ddisplay_tests=false -Dbuildtype=debug
    status=0
    meson test -C build --print-errorlogs --num-processes 2 || status=1
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:halt_on_error=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
      meson test -C build-asan --suite unit --print-errorlogs --num-processes 2 || status=1
    /usr/bin/python3 "$top/build-aux/test-summary.py" \
      build/meson-logs/testlog.json build-asan/meson-logs/testlog.json || status=1
    exit $status
    ;;

  *)
    echo "usage: $0 run [--database PATH] | test" >&2
    exit 2
    ;;
esac
