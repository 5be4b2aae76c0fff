// Helpers of the 3D acoustic tests: uniform grids and models, and a configuration set by hand.
#pragma once

#include <random>

#include "meshes/grid3d.hpp"
#include "solvers/acoustic3d/acoustic3d_config.hpp"

namespace pairinv::testing {

inline Grid3D uniformGrid3(int nz, int ny, int nx, double h) {
  Grid3D g;
  g.nz = nz, g.ny = ny, g.nx = nx, g.dz = g.dy = g.dx = h;
  return g;
}

/// Velocities drawn uniformly from [vmin, vmax] with a fixed seed (the same on every rank).
inline Field3D randomModel3(int nz, int ny, int nx, double h, double vmin, double vmax, unsigned seed) {
  Field3D f(uniformGrid3(nz, ny, nx, h));
  std::mt19937 engine(seed);
  std::uniform_real_distribution<double> draw(vmin, vmax);
  for (double& v : f.values) v = draw(engine);
  return f;
}

/// Ricker wavelet, fixed dt, CPML of `pad` cells on every face, no sources or receivers yet.
inline acoustic3d::Acoustic3DConfig plainConfig3(int order, double dt, int nt, double peakFrequency, int pad) {
  acoustic3d::Acoustic3DConfig c;
  c.order = order;
  c.dt = dt;
  c.autoDt = false;
  c.nt = nt;
  c.peakFrequency = peakFrequency;
  c.delay = 1.5 / peakFrequency;
  c.padCells = pad;
  return c;
}

}  // namespace pairinv::testing
