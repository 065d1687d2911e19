#!/bin/sh
# xvfb-run.sh: run a command on a private Xvfb display inside its own D-Bus
# session bus (test-harness.md, section 3).
#
# Usage: tests/xvfb-run.sh COMMAND [ARGS...]
#
#   XVFB_SCREEN   screen geometry, default 1280x1024x24
#   XVFB_NO_DBUS  set to 1 to run COMMAND without dbus-run-session
#
# Xvfb picks a free display itself and writes its number to fd 3
# (-displayfd), so parallel runs never race for a display number and no
# xauth or lock-file guessing is needed.  The exit status is COMMAND's.
#
# SPDX-License-Identifier: GPL-3.0-or-later

if [ "$#" -eq 0 ]; then
  echo "usage: $0 COMMAND [ARGS...]" >&2
  exit 2
fi

tmpdir=$(mktemp -d "${TMPDIR:-/tmp}/xvfb-run.XXXXXX") || exit 2
xvfb_pid=

cleanup ()
{
  if [ -n "$xvfb_pid" ]; then
    kill "$xvfb_pid" 2>/dev/null
    wait "$xvfb_pid" 2>/dev/null
  fi
  rm -rf "$tmpdir"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

Xvfb -displayfd 3 -screen 0 "${XVFB_SCREEN:-1280x1024x24}" -nolisten tcp -noreset \
  3>"$tmpdir/display" >"$tmpdir/xvfb.log" 2>&1 &
xvfb_pid=$!

# Wait up to about 5 s for the display number.
display=
tries=0
while [ "$tries" -lt 50 ]; do
  display=$(cat "$tmpdir/display" 2>/dev/null)
  case "$display" in
    *[0-9]*) break ;;
  esac
  if ! kill -0 "$xvfb_pid" 2>/dev/null; then
    break
  fi
  tries=$((tries + 1))
  sleep 0.1
done

display=$(printf '%s' "$display" | tr -cd '0-9')
if [ -z "$display" ]; then
  echo "$0: Xvfb did not start; its log follows" >&2
  cat "$tmpdir/xvfb.log" >&2
  exit 1
fi

DISPLAY=":$display"
export DISPLAY
unset WAYLAND_DISPLAY

if [ "${XVFB_NO_DBUS:-0}" = 1 ]; then
  "$@"
else
  # The bus daemon and the services it activates (the AT-SPI registry prints
  # a banner) inherit dbus-run-session's stdout.  Send that to stderr and give
  # COMMAND the real stdout back on fd 4, so a TAP stream stays clean.
  exec 4>&1
  dbus-run-session -- sh -c 'exec 1>&4 4>&-; exec "$@"' xvfb-run.sh "$@" 1>&2
fi
