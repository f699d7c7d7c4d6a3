# A build with content errors leaves the previous output as it was.
sha256sum --quiet -c before.sums || exit 1
[ -z "$(find output -newer before.sums -print -quit)" ] || { echo "output was touched"; exit 1; }
