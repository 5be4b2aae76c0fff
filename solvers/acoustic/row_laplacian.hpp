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
#pragma once

#include <cstddef>

#if defined(__AVX__)
namespace pairinv::acoustic {

// Four doubles in one ymm register. Loads and stores are unaligned: rows start anywhere.
typedef double Vec4 __attribute__((vector_size(32)));

inline Vec4 load4(const double* p) {
  Vec4 v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}

inline void store4(double* p, const Vec4& v) { __builtin_memcpy(p, &v, sizeof v); }

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

}  // namespace pairinv::acoustic
#endif
