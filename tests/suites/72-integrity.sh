# Output integrity: a failed, killed or interrupted build leaves the
# published output exactly as it was; builds of one output are serialised;
# unchanged files keep their mtime; files without a source disappear;
# top-level dot files stay; -o never replaces a link, a file or a folder
# of other files. INTEGRITY_ONLY=data (or site, xlsx) limits the builds to
# one part, for looking into a failure.
. "$TOP/tests/lib.sh"
t=$(tmpdir)
ONLY=(${INTEGRITY_ONLY:+--only "$INTEGRITY_ONLY"})
BASE=$TOP/tests/bad/_base

# snap DIR: every path with its type, size, mtime, mode and inode, then
# every file's checksum. Two equal snaps mean nothing was touched.
snap() {
    (cd "$1" && find . -printf '%P|%y|%s|%T@|%m|%i\n' | LC_ALL=C sort &&
        find . -type f -exec sha256sum {} + | LC_ALL=C sort -k2)
}
# sums DIR: the checksums alone (same bytes, whatever the mtimes).
sums() { (cd "$1" && find . -type f -exec sha256sum {} + | LC_ALL=C sort -k2); }
stale() { ls -d "$1"/.*.staging.* 2>/dev/null; }

site=$t/site
cp -R "$BASE" "$site"
out=$t/out
mkdir -p "$out" && : >"$out/.gitkeep"
"$DUBAN" build "${ONLY[@]}" -C "$site" -o "$out" -q 2>"$t/err"
check "$FLAVOUR/integrity/first-build" test -s "$out/data/plans.json"
check "$FLAVOUR/integrity/gitkeep-kept" test -f "$out/.gitkeep"
snap "$out" >"$t/before"

# A content error: exit 1 and not one byte, mtime or inode changes.
cp -R "$site" "$t/broken"
printf 'entries:\n  - date: 2023-02-29\n    item: base/1.1\n    summary: x\n' >"$t/broken/content/progress/bad.yaml"
"$DUBAN" build "${ONLY[@]}" -C "$t/broken" -o "$out" -q 2>"$t/err"
rc=$?
snap "$out" >"$t/after"
if [ $rc -eq 1 ] && cmp -s "$t/before" "$t/after" && [ -z "$(stale "$t")" ]; then
    pass "$FLAVOUR/integrity/failed-build-untouched"
else
    fail "$FLAVOUR/integrity/failed-build-untouched" "exit $rc; $(diff "$t/before" "$t/after" | head -5) $(stale "$t")"
fi

# Rebuilding the same content keeps every file's mtime (and inode).
find "$out" -type f -exec touch -h -d @1000000000 {} +
snap "$out" >"$t/before"
"$DUBAN" build "${ONLY[@]}" -C "$site" -o "$out" -q 2>"$t/err"
rc=$?
(cd "$out" && find . -type f -printf '%P %T@ %i\n' | LC_ALL=C sort) >"$t/m1"
if [ $rc -eq 0 ] && ! grep -qv ' 1000000000.0000000000 ' "$t/m1"; then
    pass "$FLAVOUR/integrity/unchanged-keep-mtime"
else
    fail "$FLAVOUR/integrity/unchanged-keep-mtime" "exit $rc; $(grep -v ' 1000000000.0000000000 ' "$t/m1" | head -5)"
fi

# A changed entry changes some files (new mtime) and leaves the others.
sed -i 's/重点产业项目集中签约15个。/重点产业项目集中签约16个。/' "$site/content/progress/base.yaml"
"$DUBAN" build "${ONLY[@]}" -C "$site" -o "$out" -q 2>"$t/err"
(cd "$out" && find . -type f -printf '%P %T@\n' | LC_ALL=C sort) >"$t/m2"
kept=$(grep -c ' 1000000000.0000000000$' "$t/m2")
changed=$(grep -vc ' 1000000000.0000000000$' "$t/m2")
if [ "$kept" -gt 0 ] && [ "$changed" -gt 0 ] && grep -q '签约16个' "$out/data/progress.json"; then
    pass "$FLAVOUR/integrity/changed-files-only"
else
    fail "$FLAVOUR/integrity/changed-files-only" "kept $kept, changed $changed"
fi

# A plan removed from content/ leaves nothing behind, nor does a stray file.
cp "$site/content/plans/base.yaml" "$site/content/plans/gone.yaml"
sed -i 's/^id: base$/id: gone/' "$site/content/plans/gone.yaml"
"$DUBAN" build "${ONLY[@]}" -C "$site" -o "$out" -q 2>"$t/err"
check "$FLAVOUR/integrity/extra-plan-built" grep -q '"gone"' "$out/data/plans.json"
rm "$site/content/plans/gone.yaml"
mkdir -p "$out/plans" && echo stale >"$out/plans/stale.html"
"$DUBAN" build "${ONLY[@]}" -C "$site" -o "$out" -q 2>"$t/err"
left=$(cd "$out" && { find . -path '*gone*'; grep -rl '"gone"' . ; find . -name stale.html; })
if [ -z "$left" ]; then pass "$FLAVOUR/integrity/removed-sources-removed"
else fail "$FLAVOUR/integrity/removed-sources-removed" "$left"; fi
check "$FLAVOUR/integrity/gitkeep-survives" test -f "$out/.gitkeep"

# -o a symbolic link, a file, or a folder of other files: exit 2, no damage.
mkdir -p "$t/real" && echo keep >"$t/real/index.html"
ln -s real "$t/link"
"$DUBAN" build "${ONLY[@]}" -C "$site" -o "$t/link" -q 2>"$t/err"
rc=$?
if [ $rc -eq 2 ] && [ -L "$t/link" ] && [ "$(cat "$t/real/index.html")" = keep ] &&
    grep -q 'symbolic link' "$t/err"; then
    pass "$FLAVOUR/integrity/output-symlink-refused"
else
    fail "$FLAVOUR/integrity/output-symlink-refused" "exit $rc: $(cat "$t/err")"
fi
echo data >"$t/afile"
"$DUBAN" build "${ONLY[@]}" -C "$site" -o "$t/afile" -q 2>"$t/err"
rc=$?
if [ $rc -eq 2 ] && [ "$(cat "$t/afile")" = data ] && grep -q 'not a folder' "$t/err"; then
    pass "$FLAVOUR/integrity/output-file-refused"
else
    fail "$FLAVOUR/integrity/output-file-refused" "exit $rc: $(cat "$t/err")"
fi
snap "$t/real" >"$t/before"
"$DUBAN" build "${ONLY[@]}" -C "$site" -o "$t/real" -q 2>"$t/err"
rc=$?
snap "$t/real" >"$t/after"
if [ $rc -eq 2 ] && cmp -s "$t/before" "$t/after" && grep -q 'did not write' "$t/err"; then
    pass "$FLAVOUR/integrity/output-foreign-folder-refused"
else
    fail "$FLAVOUR/integrity/output-foreign-folder-refused" "exit $rc: $(cat "$t/err")"
fi
# -o the site root itself: the content must survive
snap "$site" >"$t/before"
"$DUBAN" build "${ONLY[@]}" -C "$site" -o "$site" -q 2>"$t/err"
rc=$?
snap "$site" >"$t/after"
if [ $rc -eq 2 ] && cmp -s "$t/before" "$t/after"; then pass "$FLAVOUR/integrity/output-site-root-refused"
else fail "$FLAVOUR/integrity/output-site-root-refused" "exit $rc: $(cat "$t/err")"; fi

# Killed and interrupted builds, on a corpus big enough to take a while:
# the signal comes once the staging folder holds 100 files. The output must
# then be the previous one exactly, or (when the build won the race) the
# complete new one; the next build must succeed and clear the leftovers.
# Each attempt builds a new reporting date, so old and new always differ.
# gen_corpus ROOT PLANS ITEMS ENTRIES: a valid site of generated plans
gen_corpus() {
    "$PY" - "$@" <<'PY'
import sys, os
root, nplans, nitems, nentries = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
os.makedirs(root + '/content/plans', exist_ok=True)
os.makedirs(root + '/content/progress', exist_ok=True)
open(root + '/content/site.yaml', 'w').write('title: 压力测试\nas_of: 2025-06-30\n')
open(root + '/content/units.yaml', 'w').write('units:\n' + ''.join(
    '  - {id: u%d, name: 单位%d, region: 上海市}\n' % (i, i) for i in range(50)))
for p in range(nplans):
    out = ['id: p%d\ntitle: 方案%d\nkind: 实施方案\nissuers: [上海市人民政府]\n'
           'period: {start: 2023-01-01, end: 2025-12-31}\nitems:\n' % (p, p)]
    for i in range(nitems):
        out.append('  - {id: "%d", number: "%d.", title: 任务%d, body: 正文%d, units: [单位%d]}\n' % (i, i, i, i, (p + i) % 50))
    open(root + '/content/plans/p%d.yaml' % p, 'w').write(''.join(out))
out = ['entries:\n']
for e in range(nentries):
    p, i = e % nplans, e % nitems
    out.append('  - {date: 2024-%02d-%02d, item: p%d/%d, status: 推进中, percent: %d, summary: 进展%d}\n'
               % (1 + e % 12, 1 + e % 28, p, i, e % 100, e))
open(root + '/content/progress/all.yaml', 'w').write(''.join(out))
PY
}
big=$t/big
gen_corpus "$big" 20 30 3000
bout=$t/bout
"$DUBAN" build "${ONLY[@]}" -C "$big" -o "$bout" -q 2>"$t/err" || fail "$FLAVOUR/integrity/big-build" "$(cat "$t/err")"
day=10
for sig in KILL TERM INT HUP; do
    name=$FLAVOUR/integrity/interrupted-$sig
    verdict=
    for attempt in 1 2 3 4 5; do
        asof=2025-03-$day
        day=$((day + 1))
        snap "$bout" >"$t/before"
        set -m # a background job of a script ignores SIGINT otherwise
        "$DUBAN" build "${ONLY[@]}" -C "$big" -o "$bout" --as-of $asof -q 2>"$t/err" &
        pid=$!
        set +m
        # wait until the staging folder holds 100 files: rendering is under way
        for _ in $(seq 4000); do
            st=$(stale "$t" | head -n 1)
            [ -n "$st" ] && [ "$(find "$st" -type f 2>/dev/null | head -n 100 | wc -l)" -ge 100 ] && break
            kill -0 $pid 2>/dev/null || break
            sleep 0.005
        done
        kill -s $sig $pid 2>/dev/null
        wait $pid 2>/dev/null
        rc=$?
        snap "$bout" >"$t/after"
        sums "$bout" >"$t/killed"
        # the next build of the same content must succeed and clean up
        "$DUBAN" build "${ONLY[@]}" -C "$big" -o "$bout" --as-of $asof -q 2>"$t/err2"
        rc2=$?
        if [ $rc2 -ne 0 ] || [ -n "$(stale "$t")" ] || ! grep -q "$asof" "$bout/data/site.json"; then
            verdict="rebuild after SIG$sig: exit $rc2, leftovers: $(stale "$t") $(head -n 3 "$t/err2")"
            break
        fi
        if [ $rc -ne 0 ] && cmp -s "$t/before" "$t/after"; then
            verdict=ok # caught mid-way, and the output is untouched
            break
        elif [ $rc -eq 0 ] || [ "$(sums "$bout")" = "$(cat "$t/killed")" ]; then
            continue # the build had finished its swap: complete and new; again
        else
            verdict="output damaged by SIG$sig (exit $rc): $(diff "$t/before" "$t/after" | head -n 5)"
            break
        fi
    done
    case $verdict in
    ok) pass "$name" && echo "integrity: SIG$sig came mid-build on attempt $attempt" >&2 ;;
    "") fail "$name" "never caught the build mid-way in 5 attempts" ;;
    *) fail "$name" "$verdict" ;;
    esac
done

# Two builds of one output at once: serialised by the lock, both succeed,
# and the result is what one build makes.
rm -rf "$t/two" "$t/one"
"$DUBAN" build "${ONLY[@]}" -C "$big" -o "$t/one" -q 2>"$t/err"
"$DUBAN" build "${ONLY[@]}" -C "$big" -o "$t/two" -q 2>"$t/err1" &
p1=$!
"$DUBAN" build "${ONLY[@]}" -C "$big" -o "$t/two" -q 2>"$t/err2" &
p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
if [ $r1 -eq 0 ] && [ $r2 -eq 0 ] && [ "$(sums "$t/one")" = "$(sums "$t/two")" ] && [ -z "$(stale "$t")" ]; then
    pass "$FLAVOUR/integrity/concurrent-builds"
else
    fail "$FLAVOUR/integrity/concurrent-builds" "exits $r1 $r2; $(cat "$t/err1" "$t/err2" | head -5)"
fi
