#include "solvers/acoustic/wave_kernels.hpp"

#include <cstddef>
#include <cstdint>
#include <type_traits>

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
template <int R, bool Damped, class Real>
inline Real leapfrogPoint(const Real* __restrict pr, Real* __restrict pnr, const Real* __restrict vr,
                          const Real* __restrict br, int ix, std::ptrdiff_t S, const Real* cx, const Real* cz,
                          Real c0) {
  Real lap = c0 * pr[ix];
  for (int k = 1; k <= R; ++k)
    lap += cx[k] * (pr[ix + k] + pr[ix - k]) + cz[k] * (pr[ix + k * S] + pr[ix - k * S]);
  if constexpr (Damped)
    pnr[ix] = pr[ix] + br[ix] * (pr[ix] - pnr[ix]) + vr[ix] * lap;
  else
    pnr[ix] = Real(2) * pr[ix] - pnr[ix] + vr[ix] * lap;
  return opaque(vr[ix]) * lap;
}

#if defined(__AVX__)
/// Writes one register of increments to `to` as Out: the same type, or double narrowed to float
/// (the lossy storage of -acoustic_stored_precision single; 4 floats, 16-byte aligned when
/// streamed).
template <bool Stream, class Real, class Out>
inline void writeIncrement(Out* to, const typename Simd<Real>::V& d) {
  static_assert(std::is_same_v<Real, Out> || (std::is_same_v<Real, double> && std::is_same_v<Out, float>));
  if constexpr (!std::is_same_v<Real, Out>) {
    const __m128 f = _mm256_cvtpd_ps(__m256d(d));
    if constexpr (Stream) _mm_stream_ps(to, f);
    else _mm_storeu_ps(to, f);
  } else if constexpr (Stream) {
    Simd<Out>::stream(to, d);
  } else {
    Simd<Out>::store(to, d);
  }
}

/// Points [0, xm - xm % W) of one row, W at a time (row_laplacian.hpp says how); returns the
/// first point not done. In double precision (W = 4) about 1.2-1.3x faster than GCC's
/// vectorisation of leapfrogPoint on OpenFWI's 310x310 grid (bench/README.md).
/// Store is 0 (no increment), 1 (ordinary stores) or 2 (streaming stores, aligned rows).
template <int R, bool Damped, int Store, class Real, class Out>
inline int leapfrogBlocks(const Real* __restrict pr, Real* __restrict pnr, const Real* __restrict vr,
                          const Real* __restrict br, Out* __restrict dr, int xm, std::ptrdiff_t S, const Real* cx,
                          const Real* cz, Real c0) {
  using L = Simd<Real>;
  using V = typename L::V;
  const int xv = xm - xm % L::W;
  if (xv == 0) return 0;
  V prv = L::load(pr - L::W), cur = L::load(pr);
  for (int ix = 0; ix < xv; ix += L::W) {
    const V nxt = L::load(pr + ix + L::W);
    const V lap = L::template laplacian<R>(pr, ix, S, prv, cur, nxt, cx, cz, c0);
    const V old = L::load(pnr + ix);
    const V v = L::load(vr + ix);
    if constexpr (Damped)
      L::store(pnr + ix, cur + L::load(br + ix) * (cur - old) + v * lap);
    else
      L::store(pnr + ix, Real(2) * cur - old + v * lap);
    if constexpr (Store != 0) writeIncrement<Store == 2, Real>(dr + ix, opaque(v) * lap);
    prv = cur, cur = nxt;
  }
  return xv;
}

#endif

// R is a template parameter so that the stencil loops unroll and the row loops vectorise.
// With AVX, leapfrogBlocks does each row but its last xm % 4 points; otherwise GCC
// vectorises the loop over leapfrogPoint itself.
template <int R, bool Damped, int Store, class Real, class Out>
void leapfrogRows(const LocalBox& box, const ScaledStencil& st, const Real* __restrict p, Real* __restrict pn,
                  const Real* __restrict vdt2, const Real* __restrict damping, const PackedIncrement<Out>& inc) {
  static_assert(R == 1 || R == 2 || R == 4, "stencilForOrder() admits radii 1, 2 and 4 only");
  constexpr int kLanes = 32 / int(sizeof(Real));  // one ymm register
  const std::ptrdiff_t S = box.stride();
  Real cx[R + 1], cz[R + 1];
  for (int k = 1; k <= R; ++k) cx[k] = Real(st.x2[k]), cz[k] = Real(st.z2[k]);
  const Real c0 = Real(st.centre);
  const int xm = box.xm;
  for (int iz = 0; iz < box.zm; ++iz) {
    const std::ptrdiff_t row = box.offset(iz, 0);
    const Real* __restrict pr = p + row;
    Real* __restrict pnr = pn + row;
    const Real* __restrict vr = vdt2 + row;
    const Real* __restrict br = Damped ? damping + row : nullptr;
    Out* __restrict dr = Store ? inc.row(iz) : nullptr;
    int first = 0;
#if defined(__AVX__)
    first = leapfrogBlocks<R, Damped, Store>(pr, pnr, vr, br, dr, xm, S, cx, cz, c0);
    if constexpr (Store == 2) {
      // The row's last partial block goes through a one-register buffer and is streamed whole
      // (into the row's padding): an ordinary store into a line being streamed costs a flush.
      if (first < xm) {
        alignas(32) Real tail[kLanes] = {};
        for (int ix = first; ix < xm; ++ix) tail[ix - first] = leapfrogPoint<R, Damped>(pr, pnr, vr, br, ix, S, cx, cz, c0);
        writeIncrement<true, Real>(dr + first, Simd<Real>::load(tail));
      }
      continue;
    }
#endif
#pragma GCC ivdep
    for (int ix = first; ix < xm; ++ix) {
      const Real d = leapfrogPoint<R, Damped>(pr, pnr, vr, br, ix, S, cx, cz, c0);
      if constexpr (Store == 1) dr[ix] = Out(d);
    }
  }
}

template <bool Damped, int Store, class Real, class Out>
void leapfrogDispatch(const LocalBox& box, const ScaledStencil& st, const Real* p, Real* pn, const Real* vdt2,
                      const Real* damping, const PackedIncrement<Out>& inc) {
  switch (st.radius) {
    case 1: return leapfrogRows<1, Damped, Store>(box, st, p, pn, vdt2, damping, inc);
    case 2: return leapfrogRows<2, Damped, Store>(box, st, p, pn, vdt2, damping, inc);
    case 4: return leapfrogRows<4, Damped, Store>(box, st, p, pn, vdt2, damping, inc);
    default: return;  // stencilForOrder() admits radii 1, 2 and 4 only
  }
}

template <bool Damped, class Real, class Out>
void leapfrogStores(const LocalBox& box, const ScaledStencil& st, const Real* p, Real* pn, const Real* vdt2,
                    const Real* damping, const PackedIncrement<Out>& inc) {
  if (!inc.base) return leapfrogDispatch<Damped, 0>(box, st, p, pn, vdt2, damping, inc);
#if defined(__AVX__)
  // Streaming needs every row's blocks 32-byte aligned.
  const bool aligned = (reinterpret_cast<std::uintptr_t>(inc.base) & 31) == 0 &&
                       (inc.stride * std::ptrdiff_t(sizeof(Out))) % 32 == 0;
  if (inc.stream && aligned) {
    leapfrogDispatch<Damped, 2>(box, st, p, pn, vdt2, damping, inc);
    _mm_sfence();  // the streamed increments are read (CPML, source, backward pass) next
    return;
  }
#endif
  leapfrogDispatch<Damped, 1>(box, st, p, pn, vdt2, damping, inc);
}

}  // namespace

template <class Real, class Out>
void leapfrogStep(const LocalBox& box, const ScaledStencil& st, const Real* p, Real* pNext, const Real* vdt2,
                  const Real* damping, const PackedIncrement<Out>& increment) {
  if (damping)
    leapfrogStores<true>(box, st, p, pNext, vdt2, damping, increment);
  else
    leapfrogStores<false>(box, st, p, pNext, vdt2, damping, increment);
}

namespace {

// The CPML passes, templated like the leapfrog so that the stencil loops unroll and the
// innermost loop (always along a row, unit stride) vectorises. Along X the profile varies
// along the row (a[ix], b[ix]); along Z it is constant on the row (a[iz], b[iz]).
template <int R, Axis A, class Real>
void psiLines(const LocalBox& box, const ScaledStencil& st, int first, int last, const Real* __restrict p,
              Real* __restrict psi, const Real* __restrict a, const Real* __restrict b) {
  constexpr bool alongX = A == Axis::X;
  const std::ptrdiff_t S = box.stride();
  const std::ptrdiff_t step = alongX ? 1 : S;
  Real d1[R + 1];
  for (int k = 1; k <= R; ++k) d1[k] = alongX ? st.x1[k] : st.z1[k];
  const int rows0 = alongX ? 0 : first, rows1 = alongX ? box.zm : last;
  const int cols0 = alongX ? first : 0, cols1 = alongX ? last : box.xm;
  for (int iz = rows0; iz < rows1; ++iz) {
    const std::ptrdiff_t row = box.offset(iz, 0);
    const Real* __restrict pr = p + row;
    Real* __restrict qr = psi + row;
    // Along Z the row's coefficients are broadcast; along X they are read per column.
    const Real* __restrict ar = alongX ? a : nullptr;
    const Real* __restrict br = alongX ? b : nullptr;
    const Real az = alongX ? Real(0) : a[iz], bz = alongX ? Real(0) : b[iz];
#pragma GCC ivdep
    for (int ix = cols0; ix < cols1; ++ix) {
      Real dp = d1[1] * (pr[ix + step] - pr[ix - step]);
      for (int k = 2; k <= R; ++k) dp += d1[k] * (pr[ix + k * step] - pr[ix - k * step]);
      if constexpr (alongX)
        qr[ix] = br[ix] * qr[ix] + ar[ix] * dp;
      else
        qr[ix] = bz * qr[ix] + az * dp;
    }
  }
}

template <int R, Axis A, class Real, class Out>
void applyLines(const LocalBox& box, const ScaledStencil& st, int first, int last, const Real* __restrict p,
                const Real* __restrict psi, Real* __restrict zeta, Real* __restrict pNext,
                const Real* __restrict vdt2, const Real* __restrict a, const Real* __restrict b,
                const PackedIncrement<Out>& inc) {
  constexpr bool alongX = A == Axis::X;
  const std::ptrdiff_t S = box.stride();
  const std::ptrdiff_t step = alongX ? 1 : S;
  Real d1[R + 1], d2[R + 1];
  for (int k = 0; k <= R; ++k) {
    d1[k] = alongX ? st.x1[k] : st.z1[k];
    d2[k] = alongX ? st.x2[k] : st.z2[k];
  }
  const int rows0 = alongX ? 0 : first, rows1 = alongX ? box.zm : last;
  const int cols0 = alongX ? first : 0, cols1 = alongX ? last : box.xm;
  for (int iz = rows0; iz < rows1; ++iz) {
    const std::ptrdiff_t row = box.offset(iz, 0);
    const Real* __restrict pr = p + row;
    const Real* __restrict qr = psi + row;
    Real* __restrict zr = zeta + row;
    Real* __restrict nr = pNext + row;
    const Real* __restrict vr = vdt2 + row;
    const Real* __restrict ar = alongX ? a : nullptr;
    const Real* __restrict br = alongX ? b : nullptr;
    const Real az = alongX ? Real(0) : a[iz], bz = alongX ? Real(0) : b[iz];
    Out* __restrict dr = inc.row(iz);
#pragma GCC ivdep
    for (int ix = cols0; ix < cols1; ++ix) {
      Real dpsi = d1[1] * (qr[ix + step] - qr[ix - step]);
      Real d2p = d2[0] * pr[ix] + d2[1] * (pr[ix + step] + pr[ix - step]);
      for (int k = 2; k <= R; ++k) {
        dpsi += d1[k] * (qr[ix + k * step] - qr[ix - k * step]);
        d2p += d2[k] * (pr[ix + k * step] + pr[ix - k * step]);
      }
      Real z;
      if constexpr (alongX)
        z = br[ix] * zr[ix] + ar[ix] * (d2p + dpsi);
      else
        z = bz * zr[ix] + az * (d2p + dpsi);
      zr[ix] = z;
      const Real d = vr[ix] * (dpsi + z);
      nr[ix] += d;
      if (dr) dr[ix] = Out(dr[ix] + d);
    }
  }
}

template <Axis A, class Real>
void psiDispatch(const LocalBox& box, const ScaledStencil& st, int first, int last, const Real* p, Real* psi,
                 const Real* a, const Real* b) {
  switch (st.radius) {
    case 1: return psiLines<1, A, Real>(box, st, first, last, p, psi, a, b);
    case 2: return psiLines<2, A, Real>(box, st, first, last, p, psi, a, b);
    case 4: return psiLines<4, A, Real>(box, st, first, last, p, psi, a, b);
    default: return;
  }
}

template <Axis A, class Real, class Out>
void applyDispatch(const LocalBox& box, const ScaledStencil& st, int first, int last, const Real* p,
                   const Real* psi, Real* zeta, Real* pNext, const Real* vdt2, const Real* a,
                   const Real* b, const PackedIncrement<Out>& inc) {
  switch (st.radius) {
    case 1: return applyLines<1, A, Real, Out>(box, st, first, last, p, psi, zeta, pNext, vdt2, a, b, inc);
    case 2: return applyLines<2, A, Real, Out>(box, st, first, last, p, psi, zeta, pNext, vdt2, a, b, inc);
    case 4: return applyLines<4, A, Real, Out>(box, st, first, last, p, psi, zeta, pNext, vdt2, a, b, inc);
    default: return;
  }
}

}  // namespace

template <class Real>
void cpmlUpdatePsi(Axis axis, const LocalBox& box, const ScaledStencil& st, int first, int last,
                   const Real* p, Real* psi, const Real* a, const Real* b) {
  if (axis == Axis::X)
    psiDispatch<Axis::X, Real>(box, st, first, last, p, psi, a, b);
  else
    psiDispatch<Axis::Z, Real>(box, st, first, last, p, psi, a, b);
}

template <class Real, class Out>
void cpmlApply(Axis axis, const LocalBox& box, const ScaledStencil& st, int first, int last,
               const Real* p, const Real* psi, Real* zeta, Real* pNext,
               const Real* vdt2, const Real* a, const Real* b, const PackedIncrement<Out>& increment) {
  if (axis == Axis::X)
    applyDispatch<Axis::X, Real, Out>(box, st, first, last, p, psi, zeta, pNext, vdt2, a, b, increment);
  else
    applyDispatch<Axis::Z, Real, Out>(box, st, first, last, p, psi, zeta, pNext, vdt2, a, b, increment);
}

// The two precisions of AcousticPrecision, and double stepping with float increments.
#define PAIRINV_WAVE_KERNELS(Real, Out)                                                                            \
  template void leapfrogStep<Real, Out>(const LocalBox&, const ScaledStencil&, const Real*, Real*, const Real*,   \
                                        const Real*, const PackedIncrement<Out>&);                                \
  template void cpmlApply<Real, Out>(Axis, const LocalBox&, const ScaledStencil&, int, int, const Real*,          \
                                     const Real*, Real*, Real*, const Real*, const Real*, const Real*,            \
                                     const PackedIncrement<Out>&);
PAIRINV_WAVE_KERNELS(float, float)
PAIRINV_WAVE_KERNELS(double, double)
PAIRINV_WAVE_KERNELS(double, float)
template void cpmlUpdatePsi<float>(Axis, const LocalBox&, const ScaledStencil&, int, int, const float*, float*,
                                   const float*, const float*);
template void cpmlUpdatePsi<double>(Axis, const LocalBox&, const ScaledStencil&, int, int, const double*, double*,
                                    const double*, const double*);
#undef PAIRINV_WAVE_KERNELS

}  // namespace pairinv::acoustic
