# Valgrind memcheck of a full build of content/ and of a check of bad
# input: no invalid access, no uninitialised value, no leak. Runs in the
# rel flavour only (the san flavour already runs everything under ASan).
. "$TOP/tests/lib.sh"
[ "$FLAVOUR" = san ] && exit 0
if ! command -v valgrind >/dev/null; then
    fail "$FLAVOUR/valgrind/available" "valgrind is not installed (make deps-test)"
    exit 0
fi
t=$(tmpdir)
VG=(valgrind --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible
    --show-leak-kinds=definite,indirect,possible --track-origins=yes --num-callers=30
    --suppressions="$TOP/tests/valgrind.supp")

# memcheck NAME WANT-EXIT DUBAN-ARGS...
memcheck() {
    local name=$1 want=$2
    shift 2
    "${VG[@]}" --log-file="$t/$name.vg" "$DUBAN" "$@" >/dev/null 2>"$t/$name.err"
    local rc=$?
    cp "$t/$name.vg" "$ARTIFACTS/valgrind-$name.log" 2>/dev/null
    if [ $rc -eq "$want" ] && grep -q 'ERROR SUMMARY: 0 errors' "$t/$name.vg"; then
        pass "$FLAVOUR/valgrind/$name"
    else
        fail "$FLAVOUR/valgrind/$name" "exit $rc (want $want): $(grep -E 'ERROR SUMMARY|definitely|indirectly|possibly|Invalid|uninitialised' "$t/$name.vg" | head -n 8) $(head -n 3 "$t/$name.err")"
    fi
}

memcheck build 0 build -C "$TOP" -o "$t/out" -j 2
# a rebuild over the previous output takes the unchanged-file path
memcheck rebuild 0 build -C "$TOP" -o "$t/out" -j 2
# bad input: a syntax error, a type error and a dangling reference
site=$t/bad
cp -R "$TOP/tests/bad/_base" "$site"
cp "$TOP/tests/bad/syntax-unclosed-flow/content/plans/q.yaml" "$site/content/plans/q.yaml"
cp "$TOP/tests/bad/type-value-text/content/progress/p.yaml" "$site/content/progress/p.yaml"
cp "$TOP/tests/bad/dangling-unit-parent/content/units/sm.yaml" "$site/content/units.yaml"
memcheck check-bad 1 check -C "$site"
memcheck build-bad 1 build -C "$site" -o "$t/out"
