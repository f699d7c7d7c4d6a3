# The open-data export: `duban build --only data` of the small site in
# tests/json/site must equal the reviewed files in tests/json/golden/, byte
# for byte; keys are sorted, text is UTF-8 without \u escapes, and two
# builds give the same bytes. DU_UPDATE_GOLDEN=1 rewrites the golden files
# from the current output (review the diff before committing it).
. "$TOP/tests/lib.sh"
site="$TOP/tests/json/site"
golden="$TOP/tests/json/golden"
out=$(tmpdir)

if ! "$DUBAN" build -C "$site" -o "$out/a" --only data 2>"$out/a.err"; then
    fail "$FLAVOUR/json/build" "$(cat "$out/a.err")"
    exit 0
fi
pass "$FLAVOUR/json/build"

if [ "${DU_UPDATE_GOLDEN:-}" = 1 ] && [ "$FLAVOUR" = rel ]; then
    rm -f "$golden"/*.json
    mkdir -p "$golden"
    cp "$out/a/data/"*.json "$golden/"
    echo "golden files rewritten in $golden" >&2
fi

# the same set of files, each identical to its golden copy
got=$(cd "$out/a/data" && ls)
want=$(cd "$golden" && ls)
if [ "$got" = "$want" ]; then pass "$FLAVOUR/json/files"
else fail "$FLAVOUR/json/files" "output: $(echo $got); golden: $(echo $want)"; fi
for g in "$golden"/*.json; do
    f=$(basename "$g")
    if diff -u "$g" "$out/a/data/$f" >"$out/diff"; then pass "$FLAVOUR/json/golden/$f"
    else fail "$FLAVOUR/json/golden/$f" "$(head -n 40 "$out/diff")"; fi
done

# well-formed: sorted keys at every level, UTF-8 text unescaped
if msg=$("$PY" - "$out/a/data" <<'EOF' 2>&1
import json, os, re, sys
folder = sys.argv[1]
bad = []
def sorted_keys(pairs):
    keys = [k for k, _ in pairs]
    if keys != sorted(keys):
        bad.append("keys out of order: %s" % keys)
    return dict(pairs)
for name in sorted(os.listdir(folder)):
    raw = open(os.path.join(folder, name), "rb").read()
    text = raw.decode("utf-8")               # raises on invalid UTF-8
    json.loads(text, object_pairs_hook=sorted_keys)
    if re.search(r"\\u(?!00[01][0-9a-fA-F])", text):
        bad.append(name + ": a \\u escape of a printable character")
    if not raw.endswith(b"\n"):
        bad.append(name + ": no final newline")
    if "数据导出示例" not in text and name == "site.json":
        bad.append(name + ": the Chinese title is not written as UTF-8")
if bad:
    print("\n".join(bad[:20]))
    sys.exit(1)
EOF
); then pass "$FLAVOUR/json/well-formed"; else fail "$FLAVOUR/json/well-formed" "$msg"; fi

# deterministic: a second build, one rendering thread, the same bytes
if "$DUBAN" build -C "$site" -o "$out/b" --only data -j 1 2>/dev/null &&
    diff -r "$out/a/data" "$out/b/data" >"$out/diff2"; then
    pass "$FLAVOUR/json/deterministic"
else
    fail "$FLAVOUR/json/deterministic" "$(head -n 20 "$out/diff2")"
fi
