// Helpers shared by the acoustic solver tests: small models, a configuration built field by
// field (no options database), an option set for one scope, norms of gathers, and the rank of
// a communicator.
#pragma once

#include <mpi.h>
#include <petscsys.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <random>
#include <string>
#include <vector>

#include "core/petsc_check.hpp"
#include "meshes/grid2d.hpp"
#include "solvers/acoustic/acoustic_config.hpp"

namespace pairinv::testing {

inline Grid2D uniformGrid(int nz, int nx, double h) {
  Grid2D g;
  g.nz = nz, g.nx = nx, g.dz = h, g.dx = h;
  return g;
}

inline Field2D homogeneousModel(int nz, int nx, double h, double velocity) {
  return Field2D(uniformGrid(nz, nx, h), velocity);
}

/// Velocities drawn uniformly from [vmin, vmax] with a fixed seed (same on every rank).
inline Field2D randomModel(int nz, int nx, double h, double vmin, double vmax, unsigned seed) {
  Field2D f(uniformGrid(nz, nx, h));
  std::mt19937 engine(seed);
  std::uniform_real_distribution<double> draw(vmin, vmax);
  for (double& v : f.values) v = draw(engine);
  return f;
}

/// A configuration set by hand: Ricker wavelet, physical scaling, fixed dt, the given boundary.
inline acoustic::AcousticConfig plainConfig(int order, double dt, int nt, double peakFrequency) {
  acoustic::AcousticConfig c;
  c.order = order;
  c.dt = dt;
  c.autoDt = false;
  c.nt = nt;
  c.peakFrequency = peakFrequency;
  c.wavelet = acoustic::WaveletKind::Ricker;
  c.scaling = acoustic::SourceScaling::Physical;
  return c;
}

inline void setAbsorbingSides(acoustic::AcousticConfig& c, bool top, bool bottom, bool left, bool right) {
  c.absorbing.top = top, c.absorbing.bottom = bottom, c.absorbing.left = left, c.absorbing.right = right;
}

/// ||a - b|| / ||b|| in the Euclidean norm.
inline double relativeL2(const std::vector<double>& a, const std::vector<double>& b) {
  double diff = 0.0, ref = 0.0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    diff += (a[i] - b[i]) * (a[i] - b[i]);
    ref += b[i] * b[i];
  }
  return std::sqrt(diff / ref);
}

/// max |a - b| / max |b|.
inline double maxRelativeDifference(const std::vector<double>& a, const std::vector<double>& b) {
  double diff = 0.0, ref = 0.0;
  for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
    diff = std::max(diff, std::abs(a[i] - b[i]));
    ref = std::max(ref, std::abs(b[i]));
  }
  return diff / ref;
}

inline int rankOf(MPI_Comm comm) {
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  return rank;
}

/// Sets an option in PETSc's global options database for the lifetime of the object.
class ScopedOption {
 public:
  ScopedOption(const char* name, const char* value) : name_(name) {
    PAIRINV_PETSC(PetscOptionsSetValue(nullptr, name, value));
  }
  ScopedOption(const ScopedOption&) = delete;
  ScopedOption& operator=(const ScopedOption&) = delete;
  ~ScopedOption() { PetscOptionsClearValue(nullptr, name_.c_str()); }

 private:
  std::string name_;
};

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace pairinv::testing
