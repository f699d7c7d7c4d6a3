# The benchmark's inputs, without timing anything (speed is measured by
# `make bench`, never here): the generator is deterministic (same seed, same
# tree; another seed, another corpus), the small corpus passes
# `duban check --strict` and holds the documented numbers, the floor
# programs build and read it, and Hugo (when installed) renders one page per
# item of the equivalent site.
. "$TOP/tests/lib.sh"
GEN=$TOP/bench/gen.py
t=$(tmpdir)

if ! "$PY" "$GEN" --scale small --seed 7 --out "$t/a" 2>"$t/err"; then
    fail "$FLAVOUR/bench/generate" "$(cat "$t/err")"
    exit 0
fi
pass "$FLAVOUR/bench/generate"

check "$FLAVOUR/bench/check-strict" "$DUBAN" check --strict -C "$t/a/site"

# the loaded model holds exactly the documented small scale
if "$DUBAN" build -q -C "$t/a/site" -o "$t/out" --only data 2>"$t/err"; then
    got=$("$PY" - "$t/out/data" <<'EOF'
import json, sys
d = sys.argv[1]
plans = json.load(open(d + "/plans.json"))
entries = json.load(open(d + "/progress.json"))
units = json.load(open(d + "/units.json"))
print(len(plans), len(entries), "many-units" if 150 <= len(units) <= 250 else len(units))
EOF
)
    if [ "$got" = "5 1500 many-units" ]; then pass "$FLAVOUR/bench/scale-small"
    else fail "$FLAVOUR/bench/scale-small" "plans, entries, units: $got"; fi
else
    fail "$FLAVOUR/bench/scale-small" "$(cat "$t/err")"
fi

# What follows runs no duban code: once is enough.
[ "$FLAVOUR" = san ] && exit 0

"$PY" "$GEN" --scale small --seed 7 --out "$t/b" 2>/dev/null
if diff -r "$t/a" "$t/b" >"$t/diff" 2>&1; then pass "$FLAVOUR/bench/same-seed-same-tree"
else fail "$FLAVOUR/bench/same-seed-same-tree" "$(head -n 20 "$t/diff")"; fi

"$PY" "$GEN" --scale small --seed 8 --out "$t/c" 2>/dev/null
if ! diff -r -q "$t/a/site" "$t/c/site" >/dev/null 2>&1; then pass "$FLAVOUR/bench/other-seed-other-tree"
else fail "$FLAVOUR/bench/other-seed-other-tree" "seeds 7 and 8 gave the same corpus"; fi

# items: one Hugo page each, the same count in the duban plans
items=$(grep -h -c -E '^ *- id: "[0-9.]+"$' "$t/a/site/content/plans/"*.yaml | awk '{n += $1} END {print n}')
pages=$(find "$t/a/hugo/content" -name 'item-*.md' | wc -l)
if [ "$items" = 150 ] && [ "$pages" = 150 ]; then pass "$FLAVOUR/bench/items-and-pages"
else fail "$FLAVOUR/bench/items-and-pages" "items $items, Hugo pages $pages (want 150)"; fi

floors_ok=1
for p in yaml:yaml-0.1 cmark:libcmark xlsx:xlsxwriter; do
    lib=${p#*:} p=${p%%:*}
    # shellcheck disable=SC2046
    if ! cc -std=c11 -O0 -Wall -Wextra -Werror -o "$t/${p}_floor" "$TOP/bench/floor/${p}_floor.c" \
        $(pkg-config --cflags --libs "$lib") 2>"$t/err"; then
        fail "$FLAVOUR/bench/floor-$p" "$(cat "$t/err")"
        floors_ok=0
    fi
done
if [ $floors_ok = 1 ]; then
    out=$("$t/yaml_floor" "$t/a/site/content" 2>&1)
    case $out in "yaml_floor: 29 files, "*) pass "$FLAVOUR/bench/floor-yaml" ;;
    *) fail "$FLAVOUR/bench/floor-yaml" "$out" ;; esac
    out=$("$t/cmark_floor" "$t/a/floor/markdown.bin" "$t/md.html" 2>&1)
    if grep -q '<strong>' "$t/md.html" && grep -q '<li>' "$t/md.html" && grep -q '<a href="https://' "$t/md.html"; then
        pass "$FLAVOUR/bench/floor-cmark"
    else fail "$FLAVOUR/bench/floor-cmark" "$out"; fi
    mkdir -p "$t/x"
    out=$("$t/xlsx_floor" "$t/a/floor/ledger.tsv" "$t/a/floor/log.tsv" "$t/x" 2>&1)
    case $out in *", 1500 log rows") [ -s "$t/x/progress-log.xlsx" ] && pass "$FLAVOUR/bench/floor-xlsx" ||
        fail "$FLAVOUR/bench/floor-xlsx" "no progress-log.xlsx" ;;
    *) fail "$FLAVOUR/bench/floor-xlsx" "$out" ;; esac
    # -a: the same workbooks as duban's, with the same tasks and entries in each
    mkdir -p "$t/xa"
    if ! out=$("$t/xlsx_floor" -a "$t/a/floor/ledger.tsv" "$t/a/floor/log.tsv" "$t/xa" 2>&1); then
        fail "$FLAVOUR/bench/floor-xlsx-as-duban" "$out"
    elif ! "$DUBAN" build -q -C "$t/a/site" -o "$t/xd" --only xlsx 2>"$t/err"; then
        fail "$FLAVOUR/bench/floor-xlsx-as-duban" "$(cat "$t/err")"
    else
        got=$("$PY" - "$t/xa" "$t/xd/xlsx" <<'EOF'
import os, sys
import openpyxl
floor, duban = sys.argv[1], sys.argv[2]
def rows(path, sheet):
    ws = openpyxl.load_workbook(path, read_only=True).worksheets[sheet]
    return sum(1 for r in ws.iter_rows(min_row=2, values_only=True) if any(v is not None for v in r))
want = [f for f in os.listdir(duban) if f.endswith(".xlsx")]
want += ["unit-" + f for f in os.listdir(duban + "/units")]
got = sorted(os.listdir(floor))
if sorted(want) != got:
    print("files differ:", sorted(set(want) ^ set(got))[:5])
    sys.exit()
bad = []
for f in got:
    if f.startswith("unit-"):
        a, b = rows(floor + "/" + f, 0), rows(duban + "/units/" + f[5:], 0)
    else:  # the logs: 进展记录 is duban's fourth sheet
        a, b = rows(floor + "/" + f, 1), rows(duban + "/" + f, 3)
    if a != b:
        bad.append(f"{f}: {a} against {b}")
print("same" if not bad else "; ".join(bad[:5]))
EOF
)
        if [ "$got" = same ]; then pass "$FLAVOUR/bench/floor-xlsx-as-duban"
        else fail "$FLAVOUR/bench/floor-xlsx-as-duban" "$got"; fi
    fi
fi

if command -v hugo >/dev/null 2>&1; then
    if hugo --quiet --minify=false --noBuildLock -s "$t/a/hugo" -d "$t/hpub" --cacheDir "$t/hcache" >"$t/err" 2>&1; then
        n=$(find "$t/hpub" -path '*/item-*/index.html' | wc -l)
        if [ "$n" = 150 ] && grep -q 'class="entries"' "$t/hpub"/*/item-2-1-1/index.html; then
            pass "$FLAVOUR/bench/hugo-site"
        else fail "$FLAVOUR/bench/hugo-site" "$n item pages"; fi
    else
        fail "$FLAVOUR/bench/hugo-site" "$(tail -n 5 "$t/err")"
    fi
else
    echo "80-bench-smoke: hugo not installed, Hugo site not checked (sh tools/deps.sh bench)" >&2
fi
