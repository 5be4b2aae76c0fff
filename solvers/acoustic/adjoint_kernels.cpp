#include "solvers/acoustic/adjoint_kernels.hpp"

#include <cstddef>
#include <type_traits>

namespace pairinv::acoustic {

namespace {

template <int R, bool Damped>
void adjointRows(const LocalBox& box, const ScaledStencil& st, const double* __restrict x,
                 double* __restrict y, const double* __restrict nu, const double* __restrict damping) {
  const std::ptrdiff_t S = box.stride();
  double cx[R + 1], cz[R + 1];
  for (int k = 1; k <= R; ++k) cx[k] = st.x2[k], cz[k] = st.z2[k];
  const double c0 = st.centre;
  for (int iz = 0; iz < box.zm; ++iz) {
    const std::ptrdiff_t row = box.offset(iz, 0);
    const double* __restrict xr = x + row;
    const double* __restrict nr = nu + row;
    double* __restrict yr = y + row;
    const double* __restrict br = Damped ? damping + row : nullptr;
#pragma GCC ivdep
    for (int ix = 0; ix < box.xm; ++ix) {
      double lap = c0 * nr[ix];
      for (int k = 1; k <= R; ++k)
        lap += cx[k] * (nr[ix + k] + nr[ix - k]) + cz[k] * (nr[ix + k * S] + nr[ix - k * S]);
      if constexpr (Damped)
        yr[ix] = xr[ix] + br[ix] * (xr[ix] - yr[ix]) + lap;
      else
        yr[ix] = 2.0 * xr[ix] - yr[ix] + lap;
    }
  }
}

template <bool Damped>
void adjointDispatch(const LocalBox& box, const ScaledStencil& st, const double* x, double* y,
                     const double* nu, const double* damping) {
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

template <Axis A>
void zetaLines(const LocalBox& box, int first, int last, const double* __restrict nu, double* __restrict zb,
               double* __restrict w1, const double* __restrict a, const double* __restrict b) {
  constexpr bool alongX = A == Axis::X;
  const Lines L = lines<A>(box, first, last);
  for (int iz = L.z0; iz < L.z1; ++iz) {
    const std::ptrdiff_t row = box.offset(iz, 0);
    const double az = alongX ? 0.0 : a[iz], bz = alongX ? 0.0 : b[iz];
#pragma GCC ivdep
    for (int ix = L.x0; ix < L.x1; ++ix) {
      const std::ptrdiff_t i = row + ix;
      const double z = nu[i] + (alongX ? b[ix] : bz) * zb[i];
      zb[i] = z;
      w1[i] = (alongX ? a[ix] : az) * z;
    }
  }
}

template <int R, Axis A>
void psiLines(const LocalBox& box, const ScaledStencil& st, int first, int last, const double* __restrict nu,
              const double* __restrict w1, double* __restrict sb, double* __restrict w2, const double* __restrict a,
              const double* __restrict b) {
  constexpr bool alongX = A == Axis::X;
  const Lines L = lines<A>(box, first, last);
  const std::ptrdiff_t step = L.step;
  double d1[R + 1];
  for (int k = 1; k <= R; ++k) d1[k] = alongX ? st.x1[k] : st.z1[k];
  for (int iz = L.z0; iz < L.z1; ++iz) {
    const std::ptrdiff_t row = box.offset(iz, 0);
    const double az = alongX ? 0.0 : a[iz], bz = alongX ? 0.0 : b[iz];
#pragma GCC ivdep
    for (int ix = L.x0; ix < L.x1; ++ix) {
      const std::ptrdiff_t i = row + ix;
      double dnu = 0.0, dw = 0.0;
      for (int k = 1; k <= R; ++k) {
        dnu += d1[k] * (nu[i + k * step] - nu[i - k * step]);
        dw += d1[k] * (w1[i + k * step] - w1[i - k * step]);
      }
      const double s = -dnu - dw + (alongX ? b[ix] : bz) * sb[i];
      sb[i] = s;
      w2[i] = (alongX ? a[ix] : az) * s;
    }
  }
}

template <int R, Axis A, bool Scaled>
void applyLines(const LocalBox& box, const ScaledStencil& st, int first, int last, const double* __restrict w1,
                const double* __restrict w2, double* __restrict y, const double* __restrict vdt2) {
  constexpr bool alongX = A == Axis::X;
  const Lines L = lines<A>(box, first, last);
  const std::ptrdiff_t step = L.step;
  double d1[R + 1], d2[R + 1];
  for (int k = 0; k <= R; ++k) {
    d1[k] = alongX ? st.x1[k] : st.z1[k];
    d2[k] = alongX ? st.x2[k] : st.z2[k];
  }
  for (int iz = L.z0; iz < L.z1; ++iz) {
    const std::ptrdiff_t row = box.offset(iz, 0);
#pragma GCC ivdep
    for (int ix = L.x0; ix < L.x1; ++ix) {
      const std::ptrdiff_t i = row + ix;
      double dd = d2[0] * w1[i], dw = 0.0;
      for (int k = 1; k <= R; ++k) {
        dd += d2[k] * (w1[i + k * step] + w1[i - k * step]);
        dw += d1[k] * (w2[i + k * step] - w2[i - k * step]);
      }
      const double t = dd - dw;
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

void adjointLeapfrogStep(const LocalBox& box, const ScaledStencil& st, const double* x, double* y,
                         const double* nu, const double* damping) {
  if (damping)
    adjointDispatch<true>(box, st, x, y, nu, damping);
  else
    adjointDispatch<false>(box, st, x, y, nu, damping);
}

void cpmlAdjointZeta(Axis axis, const LocalBox& box, int first, int last, const double* nu,
                     double* zetaBar, double* w1, const double* a, const double* b) {
  if (axis == Axis::X) zetaLines<Axis::X>(box, first, last, nu, zetaBar, w1, a, b);
  else zetaLines<Axis::Z>(box, first, last, nu, zetaBar, w1, a, b);
}

void cpmlAdjointPsi(Axis axis, const LocalBox& box, const ScaledStencil& st, int first, int last,
                    const double* nu, const double* w1, double* psiBar, double* w2,
                    const double* a, const double* b) {
  withRadius(st.radius, [&](auto r) {
    if (axis == Axis::X) psiLines<r, Axis::X>(box, st, first, last, nu, w1, psiBar, w2, a, b);
    else psiLines<r, Axis::Z>(box, st, first, last, nu, w1, psiBar, w2, a, b);
  });
}

void cpmlAdjointApply(Axis axis, const LocalBox& box, const ScaledStencil& st, int first, int last,
                      const double* w1, const double* w2, double* y, const double* vdt2) {
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

}  // namespace pairinv::acoustic
