#!/bin/sh
# tools/deps.sh build|test|bench - install what duban needs on Debian 12 when it is
# missing. Build: libyaml, libcmark, libxlsxwriter (found with pkg-config) and
# mimalloc (no pkg-config file in Debian 12: found by its header).
# Test: also cmocka, openpyxl, LibreOffice Calc, Chromium, a JRE and the W3C
# Nu HTML Checker (npm package vnu-jar, installed under tests/node_modules),
# valgrind and clang (libFuzzer). Bench: also Hugo, GNU time, valgrind and
# perf for bench/run (the floor programs use the build libraries).
# Nothing is fetched when all is present.
set -eu
what=${1:-build}
pkgs=""
need() { pkgs="$pkgs $1"; }

command -v pkg-config >/dev/null 2>&1 || need pkg-config
command -v cc >/dev/null 2>&1 || need gcc
command -v make >/dev/null 2>&1 || need make
pc() { pkg-config --exists "$1" 2>/dev/null; }
pc yaml-0.1 || need libyaml-dev
pc libcmark || need libcmark-dev
pc xlsxwriter || need libxlsxwriter-dev
echo '#include <mimalloc.h>' | ${CC:-cc} -E - >/dev/null 2>&1 || need libmimalloc-dev

if [ "$what" = test ]; then
    pc cmocka || need libcmocka-dev
    /usr/bin/python3 -c 'import openpyxl, yaml' >/dev/null 2>&1 || need "python3-openpyxl python3-yaml"
    command -v soffice >/dev/null 2>&1 || need libreoffice-calc-nogui
    command -v chromium >/dev/null 2>&1 || need chromium
    command -v java >/dev/null 2>&1 || need default-jre-headless
    # a CJK font, so page screenshots show the Chinese text
    [ -n "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ] || need "fonts-wqy-microhei fontconfig"
    command -v valgrind >/dev/null 2>&1 || need valgrind
    command -v clang >/dev/null 2>&1 || need clang
    command -v npm >/dev/null 2>&1 || need npm
    command -v xxd >/dev/null 2>&1 || need xxd
    [ -f /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a ] ||
        ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a >/dev/null 2>&1 || need libclang-rt-14-dev
fi

if [ "$what" = bench ]; then
    command -v hugo >/dev/null 2>&1 || need hugo
    [ -x /usr/bin/time ] || need time
    [ -x /usr/bin/python3 ] || need python3
    command -v valgrind >/dev/null 2>&1 || need valgrind
    command -v perf >/dev/null 2>&1 || need linux-perf
fi

if [ -n "$pkgs" ]; then
    echo "deps: installing$pkgs" >&2
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO apt-get install -y -qq --no-install-recommends $pkgs >/dev/null
fi

if [ "$what" = test ] && [ ! -f tests/node_modules/vnu-jar/build/dist/vnu.jar ]; then
    echo "deps: installing vnu-jar (npm) into tests/node_modules" >&2
    (cd tests && npm install --no-audit --no-fund --silent --no-save --no-package-lock --ignore-scripts --prefix . vnu-jar@26.9.27 >/dev/null)
fi
exit 0
