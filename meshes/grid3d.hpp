// A uniform 3D tensor grid and scalar fields on it, the 3D counterpart of grid2d.hpp.
//
// Index convention: a field is stored row-major as [nz][ny][nx] (NumPy's C order for an array
// of shape (nz, ny, nx)); plane iz = 0 is the top (the surface), depth grows with iz, y with
// iy and x with ix. Point (iz, iy, ix) sits at (z0 + iz dz, y0 + iy dy, x0 + ix dx).
#pragma once

#include <cstddef>
#include <vector>

namespace pairinv {

struct Grid3D {
  int nz = 0, ny = 0, nx = 0;
  double dz = 1.0, dy = 1.0, dx = 1.0;
  double z0 = 0.0, y0 = 0.0, x0 = 0.0;

  std::size_t size() const { return std::size_t(nz) * std::size_t(ny) * std::size_t(nx); }
  std::size_t index(int iz, int iy, int ix) const {
    return (std::size_t(iz) * std::size_t(ny) + std::size_t(iy)) * std::size_t(nx) + std::size_t(ix);
  }
  bool contains(int iz, int iy, int ix) const {
    return iz >= 0 && iz < nz && iy >= 0 && iy < ny && ix >= 0 && ix < nx;
  }
};

struct Field3D {
  Grid3D grid;
  std::vector<double> values;  // size grid.size(), [nz][ny][nx]

  Field3D() = default;
  explicit Field3D(const Grid3D& g, double fill = 0.0) : grid(g), values(g.size(), fill) {}

  double& at(int iz, int iy, int ix) { return values[grid.index(iz, iy, ix)]; }
  double at(int iz, int iy, int ix) const { return values[grid.index(iz, iy, ix)]; }
  double min() const;
  double max() const;
};

}  // namespace pairinv
