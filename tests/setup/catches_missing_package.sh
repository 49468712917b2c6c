#!/bin/bash
# Takes python3-pyproj (which the reference implementation imports) out of a copy of
# scripts/setup and expects scripts/check-python-deps to fail, naming the module and package.
set -u
root=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
sed 's/ python3-pyproj\b//' "$root/scripts/setup" > "$work/setup"
chmod +x "$work/setup"
if grep -q python3-pyproj "$work/setup"; then
    echo "FAIL: could not remove python3-pyproj from the copy of scripts/setup"
    exit 1
fi
if "$root/scripts/check-python-deps" --setup "$work/setup" > "$work/out" 2>&1; then
    echo "FAIL: check-python-deps passed with python3-pyproj removed from scripts/setup:"
    cat "$work/out"
    exit 1
fi
if ! grep -q "import pyproj: comes from Debian package python3-pyproj" "$work/out"; then
    echo "FAIL: the failure does not name pyproj and python3-pyproj:"
    cat "$work/out"
    exit 1
fi
echo "ok: $(grep -c '^error:' "$work/out") problem(s) reported without python3-pyproj"
