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
# the manifest records every file with its hash
n_manifest=$(($(wc -l <"$t/out/.duban-manifest") - 2))
n_files=$(cd "$t/out" && find . -type f ! -name '.*' | wc -l)
if [ "$n_manifest" -eq "$n_files" ]; then pass "$FLAVOUR/incremental/manifest-lists-every-file"
else fail "$FLAVOUR/incremental/manifest-lists-every-file" "manifest $n_manifest, files $n_files"; fi
