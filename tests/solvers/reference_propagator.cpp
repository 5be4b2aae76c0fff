#include "reference_propagator.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace pairinv::testing {

namespace {

using acoustic::AcousticConfig;

/// Taylor (Fornberg) weights: d2/dx2 ~ (c0 u_i + sum c_k (u_{i+k} + u_{i-k})) / h^2 and
/// d/dx ~ sum d_k (u_{i+k} - u_{i-k}) / h, for k = 1..r.
struct Weights {
  int r;
  std::vector<double> c, d;  // c[0..r], d[0..r] (d[0] unused)
};

Weights weightsForOrder(int order) {
  if (order == 2) return {1, {-2.0, 1.0}, {0.0, 0.5}};
  if (order == 4) return {2, {-2.5, 4.0 / 3.0, -1.0 / 12.0}, {0.0, 2.0 / 3.0, -1.0 / 12.0}};
  if (order == 8)
    return {4,
            {-205.0 / 72.0, 8.0 / 5.0, -1.0 / 5.0, 8.0 / 315.0, -1.0 / 560.0},
            {0.0, 4.0 / 5.0, -1.0 / 5.0, 4.0 / 105.0, -1.0 / 280.0}};
  throw std::invalid_argument("reference: unsupported order");
}

/// A padded-grid field with the boundary rules of the solver built into its accessor.
struct Grid {
  int nz, nx;
  bool mirrorTop;  // free surface: the row above row 0 holds minus the row below it
  std::vector<double> v;

  Grid(int nz_, int nx_, bool mirror) : nz(nz_), nx(nx_), mirrorTop(mirror), v(std::size_t(nz_) * nx_, 0.0) {}
  double& operator()(int iz, int ix) { return v[std::size_t(iz) * nx + ix]; }
  double at(int iz, int ix) const {
    if (ix < 0 || ix >= nx || iz >= nz) return 0.0;
    if (iz < 0) return mirrorTop ? -v[std::size_t(-iz) * nx + ix] : 0.0;
    return v[std::size_t(iz) * nx + ix];
  }
};

/// Distance in cells of padded index i from the model, counted outwards from 0; -1 inside.
int outward(int i, int n, int low, int high) {
  if (i < low) return low - 1 - i;
  if (i >= n - high) return i - (n - high);
  return -1;
}

/// CPML coefficients (Pasalic & McGarry 2010) along one axis: d = d0 x^2, x = (i+1)/N,
/// d0 = -3 v ln(R) / (2 N h), alpha = pi f (1 - x), b = exp(-(d + alpha) dt),
/// a = d (b - 1) / (d + alpha); a = 0, b = 1 outside the layer.
void cpmlCoefficients(int n, int low, int high, double h, double vmax, const AcousticConfig& c,
                      std::vector<double>& a, std::vector<double>& b) {
  a.assign(std::size_t(n), 0.0);
  b.assign(std::size_t(n), 1.0);
  const double f = c.pmlFrequency > 0 ? c.pmlFrequency : c.peakFrequency;
  for (int i = 0; i < n; ++i) {
    const int o = outward(i, n, low, high);
    if (o < 0) continue;
    const int width = i < low ? low : high;
    const double x = (o + 1.0) / width;
    const double d = -3.0 * vmax * std::log(c.pmlReflection) / (2.0 * width * h) * x * x;
    const double alpha = M_PI * f * (1.0 - x);
    b[std::size_t(i)] = std::exp(-(d + alpha) * c.dt);
    a[std::size_t(i)] = d + alpha > 0 ? d * (b[std::size_t(i)] - 1.0) / (d + alpha) : 0.0;
  }
}

/// Collino-Tsogka damping (as OpenFWI): k = dt kappa0 (i h / a)^2 with a = (N - 1) h and
/// kappa0 = 3 v_min ln(1e7) / (2 a); corner blocks take the left/right value.
double dampingAt(int oz, int ox, int nzPad, int nxPad, double dz, double dx, double vmin, double dt) {
  auto damp = [&](int i, int width, double h) {
    if (i < 0 || width < 2) return 0.0;
    const double a = (width - 1) * h;
    return 3.0 * vmin * std::log(1e7) / (2.0 * a) * (i * h / a) * (i * h / a);
  };
  return dt * (ox >= 0 ? damp(ox, nxPad, dx) : damp(oz, nzPad, dz));
}

}  // namespace

std::vector<double> referenceGathers(const Field2D& velocity, const AcousticConfig& c) {
  const Weights w = weightsForOrder(c.order);
  const Grid2D& m = velocity.grid;
  const int top = c.absorbing.top ? c.padCells : 0, bottom = c.absorbing.bottom ? c.padCells : 0;
  const int left = c.absorbing.left ? c.padCells : 0, right = c.absorbing.right ? c.padCells : 0;
  const int nz = m.nz + top + bottom, nx = m.nx + left + right;
  const double dz = m.dz, dx = m.dx, dt = c.dt;
  const bool pml = c.boundary == acoustic::Boundary::Pml;
  const bool damped = c.boundary == acoustic::Boundary::Damping;

  // Medium on the padded grid: edge-replicated velocity, v^2 dt^2 and the damping factor B.
  Grid vdt2(nz, nx, false), B(nz, nx, false);
  double vmin = velocity.values[0], vmax = velocity.values[0];
  for (double v : velocity.values) vmin = std::min(vmin, v), vmax = std::max(vmax, v);
  for (int iz = 0; iz < nz; ++iz)
    for (int ix = 0; ix < nx; ++ix) {
      const double v = velocity.at(std::clamp(iz - top, 0, m.nz - 1), std::clamp(ix - left, 0, m.nx - 1));
      vdt2(iz, ix) = v * v * dt * dt;
      const int oz = outward(iz, nz, top, bottom), ox = outward(ix, nx, left, right);
      B(iz, ix) = 1.0 - (damped ? dampingAt(oz, ox, iz < top ? top : bottom, ix < left ? left : right, dz,
                                            dx, vmin, dt)
                                : 0.0);
    }
  std::vector<double> ax, bx, az, bz;
  cpmlCoefficients(nx, left, right, dx, vmax, c, ax, bx);
  cpmlCoefficients(nz, top, bottom, dz, vmax, c, az, bz);

  // Ricker wavelet w[n] = s(n dt).
  const double delay = c.delay < 0 ? 1.5 / c.peakFrequency : c.delay;
  std::vector<double> wavelet(std::size_t(c.nt));
  for (int n = 0; n < c.nt; ++n) {
    const double beta = std::pow(M_PI * c.peakFrequency * (n * dt - delay), 2);
    wavelet[std::size_t(n)] = (1.0 - 2.0 * beta) * std::exp(-beta);
  }
  const double scale = c.scaling == acoustic::SourceScaling::Physical ? 1.0 / (dx * dz) : 1.0;

  const int samples = c.samplesPerTrace(), nrec = int(c.receivers.size());
  std::vector<double> out(c.sources.size() * std::size_t(samples) * std::size_t(nrec), 0.0);
  for (std::size_t shot = 0; shot < c.sources.size(); ++shot) {
    const bool fs = c.freeSurface;
    Grid p(nz, nx, fs), prev(nz, nx, fs), next(nz, nx, fs);
    Grid psiX(nz, nx, false), psiZ(nz, nx, false), zetaX(nz, nx, false), zetaZ(nz, nx, false);
    const int sz = c.sources[shot].iz + top, sx = c.sources[shot].ix + left;
    for (int n = 0; n < c.nt; ++n) {
      // psi^n = b psi^{n-1} + a D1 p^n, on both axes, everywhere.
      for (int iz = 0; iz < nz; ++iz)
        for (int ix = 0; ix < nx; ++ix) {
          double dpx = 0.0, dpz = 0.0;
          for (int k = 1; k <= w.r; ++k) {
            dpx += w.d[k] * (p.at(iz, ix + k) - p.at(iz, ix - k)) / dx;
            dpz += w.d[k] * (p.at(iz + k, ix) - p.at(iz - k, ix)) / dz;
          }
          psiX(iz, ix) = bx[ix] * psiX(iz, ix) + ax[ix] * dpx;
          psiZ(iz, ix) = bz[iz] * psiZ(iz, ix) + az[iz] * dpz;
        }
      for (int iz = 0; iz < nz; ++iz)
        for (int ix = 0; ix < nx; ++ix) {
          double d2x = w.c[0] * p.at(iz, ix), d2z = w.c[0] * p.at(iz, ix), dpsiX = 0.0, dpsiZ = 0.0;
          for (int k = 1; k <= w.r; ++k) {
            d2x += w.c[k] * (p.at(iz, ix + k) + p.at(iz, ix - k));
            d2z += w.c[k] * (p.at(iz + k, ix) + p.at(iz - k, ix));
            dpsiX += w.d[k] * (psiX.at(iz, ix + k) - psiX.at(iz, ix - k));
            dpsiZ += w.d[k] * (psiZ.at(iz + k, ix) - psiZ.at(iz - k, ix));
          }
          d2x /= dx * dx, d2z /= dz * dz, dpsiX /= dx, dpsiZ /= dz;
          // Leapfrog with damping: p^{n+1} = p^n + B (p^n - p^{n-1}) + v^2 dt^2 L p^n.
          double value = p(iz, ix) + B(iz, ix) * (p(iz, ix) - prev(iz, ix)) + vdt2(iz, ix) * (d2x + d2z);
          if (pml) {
            zetaX(iz, ix) = bx[ix] * zetaX(iz, ix) + ax[ix] * (d2x + dpsiX);
            zetaZ(iz, ix) = bz[iz] * zetaZ(iz, ix) + az[iz] * (d2z + dpsiZ);
            value += vdt2(iz, ix) * (dpsiX + zetaX(iz, ix) + dpsiZ + zetaZ(iz, ix));
          }
          next(iz, ix) = value;
        }
      next(sz, sx) += scale * vdt2(sz, sx) * wavelet[std::size_t(n)];
      if (fs)
        for (int ix = 0; ix < nx; ++ix) next(0, ix) = 0.0;
      if (n % c.recordEvery == 0)
        for (int r = 0; r < nrec; ++r)
          out[(shot * std::size_t(samples) + std::size_t(n / c.recordEvery)) * std::size_t(nrec) + std::size_t(r)] =
              next(c.receivers[std::size_t(r)].iz + top, c.receivers[std::size_t(r)].ix + left);
      std::swap(prev.v, p.v);  // prev <- p^n
      std::swap(p.v, next.v);  // p <- p^{n+1}
    }
  }
  return out;
}

}  // namespace pairinv::testing
