#include "solvers/acoustic/wave_kernels.hpp"

#include <cstddef>
#include <cstdint>

#include "solvers/acoustic/row_laplacian.hpp"

#if defined(__AVX__)
#include <immintrin.h>
#endif

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

/// Returns `v`, opaque to the optimiser. The gradient's forward steps also store D = V lap and
/// the others do not; computed from the same product, D would keep GCC from fusing V lap into
/// the final add (an FMA) only where it is stored, and the two kinds of step would differ in the
/// last bit. So D multiplies an opaque copy of V: the update is the same FMA either way, bitwise
/// that of a step that stores nothing, and D is V lap rounded once (where not stored, it is dead
/// code and disappears).
template <class T>
inline T opaque(T v) {
#if defined(__x86_64__) || defined(__i386__)
  asm("" : "+x"(v));
#elif defined(__aarch64__)
  asm("" : "+w"(v));
#else
  volatile T copy = v;
  v = copy;
#endif
  return v;
}

/// One point of the leapfrog update (the definition of the scheme for every code path below);
/// returns its increment D = V lap (see opaque()).
template <int R, bool Damped>
inline double leapfrogPoint(const double* __restrict pr, double* __restrict pnr, const double* __restrict vr,
                            const double* __restrict br, int ix, std::ptrdiff_t S, const double* cx,
                            const double* cz, double c0) {
  double lap = c0 * pr[ix];
  for (int k = 1; k <= R; ++k)
    lap += cx[k] * (pr[ix + k] + pr[ix - k]) + cz[k] * (pr[ix + k * S] + pr[ix - k * S]);
  if constexpr (Damped)
    pnr[ix] = pr[ix] + br[ix] * (pr[ix] - pnr[ix]) + vr[ix] * lap;
  else
    pnr[ix] = 2.0 * pr[ix] - pnr[ix] + vr[ix] * lap;
  return opaque(vr[ix]) * lap;
}

#if defined(__AVX__)
/// Points [0, xm & ~3) of one row, four at a time (row_laplacian.hpp says how); returns the
/// first point not done. About 1.2-1.3x faster than GCC's vectorisation of leapfrogPoint on
/// OpenFWI's 310x310 grid (bench/README.md).
/// Store is 0 (no increment), 1 (ordinary stores) or 2 (streaming stores, aligned rows).
template <int R, bool Damped, int Store>
inline int leapfrogBlocks(const double* __restrict pr, double* __restrict pnr, const double* __restrict vr,
                          const double* __restrict br, double* __restrict dr, int xm, std::ptrdiff_t S,
                          const double* cx, const double* cz, double c0) {
  const int xv = xm & ~3;
  if (xv == 0) return 0;
  Vec4 prv = load4(pr - 4), cur = load4(pr);
  for (int ix = 0; ix < xv; ix += 4) {
    const Vec4 nxt = load4(pr + ix + 4);
    const Vec4 lap = rowLaplacian4<R>(pr, ix, S, prv, cur, nxt, cx, cz, c0);
    const Vec4 old = load4(pnr + ix);
    const Vec4 v = load4(vr + ix);
    if constexpr (Damped)
      store4(pnr + ix, cur + load4(br + ix) * (cur - old) + v * lap);
    else
      store4(pnr + ix, 2.0 * cur - old + v * lap);
    if constexpr (Store == 1) store4(dr + ix, opaque(v) * lap);
    if constexpr (Store == 2) _mm256_stream_pd(dr + ix, __m256d(opaque(v) * lap));
    prv = cur, cur = nxt;
  }
  return xv;
}
#endif

// R is a template parameter so that the stencil loops unroll and the row loops vectorise.
// With AVX, leapfrogBlocks does each row but its last xm % 4 points; otherwise GCC
// vectorises the loop over leapfrogPoint itself.
template <int R, bool Damped, int Store>
void leapfrogRows(const LocalBox& box, const ScaledStencil& st, const double* __restrict p,
                  double* __restrict pn, const double* __restrict vdt2,
                  const double* __restrict damping, const PackedIncrement& inc) {
  static_assert(R == 1 || R == 2 || R == 4, "stencilForOrder() admits radii 1, 2 and 4 only");
  const std::ptrdiff_t S = box.stride();
  double cx[R + 1], cz[R + 1];
  for (int k = 1; k <= R; ++k) cx[k] = st.x2[k], cz[k] = st.z2[k];
  const double c0 = st.centre;
  const int xm = box.xm;
  for (int iz = 0; iz < box.zm; ++iz) {
    const std::ptrdiff_t row = box.offset(iz, 0);
    const double* __restrict pr = p + row;
    double* __restrict pnr = pn + row;
    const double* __restrict vr = vdt2 + row;
    const double* __restrict br = Damped ? damping + row : nullptr;
    double* __restrict dr = Store ? inc.row(iz) : nullptr;
    int first = 0;
#if defined(__AVX__)
    first = leapfrogBlocks<R, Damped, Store>(pr, pnr, vr, br, dr, xm, S, cx, cz, c0);
#endif
#if defined(__AVX__)
    if constexpr (Store == 2) {
      // The row's last partial block goes through a 4-lane buffer and is streamed whole (into
      // the row's padding): an ordinary store into a line being streamed costs a flush.
      if (first < xm) {
        alignas(32) double tail[4] = {0.0, 0.0, 0.0, 0.0};
        for (int ix = first; ix < xm; ++ix) tail[ix - first] = leapfrogPoint<R, Damped>(pr, pnr, vr, br, ix, S, cx, cz, c0);
        _mm256_stream_pd(dr + first, _mm256_load_pd(tail));
      }
      continue;
    }
#endif
#pragma GCC ivdep
    for (int ix = first; ix < xm; ++ix) {
      const double d = leapfrogPoint<R, Damped>(pr, pnr, vr, br, ix, S, cx, cz, c0);
      if constexpr (Store == 1) dr[ix] = d;
    }
  }
}

template <bool Damped, int Store>
void leapfrogDispatch(const LocalBox& box, const ScaledStencil& st, const double* p, double* pn,
                      const double* vdt2, const double* damping, const PackedIncrement& inc) {
  switch (st.radius) {
    case 1: return leapfrogRows<1, Damped, Store>(box, st, p, pn, vdt2, damping, inc);
    case 2: return leapfrogRows<2, Damped, Store>(box, st, p, pn, vdt2, damping, inc);
    case 4: return leapfrogRows<4, Damped, Store>(box, st, p, pn, vdt2, damping, inc);
    default: return;  // stencilForOrder() admits radii 1, 2 and 4 only
  }
}

template <bool Damped>
void leapfrogStores(const LocalBox& box, const ScaledStencil& st, const double* p, double* pn,
                    const double* vdt2, const double* damping, const PackedIncrement& inc) {
  if (!inc.base) return leapfrogDispatch<Damped, 0>(box, st, p, pn, vdt2, damping, inc);
#if defined(__AVX__)
  // Streaming needs every row's blocks 32-byte aligned.
  const bool aligned = (reinterpret_cast<std::uintptr_t>(inc.base) & 31) == 0 && inc.stride % 4 == 0;
  if (inc.stream && aligned) {
    leapfrogDispatch<Damped, 2>(box, st, p, pn, vdt2, damping, inc);
    _mm_sfence();  // the streamed increments are read (CPML, source, backward pass) next
    return;
  }
#endif
  leapfrogDispatch<Damped, 1>(box, st, p, pn, vdt2, damping, inc);
}

}  // namespace

void leapfrogStep(const LocalBox& box, const ScaledStencil& st, const double* p, double* pNext,
                  const double* vdt2, const double* damping, const PackedIncrement& increment) {
  if (damping)
    leapfrogStores<true>(box, st, p, pNext, vdt2, damping, increment);
  else
    leapfrogStores<false>(box, st, p, pNext, vdt2, damping, increment);
}

namespace {

// The CPML passes, templated like the leapfrog so that the stencil loops unroll and the
// innermost loop (always along a row, unit stride) vectorises. Along X the profile varies
// along the row (a[ix], b[ix]); along Z it is constant on the row (a[iz], b[iz]).
template <int R, Axis A>
void psiLines(const LocalBox& box, const ScaledStencil& st, int first, int last, const double* __restrict p,
              double* __restrict psi, const double* __restrict a, const double* __restrict b) {
  constexpr bool alongX = A == Axis::X;
  const std::ptrdiff_t S = box.stride();
  const std::ptrdiff_t step = alongX ? 1 : S;
  double d1[R + 1];
  for (int k = 1; k <= R; ++k) d1[k] = alongX ? st.x1[k] : st.z1[k];
  const int rows0 = alongX ? 0 : first, rows1 = alongX ? box.zm : last;
  const int cols0 = alongX ? first : 0, cols1 = alongX ? last : box.xm;
  for (int iz = rows0; iz < rows1; ++iz) {
    const std::ptrdiff_t row = box.offset(iz, 0);
    const double* __restrict pr = p + row;
    double* __restrict qr = psi + row;
    // Along Z the row's coefficients are broadcast; along X they are read per column.
    const double* __restrict ar = alongX ? a : nullptr;
    const double* __restrict br = alongX ? b : nullptr;
    const double az = alongX ? 0.0 : a[iz], bz = alongX ? 0.0 : b[iz];
#pragma GCC ivdep
    for (int ix = cols0; ix < cols1; ++ix) {
      double dp = d1[1] * (pr[ix + step] - pr[ix - step]);
      for (int k = 2; k <= R; ++k) dp += d1[k] * (pr[ix + k * step] - pr[ix - k * step]);
      if constexpr (alongX)
        qr[ix] = br[ix] * qr[ix] + ar[ix] * dp;
      else
        qr[ix] = bz * qr[ix] + az * dp;
    }
  }
}

template <int R, Axis A>
void applyLines(const LocalBox& box, const ScaledStencil& st, int first, int last, const double* __restrict p,
                const double* __restrict psi, double* __restrict zeta, double* __restrict pNext,
                const double* __restrict vdt2, const double* __restrict a, const double* __restrict b,
                const PackedIncrement& inc) {
  constexpr bool alongX = A == Axis::X;
  const std::ptrdiff_t S = box.stride();
  const std::ptrdiff_t step = alongX ? 1 : S;
  double d1[R + 1], d2[R + 1];
  for (int k = 0; k <= R; ++k) {
    d1[k] = alongX ? st.x1[k] : st.z1[k];
    d2[k] = alongX ? st.x2[k] : st.z2[k];
  }
  const int rows0 = alongX ? 0 : first, rows1 = alongX ? box.zm : last;
  const int cols0 = alongX ? first : 0, cols1 = alongX ? last : box.xm;
  for (int iz = rows0; iz < rows1; ++iz) {
    const std::ptrdiff_t row = box.offset(iz, 0);
    const double* __restrict pr = p + row;
    const double* __restrict qr = psi + row;
    double* __restrict zr = zeta + row;
    double* __restrict nr = pNext + row;
    const double* __restrict vr = vdt2 + row;
    const double* __restrict ar = alongX ? a : nullptr;
    const double* __restrict br = alongX ? b : nullptr;
    const double az = alongX ? 0.0 : a[iz], bz = alongX ? 0.0 : b[iz];
    double* __restrict dr = inc.row(iz);
#pragma GCC ivdep
    for (int ix = cols0; ix < cols1; ++ix) {
      double dpsi = d1[1] * (qr[ix + step] - qr[ix - step]);
      double d2p = d2[0] * pr[ix] + d2[1] * (pr[ix + step] + pr[ix - step]);
      for (int k = 2; k <= R; ++k) {
        dpsi += d1[k] * (qr[ix + k * step] - qr[ix - k * step]);
        d2p += d2[k] * (pr[ix + k * step] + pr[ix - k * step]);
      }
      double z;
      if constexpr (alongX)
        z = br[ix] * zr[ix] + ar[ix] * (d2p + dpsi);
      else
        z = bz * zr[ix] + az * (d2p + dpsi);
      zr[ix] = z;
      const double d = vr[ix] * (dpsi + z);
      nr[ix] += d;
      if (dr) dr[ix] += d;
    }
  }
}

template <Axis A>
void psiDispatch(const LocalBox& box, const ScaledStencil& st, int first, int last, const double* p, double* psi,
                 const double* a, const double* b) {
  switch (st.radius) {
    case 1: return psiLines<1, A>(box, st, first, last, p, psi, a, b);
    case 2: return psiLines<2, A>(box, st, first, last, p, psi, a, b);
    case 4: return psiLines<4, A>(box, st, first, last, p, psi, a, b);
    default: return;
  }
}

template <Axis A>
void applyDispatch(const LocalBox& box, const ScaledStencil& st, int first, int last, const double* p,
                   const double* psi, double* zeta, double* pNext, const double* vdt2, const double* a,
                   const double* b, const PackedIncrement& inc) {
  switch (st.radius) {
    case 1: return applyLines<1, A>(box, st, first, last, p, psi, zeta, pNext, vdt2, a, b, inc);
    case 2: return applyLines<2, A>(box, st, first, last, p, psi, zeta, pNext, vdt2, a, b, inc);
    case 4: return applyLines<4, A>(box, st, first, last, p, psi, zeta, pNext, vdt2, a, b, inc);
    default: return;
  }
}

}  // namespace

void cpmlUpdatePsi(Axis axis, const LocalBox& box, const ScaledStencil& st, int first, int last,
                   const double* p, double* psi, const double* a, const double* b) {
  if (axis == Axis::X)
    psiDispatch<Axis::X>(box, st, first, last, p, psi, a, b);
  else
    psiDispatch<Axis::Z>(box, st, first, last, p, psi, a, b);
}

void cpmlApply(Axis axis, const LocalBox& box, const ScaledStencil& st, int first, int last,
               const double* p, const double* psi, double* zeta, double* pNext,
               const double* vdt2, const double* a, const double* b, const PackedIncrement& increment) {
  if (axis == Axis::X)
    applyDispatch<Axis::X>(box, st, first, last, p, psi, zeta, pNext, vdt2, a, b, increment);
  else
    applyDispatch<Axis::Z>(box, st, first, last, p, psi, zeta, pNext, vdt2, a, b, increment);
}

}  // namespace pairinv::acoustic
