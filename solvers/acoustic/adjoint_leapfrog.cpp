#include "solvers/acoustic/adjoint_leapfrog.hpp"

#include <cstddef>

#include "solvers/acoustic/row_laplacian.hpp"

namespace pairinv::acoustic {

namespace {

/// Arrays of one row: mu, muNext, V, B in LocalBox layout; the packed increment and image.
struct Row {
  const double* __restrict m;
  double* __restrict mn;
  const double* __restrict v;
  const double* __restrict b;
  const double* __restrict d;
  double* __restrict img;
};

/// One point: the definition of the fused step for every code path below.
template <int R, bool Damped>
inline void point(const Row& r, int ix, std::ptrdiff_t S, const double* cx, const double* cz, double c0) {
  const double m = r.m[ix];
  double lap = c0 * m;
  for (int k = 1; k <= R; ++k)
    lap += cx[k] * (r.m[ix + k] + r.m[ix - k]) + cz[k] * (r.m[ix + k * S] + r.m[ix - k * S]);
  r.img[ix] += m * r.d[ix];
  if constexpr (Damped)
    r.mn[ix] = m + r.b[ix] * (m - r.mn[ix]) + r.v[ix] * lap;
  else
    r.mn[ix] = 2.0 * m - r.mn[ix] + r.v[ix] * lap;
}

#if defined(__AVX__)
/// The increment is the one array that comes from memory each step when the stored
/// increments outgrow the caches: asking for it 16 KiB ahead took the backward pass of the
/// OpenFWI case from about 2.9 to 2.2 forward steps on the development machine (when it read
/// three stored fields). Prefetches never fault, so running past the end is harmless.
constexpr int kPrefetchAhead = 2048;

/// Points [0, xm & ~3) of one row, four at a time; returns the first point not done. The
/// centre row of mu stays in registers, as in the forward kernel (row_laplacian.hpp).
template <int R, bool Damped>
inline int blocks(const Row& r, int xm, std::ptrdiff_t S, const double* cx, const double* cz, double c0) {
  const int xv = xm & ~3;
  if (xv == 0) return 0;
  Vec4 prv = load4(r.m - 4), cur = load4(r.m);
  for (int ix = 0; ix < xv; ix += 4) {
    const Vec4 nxt = load4(r.m + ix + 4);
    const Vec4 lap = rowLaplacian4<R>(r.m, ix, S, prv, cur, nxt, cx, cz, c0);
    __builtin_prefetch(r.d + ix + kPrefetchAhead, 0, 3);
    const Vec4 old = load4(r.mn + ix);
    store4(r.img + ix, load4(r.img + ix) + cur * load4(r.d + ix));
    if constexpr (Damped)
      store4(r.mn + ix, cur + load4(r.b + ix) * (cur - old) + load4(r.v + ix) * lap);
    else
      store4(r.mn + ix, 2.0 * cur - old + load4(r.v + ix) * lap);
    prv = cur, cur = nxt;
  }
  return xv;
}
#endif

template <int R, bool Damped, bool Blocked>
void rows(const LocalBox& box, const ScaledStencil& st, const double* mu, double* muNext, const double* vdt2,
          const double* damping, const PackedImaging& f) {
  const std::ptrdiff_t S = box.stride();
  double cx[R + 1], cz[R + 1];
  for (int k = 1; k <= R; ++k) cx[k] = st.x2[k], cz[k] = st.z2[k];
  const double c0 = st.centre;
  const int xm = box.xm;
  for (int iz = 0; iz < box.zm; ++iz) {
    const std::ptrdiff_t o = box.offset(iz, 0);
    const std::ptrdiff_t c = std::ptrdiff_t(iz) * f.stride;
    const Row r{mu + o, muNext + o, vdt2 + o, Damped ? damping + o : nullptr, f.increment + c, f.image + c};
    int first = 0;
#if defined(__AVX__)
    if constexpr (Blocked) first = blocks<R, Damped>(r, xm, S, cx, cz, c0);
#endif
#pragma GCC ivdep
    for (int ix = first; ix < xm; ++ix) point<R, Damped>(r, ix, S, cx, cz, c0);
  }
}

template <bool Blocked>
void dispatch(const LocalBox& box, const ScaledStencil& st, const double* mu, double* muNext, const double* vdt2,
              const double* damping, const PackedImaging& f) {
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

void adjointLeapfrogImaging(const LocalBox& box, const ScaledStencil& st, const double* mu, double* muNext,
                            const double* vdt2, const double* damping, const PackedImaging& f) {
  dispatch<true>(box, st, mu, muNext, vdt2, damping, f);
}

void adjointLeapfrogImagingReference(const LocalBox& box, const ScaledStencil& st, const double* mu,
                                     double* muNext, const double* vdt2, const double* damping,
                                     const PackedImaging& f) {
  dispatch<false>(box, st, mu, muNext, vdt2, damping, f);
}

}  // namespace pairinv::acoustic
