# The workbooks: read back with openpyxl against the open data of the same
# build (tests/xlsx/check.py), byte-identical across builds and thread
# counts, constant_memory past the threshold, English labels, hostile text
# kept as text, and LibreOffice opening them with the same content.
. "$TOP/tests/lib.sh"
T=$(tmpdir)
build() { "$DUBAN" build -q --only data --only xlsx "$@"; }
# check.py prints pass/fail lines; give them this flavour's prefix
report() {
    while read -r st name rest; do
        case "$st" in
        pass) pass "$FLAVOUR/$name" ;;
        fail) fail "$FLAVOUR/${name%:}" "$rest" ;;
        *) fail "$FLAVOUR/xlsx/check" "$st $name $rest" ;;
        esac
    done
}
checkpy() { "$PY" "$TOP/tests/xlsx/check.py" "$@" 2>&1 | report; }

# the default content, twice: one thread, then two, a second apart
if build -C "$TOP" -o "$T/a" -j1 2>"$T/err"; then
    pass "$FLAVOUR/xlsx/build"
    checkpy workbooks "$TOP" "$T/a"
else
    fail "$FLAVOUR/xlsx/build" "$(cat "$T/err")"
fi
sleep 1
if build -C "$TOP" -o "$T/b" -j2 2>"$T/err"; then
    n=0 diff=""
    while IFS= read -r f; do
        n=$((n + 1))
        cmp -s "$T/a/xlsx/$f" "$T/b/xlsx/$f" || diff="$diff $f"
    done < <(cd "$T/a/xlsx" && find . -name '*.xlsx' | sort)
    other=$(cd "$T/b/xlsx" && find . -name '*.xlsx' | wc -l)
    if [ "$n" -gt 0 ] && [ "$n" -eq "$other" ] && [ -z "$diff" ]; then
        pass "$FLAVOUR/xlsx/reproducible-j1-j2"
    else
        fail "$FLAVOUR/xlsx/reproducible-j1-j2" "$n vs $other workbooks; differ:$diff"
    fi
else
    fail "$FLAVOUR/xlsx/reproducible-j1-j2" "$(cat "$T/err")"
fi

# past the constant_memory threshold (lowered for the test): the combined
# workbook and the plan with most entries switch mode, the others do not
"$PY" "$TOP/tests/xlsx/bigcorpus.py" "$TOP" "$T/a/data" "$T/big" 1500
if DUBAN_XLSX_CONSTANT_MEMORY_ROWS=600 build -C "$T/big" -o "$T/big/out" 2>"$T/err"; then
    pass "$FLAVOUR/xlsx/build-constant-memory"
    checkpy workbooks "$T/big" "$T/big/out" --cm-rows 600 --tag cm
else
    fail "$FLAVOUR/xlsx/build-constant-memory" "$(cat "$T/err")"
fi

# English labels
mkdir -p "$T/en"
cp -r "$TOP/content" "$T/en/content"
sed -i 's/^language:.*/language: en/' "$T/en/content/site.yaml"
if build -C "$T/en" -o "$T/en/out" 2>"$T/err"; then
    checkpy workbooks "$T/en" "$T/en/out" --tag en
else
    fail "$FLAVOUR/xlsx/build-en" "$(cat "$T/err")"
fi

# hostile text in every field stays text
if build -C "$TOP/tests/hostile" -o "$T/h" 2>"$T/err"; then
    checkpy workbooks "$TOP/tests/hostile" "$T/h" --hostile --tag hostile
else
    fail "$FLAVOUR/xlsx/build-hostile" "$(cat "$T/err")"
fi

# LibreOffice opens a plan's, the combined (both modes) and a unit's
# workbook and exports the same content (the san build writes the same bytes)
[ "$FLAVOUR" = san ] && exit 0
if ! command -v soffice >/dev/null; then
    fail "$FLAVOUR/xlsx/libreoffice" "soffice not installed (Debian libreoffice-calc)"
    exit 0
fi
mkdir -p "$T/lo/in"
unit=$(cd "$T/a/xlsx/units" && ls | head -n 1)
cp "$T/a/xlsx/sanming-2023.xlsx" "$T/a/xlsx/all.xlsx" "$T/a/xlsx/units/$unit" "$T/lo/in/"
cp "$T/big/out/xlsx/all.xlsx" "$T/lo/in/all-cm.xlsx"
# all sheets, UTF-8, cells as shown
filter='csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1'
if timeout 300 soffice -env:UserInstallation="file://$T/lo/profile" --headless --norestore \
    --convert-to "$filter" --outdir "$T/lo/out" "$T"/lo/in/*.xlsx >"$T/lo/log" 2>&1; then
    for f in "$T"/lo/in/*.xlsx; do
        checkpy lo "$f" "$T/lo/out"
    done
else
    fail "$FLAVOUR/xlsx/libreoffice" "$(tail -n 20 "$T/lo/log")"
fi
