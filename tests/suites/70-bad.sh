# Bad input: every case under tests/bad/ is a site root (its content/ laid
# over tests/bad/_base/ unless it has a file `no-base`) that duban must
# reject or accept with exactly the diagnostics in `expected` (a line
# "..." stands for any lines) and the exit code in `exit`. Optional files:
#   args     the command and options (default: check); build gets -o TMP
#   setup    a bash script run inside the copied site root before duban
#            (huge files, FIFOs and symlinks are made there, not committed)
#   pending  the case waits for a feature; a mismatch is reported as
#            skipped, not failed
#   verify   a bash script run in the site root after duban (OUT names the
#            output folder of a build); it fails the case by failing
#   about    what the case is about, when its name does not say it all
# Beyond the expected lines, no case may crash (exit >= 128), hang (10 s),
# trip a sanitizer, or name a content file without line:col unless the
# problem concerns the whole file.
. "$TOP/tests/lib.sh"
BAD=$TOP/tests/bad
work=$(tmpdir)

# Problems about a whole file, which have no position by design.
fileonly='(template is [0-9]+ bytes|not a regular file|file is larger than|is a directory|symbolic link|cannot open|cannot read|file is empty|missing:|folders nested deeper|should be a folder)'

# check_positions FILE: prints the offending lines, fails when there are any.
check_positions() {
    local bad
    bad=$(grep -E '^(content|layouts|themes)/' "$1" |
        grep -Ev '^[^:]+:[0-9]+:[0-9]+: (error|warning|note): ' |
        grep -Ev "^[^:]+: (error|warning|note): $fileonly")
    [ -z "$bad" ] || { printf '%s\n' "$bad"; return 1; }
}

# expect_lines EXPECTED ACTUAL: the diagnostics (every line but the
# summary) are exactly the expected lines; a line "..." in EXPECTED stands
# for any number of lines (consequences of the first error, say).
expect_lines() {
    "$PY" - "$1" "$2" <<'PY'
import re, sys
want = [l for l in open(sys.argv[1], encoding='utf-8', errors='replace').read().splitlines() if l]
got = [l for l in open(sys.argv[2], encoding='utf-8', errors='replace').read().splitlines()
       if not re.fullmatch(r'\d+ errors?, \d+ warnings?', l)]
pat = ''.join('(?:.*\n)*?' if w == '...' else re.escape(w) + '\n' for w in want)
if not re.fullmatch(pat, ''.join(l + '\n' for l in got)):
    print('expected:\n  ' + '\n  '.join(want) + '\ngot:\n  ' + '\n  '.join(got[:12]))
    sys.exit(1)
PY
}

run_case() {
    local case=$1 name root out rc want why=
    name=$(basename "$case")
    root=$work/$name
    mkdir -p "$root"
    [ -e "$case/no-base" ] || cp -R "$BAD/_base/." "$root/"
    [ -d "$case/content" ] && cp -R "$case/content" "$root/"
    [ -d "$case/layouts" ] && cp -R "$case/layouts" "$root/"
    [ -d "$case/themes" ] && cp -R "$case/themes" "$root/"
    if [ -f "$case/setup" ]; then
        (cd "$root" && bash "$case/setup") >"$work/$name.setup" 2>&1 ||
            { fail "$FLAVOUR/bad/$name" "setup failed: $(cat "$work/$name.setup")"; return; }
    fi
    local args=(check)
    [ -f "$case/args" ] && read -r -a args <"$case/args"
    [ "${args[0]}" = build ] && args+=(-o "$work/$name.out")
    out=$work/$name.err
    (cd "$root" && timeout 10 "$DUBAN" "${args[@]}" -C "$root") >/dev/null 2>"$out"
    rc=$?
    # files of the site root are shown relative to it (as content/ files
    # are); a message naming the root itself shows ROOT
    sed -i "s#$root/##g; s#$root#ROOT#g" "$out"
    want=$(cat "$case/exit")
    if [ $rc -eq 124 ]; then why="timed out (10 s)"
    elif [ $rc -ge 128 ]; then why="crashed (exit $rc)"
    elif grep -qE 'AddressSanitizer|LeakSanitizer|runtime error:' "$out"; then why="sanitizer report"
    elif [ "$rc" != "$want" ]; then why="exit $rc, expected $want"
    elif ! m=$(expect_lines "$case/expected" "$out"); then why=$m
    elif ! m=$(check_positions "$out"); then why="diagnostic without a position: $m"
    elif [ -f "$case/verify" ] && ! m=$(cd "$root" && OUT=$work/$name.out bash "$case/verify" 2>&1); then
        why="verify: $m"
    fi
    if [ -z "$why" ]; then
        pass "$FLAVOUR/bad/$name"
    elif [ -f "$case/pending" ]; then
        echo "bad/$name: pending ($(head -n 1 "$case/pending")): $why" >&2
    else
        fail "$FLAVOUR/bad/$name" "$why
$(head -n 20 "$out")"
    fi
}

n=0
for case in "$BAD"/*/; do
    case=${case%/}
    [ "$(basename "$case")" = _base ] && continue
    [ -f "$case/exit" ] || { fail "$FLAVOUR/bad/$(basename "$case")" "no exit file"; continue; }
    run_case "$case"
    n=$((n + 1))
done
[ $n -ge 60 ] && pass "$FLAVOUR/bad/count" || fail "$FLAVOUR/bad/count" "only $n cases (want at least 60)"

# Every named limit of the loader, the content walk and the template
# engine is documented in docs/limits.md.
undoc=
for name in $(grep -ohE '#define DU_(YAML|TPL|CONTENT|THEME|YEAR)_[A-Z_]+' \
    "$TOP"/src/yamltree.h "$TOP"/src/mustache.h "$TOP"/src/content.c "$TOP"/src/theme.c "$TOP"/src/load.c |
    sed 's/#define //' | grep -v '_H$' | sort -u); do
    grep -q "\`$name\`" "$TOP/docs/limits.md" || undoc="$undoc $name"
done
if [ -z "$undoc" ]; then pass "$FLAVOUR/bad/limits-documented"
else fail "$FLAVOUR/bad/limits-documented" "not in docs/limits.md:$undoc"; fi
