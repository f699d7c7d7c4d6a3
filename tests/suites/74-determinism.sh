# Determinism: the same content and SOURCE_DATE_EPOCH give a byte-identical
# output tree (pages, Markdown, JSON, workbooks), whenever the build runs
# and however many threads render it.
. "$TOP/tests/lib.sh"
t=$(tmpdir)
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1751241600}

build() { # build NAME ARGS...: the default content into $t/NAME
    local name=$1
    shift
    "$DUBAN" build -C "$TOP" -o "$t/$name" -q "$@" 2>"$t/$name.err" ||
        { fail "$FLAVOUR/determinism/build-$name" "$(head -n 5 "$t/$name.err")"; return 1; }
}
# same NAME1 NAME2: identical trees, every byte of every file
same() {
    local d
    if d=$(diff -r "$t/$1" "$t/$2" 2>&1); then
        pass "$FLAVOUR/determinism/$1-vs-$2"
    else
        fail "$FLAVOUR/determinism/$1-vs-$2" "$(printf '%s' "$d" | head -n 10)
$(diff "$t/$1/.duban-manifest" "$t/$2/.duban-manifest" 2>&1 | head -n 10)"
    fi
}

build a -j 2 || exit 0
sleep 2 # a clock read anywhere would now show
build b -j 2 && same a b
build j1 -j 1 && same a j1
build j4 -j 4 && same a j4
# every kind of file is there to compare
for ext in html md json xlsx; do
    n=$(find "$t/a" -name "*.$ext" | wc -l)
    if [ "$n" -gt 0 ]; then pass "$FLAVOUR/determinism/has-$ext"
    else fail "$FLAVOUR/determinism/has-$ext" "no .$ext file in the output"; fi
done
