# The version printed is the Makefile's VERSION.
v=$(sed -n 's/^VERSION *= *//p' "$TOP/Makefile")
[ -n "$v" ] && [ "$(cat "$OUT")" = "duban $v" ] || { echo "printed '$(cat "$OUT")', Makefile says '$v'"; exit 1; }
