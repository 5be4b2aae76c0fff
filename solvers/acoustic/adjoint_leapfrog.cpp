#include "solvers/acoustic/adjoint_leapfrog.hpp"

#include <cstddef>
#include <type_traits>

#include "solvers/acoustic/row_laplacian.hpp"

namespace pairinv::acoustic {

namespace {

/// Arrays of one row: mu, muNext, V, B in LocalBox layout; the packed increment and image.
template <class Real, class In>
struct Row {
  const Real* __restrict m;
  Real* __restrict mn;
  const Real* __restrict v;
  const Real* __restrict b;
  const In* __restrict d;
  Real* __restrict img;
};

/// One point: the definition of the fused step for every code path below.
template <int R, bool Damped, class Real, class In>
inline void point(const Row<Real, In>& r, int ix, std::ptrdiff_t S, const Real* cx, const Real* cz, Real c0) {
  const Real m = r.m[ix];
  Real lap = c0 * m;
  for (int k = 1; k <= R; ++k)
    lap += cx[k] * (r.m[ix + k] + r.m[ix - k]) + cz[k] * (r.m[ix + k * S] + r.m[ix - k * S]);
  r.img[ix] += m * Real(r.d[ix]);
  if constexpr (Damped)
    r.mn[ix] = m + r.b[ix] * (m - r.mn[ix]) + r.v[ix] * lap;
  else
    r.mn[ix] = Real(2) * m - r.mn[ix] + r.v[ix] * lap;
}

#if defined(__AVX__)
/// The increment is the one array that comes from memory each step when the stored
/// increments outgrow the caches: asking for it 16 KiB ahead took the backward pass of the
/// OpenFWI case from about 2.9 to 2.2 forward steps on the development machine (when it read
/// three stored fields). Prefetches never fault, so running past the end is harmless.
constexpr int kPrefetchAhead = 16384;  // bytes

/// Points [0, xm & ~3) of one row, four at a time; returns the first point not done. The
/// centre row of mu stays in registers, as in the forward kernel (row_laplacian.hpp).
/// One register of stored increments as Real lanes (widened from float under lossy storage).
template <class Real, class In>
inline typename Simd<Real>::V loadIncrement(const In* d) {
  if constexpr (std::is_same_v<Real, In>)
    return Simd<Real>::load(d);
  else
    return typename Simd<Real>::V(_mm256_cvtps_pd(_mm_loadu_ps(d)));
}

template <int R, bool Damped, class Real, class In>
inline int blocks(const Row<Real, In>& r, int xm, std::ptrdiff_t S, const Real* cx, const Real* cz, Real c0) {
  using L = Simd<Real>;
  using V = typename L::V;
  const int xv = xm - xm % L::W;
  if (xv == 0) return 0;
  V prv = L::load(r.m - L::W), cur = L::load(r.m);
  for (int ix = 0; ix < xv; ix += L::W) {
    const V nxt = L::load(r.m + ix + L::W);
    const V lap = L::template laplacian<R>(r.m, ix, S, prv, cur, nxt, cx, cz, c0);
    __builtin_prefetch(r.d + ix + kPrefetchAhead / int(sizeof(In)), 0, 3);
    const V old = L::load(r.mn + ix);
    L::store(r.img + ix, L::load(r.img + ix) + cur * loadIncrement<Real>(r.d + ix));
    if constexpr (Damped)
      L::store(r.mn + ix, cur + L::load(r.b + ix) * (cur - old) + L::load(r.v + ix) * lap);
    else
      L::store(r.mn + ix, Real(2) * cur - old + L::load(r.v + ix) * lap);
    prv = cur, cur = nxt;
  }
  return xv;
}
#endif

template <int R, bool Damped, bool Blocked, class Real, class In>
void rows(const LocalBox& box, const ScaledStencil& st, const Real* mu, Real* muNext, const Real* vdt2,
          const Real* damping, const PackedImaging<Real, In>& f) {
  const std::ptrdiff_t S = box.stride();
  Real cx[R + 1], cz[R + 1];
  for (int k = 1; k <= R; ++k) cx[k] = st.x2[k], cz[k] = st.z2[k];
  const Real c0 = st.centre;
  const int xm = box.xm;
  for (int iz = 0; iz < box.zm; ++iz) {
    const std::ptrdiff_t o = box.offset(iz, 0);
    const std::ptrdiff_t c = std::ptrdiff_t(iz) * f.stride;
    const Row<Real, In> r{mu + o, muNext + o, vdt2 + o, Damped ? damping + o : nullptr, f.increment + c, f.image + c};
    int first = 0;
#if defined(__AVX__)
    if constexpr (Blocked) first = blocks<R, Damped>(r, xm, S, cx, cz, c0);
#endif
#pragma GCC ivdep
    for (int ix = first; ix < xm; ++ix) point<R, Damped>(r, ix, S, cx, cz, c0);
  }
}

template <bool Blocked, class Real, class In>
void dispatch(const LocalBox& box, const ScaledStencil& st, const Real* mu, Real* muNext, const Real* vdt2,
              const Real* damping, const PackedImaging<Real, In>& f) {
  const bool d = damping != nullptr;
  switch (st.radius) {
    case 1: return d ? rows<1, true, Blocked>(box, st, mu, muNext, vdt2, damping, f)
                     : rows<1, false, Blocked>(box, st, mu, muNext, vdt2, damping, f);
    case 2: return d ? rows<2, true, Blocked>(box, st, mu, muNext, vdt2, damping, f)
                     : rows<2, false, Blocked>(box, st, mu, muNext, vdt2, damping, f);
    case 4: return d ? rows<4, true, Blocked>(box, st, mu, muNext, vdt2, damping, f)
                     : rows<4, false, Blocked>(box, st, mu, muNext, vdt2, damping, f);
    default: return;  // stencilForOrder() admits radii 1, 2 and 4 only
  }
}

}  // namespace

template <class Real, class In>
void adjointLeapfrogImaging(const LocalBox& box, const ScaledStencil& st, const Real* mu, Real* muNext,
                            const Real* vdt2, const Real* damping, const PackedImaging<Real, In>& f) {
  dispatch<true>(box, st, mu, muNext, vdt2, damping, f);
}

template <class Real, class In>
void adjointLeapfrogImagingReference(const LocalBox& box, const ScaledStencil& st, const Real* mu,
                                     Real* muNext, const Real* vdt2, const Real* damping,
                                     const PackedImaging<Real, In>& f) {
  dispatch<false>(box, st, mu, muNext, vdt2, damping, f);
}

#define PAIRINV_ADJOINT_LEAPFROG(Real, In)                                                                         \
  template void adjointLeapfrogImaging<Real, In>(const LocalBox&, const ScaledStencil&, const Real*, Real*,      \
                                                 const Real*, const Real*, const PackedImaging<Real, In>&);     \
  template void adjointLeapfrogImagingReference<Real, In>(const LocalBox&, const ScaledStencil&, const Real*,    \
                                                          Real*, const Real*, const Real*,                     \
                                                          const PackedImaging<Real, In>&);
PAIRINV_ADJOINT_LEAPFROG(float, float)
PAIRINV_ADJOINT_LEAPFROG(double, double)
PAIRINV_ADJOINT_LEAPFROG(double, float)
#undef PAIRINV_ADJOINT_LEAPFROG

}  // namespace pairinv::acoustic
