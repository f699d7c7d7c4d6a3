# tests/hostile puts script, event-handler, javascript:/data: URL, raw-HTML,
# Markdown-structure and formula payloads in every text field; the pages
# and briefings built from it must be inert (tests/hostile/check.py).
. "$TOP/tests/lib.sh"
out=$(tmpdir)
tool="$BUILD/tools/md_html"
check "$FLAVOUR/hostile/check" "$DUBAN" check -C "$TOP/tests/hostile"
if "$DUBAN" build -C "$TOP/tests/hostile" -o "$out/site" 2>"$out/err"; then
    pass "$FLAVOUR/hostile/build"
    check "$FLAVOUR/hostile/inert" "$PY" "$TOP/tests/hostile/check.py" "$out/site" "$tool"
    # the checker itself must notice a payload that got through
    cp -R "$out/site" "$out/planted"
    sed -i 's|</main>|<img src=x onerror=alert(1)></main>|' "$out/planted/index.html"
    printf '\n---\n<div>x</div>\n' >>"$out/planted/briefings/latest.md"
    if "$PY" "$TOP/tests/hostile/check.py" "$out/planted" "$tool" >"$out/planted.txt"; then
        fail "$FLAVOUR/hostile/checker-catches" "planted payloads went unnoticed"
    elif grep -q 'index.html: <img' "$out/planted.txt" && grep -q 'latest.md' "$out/planted.txt"; then
        pass "$FLAVOUR/hostile/checker-catches"
    else
        fail "$FLAVOUR/hostile/checker-catches" "$(cat "$out/planted.txt")"
    fi
else
    fail "$FLAVOUR/hostile/build" "$(cat "$out/err")"
fi
