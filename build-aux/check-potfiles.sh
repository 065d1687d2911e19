#!/bin/sh
# check-potfiles.sh: every source file with translatable strings must be
# listed in po/POTFILES.in, and every listed file must exist.
#
# Usage: check-potfiles.sh [SOURCE_ROOT]
#
# SPDX-License-Identifier: GPL-3.0-or-later

srcdir=${1:-$(dirname "$0")/..}
cd "$srcdir" || exit 2

potfiles=po/POTFILES.in
if [ ! -f "$potfiles" ]; then
  echo "missing $potfiles" >&2
  exit 1
fi

listed=$(mktemp) || exit 2
trap 'rm -f "$listed"' EXIT
sed -e 's/#.*//' -e 's/[[:space:]]*$//' -e '/^$/d' "$potfiles" | sort -u > "$listed"

status=0

# Files with translatable strings that POTFILES.in does not list.
for file in $(find src ui -type f \( -name '*.c' -o -name '*.ui' \) 2>/dev/null | sort); do
  case "$file" in
    *.c) grep -q -E '(^|[^A-Za-z0-9_])(N|C|NC)?_\(' "$file" || continue ;;
    *.ui) grep -q 'translatable="yes"' "$file" || continue ;;
  esac
  if ! grep -qxF "$file" "$listed"; then
    echo "not in $potfiles: $file" >&2
    status=1
  fi
done

# Entries that do not exist.
while IFS= read -r entry; do
  if [ ! -f "$entry" ]; then
    echo "listed in $potfiles but missing: $entry" >&2
    status=1
  fi
done < "$listed"

# The list must stay sorted.
if ! sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$potfiles" | LC_ALL=C sort -c 2>/dev/null; then
  echo "$potfiles is not sorted (LC_ALL=C sort)" >&2
  status=1
fi

if [ "$status" -eq 0 ]; then
  echo "$potfiles is complete"
fi
exit "$status"
