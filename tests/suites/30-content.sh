# The default content: `duban check --strict` is clean, and the built data
# still holds every item, unit list and body the source documents print.
. "$TOP/tests/lib.sh"
check "$FLAVOUR/content/check-strict" "$DUBAN" check -C "$TOP" --strict
out=$(tmpdir)
if "$DUBAN" build -C "$TOP" -o "$out/site" --only data 2>"$out/err"; then
    pass "$FLAVOUR/content/build-data"
    "$PY" "$TOP/tests/content/check.py" "$out/site/data" "$TOP/tests/content" | while read -r st name rest; do
        case "$st" in
        pass) pass "$FLAVOUR/$name" ;;
        fail) fail "$FLAVOUR/${name%:}" "$rest" ;;
        esac
    done
else
    fail "$FLAVOUR/content/build-data" "$(cat "$out/err")"
fi
