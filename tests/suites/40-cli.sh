# The command line, case by case. Each folder tests/cli/NAME/ is a site
# root (or an overlay on the one named in its `base` file) with:
#   cmd              the arguments to duban, shell-quoted, on one line; the
#                    case runs from another folder with `-C ROOT` appended
#   expected.exit    the exit status
#   expected.stderr  the exact diagnostics (an empty file: none)
#   expected.stdout  optional: the exact standard output
#   base             optional: a folder of tests/cli/ copied in first
#   remove           optional: paths deleted from the copy before the run
#   env              optional: arguments to env(1), one a line (-u NO_COLOR)
#   in-root          optional: run inside ROOT without -C
#   before.sh        optional: prepares ROOT, run by bash inside it before
#                    the command with DUBAN, TOP and SRC; must exit 0
#   after.sh         optional: more checks, run by bash inside ROOT after the
#                    command with DUBAN, TOP, SRC (the case folder), OUT and
#                    ERR (the command's output files); must exit 0
# @ROOT@ in the expected files stands for the copy's path. Every case runs
# on a fresh copy under a temporary folder.
. "$TOP/tests/lib.sh"
work=$(tmpdir)
mkdir -p "$work/elsewhere"

run_case() {
    local src=$1 name dir args envs=() rc why
    name=$(basename "$src")
    dir="$work/$name"
    mkdir -p "$dir"
    if [ -f "$src/base" ]; then
        cp -R "$TOP/tests/cli/$(cat "$src/base")/." "$dir/"
    fi
    cp -R "$src/." "$dir/"
    if [ -f "$src/remove" ]; then
        while read -r p; do [ -n "$p" ] && rm -rf "${dir:?}/$p"; done <"$src/remove"
    fi
    if [ -f "$src/before.sh" ] &&
        ! why=$(cd "$dir" && DUBAN=$DUBAN TOP=$TOP SRC=$src bash "$src/before.sh" 2>&1); then
        fail "$FLAVOUR/cli/$name" "before.sh: $why"
        return
    fi
    eval "args=($(cat "$src/cmd"))"
    [ -f "$src/env" ] && mapfile -t envs <"$src/env"
    if [ -f "$src/in-root" ]; then
        (cd "$dir" && env "${envs[@]}" "$DUBAN" "${args[@]}") >"$dir.out" 2>"$dir.err"
    else
        (cd "$work/elsewhere" && env "${envs[@]}" "$DUBAN" "${args[@]}" -C "$dir") >"$dir.out" 2>"$dir.err"
    fi
    rc=$?
    local ok=1
    why=""
    if [ "$rc" != "$(cat "$src/expected.exit")" ]; then
        ok=0
        why="exit $rc, expected $(cat "$src/expected.exit")"$'\n'
    fi
    local f
    for f in stderr stdout; do
        [ -f "$src/expected.$f" ] || continue
        local actual=$dir.out
        [ $f = stderr ] && actual=$dir.err
        if ! diff -u <(sed "s|@ROOT@|$dir|g" "$src/expected.$f") "$actual" >"$dir.diff"; then
            ok=0
            why+="$f differs:"$'\n'"$(cat "$dir.diff")"$'\n'
        fi
    done
    if [ $ok = 1 ] && [ -f "$src/after.sh" ]; then
        if ! why=$(cd "$dir" && DUBAN=$DUBAN TOP=$TOP SRC=$src OUT=$dir.out ERR=$dir.err \
            bash "$src/after.sh" 2>&1); then
            ok=0
            why="after.sh: $why"
        fi
    fi
    if [ $ok = 1 ]; then pass "$FLAVOUR/cli/$name"; else fail "$FLAVOUR/cli/$name" "$why"; fi
}

for src in "$TOP"/tests/cli/*/; do
    src=${src%/}
    case $(basename "$src") in _*) continue ;; esac
    run_case "$src"
done

# Colour: only on a terminal, and never with NO_COLOR. script(1) gives the
# command a terminal; the last check proves the first two could fail.
esc=$'\033'
site="$work/colour"
cp -R "$TOP/tests/cli/_site/." "$site/"
printf 'title: 命令行测试\nas_of: 2024-06-30\ntitel: x\n' >"$site/content/site.yaml"
err=$(env -u NO_COLOR TERM=xterm "$DUBAN" check -C "$site" 2>&1 >/dev/null)
if [[ $err == *"$esc"* ]]; then fail "$FLAVOUR/cli/colour-not-a-tty" "ANSI codes: $err"
elif [[ $err != *"unknown key 'titel'"* ]]; then fail "$FLAVOUR/cli/colour-not-a-tty" "$err"
else pass "$FLAVOUR/cli/colour-not-a-tty"; fi
if command -v script >/dev/null; then
    err=$(NO_COLOR=1 TERM=xterm script -qec "'$DUBAN' check -C '$site'" /dev/null 2>&1)
    if [[ $err == *"$esc"* ]]; then fail "$FLAVOUR/cli/colour-no-color" "ANSI codes with NO_COLOR"
    elif [[ $err != *"unknown key 'titel'"* ]]; then fail "$FLAVOUR/cli/colour-no-color" "$err"
    else pass "$FLAVOUR/cli/colour-no-color"; fi
    err=$(env -u NO_COLOR TERM=xterm script -qec "'$DUBAN' check -C '$site'" /dev/null 2>&1)
    if [[ $err == *"$esc["*"warning:"* ]]; then pass "$FLAVOUR/cli/colour-on-a-tty"
    else fail "$FLAVOUR/cli/colour-on-a-tty" "no ANSI codes on a terminal: $err"; fi
fi

# --verbose: the count line and the phase times, each phase's two times
# in seconds; without -v neither line.
site="$work/verbose"
cp -R "$TOP/tests/cli/_site/." "$site/"
num='[0-9]+\.[0-9]{2}/[0-9]+\.[0-9]{2}'
want="^duban: seconds \(wall/processor\): fingerprint $num, load $num, derive $num, keys $num, render $num, commit $num\$"
err=$("$DUBAN" build -v -C "$site" -o "$site/out" 2>&1 >/dev/null)
if ! grep -Eq "$want" <<<"$err"; then fail "$FLAVOUR/cli/verbose-phases" "$err"
elif ! grep -q '^duban: [0-9]* files: 0 kept from the previous output' <<<"$err"; then
    fail "$FLAVOUR/cli/verbose-phases" "no count line: $err"
else pass "$FLAVOUR/cli/verbose-phases"; fi
rm -rf "$site/out"
err=$("$DUBAN" build -C "$site" -o "$site/out" 2>&1 >/dev/null)
if grep -q 'seconds' <<<"$err"; then fail "$FLAVOUR/cli/quiet-without-verbose" "$err"
else pass "$FLAVOUR/cli/quiet-without-verbose"; fi
