#include "solvers/acoustic/wave_kernels.hpp"

namespace pairinv::acoustic {

ScaledStencil scaledStencil(const StencilCoefficients& s, double dz, double dx) {
  ScaledStencil st;
  st.radius = s.radius;
  st.centre = s.second[0] * (1.0 / (dx * dx) + 1.0 / (dz * dz));
  st.x2[0] = s.second[0] / (dx * dx);
  st.z2[0] = s.second[0] / (dz * dz);
  for (int k = 1; k <= s.radius; ++k) {
    st.x2[k] = s.second[k] / (dx * dx);
    st.z2[k] = s.second[k] / (dz * dz);
    st.x1[k] = s.first[k] / dx;
    st.z1[k] = s.first[k] / dz;
  }
  return st;
}

namespace {

// R is a template parameter so that the stencil loops unroll and the row loop vectorises.
template <int R, bool Damped>
void leapfrogRows(const LocalBox& box, const ScaledStencil& st, const double* __restrict p,
                  double* __restrict pn, const double* __restrict vdt2,
                  const double* __restrict damping) {
  const std::ptrdiff_t S = box.stride();
  double cx[R + 1], cz[R + 1];
  for (int k = 1; k <= R; ++k) cx[k] = st.x2[k], cz[k] = st.z2[k];
  const double c0 = st.centre;
  for (int iz = 0; iz < box.zm; ++iz) {
    const std::ptrdiff_t row = box.offset(iz, 0);
    const double* __restrict pr = p + row;
    double* __restrict pnr = pn + row;
    const double* __restrict vr = vdt2 + row;
    const double* __restrict br = Damped ? damping + row : nullptr;
#pragma GCC ivdep
    for (int ix = 0; ix < box.xm; ++ix) {
      double lap = c0 * pr[ix];
      for (int k = 1; k <= R; ++k)
        lap += cx[k] * (pr[ix + k] + pr[ix - k]) + cz[k] * (pr[ix + k * S] + pr[ix - k * S]);
      if constexpr (Damped)
        pnr[ix] = pr[ix] + br[ix] * (pr[ix] - pnr[ix]) + vr[ix] * lap;
      else
        pnr[ix] = 2.0 * pr[ix] - pnr[ix] + vr[ix] * lap;
    }
  }
}

template <bool Damped>
void leapfrogDispatch(const LocalBox& box, const ScaledStencil& st, const double* p, double* pn,
                      const double* vdt2, const double* damping) {
  switch (st.radius) {
    case 1: return leapfrogRows<1, Damped>(box, st, p, pn, vdt2, damping);
    case 2: return leapfrogRows<2, Damped>(box, st, p, pn, vdt2, damping);
    case 4: return leapfrogRows<4, Damped>(box, st, p, pn, vdt2, damping);
    default: return;  // stencilForOrder() admits radii 1, 2 and 4 only
  }
}

}  // namespace

void leapfrogStep(const LocalBox& box, const ScaledStencil& st, const double* p, double* pNext,
                  const double* vdt2, const double* damping) {
  if (damping)
    leapfrogDispatch<true>(box, st, p, pNext, vdt2, damping);
  else
    leapfrogDispatch<false>(box, st, p, pNext, vdt2, damping);
}

void cpmlUpdatePsi(Axis axis, const LocalBox& box, const ScaledStencil& st, int first, int last,
                   const double* p, double* psi, const double* a, const double* b) {
  const bool alongX = axis == Axis::X;
  const std::ptrdiff_t step = alongX ? 1 : box.stride();
  const double* d1 = alongX ? st.x1 : st.z1;
  const int rows0 = alongX ? 0 : first, rows1 = alongX ? box.zm : last;
  const int cols0 = alongX ? first : 0, cols1 = alongX ? last : box.xm;
  for (int iz = rows0; iz < rows1; ++iz)
    for (int ix = cols0; ix < cols1; ++ix) {
      const std::ptrdiff_t i = box.offset(iz, ix);
      const int line = alongX ? ix : iz;
      double dp = 0.0;
      for (int k = 1; k <= st.radius; ++k) dp += d1[k] * (p[i + k * step] - p[i - k * step]);
      psi[i] = b[line] * psi[i] + a[line] * dp;
    }
}

void cpmlApply(Axis axis, const LocalBox& box, const ScaledStencil& st, int first, int last,
               const double* p, const double* psi, double* zeta, double* pNext,
               const double* vdt2, const double* a, const double* b) {
  const bool alongX = axis == Axis::X;
  const std::ptrdiff_t step = alongX ? 1 : box.stride();
  const double* d1 = alongX ? st.x1 : st.z1;
  const double* d2 = alongX ? st.x2 : st.z2;
  const int rows0 = alongX ? 0 : first, rows1 = alongX ? box.zm : last;
  const int cols0 = alongX ? first : 0, cols1 = alongX ? last : box.xm;
  for (int iz = rows0; iz < rows1; ++iz)
    for (int ix = cols0; ix < cols1; ++ix) {
      const std::ptrdiff_t i = box.offset(iz, ix);
      const int line = alongX ? ix : iz;
      double dpsi = 0.0, d2p = d2[0] * p[i];
      for (int k = 1; k <= st.radius; ++k) {
        dpsi += d1[k] * (psi[i + k * step] - psi[i - k * step]);
        d2p += d2[k] * (p[i + k * step] + p[i - k * step]);
      }
      zeta[i] = b[line] * zeta[i] + a[line] * (d2p + dpsi);
      pNext[i] += vdt2[i] * (dpsi + zeta[i]);
    }
}

}  // namespace pairinv::acoustic
