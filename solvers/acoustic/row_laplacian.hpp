// The register-blocked stencil that the AVX leapfrog kernels share (the forward one in
// wave_kernels.cpp, the fused adjoint one in adjoint_leapfrog.cpp): the scaled Laplacian of four
// consecutive points of a row, with the centre row held in registers.
//
// GCC's own vectorisation of the point loop loads each of the 2R + 1 centre-row values
// p[ix - R .. ix + R] separately (unaligned, often across cache lines); with the arrays in cache
// the kernels are limited by these loads. Here prv, cur, nxt hold p[ix - 4 .. ix + 7] and the
// x-neighbours are shuffled out of them, so the centre row costs one load per four points
// (order 4: 8 loads per four points instead of 12). The arithmetic is the point loop's, term for
// term and in the same order, so the results are bitwise those of the plain loop.
//
// Memory: prv reads p[-4 .. -1] of the row and nxt at most p[xm + 3]. For R < 4 some of these
// lanes lie in the neighbouring rows' storage (never outside the LocalBox storage: its first
// owned point is at R * stride + R >= 4, and R >= 1 halo rows follow the last owned row); those
// lanes are never used.
//
// Single precision (rowLaplacian8) holds eight floats per register and takes the x-neighbours as
// windows of the concatenated registers; Simd<Real> gives the kernels one interface to both.
#pragma once

#include <cstddef>
#include <utility>

#if defined(__AVX__)
#include <immintrin.h>

namespace pairinv::acoustic {

// Four doubles, or eight floats, in one ymm register. Loads and stores are unaligned: rows
// start anywhere.
typedef double Vec4 __attribute__((vector_size(32)));
typedef float Vec8f __attribute__((vector_size(32)));

template <class V, class T>
inline V loadRegister(const T* p) {
  V v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}

template <class V, class T>
inline void storeRegister(T* p, const V& v) {
  __builtin_memcpy(p, &v, sizeof v);
}

inline Vec4 load4(const double* p) { return loadRegister<Vec4>(p); }
inline void store4(double* p, const Vec4& v) { storeRegister(p, v); }
inline Vec8f load8(const float* p) { return loadRegister<Vec8f>(p); }
inline void store8(float* p, const Vec8f& v) { storeRegister(p, v); }

/// c0 p[i] + sum_k cx[k] (p[i + k] + p[i - k]) + cz[k] (p[i + k S] + p[i - k S]) for
/// i = ix .. ix + 3, where prv, cur, nxt = p[ix - 4 .. ix - 1], p[ix .. ix + 3], p[ix + 4 .. ix + 7].
template <int R>
__attribute__((always_inline)) inline Vec4 rowLaplacian4(const double* p, int ix, std::ptrdiff_t S, const Vec4& prv,
                                                         const Vec4& cur, const Vec4& nxt, const double* cx,
                                                         const double* cz, double c0) {
  Vec4 xp[R + 1], xn[R + 1];  // xp[k] = p[ix + k .. ix + k + 3], xn[k] = p[ix - k .. ix - k + 3]
  if constexpr (R == 1) {
    xp[1] = load4(p + ix + 1);
    xn[1] = load4(p + ix - 1);
  } else {
    xp[2] = __builtin_shufflevector(cur, nxt, 2, 3, 4, 5);
    xn[2] = __builtin_shufflevector(prv, cur, 2, 3, 4, 5);
    xp[1] = __builtin_shufflevector(cur, xp[2], 1, 4, 3, 6);
    xn[1] = __builtin_shufflevector(xn[2], cur, 1, 4, 3, 6);
  }
  if constexpr (R == 4) {
    xp[4] = nxt, xn[4] = prv;
    xp[3] = __builtin_shufflevector(xp[2], nxt, 1, 4, 3, 6);
    xn[3] = __builtin_shufflevector(prv, xn[2], 1, 4, 3, 6);
  }
  Vec4 lap = c0 * cur;
  for (int k = 1; k <= R; ++k)
    lap += cx[k] * (xp[k] + xn[k]) + cz[k] * (load4(p + ix + k * S) + load4(p + ix - k * S));
  return lap;
}

/// Lanes K .. K + 7 of the 16-lane concatenation (a, b).
template <int K, std::size_t... I>
inline Vec8f window8(const Vec8f& a, const Vec8f& b, std::index_sequence<I...>) {
  return __builtin_shufflevector(a, b, (K + int(I))...);
}

/// rowLaplacian4 for eight floats: prv, cur, nxt = p[ix - 8 .. ix - 1], p[ix .. ix + 7],
/// p[ix + 8 .. ix + 15]. The same terms in the same order as the point loop.
template <int R>
__attribute__((always_inline)) inline Vec8f rowLaplacian8(const float* p, int ix, std::ptrdiff_t S, const Vec8f& prv,
                                                          const Vec8f& cur, const Vec8f& nxt, const float* cx,
                                                          const float* cz, float c0) {
  constexpr auto lanes = std::make_index_sequence<8>();
  Vec8f xp[R + 1], xn[R + 1];
  xp[1] = window8<1>(cur, nxt, lanes), xn[1] = window8<7>(prv, cur, lanes);
  if constexpr (R >= 2) xp[2] = window8<2>(cur, nxt, lanes), xn[2] = window8<6>(prv, cur, lanes);
  if constexpr (R >= 4) {
    xp[3] = window8<3>(cur, nxt, lanes), xn[3] = window8<5>(prv, cur, lanes);
    xp[4] = window8<4>(cur, nxt, lanes), xn[4] = window8<4>(prv, cur, lanes);
  }
  Vec8f lap = c0 * cur;
  for (int k = 1; k <= R; ++k)
    lap += cx[k] * (xp[k] + xn[k]) + cz[k] * (load8(p + ix + k * S) + load8(p + ix - k * S));
  return lap;
}

/// One interface to the register blocks of both precisions: W lanes of type V.
template <class Real>
struct Simd;

template <>
struct Simd<double> {
  using V = Vec4;
  static constexpr int W = 4;
  static V load(const double* p) { return load4(p); }
  static void store(double* p, const V& v) { store4(p, v); }
  static void stream(double* p, const V& v) { _mm256_stream_pd(p, __m256d(v)); }  // p 32-byte aligned
  template <int R>
  static V laplacian(const double* p, int ix, std::ptrdiff_t S, const V& prv, const V& cur, const V& nxt,
                     const double* cx, const double* cz, double c0) {
    return rowLaplacian4<R>(p, ix, S, prv, cur, nxt, cx, cz, c0);
  }
};

template <>
struct Simd<float> {
  using V = Vec8f;
  static constexpr int W = 8;
  static V load(const float* p) { return load8(p); }
  static void store(float* p, const V& v) { store8(p, v); }
  static void stream(float* p, const V& v) { _mm256_stream_ps(p, __m256(v)); }
  template <int R>
  static V laplacian(const float* p, int ix, std::ptrdiff_t S, const V& prv, const V& cur, const V& nxt,
                     const float* cx, const float* cz, float c0) {
    return rowLaplacian8<R>(p, ix, S, prv, cur, nxt, cx, cz, c0);
  }
};

}  // namespace pairinv::acoustic
#endif
