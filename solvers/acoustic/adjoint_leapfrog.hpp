// The adjoint leapfrog step in the scaled variable mu = V x (V = v^2 dt^2), fused with the
// imaging condition.
//
// The transposed step of adjoint_kernels.hpp is y' = x + B (x - y) + L (V x). B and V are
// pointwise, so multiplying by V gives, with mu = V x and mu_y = V y,
//   mu_y' = mu + B (mu - mu_y) + V L mu,
// the forward leapfrog itself (wave_kernels.hpp) run on mu. The same sweep adds the imaging
// term of step n, mu D with D = V a^n the step's increment that the forward pass stored
// (PackedIncrement, wave_kernels.hpp), to an image; the caller turns the image into
// dJ/dV = sum_n x a^n = sum_n mu D / V^2 at the end of the shot. Fusing saves a pass over mu, B
// and the image per step, and reading D rather than three forward fields saves two loads per
// point (the arrays of the OpenFWI case live in L3; the kernel is bound by loads).
#pragma once

#include "solvers/acoustic/local_box.hpp"
#include "solvers/acoustic/wave_kernels.hpp"

namespace pairinv::acoustic {

/// Step n's increment D and the image, packed: owned point (iz, ix) at iz * stride + ix.
/// The increment is stored as In: Real, or float under double stepping (lossy storage).
template <class Real, class In = Real>
struct PackedImaging {
  const In* increment;
  Real* image;
  std::ptrdiff_t stride;
};

/// Over owned points: image += mu D, then muNext <- mu + B (mu - muNext) + V L mu. `mu` needs
/// its halo (exchanged or mirrored); `damping` may be null for B = 1. AVX register-blocked
/// where available.
template <class Real, class In = Real>
void adjointLeapfrogImaging(const LocalBox& box, const ScaledStencil& st, const Real* mu, Real* muNext,
                            const Real* vdt2, const Real* damping, const PackedImaging<Real, In>& f);

/// The same arithmetic one point at a time, without explicit vectors: the reference that
/// tests hold the blocked kernel to.
template <class Real, class In = Real>
void adjointLeapfrogImagingReference(const LocalBox& box, const ScaledStencil& st, const Real* mu,
                                     Real* muNext, const Real* vdt2, const Real* damping,
                                     const PackedImaging<Real, In>& f);

}  // namespace pairinv::acoustic
