// Helpers shared by the EM solver tests: models and configurations built field by field (no
// options database), and small vector utilities.
#pragma once

#include <petscsys.h>

#include <algorithm>
#include <cmath>
#include <complex>
#include <random>
#include <vector>

#include "meshes/grid2d.hpp"
#include "solvers/em/em_config.hpp"

namespace pairinv::testing {

inline Field2D uniformConductivity(int nz, int nx, double h, double sigma) {
  Grid2D g;
  g.nz = nz, g.nx = nx, g.dz = h, g.dx = h;
  return Field2D(g, sigma);
}

/// Conductivities log-uniform in [lo, hi] with a fixed seed (the same on every rank).
inline Field2D randomConductivity(int nz, int nx, double h, double lo, double hi, unsigned seed) {
  Field2D f = uniformConductivity(nz, nx, h, 1.0);
  std::mt19937 engine(seed);
  std::uniform_real_distribution<double> draw(std::log(lo), std::log(hi));
  for (double& v : f.values) v = std::exp(draw(engine));
  return f;
}

/// A plane-wave configuration with receivers at the surface above every column.
inline em::EmConfig mtConfig(const Grid2D& g, std::vector<double> frequencies, em::Polarisation p) {
  em::EmConfig c;
  c.frequencies = std::move(frequencies);
  c.polarisation = p;
  c.source = em::SourceKind::PlaneWave;
  c.datum = em::DatumKind::Impedance;
  for (int i = 0; i < g.nx; ++i) c.receivers.push_back({g.x0 + (i + 0.5) * g.dx, g.z0});
  return c;
}

/// Whether this is rank 0 of PETSC_COMM_WORLD (reports print there only).
inline bool isRootRank() {
  int rank = 0;
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  return rank == 0;
}

inline std::vector<double> randomVector(std::size_t n, unsigned seed) {
  std::mt19937 engine(seed);
  std::uniform_real_distribution<double> draw(-1.0, 1.0);
  std::vector<double> v(n);
  for (double& x : v) x = draw(engine);
  return v;
}

inline double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

inline double maxRelativeDifference(const std::vector<std::complex<double>>& a,
                                    const std::vector<std::complex<double>>& b) {
  double worst = 0, scale = 0;
  for (std::size_t i = 0; i < a.size(); ++i) scale = std::max(scale, std::abs(b[i]));
  for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(a[i] - b[i]) / scale);
  return worst;
}

}  // namespace pairinv::testing
