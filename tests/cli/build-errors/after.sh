# A build with content errors leaves the previous output as it was.
[ "$(cat output/keep.txt)" = "上一次构建的输出。" ] || { echo "output/keep.txt changed"; exit 1; }
[ ! -e output/data ] || { echo "output/data was written"; exit 1; }
