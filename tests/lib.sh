# tests/lib.sh - helpers shared by the test suites (sourced).
# A suite reports each check with `pass NAME` or `fail NAME WHY`; run-all
# counts the lines. Environment from run-all:
#   DUBAN    the duban binary under test (absolute path)
#   BUILD    its build folder (unit test binaries in $BUILD/tests, tools in $BUILD/tools)
#   FLAVOUR  rel or san (sanitizers)
#   RESULTS  file collecting "pass NAME" / "fail NAME" lines
#   ARTIFACTS folder for screenshots and other files worth keeping
#   TOP      the repository root
#   PY       a python3 with openpyxl (Debian's /usr/bin/python3)

pass() { printf 'pass %s\n' "$1" >>"$RESULTS"; }
fail() {
    printf 'fail %s\n' "$1" >>"$RESULTS"
    printf 'FAIL %s: %s\n' "$1" "${2:-}" >&2
}
# check NAME COMMAND...: pass when the command succeeds.
check() {
    local name=$1
    shift
    local out
    if out=$("$@" 2>&1); then pass "$name"; else fail "$name" "$(printf '%s' "$out" | tail -n 20)"; fi
}
# A fresh temporary folder removed at exit of the suite.
tmpdir() {
    local d
    d=$(mktemp -d "${TMPDIR:-/tmp}/duban-test.XXXXXX")
    printf '%s\n' "$d" >>"$RESULTS.tmp"
    printf '%s' "$d"
}
