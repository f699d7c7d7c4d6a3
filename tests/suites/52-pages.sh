# Every page of the default content (and of the hostile fixture) validates
# with the W3C Nu HTML Checker (zero errors), and headless Chromium screenshots of the home page, a plan
# page, a unit page and a briefing land in $ARTIFACTS and are not blank.
# The sanitizer build writes the same bytes, so this runs once (rel).
. "$TOP/tests/lib.sh"
[ "$FLAVOUR" = san ] && exit 0
out=$(tmpdir)
if ! "$DUBAN" build -C "$TOP" -o "$out/site" --only site 2>"$out/err" ||
    ! "$DUBAN" build -C "$TOP/tests/hostile" -o "$out/hostile" --only site 2>>"$out/err"; then
    fail "$FLAVOUR/pages/build" "$(cat "$out/err")"
    exit 0
fi
pass "$FLAVOUR/pages/build"

vnu="$TOP/tests/node_modules/vnu-jar/build/dist/vnu.jar"
if [ -f "$vnu" ] && command -v java >/dev/null 2>&1; then
    # one run over every page (the default content and the hostile
    # fixture): the checker's start-up dominates
    if java -jar "$vnu" --errors-only --skip-non-html "$out/site" "$out/hostile" >"$out/vnu.txt" 2>&1; then
        pass "$FLAVOUR/pages/vnu"
    else
        fail "$FLAVOUR/pages/vnu" "$(sed "s|file:$out/||" "$out/vnu.txt" | head -30)"
    fi
else
    echo "vnu.jar or java missing; HTML validation skipped" >&2
fi

if ! command -v chromium >/dev/null 2>&1; then
    echo "chromium missing; screenshots skipped" >&2
    exit 0
fi
plan=$(cd "$out/site" && ls plans/*.html | head -1)
unit=$(cd "$out/site" && ls -S units/*.html | head -1)
mkdir -p "$ARTIFACTS"
for page in index.html "$plan" "$unit" briefings/latest.html; do
    name=$(printf '%s' "${page%.html}" | tr '/' '-')
    png="$ARTIFACTS/site-$name.png"
    rm -f "$png"
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$(tmpdir)" --hide-scrollbars --screenshot="$png" \
        --window-size=1280,2000 "file://$out/site/$page" >/dev/null 2>&1
    check "$FLAVOUR/pages/screenshot-$name" "$PY" "$TOP/tests/site/png_check.py" "$png"
done
