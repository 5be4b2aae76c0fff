#!/usr/bin/env bash
# Installs every build and runtime dependency of pairinv from Debian 12 packages.
# Idempotent: packages already present are left alone. Run as root.
set -euo pipefail

packages=(
  build-essential cmake pkg-config ninja-build ccache git
  petsc-dev              # PETSc 3.18, real double, with MUMPS, HDF5 and YAML
  libopenmpi-dev openmpi-bin
  libhdf5-openmpi-dev
  libtorch-dev           # LibTorch 1.13.1, CPU
  libvtk9-dev
  libeigen3-dev
  libgtest-dev libgmock-dev googletest
  libbenchmark-dev
  libpng-dev zlib1g-dev
  libcairo2-dev fonts-dejavu-core   # figures: Cairo and the font of their text
  libsegyio-dev python3-segyio      # SEG-Y gathers; the Python module checks them in the tests
  libyaml-dev
  clang libclang-rt-14-dev          # the fuzz harnesses: libFuzzer, ASan and UBSan (scripts/fuzz.sh)
  python3 python3-numpy python3-h5py
  python3-dev pybind11-dev          # import pairinv (python/)
  python3-torch python3-scipy python3-mpi4py python3-pytest  # pairinv.torch, examples, mpi4py, the tests
  python3-matplotlib                # the examples' figures (tests/python/test_examples.py draws one)
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
echo "install-deps: done"
