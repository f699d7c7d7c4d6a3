# Incremental builds: a rebuild with no change writes nothing; after a change
# in one progress file only the outputs that depend on it get new files, and
# the tree is byte-identical to a clean build of the changed content.
. "$TOP/tests/lib.sh"
t=$(tmpdir)
cp -r "$TOP/content" "$t/content"
"$DUBAN" build -C "$t" -o "$t/out" 2>"$t/err" || { fail "$FLAVOUR/incremental/first" "$(cat "$t/err")"; exit 0; }
snap() { (cd "$1" && find . -type f -printf '%p %i %T@\n' | sort); }
snap "$t/out" >"$t/before"

# 1. nothing changed: nothing written, the staging folder is gone
"$DUBAN" build -C "$t" -o "$t/out" 2>"$t/err"
snap "$t/out" >"$t/after"
if cmp -s "$t/before" "$t/after"; then pass "$FLAVOUR/incremental/no-change-writes-nothing"
else fail "$FLAVOUR/incremental/no-change-writes-nothing" "$(diff "$t/before" "$t/after" | head -5)"; fi
if ls -a "$t" | grep -q '^\.out\.staging'; then fail "$FLAVOUR/incremental/no-staging-left" "staging folder left"
else pass "$FLAVOUR/incremental/no-staging-left"; fi

# 2. one progress file changes: a new entry on one task
cat >>"$t/content/progress/luan-2023.yaml" <<'YAML'
  - date: 2025-06-20
    item: luan-2023/2.1.1
    status: 推进中
    percent: 35
    summary: |
      增量构建测试条目。
YAML
"$DUBAN" build -C "$t" -o "$t/out" 2>"$t/err" || fail "$FLAVOUR/incremental/rebuild" "$(cat "$t/err")"
"$DUBAN" build -C "$t" -o "$t/clean" 2>"$t/err2" || fail "$FLAVOUR/incremental/clean" "$(cat "$t/err2")"
if diff -r "$t/out" "$t/clean" >"$t/diff" 2>&1; then pass "$FLAVOUR/incremental/identical-to-clean"
else fail "$FLAVOUR/incremental/identical-to-clean" "$(head -5 "$t/diff")"; fi
snap "$t/out" >"$t/after2"
# files of other plans keep inode and mtime; the changed plan's pages do not
kept=$(join <(sort "$t/before") <(sort "$t/after2") | awk '$2==$4 && $3==$5' | wc -l)
total=$(wc -l <"$t/before")
changed_luan=$(join <(sort "$t/before") <(sort "$t/after2") | awk '$2!=$4' | grep -c 'luan-2023' || true)
kept_other=$(join <(sort "$t/before") <(sort "$t/after2") | grep './plans/sanming-2023/' | awk '$2==$4' | wc -l)
all_other=$(grep -c './plans/sanming-2023/' "$t/before")
if [ "$changed_luan" -gt 0 ] && [ "$kept_other" -eq "$all_other" ] && [ "$kept" -lt "$total" ] && [ "$kept" -gt 0 ]; then
    pass "$FLAVOUR/incremental/only-dependents-rewritten"
else
    fail "$FLAVOUR/incremental/only-dependents-rewritten" "kept $kept of $total; luan changed $changed_luan; sanming kept $kept_other of $all_other"
fi
# the manifest records every file with its hash and what it depends on
n_manifest=$(grep -cE '^[0-9a-f]{16} [0-9]+ ' "$t/out/.duban-manifest")
n_files=$(cd "$t/out" && find . -type f ! -name '.*' | wc -l)
if [ "$n_manifest" -eq "$n_files" ]; then pass "$FLAVOUR/incremental/manifest-lists-every-file"
else fail "$FLAVOUR/incremental/manifest-lists-every-file" "manifest $n_manifest, files $n_files"; fi
dep_of() { awk -v f="$1" '$5 == f { print $4 }' "$t/out/.duban-manifest"; }
deps_ok=1
[ "$(dep_of plans/luan-2023/2.1.1.html)" = luan-2023 ] || deps_ok=0
[ "$(dep_of plans/sanming-2023.html)" = sanming-2023 ] || deps_ok=0
[ "$(dep_of xlsx/luan-2023.xlsx)" = luan-2023 ] || deps_ok=0
[ "$(dep_of index.html)" = '*' ] || deps_ok=0
[ "$(dep_of xlsx/all.xlsx)" = '*' ] || deps_ok=0
[ "$(dep_of static/duban.css)" = - ] || deps_ok=0
grep -q '^global [0-9a-f]\{16\}$' "$t/out/.duban-manifest" || deps_ok=0
[ "$(grep -c '^key [0-9a-f]\{16\} ' "$t/out/.duban-manifest")" -eq 5 ] || deps_ok=0
if [ $deps_ok = 1 ]; then pass "$FLAVOUR/incremental/manifest-records-dependencies"
else fail "$FLAVOUR/incremental/manifest-records-dependencies" "$(grep -E ' (index.html|static/duban.css|plans/luan-2023/2.1.1.html)$' "$t/out/.duban-manifest")"; fi

# 3. another progress change: only its dependents are rendered, the others
#    are taken from the previous output without rendering
sed -i 's/增量构建测试条目。/增量构建测试条目（修订）。/' "$t/content/progress/luan-2023.yaml"
"$DUBAN" build -v -C "$t" -o "$t/out" 2>"$t/err" || fail "$FLAVOUR/incremental/rebuild-2" "$(cat "$t/err")"
read -r files kept rendered <<<"$(sed -n 's/^duban: \([0-9]*\) files: \([0-9]*\) kept .*, \([0-9]*\) rendered.*/\1 \2 \3/p' "$t/err")"
if [ -n "${files:-}" ] && [ "$kept" -gt 0 ] && [ "$rendered" -gt 0 ] && [ $((rendered * 3)) -lt "$files" ]; then
    pass "$FLAVOUR/incremental/only-dependents-rendered"
else
    fail "$FLAVOUR/incremental/only-dependents-rendered" "$(cat "$t/err")"
fi
rm -rf "$t/clean"
"$DUBAN" build -C "$t" -o "$t/clean" 2>/dev/null
if diff -r "$t/out" "$t/clean" >"$t/diff" 2>&1; then pass "$FLAVOUR/incremental/identical-to-clean-2"
else fail "$FLAVOUR/incremental/identical-to-clean-2" "$(head -5 "$t/diff")"; fi

# 4. a change outside the progress files (site.yaml) renders everything
sed -i 's/^stale_days: .*$//' "$t/content/site.yaml"
printf 'stale_days: 200\n' >>"$t/content/site.yaml"
"$DUBAN" build -v -C "$t" -o "$t/out" 2>"$t/err" || fail "$FLAVOUR/incremental/rebuild-3" "$(cat "$t/err")"
if grep -q ': 0 kept from the previous output' "$t/err"; then pass "$FLAVOUR/incremental/global-change-renders-all"
else fail "$FLAVOUR/incremental/global-change-renders-all" "$(cat "$t/err")"; fi

# 4b. kinds of pages left out (disable_pages) leave the output, and come back
printf 'disable_pages: [progress, briefings]\n' >>"$t/content/site.yaml"
"$DUBAN" build -q -C "$t" -o "$t/out" 2>"$t/err" && rm -rf "$t/clean" &&
    "$DUBAN" build -q -C "$t" -o "$t/clean" 2>>"$t/err"
if [ ! -e "$t/out/progress.html" ] && [ ! -e "$t/out/briefings" ] && [ -s "$t/out/index.html" ] &&
    diff -r "$t/out" "$t/clean" >"$t/diff" 2>&1; then
    pass "$FLAVOUR/incremental/disable-pages-identical-to-clean"
else
    fail "$FLAVOUR/incremental/disable-pages-identical-to-clean" "$(cat "$t/err"; head -5 "$t/diff")"
fi
sed -i '/^disable_pages:/d' "$t/content/site.yaml"
"$DUBAN" build -q -C "$t" -o "$t/out" 2>"$t/err"
if [ -s "$t/out/progress.html" ] && [ -s "$t/out/briefings/latest.md" ]; then
    pass "$FLAVOUR/incremental/disable-pages-undone"
else
    fail "$FLAVOUR/incremental/disable-pages-undone" "$(cat "$t/err")"
fi

# 5. random edits of the kinds editors make, each followed by an incremental
#    build compared with a clean one: on the default content and on a small
#    generated corpus (more entries a task, more periods, more pages)
mutate_round() { # NAME SITE SEED0 N
    local name=$1 site=$2 s0=$3 n=$4 s what ok=1
    "$DUBAN" build -q -C "$site" -o "$site/../inc" 2>"$t/err" || { fail "$name" "$(cat "$t/err")"; return; }
    for s in $(seq "$s0" $((s0 + n - 1))); do
        what=$("$PY" "$TOP/tests/incremental/mutate.py" "$site" "$s") || { ok=0; break; }
        if ! "$DUBAN" build -q -C "$site" -o "$site/../inc" 2>"$t/err"; then
            fail "$name" "build after '$what': $(head -3 "$t/err")"
            return
        fi
        rm -rf "$site/../clean"
        "$DUBAN" build -q -C "$site" -o "$site/../clean" 2>/dev/null
        if ! diff -r "$site/../inc" "$site/../clean" >"$t/diff" 2>&1; then
            fail "$name" "seed $s, $what: $(head -5 "$t/diff")"
            return
        fi
    done
    if [ $ok = 1 ]; then pass "$name"; else fail "$name" "mutate.py failed"; fi
}
r=$(tmpdir)
mkdir -p "$r/a/site"
cp -r "$TOP/content" "$r/a/site/content"
rounds=${DU_INCREMENTAL_ROUNDS:-12}
mutate_round "$FLAVOUR/incremental/random-edits-default-content" "$r/a/site" 1 "$rounds"
"$PY" "$TOP/bench/gen.py" --scale small --seed 7 --out "$r/b" >/dev/null
mutate_round "$FLAVOUR/incremental/random-edits-generated-corpus" "$r/b/site" 1000 "$rounds"

# 6. progress pages are numbered from the oldest: a new entry leaves every
#    full page as it was (same inode), and each entry is on exactly one page
p=$(tmpdir)
cp -r "$TOP/content" "$p/content"
sed -i 's/^progress_page_size: .*/progress_page_size: 5/' "$p/content/site.yaml"
"$DUBAN" build -q -C "$p" -o "$p/out" 2>"$t/err" || fail "$FLAVOUR/incremental/pages-build" "$(cat "$t/err")"
snap "$p/out" | grep '^\./progress/' >"$p/before"
cat >>"$p/content/progress/luan-2023.yaml" <<'YAML'
  - date: 2025-06-30
    item: luan-2023/2.1.1
    status: 推进中
    summary: |
      分页测试条目。
YAML
"$DUBAN" build -q -C "$p" -o "$p/out" 2>"$t/err" || fail "$FLAVOUR/incremental/pages-rebuild" "$(cat "$t/err")"
snap "$p/out" | grep '^\./progress/' >"$p/after"
# pages near the newest list it in their pager; the others must not move
n_pages=$(wc -l <"$p/before")
far() { awk -v last=$((n_pages - 5)) '{ n = $1; gsub(/[^0-9]/, "", n) } n + 0 <= last' "$1"; }
if [ "$n_pages" -gt 8 ] && [ "$(far "$p/before" | wc -l)" -gt 3 ] &&
    diff -q <(far "$p/before") <(grep -Fx -f <(far "$p/before") "$p/after") >/dev/null; then
    pass "$FLAVOUR/incremental/full-pages-untouched-by-a-new-entry"
else
    fail "$FLAVOUR/incremental/full-pages-untouched-by-a-new-entry" "$(diff "$p/before" "$p/after" | head -5)"
fi
if "$PY" - "$p/out" <<'PY'
import glob, os, re, sys
out = sys.argv[1]
ids, dates = [], {}
pages = sorted(glob.glob(out + '/progress/*.html'), key=lambda f: int(os.path.basename(f)[:-5]))
pages.append(out + '/progress.html')
prev_last = ''
for f in pages:
    html = open(f, encoding='utf-8').read()
    found = re.findall(r'<li class="entry" id="e-([^"]+)">\s*(?:<p class="entry-plan">.*?</p>\s*)?<p class="entry-head"><time datetime="([0-9-]+)"', html, re.S)
    assert found, f
    page_dates = [d for _, d in found]
    # newest first within a page; every page newer than the one before
    assert page_dates == sorted(page_dates, reverse=True), f
    assert min(page_dates) >= prev_last, (f, prev_last)
    prev_last = max(page_dates)
    if f != pages[-1]:
        assert len(found) == 5, (f, len(found))
    ids += [i for i, _ in found]
assert len(ids) == len(set(ids)), 'an entry on two pages'
assert os.path.exists(out + '/progress/1.html') and not os.path.exists(out + '/progress/%d.html' % len(pages))
PY
then pass "$FLAVOUR/incremental/pages-numbered-from-the-oldest"
else fail "$FLAVOUR/incremental/pages-numbered-from-the-oldest" "see the assertion above"; fi

# 8. an output that is up to date says that its build had warnings (the
# same inputs would give them again); with the warning fixed, it does not
w=$(tmpdir)
cp -R "$TOP/tests/cli/_site/." "$w/"
printf 'title: 增量测试\nas_of: 2024-06-30\ntitel: x\n' >"$w/content/site.yaml"
"$DUBAN" build -C "$w" -o "$w/out" 2>"$w/err1"
"$DUBAN" build -C "$w" -o "$w/out" 2>"$w/err2"
if ! grep -qx 'warnings 1' "$w/out/.duban-manifest"; then
    fail "$FLAVOUR/incremental/up-to-date-warnings" "no 'warnings 1' in the manifest"
elif ! grep -qx "duban: the build of this output had 1 warning; 'duban check' lists it" "$w/err2"; then
    fail "$FLAVOUR/incremental/up-to-date-warnings" "$(cat "$w/err2")"
else pass "$FLAVOUR/incremental/up-to-date-warnings"; fi
printf 'title: 增量测试\nas_of: 2024-06-30\n' >"$w/content/site.yaml"
"$DUBAN" build -C "$w" -o "$w/out" 2>"$w/err3"
"$DUBAN" build -C "$w" -o "$w/out" 2>"$w/err4"
if grep -q '^warnings' "$w/out/.duban-manifest" || [ -s "$w/err3" ] || [ -s "$w/err4" ]; then
    fail "$FLAVOUR/incremental/up-to-date-no-warnings" "$(cat "$w/err3" "$w/err4")"
else pass "$FLAVOUR/incremental/up-to-date-no-warnings"; fi
