# The entry keeps the file's four-space indentation and the result passes
# `duban check`.
diff -u "$SRC/expected-p.yaml" content/progress/p.yaml || exit 1
"$DUBAN" check -C . 2>/dev/null || { "$DUBAN" check -C .; exit 1; }
