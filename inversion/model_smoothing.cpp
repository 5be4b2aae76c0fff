#include "inversion/model_smoothing.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

namespace pairinv::inversion {

namespace {

std::vector<double> gaussianKernel(double sigmaCells) {
  const int half = std::max(1, int(std::ceil(3.0 * sigmaCells)));
  std::vector<double> k(std::size_t(2 * half + 1));
  double sum = 0.0;
  for (int i = -half; i <= half; ++i) sum += k[std::size_t(i + half)] = std::exp(-0.5 * (i / sigmaCells) * (i / sigmaCells));
  for (double& w : k) w /= sum;
  return k;
}

}  // namespace

Field2D gaussianSmooth(const Field2D& model, double sigma) {
  if (sigma <= 0) return model;
  const Grid2D& g = model.grid;
  const std::vector<double> kx = gaussianKernel(sigma / g.dx), kz = gaussianKernel(sigma / g.dz);
  const int hx = int(kx.size() / 2), hz = int(kz.size() / 2);
  Field2D tmp(g), out(g);
  for (int iz = 0; iz < g.nz; ++iz)
    for (int ix = 0; ix < g.nx; ++ix) {
      double s = 0.0;
      for (int k = -hx; k <= hx; ++k) s += kx[std::size_t(k + hx)] * model.at(iz, std::clamp(ix + k, 0, g.nx - 1));
      tmp.at(iz, ix) = s;
    }
  for (int iz = 0; iz < g.nz; ++iz)
    for (int ix = 0; ix < g.nx; ++ix) {
      double s = 0.0;
      for (int k = -hz; k <= hz; ++k) s += kz[std::size_t(k + hz)] * tmp.at(std::clamp(iz + k, 0, g.nz - 1), ix);
      out.at(iz, ix) = s;
    }
  return out;
}

Field2D linearGradientModel(const Grid2D& grid, double top, double bottom) {
  Field2D v(grid);
  for (int iz = 0; iz < grid.nz; ++iz) {
    const double t = grid.nz > 1 ? double(iz) / (grid.nz - 1) : 0.0;
    for (int ix = 0; ix < grid.nx; ++ix) v.at(iz, ix) = top + t * (bottom - top);
  }
  return v;
}

Field3D gaussianSmooth(const Field3D& model, double sigma) {
  if (sigma <= 0) return model;
  const Grid3D& g = model.grid;
  Field3D a = model, b(g);
  // One pass per axis: a -> b along x, b -> a along y, a -> b along z.
  const int n[3] = {g.nx, g.ny, g.nz};
  const double h[3] = {g.dx, g.dy, g.dz};
  const std::ptrdiff_t stride[3] = {1, g.nx, std::ptrdiff_t(g.nx) * g.ny};
  for (int axis = 0; axis < 3; ++axis) {
    const Field3D& in = axis == 1 ? b : a;
    Field3D& out = axis == 1 ? a : b;
    const std::vector<double> k = gaussianKernel(sigma / h[axis]);
    const int half = int(k.size() / 2);
    for (int iz = 0; iz < g.nz; ++iz)
      for (int iy = 0; iy < g.ny; ++iy)
        for (int ix = 0; ix < g.nx; ++ix) {
          const int pos[3] = {ix, iy, iz};
          const std::size_t at = g.index(iz, iy, ix);
          double s = 0.0;
          for (int q = -half; q <= half; ++q) {
            const int moved = std::clamp(pos[axis] + q, 0, n[axis] - 1);
            s += k[std::size_t(q + half)] * in.values[at + std::ptrdiff_t(moved - pos[axis]) * stride[axis]];
          }
          out.values[at] = s;
        }
  }
  return b;
}

Field3D linearGradientModel(const Grid3D& grid, double top, double bottom) {
  Field3D v(grid);
  for (int iz = 0; iz < grid.nz; ++iz) {
    const double t = grid.nz > 1 ? double(iz) / (grid.nz - 1) : 0.0;
    for (int iy = 0; iy < grid.ny; ++iy)
      for (int ix = 0; ix < grid.nx; ++ix) v.at(iz, iy, ix) = top + t * (bottom - top);
  }
  return v;
}

}  // namespace pairinv::inversion
