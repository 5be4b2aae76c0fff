// The part of the padded grid that one MPI rank owns, stored with a halo of `radius` cells on
// every side (zero or mirrored at physical edges), so that stencil loops need no branches.
#pragma once

#include <cstddef>

namespace pairinv::acoustic {

struct LocalBox {
  int zs = 0, xs = 0;   // global row/column of the first owned point
  int zm = 0, xm = 0;   // owned rows/columns
  int radius = 0;       // halo width = stencil radius

  int stride() const { return xm + 2 * radius; }
  std::size_t storage() const { return std::size_t(zm + 2 * radius) * std::size_t(stride()); }
  /// Storage offset of local owned point (iz, ix); iz, ix may reach -radius .. m-1+radius.
  std::ptrdiff_t offset(int iz, int ix) const {
    return std::ptrdiff_t(iz + radius) * stride() + (ix + radius);
  }
  bool ownsGlobal(int gz, int gx) const {
    return gz >= zs && gz < zs + zm && gx >= xs && gx < xs + xm;
  }
};

}  // namespace pairinv::acoustic
