#!/bin/bash
# The installed package (cmake/install.cmake) used from outside the tree:
#   1. cmake --install BUILD --prefix WORK/prefix;
#   2. tests/install/consumer configured with find_package(pairinv), built and run (the solvers,
#      and the learning library when pairinv has it);
#   3. the same solvers program built with pkg-config's flags alone (pairinv.pc) and run.
# Usage: consumer_test.sh BUILD_DIR WORK_DIR
set -euo pipefail
build=$1 work=$2
here=$(cd "$(dirname "$0")" && pwd)
rm -rf "$work"
mkdir -p "$work"
cmake --install "$build" --prefix "$work/prefix" > "$work/install.log"
for f in bin/pairinv include/pairinv/solvers/acoustic/shot_simulation.hpp lib/libpairinv_solvers.a \
         lib/cmake/pairinv/pairinvConfig.cmake lib/pkgconfig/pairinv.pc; do
  [[ -e "$work/prefix/$f" ]] || { echo "consumer_test: $f was not installed"; exit 1; }
done

cmake -S "$here/consumer" -B "$work/cmake" -DCMAKE_PREFIX_PATH="$work/prefix" -DCMAKE_BUILD_TYPE=Release > "$work/configure.log"
cmake --build "$work/cmake" -j2 > "$work/build.log"
"$work/cmake/solvers_consumer"
if [[ -x "$work/cmake/learning_consumer" ]]; then
  "$work/cmake/learning_consumer"
elif grep -q "PAIRINV_WITH_TORCH ON" "$work/prefix/lib/cmake/pairinv/pairinvConfig.cmake"; then
  echo "consumer_test: pairinv::learning is missing from the installed package"; exit 1
fi

export PKG_CONFIG_PATH="$work/prefix/lib/pkgconfig"
# shellcheck disable=SC2046  # pkg-config's words are separate arguments
c++ -O1 "$here/consumer/solvers_consumer.cpp" -o "$work/pkgconfig_consumer" $(pkg-config --cflags --libs pairinv)
"$work/pkgconfig_consumer"
echo "consumer_test: passed (find_package and pkg-config)"
