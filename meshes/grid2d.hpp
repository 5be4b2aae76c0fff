// A uniform 2D tensor grid and scalar fields on it.
//
// Index convention (OpenFWI's): a field is stored row-major as [nz][nx]; row iz = 0 is the top
// (the surface), depth grows with iz; column ix grows with x. Point (iz, ix) sits at
// (z, x) = (z0 + iz dz, x0 + ix dx).
#pragma once

#include <cstddef>
#include <vector>

namespace pairinv {

struct Grid2D {
  int nz = 0, nx = 0;
  double dz = 1.0, dx = 1.0;
  double z0 = 0.0, x0 = 0.0;

  std::size_t size() const { return std::size_t(nz) * std::size_t(nx); }
  std::size_t index(int iz, int ix) const { return std::size_t(iz) * std::size_t(nx) + std::size_t(ix); }
  bool contains(int iz, int ix) const { return iz >= 0 && iz < nz && ix >= 0 && ix < nx; }
};

struct Field2D {
  Grid2D grid;
  std::vector<double> values;  // size grid.size(), row-major [nz][nx]

  Field2D() = default;
  explicit Field2D(const Grid2D& g, double fill = 0.0) : grid(g), values(g.size(), fill) {}

  double& at(int iz, int ix) { return values[grid.index(iz, ix)]; }
  double at(int iz, int ix) const { return values[grid.index(iz, ix)]; }
  double min() const;
  double max() const;
};


}  // namespace pairinv
