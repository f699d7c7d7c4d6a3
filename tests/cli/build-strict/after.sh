[ ! -e output ] || { echo "output/ was written"; exit 1; }
