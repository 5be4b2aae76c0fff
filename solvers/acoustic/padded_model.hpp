// The computational grid of the acoustic solver: the model grid padded with absorbing cells,
// the velocity extended into the padding by edge replication, and the absorbing profiles.
//
// Damping (Collino & Tsogka 2001, as OpenFWI): the update gains -k (p - p_prev) with
// k = damp dt, damp = kappa0 (d / a)^2, a = (n_pad - 1) h, kappa0 = 3 v_min ln(1e7) / (2 a),
// d = i h for the i-th padding cell counted outwards (i = 0 next to the model). In corner
// blocks the left/right strips' value applies.
//
// CPML (Pasalic & McGarry 2010) on each axis: d(i) = d0 ((i+1)/N)^2 with
// d0 = -3 v_max ln(R) / (2 N h), alpha(i) = pi f_alpha (1 - (i+1)/N),
// b = exp(-(d + alpha) dt), a = d (b - 1) / (d + alpha); a = 0, b = 1 inside the model.
#pragma once

#include <utility>
#include <vector>

#include "meshes/grid2d.hpp"
#include "solvers/acoustic/acoustic_config.hpp"

namespace pairinv::acoustic {

struct Padding {
  int top = 0, bottom = 0, left = 0, right = 0;
};

/// Cells added on each absorbing side.
Padding paddingFor(const AcousticConfig& config);

/// The padded grid; its origin is shifted so that model point (0, 0) keeps coordinates (0, 0).
Grid2D paddedGrid(const Grid2D& model, const Padding& pad);

/// The model extended into the padding by copying its edge values (OpenFWI's np.pad 'edge').
Field2D padByEdgeReplication(const ModelView& model, const Padding& pad);

/// k = damp dt at every point of the padded grid (zero in the model), for Boundary::Damping.
std::vector<double> dampingProfile(const Grid2D& model, const Padding& pad, double vmin, double dt);

/// CPML coefficients along one axis of n padded points (low/high = padding cells at each end).
struct CpmlProfile {
  std::vector<double> a, b;
};
CpmlProfile cpmlProfile(int n, int low, int high, double h, double vmax, double reflection,
                        double alphaFrequency, double dt);
/// Global line ranges [first, last) that carry CPML terms along one axis of n padded points:
/// each absorbing layer (low/high cells) plus `radius` lines into the model (where D1 psi
/// still reaches), merged if they overlap. The 2D and 3D solvers share it.
std::vector<std::pair<int, int>> cpmlLines(int n, int low, int high, int radius);

}  // namespace pairinv::acoustic
