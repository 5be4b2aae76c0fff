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

}  // namespace pairinv::inversion
