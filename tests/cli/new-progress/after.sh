# The entry was appended as expected, and the result passes `duban check`
# (the placeholder summary is the only thing left for the editor).
diff -u "$SRC/expected-p.yaml" content/progress/p.yaml || exit 1
err=$("$DUBAN" check -C . 2>&1) || { echo "check failed: $err"; exit 1; }
want="content/progress/p.yaml:14:14: warning: summary still holds the placeholder text of 'duban new progress'
0 errors, 1 warning"
[ "$err" = "$want" ] || { echo "check said: $err"; exit 1; }
