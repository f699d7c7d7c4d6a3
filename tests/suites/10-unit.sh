# cmocka unit tests: every tests/unit/test_*.c, built into $BUILD/tests.
. "$TOP/tests/lib.sh"
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    out=$(cd "$TOP" && "$t" 2>&1)
    rc=$?
    # one result per cmocka test case
    while read -r line; do
        case "$line" in
        "[       OK ] "*) pass "$FLAVOUR/$name/${line#\[       OK \] }" ;;
        "[  FAILED  ] "*" test(s), listed below:"*) ;;
        "[  FAILED  ] "*) fail "$FLAVOUR/$name/${line#\[  FAILED  \] }" "$(printf '%s' "$out" | grep -A3 -F "${line#\[  FAILED  \] }" | head -5)" ;;
        esac
    done <<<"$out"
    if [ $rc -ne 0 ] && ! grep -q '^\[  FAILED  \]' <<<"$out"; then
        fail "$FLAVOUR/$name" "exit $rc: $(printf '%s' "$out" | tail -n 15)"
    fi
done
