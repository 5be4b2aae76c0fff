#include "solvers/acoustic3d/kernels3d.hpp"

#include <algorithm>
#include <vector>

#include "core/error.hpp"

namespace pairinv::acoustic3d {

namespace {

template <int R>
inline double d1(const double* f, std::ptrdiff_t s, const double* w) {
  double v = 0.0;
  for (int r = 1; r <= R; ++r) v += w[r] * (f[r * s] - f[-r * s]);
  return v;
}

template <int R>
inline double d2(const double* f, std::ptrdiff_t s, const double* w) {
  double v = w[0] * f[0];
  for (int r = 1; r <= R; ++r) v += w[r] * (f[r * s] + f[-r * s]);
  return v;
}

/// Rows are visited in tiles of kTileRows along y, every plane of a tile in turn: the 2R + 1
/// planes a row's z-stencil reads stay in cache while the tile moves down through z.
constexpr int kTileRows = 16;

template <class Row>
void forTiledRows(const Box3& b, Row&& row) {
  for (int j0 = 0; j0 < b.size[1]; j0 += kTileRows) {
    const int j1 = std::min(b.size[1], j0 + kTileRows);
    for (int k = 0; k < b.size[2]; ++k)
      for (int j = j0; j < j1; ++j) row(b.offset(0, j, k));
  }
}

/// The scaled Laplacian of row `q` (x contiguous) at points [0, n) into out[0, n).
template <int R>
inline void rowLaplacian(const double* __restrict q, std::ptrdiff_t sy, std::ptrdiff_t sz, const Stencil3& st,
                         int n, double* __restrict out) {
  double cx[R + 1], cy[R + 1], cz[R + 1];
  for (int r = 1; r <= R; ++r)
    cx[r] = st.second[0][std::size_t(r)], cy[r] = st.second[1][std::size_t(r)], cz[r] = st.second[2][std::size_t(r)];
  const double c0 = st.centre;
#pragma GCC ivdep
  for (int i = 0; i < n; ++i) {
    double s = c0 * q[i];
    for (int r = 1; r <= R; ++r)
      s += cx[r] * (q[i + r] + q[i - r]) + cy[r] * (q[i + r * sy] + q[i - r * sy]) + cz[r] * (q[i + r * sz] + q[i - r * sz]);
    out[i] = s;
  }
}

template <int R>
void leapfrogR(const Box3& b, const Stencil3& st, const double* p, double* pn, const double* V, double* inc) {
  const int n = b.size[0];
  if (inc) {
    forTiledRows(b, [&](std::ptrdiff_t row) {
      double* __restrict lap = inc + row;
      rowLaplacian<R>(p + row, b.sy, b.sz, st, n, lap);
      const double* __restrict q = p + row;
      const double* __restrict v = V + row;
      double* __restrict out = pn + row;
#pragma GCC ivdep
      for (int i = 0; i < n; ++i) out[i] = 2.0 * q[i] - out[i] + v[i] * lap[i];
    });
    return;
  }
  // Without the increment, one pass: the same arithmetic in the same order as above.
  double cx[R + 1], cy[R + 1], cz[R + 1];
  for (int r = 1; r <= R; ++r)
    cx[r] = st.second[0][std::size_t(r)], cy[r] = st.second[1][std::size_t(r)], cz[r] = st.second[2][std::size_t(r)];
  const double c0 = st.centre;
  const std::ptrdiff_t sy = b.sy, sz = b.sz;
  forTiledRows(b, [&](std::ptrdiff_t row) {
    const double* __restrict q = p + row;
    const double* __restrict v = V + row;
    double* __restrict out = pn + row;
#pragma GCC ivdep
    for (int i = 0; i < n; ++i) {
      double s = c0 * q[i];
      for (int r = 1; r <= R; ++r)
        s += cx[r] * (q[i + r] + q[i - r]) + cy[r] * (q[i + r * sy] + q[i - r * sy]) + cz[r] * (q[i + r * sz] + q[i - r * sz]);
      out[i] = 2.0 * q[i] - out[i] + v[i] * s;
    }
  });
}

template <int R>
void adjointLeapfrogR(const Box3& b, const Stencil3& st, const double* x, double* y, const double* nu) {
  const int n = b.size[0];
  std::vector<double> lap(static_cast<std::size_t>(n));
  forTiledRows(b, [&](std::ptrdiff_t row) {
    rowLaplacian<R>(nu + row, b.sy, b.sz, st, n, lap.data());
    const double* __restrict xr = x + row;
    double* __restrict yr = y + row;
#pragma GCC ivdep
    for (int i = 0; i < n; ++i) yr[i] = 2.0 * xr[i] - yr[i] + lap[std::size_t(i)];
  });
}

std::ptrdiff_t strideOf(const Box3& b, int axis) { return axis == 0 ? 1 : axis == 1 ? b.sy : b.sz; }

/// The coefficient index of point (i, j, k) along `axis`.
template <int A>
inline int along(int i, int j, int k) {
  return A == 0 ? i : A == 1 ? j : k;
}

/// The CPML coefficient of a line: per point along x (A = 0), one value per line otherwise.
template <int A>
struct LineCoefficient {
  const double* __restrict v;
  int fixed;
  double operator[](int i) const { return A == 0 ? v[i] : v[fixed]; }
};

template <int R, int A>
void psiR(const Box3& b, const Stencil3& st, LineRange range, const double* p, double* psi, const double* a,
          const double* bb) {
  const std::ptrdiff_t s = strideOf(b, A);
  double w[R + 1];
  for (int r = 1; r <= R; ++r) w[r] = st.first[A][std::size_t(r)];
  forLines(b, A, range, [&](std::ptrdiff_t row, int i0, int i1, int j, int k) {
    const LineCoefficient<A> ca{a, along<A>(0, j, k)}, cb{bb, along<A>(0, j, k)};
    const double* __restrict q = p + row;
    double* __restrict f = psi + row;
#pragma GCC ivdep
    for (int i = i0; i < i1; ++i) {
      double d = 0.0;
      for (int r = 1; r <= R; ++r) d += w[r] * (q[i + r * s] - q[i - r * s]);
      f[i] = cb[i] * f[i] + ca[i] * d;
    }
  });
}

template <int R, int A, bool Inc>
void applyR(const Box3& b, const Stencil3& st, LineRange range, const double* p, const double* psi, double* zeta,
            double* pn, const double* V, const double* a, const double* bb, double* inc) {
  const std::ptrdiff_t s = strideOf(b, A);
  double w1[R + 1], w2[R + 1];
  for (int r = 0; r <= R; ++r) w1[r] = st.first[A][std::size_t(r)], w2[r] = st.second[A][std::size_t(r)];
  forLines(b, A, range, [&](std::ptrdiff_t row, int i0, int i1, int j, int k) {
    const LineCoefficient<A> ca{a, along<A>(0, j, k)}, cb{bb, along<A>(0, j, k)};
    const double* __restrict q = p + row;
    const double* __restrict f = psi + row;
    const double* __restrict v = V + row;
    double* __restrict z = zeta + row;
    double* __restrict out = pn + row;
    double* __restrict d = Inc ? inc + row : nullptr;
#pragma GCC ivdep
    for (int i = i0; i < i1; ++i) {
      double dpsi = 0.0, dd = w2[0] * q[i];
      for (int r = 1; r <= R; ++r) {
        dpsi += w1[r] * (f[i + r * s] - f[i - r * s]);
        dd += w2[r] * (q[i + r * s] + q[i - r * s]);
      }
      z[i] = cb[i] * z[i] + ca[i] * (dd + dpsi);
      const double term = dpsi + z[i];
      out[i] += v[i] * term;
      if constexpr (Inc) d[i] += term;
    }
  });
}

template <int R, int A, bool Inc>
void rimR(const Box3& b, const Stencil3& st, LineRange range, const double* psi, double* pn, const double* V,
          double* inc) {
  const std::ptrdiff_t s = strideOf(b, A);
  double w1[R + 1];
  for (int r = 0; r <= R; ++r) w1[r] = st.first[A][std::size_t(r)];
  forLines(b, A, range, [&](std::ptrdiff_t row, int i0, int i1, int, int) {
    const double* __restrict f = psi + row;
    const double* __restrict v = V + row;
    double* __restrict out = pn + row;
    double* __restrict d = Inc ? inc + row : nullptr;
#pragma GCC ivdep
    for (int i = i0; i < i1; ++i) {
      double dpsi = 0.0;
      for (int r = 1; r <= R; ++r) dpsi += w1[r] * (f[i + r * s] - f[i - r * s]);
      const double term = dpsi + 0.0;  // zeta = 0 here: the same rounding as cpmlApply3's
      out[i] += v[i] * term;
      if constexpr (Inc) d[i] += term;
    }
  });
}

template <int A>
void adjointZetaA(const Box3& b, LineRange range, const double* nu, double* zb, double* w1, const double* a,
                  const double* bb) {
  forLines(b, A, range, [&](std::ptrdiff_t row, int i0, int i1, int j, int k) {
    for (int i = i0; i < i1; ++i) {
      const std::ptrdiff_t o = row + i;
      const int c = along<A>(i, j, k);
      zb[o] = nu[o] + bb[c] * zb[o];
      w1[o] = a[c] * zb[o];
    }
  });
}

template <int R, int A>
void adjointPsiR(const Box3& b, const Stencil3& st, LineRange range, const double* nu, const double* w1, double* sb,
                 double* w2, const double* a, const double* bb) {
  const std::ptrdiff_t s = strideOf(b, A);
  const double* w = st.first[A].data();
  forLines(b, A, range, [&](std::ptrdiff_t row, int i0, int i1, int j, int k) {
    for (int i = i0; i < i1; ++i) {
      const std::ptrdiff_t o = row + i;
      const int c = along<A>(i, j, k);
      sb[o] = -d1<R>(nu + o, s, w) - d1<R>(w1 + o, s, w) + bb[c] * sb[o];
      w2[o] = a[c] * sb[o];
    }
  });
}

template <int R, int A>
void adjointApplyR(const Box3& b, const Stencil3& st, LineRange range, const double* w1, const double* w2, double* y) {
  const std::ptrdiff_t s = strideOf(b, A);
  forLines(b, A, range, [&](std::ptrdiff_t row, int i0, int i1, int, int) {
    for (int i = i0; i < i1; ++i) {
      const std::ptrdiff_t o = row + i;
      y[o] += d2<R>(w1 + o, s, st.second[A].data()) - d1<R>(w2 + o, s, st.first[A].data());
    }
  });
}

/// Calls f with the radius and the axis as compile-time constants.
template <class F>
void dispatch(int radius, int axis, F&& f) {
  auto withAxis = [&](auto r) {
    if (axis == 0) f(r, std::integral_constant<int, 0>{});
    else if (axis == 1) f(r, std::integral_constant<int, 1>{});
    else f(r, std::integral_constant<int, 2>{});
  };
  if (radius == 1) withAxis(std::integral_constant<int, 1>{});
  else if (radius == 2) withAxis(std::integral_constant<int, 2>{});
  else if (radius == 4) withAxis(std::integral_constant<int, 4>{});
  else ensure(false, "stencil radius ", radius);
}

}  // namespace

Stencil3 scaledStencil3(const acoustic::StencilCoefficients& s, double dx, double dy, double dz) {
  Stencil3 st;
  st.radius = s.radius;
  const double h[3] = {dx, dy, dz};
  for (int a = 0; a < 3; ++a)
    for (int r = 0; r <= s.radius; ++r) {
      st.second[std::size_t(a)][std::size_t(r)] = s.second[std::size_t(r)] / (h[a] * h[a]);
      st.first[std::size_t(a)][std::size_t(r)] = s.first[std::size_t(r)] / h[a];
    }
  st.centre = st.second[0][0] + st.second[1][0] + st.second[2][0];
  return st;
}

void leapfrog3(const Box3& b, const Stencil3& st, const double* p, double* pn, const double* V, double* inc) {
  dispatch(st.radius, 0, [&](auto r, auto) { leapfrogR<decltype(r)::value>(b, st, p, pn, V, inc); });
}

void adjointLeapfrog3(const Box3& b, const Stencil3& st, const double* x, double* y, const double* nu) {
  dispatch(st.radius, 0, [&](auto r, auto) { adjointLeapfrogR<decltype(r)::value>(b, st, x, y, nu); });
}

void cpmlPsi3(int axis, const Box3& b, const Stencil3& st, LineRange range, const double* p, double* psi,
              const double* a, const double* bb) {
  dispatch(st.radius, axis, [&](auto r, auto ax) {
    psiR<decltype(r)::value, decltype(ax)::value>(b, st, range, p, psi, a, bb);
  });
}

void cpmlApply3(int axis, const Box3& b, const Stencil3& st, LineRange range, const double* p, const double* psi,
                double* zeta, double* pn, const double* V, const double* a, const double* bb, double* inc) {
  dispatch(st.radius, axis, [&](auto r, auto ax) {
    if (inc) applyR<decltype(r)::value, decltype(ax)::value, true>(b, st, range, p, psi, zeta, pn, V, a, bb, inc);
    else applyR<decltype(r)::value, decltype(ax)::value, false>(b, st, range, p, psi, zeta, pn, V, a, bb, inc);
  });
}

void cpmlRim3(int axis, const Box3& b, const Stencil3& st, LineRange range, const double* psi, double* pn,
              const double* V, double* inc) {
  dispatch(st.radius, axis, [&](auto r, auto ax) {
    if (inc) rimR<decltype(r)::value, decltype(ax)::value, true>(b, st, range, psi, pn, V, inc);
    else rimR<decltype(r)::value, decltype(ax)::value, false>(b, st, range, psi, pn, V, inc);
  });
}

void cpmlAdjointZeta3(int axis, const Box3& b, LineRange range, const double* nu, double* zb, double* w1,
                      const double* a, const double* bb) {
  dispatch(1, axis, [&](auto, auto ax) { adjointZetaA<decltype(ax)::value>(b, range, nu, zb, w1, a, bb); });
}

void cpmlAdjointPsi3(int axis, const Box3& b, const Stencil3& st, LineRange range, const double* nu,
                     const double* w1, double* sb, double* w2, const double* a, const double* bb) {
  dispatch(st.radius, axis, [&](auto r, auto ax) {
    adjointPsiR<decltype(r)::value, decltype(ax)::value>(b, st, range, nu, w1, sb, w2, a, bb);
  });
}

void cpmlAdjointApply3(int axis, const Box3& b, const Stencil3& st, LineRange range, const double* w1,
                       const double* w2, double* y) {
  dispatch(st.radius, axis, [&](auto r, auto ax) {
    adjointApplyR<decltype(r)::value, decltype(ax)::value>(b, st, range, w1, w2, y);
  });
}

}  // namespace pairinv::acoustic3d
