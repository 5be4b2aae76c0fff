#include "solvers/acoustic/padded_model.hpp"

#include <algorithm>
#include <cmath>

namespace pairinv::acoustic {

Padding paddingFor(const AcousticConfig& c) {
  const int n = c.padCells;
  return {c.absorbing.top ? n : 0, c.absorbing.bottom ? n : 0, c.absorbing.left ? n : 0,
          c.absorbing.right ? n : 0};
}

Grid2D paddedGrid(const Grid2D& m, const Padding& p) {
  Grid2D g = m;
  g.nz = m.nz + p.top + p.bottom;
  g.nx = m.nx + p.left + p.right;
  g.z0 = m.z0 - p.top * m.dz;
  g.x0 = m.x0 - p.left * m.dx;
  return g;
}

Field2D padByEdgeReplication(const ModelView& model, const Padding& p) {
  Field2D out(paddedGrid(model.grid, p));
  for (int iz = 0; iz < out.grid.nz; ++iz) {
    const int mz = std::clamp(iz - p.top, 0, model.grid.nz - 1);
    for (int ix = 0; ix < out.grid.nx; ++ix)
      out.at(iz, ix) = model.at(mz, std::clamp(ix - p.left, 0, model.grid.nx - 1));
  }
  return out;
}

namespace {

/// Index i of a padding cell counted outwards from the model (i = 0 adjacent), or -1 inside.
int outwardIndex(int i, int n, int low, int high) {
  if (i < low) return low - 1 - i;
  if (i >= n - high) return i - (n - high);
  return -1;
}

}  // namespace

std::vector<double> dampingProfile(const Grid2D& m, const Padding& p, double vmin, double dt) {
  const Grid2D g = paddedGrid(m, p);
  std::vector<double> k(g.size(), 0.0);
  auto damp = [&](int i, int nPad, double h) {
    if (i < 0 || nPad < 2) return 0.0;
    const double a = (nPad - 1) * h;
    const double kappa0 = 3.0 * vmin * std::log(1e7) / (2.0 * a);
    const double d = i * h;
    return kappa0 * (d / a) * (d / a);
  };
  for (int iz = 0; iz < g.nz; ++iz) {
    const int iZ = outwardIndex(iz, g.nz, p.top, p.bottom);
    const int nZ = iz < p.top ? p.top : p.bottom;
    for (int ix = 0; ix < g.nx; ++ix) {
      const int iX = outwardIndex(ix, g.nx, p.left, p.right);
      const int nX = ix < p.left ? p.left : p.right;
      // Corner blocks take the left/right strips' value.
      const double value = iX >= 0 ? damp(iX, nX, m.dx) : damp(iZ, nZ, m.dz);
      k[g.index(iz, ix)] = value * dt;
    }
  }
  return k;
}

CpmlProfile cpmlProfile(int n, int low, int high, double h, double vmax, double reflection,
                        double alphaFrequency, double dt) {
  CpmlProfile prof{std::vector<double>(std::size_t(n), 0.0), std::vector<double>(std::size_t(n), 1.0)};
  for (int i = 0; i < n; ++i) {
    const int out = outwardIndex(i, n, low, high);
    if (out < 0) continue;
    const int width = i < low ? low : high;
    const double x = double(out + 1) / width;
    const double d0 = -3.0 * vmax * std::log(reflection) / (2.0 * width * h);
    const double d = d0 * x * x;
    const double alpha = M_PI * alphaFrequency * (1.0 - x);
    const double b = std::exp(-(d + alpha) * dt);
    prof.b[std::size_t(i)] = b;
    prof.a[std::size_t(i)] = d + alpha > 0 ? d * (b - 1.0) / (d + alpha) : 0.0;
  }
  return prof;
}

std::vector<std::pair<int, int>> cpmlLines(int n, int low, int high, int radius) {
  std::vector<std::pair<int, int>> r;
  if (low > 0) r.emplace_back(0, std::min(n, low + radius));
  if (high > 0) {
    const int first = std::max(0, n - high - radius);
    if (!r.empty() && first <= r.back().second) r.back().second = n;
    else r.emplace_back(first, n);
  }
  return r;
}

}  // namespace pairinv::acoustic
