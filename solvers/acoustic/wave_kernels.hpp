// Inner loops of the acoustic solver on one rank's LocalBox. Every kernel runs over owned
// points only and reads halos; none branches inside its innermost loop.
//
// Leapfrog:  p^{n+1} = p^n + B (p^n - p^{n-1}) + v^2 dt^2 L p^n
// with L the order-2r Laplacian and B = 1 - damp dt (B = 1 without damping, giving the
// plain 2 p^n - p^{n-1}). p^{n+1} overwrites p^{n-1} in place.
//
// CPML along an axis (Pasalic & McGarry 2010), after the leapfrog step:
//   psi^n  = b psi^{n-1}  + a D1 p^n
//   zeta^n = b zeta^{n-1} + a (D2 p^n + D1 psi^n)
//   p^{n+1} += v^2 dt^2 (D1 psi^n + zeta^n)
// with D1, D2 the first and second derivative stencils along that axis.
#pragma once

#include "solvers/acoustic/local_box.hpp"
#include "solvers/acoustic/stencil.hpp"

namespace pairinv::acoustic {

/// Stencil weights divided by the grid spacing (second: 1/h^2, first: 1/h).
struct ScaledStencil {
  int radius = 0;
  double centre = 0.0;                 // c0 (1/dx^2 + 1/dz^2)
  double x2[kMaxRadius + 1] = {}, z2[kMaxRadius + 1] = {};  // [0]: centre of one axis
  double x1[kMaxRadius + 1] = {}, z1[kMaxRadius + 1] = {};
};
ScaledStencil scaledStencil(const StencilCoefficients& s, double dz, double dx);

/// Where the kernels also write each step's increment D = v^2 dt^2 a^n, the part of p^{n+1}
/// beyond p^n + B (p^n - p^{n-1}): owned point (iz, ix) at base[iz * stride + ix]. The gradient's
/// imaging condition reads it (shot_gradient.hpp); writing it while the step computes it costs
/// far less than copying p^{n+1} out afterwards. The leapfrog kernel writes v^2 dt^2 L p^n; the
/// CPML pass and the source injection then add their own terms.
/// Real is the solver's precision (float or double, AcousticPrecision), as for every kernel here.
template <class Real>
struct PackedIncrement {
  Real* base = nullptr;       // null: not wanted
  std::ptrdiff_t stride = 0;  // >= box.xm
  bool stream = false;        // non-temporal stores (base 32-byte aligned, stride a multiple of 32 / sizeof(Real))
  Real* row(int iz) const { return base ? base + std::ptrdiff_t(iz) * stride : nullptr; }
};

/// One leapfrog step over the owned points. `damping` (B) may be null for B = 1. The step is the
/// same to the last bit whether or not `increment` is given (D there is V (L p^n), rounded once).
/// The increment is written as Out: Real, or float for double stepping (lossy storage,
/// -acoustic_stored_precision single).
template <class Real, class Out = Real>
void leapfrogStep(const LocalBox& box, const ScaledStencil& st, const Real* p, Real* pNext, const Real* vdt2,
                  const Real* damping, const PackedIncrement<Out>& increment = {});

/// Axis of a CPML pass.
enum class Axis { X, Z };

/// Updates psi on local lines [first, last) across the axis (columns for X, rows for Z).
/// `a`, `b` are indexed by the local line index along the axis.
template <class Real>
void cpmlUpdatePsi(Axis axis, const LocalBox& box, const ScaledStencil& st, int first, int last, const Real* p,
                   Real* psi, const Real* a, const Real* b);

/// Updates zeta and adds v^2 dt^2 (D1 psi + zeta) to pNext on local lines [first, last), and to
/// `increment` when given.
template <class Real, class Out = Real>
void cpmlApply(Axis axis, const LocalBox& box, const ScaledStencil& st, int first, int last, const Real* p,
               const Real* psi, Real* zeta, Real* pNext, const Real* vdt2, const Real* a, const Real* b,
               const PackedIncrement<Out>& increment = {});

}  // namespace pairinv::acoustic
