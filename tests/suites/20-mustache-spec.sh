# The official Mustache spec, case by case, when ../shared/mustache-spec exists
# (or MUSTACHE_SPEC names the folder).
. "$TOP/tests/lib.sh"
spec=${MUSTACHE_SPEC:-}
if [ -z "$spec" ]; then
    for d in "$TOP/../shared/mustache-spec" "$TOP/../../shared/mustache-spec"; do
        [ -d "$d" ] && spec=$d && break
    done
fi
if [ -z "$spec" ] || [ ! -x "$BUILD/tools/mustache_spec" ]; then
    echo "mustache spec suite not found; skipped" >&2
    exit 0
fi
files=()
for f in interpolation sections inverted comments partials delimiters '~inheritance'; do
    [ -f "$spec/$f.yml" ] && files+=("$spec/$f.yml")
done
out=$("$BUILD/tools/mustache_spec" -v "${files[@]}" 2>&1)
while read -r status rest; do
    case "$status" in
    PASS) pass "$FLAVOUR/mustache-spec/$rest" ;;
    FAIL) fail "$FLAVOUR/mustache-spec/$rest" "$(grep -A4 -F "$rest" <<<"$out" | head -6)" ;;
    esac
done <<<"$out"
echo "$out" | tail -n 1 >&2
