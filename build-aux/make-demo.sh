#!/bin/sh
# make-demo.sh: regenerate data/demo/demo-practice.xml, the demo practice
#
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The demo practice is generated (src/exchange/marrow-generator*.c, seed 1,
# data up to a fixed date) into a scratch database and exported as a Marrow
# archive.  Run from a built tree:  build-aux/make-demo.sh [BUILD_DIR]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
cli=$build/src/cli/marrow-cli
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT

"$cli" generate "$scratch/demo.db" --demo --seed 1 --today 2026-11-01
"$cli" check "$scratch/demo.db"
mkdir -p "$top/data/demo"
"$cli" export "$scratch/demo.db" -o "$top/data/demo/demo-practice.xml"
echo "wrote $top/data/demo/demo-practice.xml"
