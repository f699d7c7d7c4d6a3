# The output of an earlier, good build of the base site.
"$DUBAN" build -q --only data -C "$TOP/tests/cli/_site" -o "$PWD/output"
sha256sum output/data/*.json >before.sums
