# -o is relative to -C DIR, as if duban had started there; only data/ was
# built.
[ -f out/data/plans.json ] || { echo "no out/data/plans.json in the site root"; exit 1; }
[ ! -e ../elsewhere/out ] || { echo "wrote into the current directory"; exit 1; }
[ ! -e output ] || { echo "wrote output/ as well"; exit 1; }
for f in site plans units pairings progress periods; do
    [ -s "out/data/$f.json" ] || { echo "missing out/data/$f.json"; exit 1; }
done
