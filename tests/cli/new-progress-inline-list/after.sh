# A list written inline is refused and left as it was.
cmp content/progress/p.yaml "$SRC/content/progress/p.yaml"
