#include "solvers/acoustic/adjoint_kernels.hpp"

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

struct AxisLoop {
  std::ptrdiff_t step;
  const double* d1;
  const double* d2;
  int z0, z1, x0, x1;
};

AxisLoop axisLoop(Axis axis, const LocalBox& box, const ScaledStencil& st, int first, int last) {
  if (axis == Axis::X) return {1, st.x1, st.x2, 0, box.zm, first, last};
  return {box.stride(), st.z1, st.z2, first, last, 0, box.xm};
}

double firstDerivative(const double* f, std::ptrdiff_t i, std::ptrdiff_t step, const double* d1, int r) {
  double d = 0.0;
  for (int k = 1; k <= r; ++k) d += d1[k] * (f[i + k * step] - f[i - k * step]);
  return d;
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
  const ScaledStencil unused;
  const AxisLoop L = axisLoop(axis, box, unused, first, last);
  for (int iz = L.z0; iz < L.z1; ++iz)
    for (int ix = L.x0; ix < L.x1; ++ix) {
      const std::ptrdiff_t i = box.offset(iz, ix);
      const int line = axis == Axis::X ? ix : iz;
      zetaBar[i] = nu[i] + b[line] * zetaBar[i];
      w1[i] = a[line] * zetaBar[i];
    }
}

void cpmlAdjointPsi(Axis axis, const LocalBox& box, const ScaledStencil& st, int first, int last,
                    const double* nu, const double* w1, double* psiBar, double* w2,
                    const double* a, const double* b) {
  const AxisLoop L = axisLoop(axis, box, st, first, last);
  for (int iz = L.z0; iz < L.z1; ++iz)
    for (int ix = L.x0; ix < L.x1; ++ix) {
      const std::ptrdiff_t i = box.offset(iz, ix);
      const int line = axis == Axis::X ? ix : iz;
      psiBar[i] = -firstDerivative(nu, i, L.step, L.d1, st.radius) -
                  firstDerivative(w1, i, L.step, L.d1, st.radius) + b[line] * psiBar[i];
      w2[i] = a[line] * psiBar[i];
    }
}

void cpmlAdjointApply(Axis axis, const LocalBox& box, const ScaledStencil& st, int first, int last,
                      const double* w1, const double* w2, double* y) {
  const AxisLoop L = axisLoop(axis, box, st, first, last);
  for (int iz = L.z0; iz < L.z1; ++iz)
    for (int ix = L.x0; ix < L.x1; ++ix) {
      const std::ptrdiff_t i = box.offset(iz, ix);
      double d2 = L.d2[0] * w1[i];
      for (int k = 1; k <= st.radius; ++k) d2 += L.d2[k] * (w1[i + k * L.step] + w1[i - k * L.step]);
      y[i] += d2 - firstDerivative(w2, i, L.step, L.d1, st.radius);
    }
}

}  // namespace pairinv::acoustic
