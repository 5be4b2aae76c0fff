// Transposed (adjoint) kernels of the discrete acoustic scheme in wave_kernels.hpp.
//
// With zero values outside the grid, the second-derivative stencils are symmetric (L^T = L,
// D2^T = D2) and the first-derivative stencil antisymmetric (D1^T = -D1). With the free
// surface, L acting on the odd mirror p(-k) = -p(k) (and p = 0 on row 0) is symmetric on the
// rows below the surface, so the adjoint reuses the same mirror. Pointwise factors (v^2 dt^2,
// a, b, B) move inside the stencils: the adjoint of V L p is L (V x).
//
// Backward step n, given x = the adjoint of p^{n+1} (after the free-surface projection) and y
// = the adjoint of step n+1's p^{n+1}... see ShotGradient for the full recursion:
//   nu = V x
//   per CPML axis: zb = nu + b zb;  w1 = a zb;  sb = -D1 nu - D1 w1 + b sb;  w2 = a sb
//   y  <- x + B (x - y) + L nu + sum_axes (D2 w1 - D1 w2)
// ShotGradient runs this recursion in mu = V x, where the leapfrog part is the forward
// leapfrog (adjoint_leapfrog.hpp, fused with the imaging condition) and the CPML part is
// scaled by V; adjointLeapfrogStep states the transposed step plainly, for the tests.
#pragma once

#include "solvers/acoustic/local_box.hpp"
#include "solvers/acoustic/wave_kernels.hpp"

namespace pairinv::acoustic {

/// y <- x + B (x - y) + L nu over owned points (damping B may be null for B = 1). The
/// reference that adjointLeapfrogImaging (adjoint_leapfrog.hpp) is tested against.
template <class Real>
void adjointLeapfrogStep(const LocalBox& box, const ScaledStencil& st, const Real* x, Real* y,
                         const Real* nu, const Real* damping);

/// zb <- nu + b zb and w1 <- a zb on lines [first, last) across `axis`.
template <class Real>
void cpmlAdjointZeta(Axis axis, const LocalBox& box, int first, int last, const Real* nu,
                     Real* zetaBar, Real* w1, const Real* a, const Real* b);

/// sb <- -D1 (nu + w1) + b sb and w2 <- a sb on lines [first, last).
template <class Real>
void cpmlAdjointPsi(Axis axis, const LocalBox& box, const ScaledStencil& st, int first, int last,
                    const Real* nu, const Real* w1, Real* psiBar, Real* w2,
                    const Real* a, const Real* b);

/// y += D2 w1 - D1 w2 on lines [first, last); with `vdt2` non-null, y += V (D2 w1 - D1 w2)
/// (the step in the scaled variable mu = V x of adjoint_leapfrog.hpp).
template <class Real>
void cpmlAdjointApply(Axis axis, const LocalBox& box, const ScaledStencil& st, int first, int last,
                      const Real* w1, const Real* w2, Real* y, const Real* vdt2 = nullptr);

}  // namespace pairinv::acoustic
