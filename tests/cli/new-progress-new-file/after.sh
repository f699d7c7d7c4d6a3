# content/progress/ did not exist: it and the file were created, dated
# SOURCE_DATE_EPOCH's day; the result passes `duban check`.
diff -u "$SRC/expected-p.yaml" content/progress/p.yaml || exit 1
"$DUBAN" check -C . 2>/dev/null || { "$DUBAN" check -C .; exit 1; }
