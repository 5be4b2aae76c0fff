#include "solvers/acoustic/adjoint_kernels.hpp"

#include <cstddef>
#include <type_traits>

namespace pairinv::acoustic {

namespace {

template <int R, bool Damped, class Real>
void adjointRows(const LocalBox& box, const ScaledStencil& st, const Real* __restrict x,
                 Real* __restrict y, const Real* __restrict nu, const Real* __restrict damping) {
  const std::ptrdiff_t S = box.stride();
  Real cx[R + 1], cz[R + 1];
  for (int k = 1; k <= R; ++k) cx[k] = st.x2[k], cz[k] = st.z2[k];
  const Real c0 = st.centre;
  for (int iz = 0; iz < box.zm; ++iz) {
    const std::ptrdiff_t row = box.offset(iz, 0);
    const Real* __restrict xr = x + row;
    const Real* __restrict nr = nu + row;
    Real* __restrict yr = y + row;
    const Real* __restrict br = Damped ? damping + row : nullptr;
#pragma GCC ivdep
    for (int ix = 0; ix < box.xm; ++ix) {
      Real lap = c0 * nr[ix];
      for (int k = 1; k <= R; ++k)
        lap += cx[k] * (nr[ix + k] + nr[ix - k]) + cz[k] * (nr[ix + k * S] + nr[ix - k * S]);
      if constexpr (Damped)
        yr[ix] = xr[ix] + br[ix] * (xr[ix] - yr[ix]) + lap;
      else
        yr[ix] = Real(2) * xr[ix] - yr[ix] + lap;
    }
  }
}

template <bool Damped, class Real>
void adjointDispatch(const LocalBox& box, const ScaledStencil& st, const Real* x, Real* y,
                     const Real* nu, const Real* damping) {
  switch (st.radius) {
    case 1: return adjointRows<1, Damped>(box, st, x, y, nu, damping);
    case 2: return adjointRows<2, Damped>(box, st, x, y, nu, damping);
    case 4: return adjointRows<4, Damped>(box, st, x, y, nu, damping);
    default: return;  // stencilForOrder() admits radii 1, 2 and 4 only
  }
}

// The CPML passes are templated on the radius and the axis like the forward ones
// (wave_kernels.cpp), so that the stencil loops unroll and the row loop (unit stride)
// vectorises. Along X the profile varies along the row (a[ix], b[ix]); along Z it is constant
// on the row (a[iz], b[iz]).
struct Lines {
  int z0, z1, x0, x1;
  std::ptrdiff_t step;
};

template <Axis A>
Lines lines(const LocalBox& box, int first, int last) {
  if constexpr (A == Axis::X) return {0, box.zm, first, last, 1};
  else return {first, last, 0, box.xm, box.stride()};
}

template <Axis A, class Real>
void zetaLines(const LocalBox& box, int first, int last, const Real* __restrict nu, Real* __restrict zb,
               Real* __restrict w1, const Real* __restrict a, const Real* __restrict b) {
  constexpr bool alongX = A == Axis::X;
  const Lines L = lines<A>(box, first, last);
  for (int iz = L.z0; iz < L.z1; ++iz) {
    const std::ptrdiff_t row = box.offset(iz, 0);
    const Real az = alongX ? Real(0) : a[iz], bz = alongX ? Real(0) : b[iz];
#pragma GCC ivdep
    for (int ix = L.x0; ix < L.x1; ++ix) {
      const std::ptrdiff_t i = row + ix;
      const Real z = nu[i] + (alongX ? b[ix] : bz) * zb[i];
      zb[i] = z;
      w1[i] = (alongX ? a[ix] : az) * z;
    }
  }
}

template <int R, Axis A, class Real>
void psiLines(const LocalBox& box, const ScaledStencil& st, int first, int last, const Real* __restrict nu,
              const Real* __restrict w1, Real* __restrict sb, Real* __restrict w2, const Real* __restrict a,
              const Real* __restrict b) {
  constexpr bool alongX = A == Axis::X;
  const Lines L = lines<A>(box, first, last);
  const std::ptrdiff_t step = L.step;
  Real d1[R + 1];
  for (int k = 1; k <= R; ++k) d1[k] = alongX ? st.x1[k] : st.z1[k];
  for (int iz = L.z0; iz < L.z1; ++iz) {
    const std::ptrdiff_t row = box.offset(iz, 0);
    const Real az = alongX ? Real(0) : a[iz], bz = alongX ? Real(0) : b[iz];
#pragma GCC ivdep
    for (int ix = L.x0; ix < L.x1; ++ix) {
      const std::ptrdiff_t i = row + ix;
      Real dnu = Real(0), dw = Real(0);
      for (int k = 1; k <= R; ++k) {
        dnu += d1[k] * (nu[i + k * step] - nu[i - k * step]);
        dw += d1[k] * (w1[i + k * step] - w1[i - k * step]);
      }
      const Real s = -dnu - dw + (alongX ? b[ix] : bz) * sb[i];
      sb[i] = s;
      w2[i] = (alongX ? a[ix] : az) * s;
    }
  }
}

template <int R, Axis A, bool Scaled, class Real>
void applyLines(const LocalBox& box, const ScaledStencil& st, int first, int last, const Real* __restrict w1,
                const Real* __restrict w2, Real* __restrict y, const Real* __restrict vdt2) {
  constexpr bool alongX = A == Axis::X;
  const Lines L = lines<A>(box, first, last);
  const std::ptrdiff_t step = L.step;
  Real d1[R + 1], d2[R + 1];
  for (int k = 0; k <= R; ++k) {
    d1[k] = alongX ? st.x1[k] : st.z1[k];
    d2[k] = alongX ? st.x2[k] : st.z2[k];
  }
  for (int iz = L.z0; iz < L.z1; ++iz) {
    const std::ptrdiff_t row = box.offset(iz, 0);
#pragma GCC ivdep
    for (int ix = L.x0; ix < L.x1; ++ix) {
      const std::ptrdiff_t i = row + ix;
      Real dd = d2[0] * w1[i], dw = Real(0);
      for (int k = 1; k <= R; ++k) {
        dd += d2[k] * (w1[i + k * step] + w1[i - k * step]);
        dw += d1[k] * (w2[i + k * step] - w2[i - k * step]);
      }
      const Real t = dd - dw;
      if constexpr (Scaled) y[i] += vdt2[i] * t;
      else y[i] += t;
    }
  }
}

/// Calls f(integral_constant<int, R>) for the stencil's radius.
template <typename F>
void withRadius(int radius, F&& f) {
  switch (radius) {
    case 1: return f(std::integral_constant<int, 1>());
    case 2: return f(std::integral_constant<int, 2>());
    case 4: return f(std::integral_constant<int, 4>());
    default: return;  // stencilForOrder() admits radii 1, 2 and 4 only
  }
}

}  // namespace

template <class Real>
void adjointLeapfrogStep(const LocalBox& box, const ScaledStencil& st, const Real* x, Real* y,
                         const Real* nu, const Real* damping) {
  if (damping)
    adjointDispatch<true>(box, st, x, y, nu, damping);
  else
    adjointDispatch<false>(box, st, x, y, nu, damping);
}

template <class Real>
void cpmlAdjointZeta(Axis axis, const LocalBox& box, int first, int last, const Real* nu,
                     Real* zetaBar, Real* w1, const Real* a, const Real* b) {
  if (axis == Axis::X) zetaLines<Axis::X>(box, first, last, nu, zetaBar, w1, a, b);
  else zetaLines<Axis::Z>(box, first, last, nu, zetaBar, w1, a, b);
}

template <class Real>
void cpmlAdjointPsi(Axis axis, const LocalBox& box, const ScaledStencil& st, int first, int last,
                    const Real* nu, const Real* w1, Real* psiBar, Real* w2,
                    const Real* a, const Real* b) {
  withRadius(st.radius, [&](auto r) {
    if (axis == Axis::X) psiLines<r, Axis::X>(box, st, first, last, nu, w1, psiBar, w2, a, b);
    else psiLines<r, Axis::Z>(box, st, first, last, nu, w1, psiBar, w2, a, b);
  });
}

template <class Real>
void cpmlAdjointApply(Axis axis, const LocalBox& box, const ScaledStencil& st, int first, int last,
                      const Real* w1, const Real* w2, Real* y, const Real* vdt2) {
  withRadius(st.radius, [&](auto r) {
    if (axis == Axis::X) {
      if (vdt2) applyLines<r, Axis::X, true>(box, st, first, last, w1, w2, y, vdt2);
      else applyLines<r, Axis::X, false>(box, st, first, last, w1, w2, y, vdt2);
    } else {
      if (vdt2) applyLines<r, Axis::Z, true>(box, st, first, last, w1, w2, y, vdt2);
      else applyLines<r, Axis::Z, false>(box, st, first, last, w1, w2, y, vdt2);
    }
  });
}

#define PAIRINV_ADJOINT_KERNELS(Real)                                                                              \
  template void adjointLeapfrogStep<Real>(const LocalBox&, const ScaledStencil&, const Real*, Real*, const Real*, \
                                          const Real*);                                                           \
  template void cpmlAdjointZeta<Real>(Axis, const LocalBox&, int, int, const Real*, Real*, Real*, const Real*,    \
                                      const Real*);                                                               \
  template void cpmlAdjointPsi<Real>(Axis, const LocalBox&, const ScaledStencil&, int, int, const Real*,          \
                                     const Real*, Real*, Real*, const Real*, const Real*);                        \
  template void cpmlAdjointApply<Real>(Axis, const LocalBox&, const ScaledStencil&, int, int, const Real*,        \
                                       const Real*, Real*, const Real*);
PAIRINV_ADJOINT_KERNELS(float)
PAIRINV_ADJOINT_KERNELS(double)
#undef PAIRINV_ADJOINT_KERNELS

}  // namespace pairinv::acoustic
