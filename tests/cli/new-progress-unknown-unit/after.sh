# Nothing was written.
cmp content/progress/p.yaml "$TOP/tests/cli/_site/content/progress/p.yaml"
