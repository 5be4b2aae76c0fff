// The 3D acoustic solver against exact solutions.
//
// 1. The whole-space Green's function. (1/c^2) u_tt - lap u = s(t) delta(x) has the solution
//    u(r, t) = s(t - r/c) / (4 pi r). Set-up: c = 2000 m/s, 10 Hz Ricker (delay 0.15 s), source
//    and receiver 150 m apart along x in a 300 m cube with a CPML on all faces, recorded to
//    0.35 s (the pulse has passed by then). Halving dx and dt together must cut the error by 4
//    at orders 2 and 8: order 2 is O(dx^2 + dt^2); at order 8 the spatial error is negligible
//    and leapfrog's O(dt^2) remains. (At order 4 the spatial and temporal errors have opposite
//    signs and partly cancel when dx and dt are halved together, as in 2D; its spatial rate,
//    4, is tested at a fixed small dt.)
// 2. The CPML: the same shot in a small box and in a box large enough that nothing returns in
//    the record; the difference is what the CPML reflects.
// 3. 2.5D: a line of point sources along y in 3D against the 2D solver (solvers/acoustic) on
//    the x-z plane. A y-independent field has no y-derivative, so the 3D scheme reduces to the
//    2D one exactly until the line's ends are heard at the receiver.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "acoustic3d_test_support.hpp"
#include "acoustic_test_support.hpp"
#include "solvers/acoustic/shot_simulation.hpp"
#include "solvers/acoustic3d/simulation3d.hpp"

namespace pairinv::acoustic3d {
namespace {

using pairinv::testing::plainConfig3;
using pairinv::testing::relativeL2;
using pairinv::testing::uniformGrid3;

constexpr double kC = 2000.0, kF0 = 10.0, kOffset = 150.0, kSide = 300.0, kEnd = 0.35;

double ricker(double t, double delay) {
  if (t < 0.0) return 0.0;
  const double a = M_PI * kF0 * (t - delay);
  return (1.0 - 2.0 * a * a) * std::exp(-a * a);
}

struct Trace {
  std::vector<double> numerical, analytic;
};

/// The receiver trace at spacing h and step dt, and the analytic one at the same times.
Trace greenTrace(int order, double h, double dt, int padCells) {
  const int n = int(std::lround(kSide / h)) + 1;
  const Field3D model(uniformGrid3(n, n, n, h), kC);
  Acoustic3DConfig c = plainConfig3(order, dt, int(std::lround(kEnd / dt)), kF0, padCells);
  const int mid = n / 2, src = int(std::lround((kSide - kOffset) / 2.0 / h));
  c.sources = {{mid, mid, src}};
  c.receivers = {{mid, mid, src + int(std::lround(kOffset / h))}};
  validateAcoustic3DConfig(c, model, 1);
  const ShotGathers g = simulateShots3D(PETSC_COMM_SELF, model, c);
  Trace t;
  t.numerical = g.data;
  for (int j = 0; j < g.nsamples; ++j)
    t.analytic.push_back(ricker(c.sampleTime(j) - kOffset / kC, c.delay) / (4.0 * M_PI * kOffset));
  return t;
}

/// Runs one shot whose source is every point of c.sources at once: a line source along y of
/// strength w per metre, so each point carries w dy, added through the step's extra term as the
/// solver injects a source: V w dy / (dx dy dz). The propagator holds the whole grid (one rank)
/// with a CPML of c.padCells on every face.
void runLineShot(Propagator3D& prop, const Field3D& model, const Acoustic3DConfig& c,
                 const std::vector<double>& wavelet, std::vector<double>& gather) {
  const Grid3D& g = model.grid;
  const std::vector<double> v = prop.padField(model);
  std::vector<std::ptrdiff_t> points;
  for (const GridPoint3& q : c.sources)
    points.push_back(prop.box().offset(q.ix + c.padCells, q.iy + c.padCells, q.iz + c.padCells));
  std::vector<double> extra(prop.box().storage(), 0.0);
  prop.startShot(c.sources[0]);
  for (int n = 0; n < c.nt; ++n) {
    for (std::ptrdiff_t o : points)
      extra[std::size_t(o)] = v[std::size_t(o)] * v[std::size_t(o)] * c.dt * c.dt * wavelet[std::size_t(n)] * g.dy / (g.dx * g.dy * g.dz);
    prop.step(0.0, nullptr, extra.data());
    prop.record(gather.data() + std::size_t(n) * c.receivers.size());
  }
}

std::vector<double> everySecond(const std::vector<double>& v) {
  std::vector<double> out;
  for (std::size_t j = 1; j < v.size(); j += 2) out.push_back(v[j]);  // fine sample 2j+1 is at (j+1) dt
  return out;
}

double convergenceOrder(int order, double* coarseError, double* fineError) {
  const Trace coarse = greenTrace(order, 10.0, 1e-3, 10), fine = greenTrace(order, 5.0, 0.5e-3, 20);
  *coarseError = relativeL2(coarse.numerical, coarse.analytic);
  *fineError = relativeL2(everySecond(fine.numerical), everySecond(fine.analytic));
  return std::log2(*coarseError / *fineError);
}

TEST(Acoustic3DGreenFunction, Order2ErrorFallsFourfoldWhenDxAndDtAreHalved) {
  double e1 = 0, e2 = 0;
  const double rate = convergenceOrder(2, &e1, &e2);
  std::printf("3D green function, order 2: errors %.4e (dx 10 m) -> %.4e (dx 5 m), order %.3f\n", e1, e2, rate);
  EXPECT_NEAR(rate, 2.0, 0.15);
  EXPECT_LT(e2, 0.05);
}

TEST(Acoustic3DGreenFunction, Order8ErrorFallsFourfoldWhenDxAndDtAreHalved) {
  double e1 = 0, e2 = 0;
  const double rate = convergenceOrder(8, &e1, &e2);
  std::printf("3D green function, order 8: errors %.4e (dx 10 m) -> %.4e (dx 5 m), order %.3f\n", e1, e2, rate);
  EXPECT_NEAR(rate, 2.0, 0.15);
  EXPECT_LT(e2, 0.01);
}

// Order 4's spatial rate alone. With one dt for every grid, a trace is u_h = u + S h^p + T + ...:
// the time-stepping error T is the same on every grid, so differences of traces cancel it, and
// |u_10 - u_7.5| / |u_7.5 - u_5| = (10^p - 7.5^p) / (7.5^p - 5^p) gives the spatial order p
// (2.69 for p = 4, 2.05 for p = 2, 3.4 for p = 6; Richardson's three-grid estimate).
TEST(Acoustic3DGreenFunction, Order4SpatialErrorFallsAsDxToTheFourth) {
  std::vector<std::vector<double>> traces;
  std::vector<double> errors;
  for (double h : {10.0, 7.5, 5.0}) {
    const Trace t = greenTrace(4, h, 2e-4, int(std::lround(100.0 / h)));
    traces.push_back(t.numerical);
    errors.push_back(relativeL2(t.numerical, t.analytic));
  }
  auto distance = [](const std::vector<double>& a, const std::vector<double>& b) {
    double s = 0;
    for (std::size_t i = 0; i < a.size(); ++i) s += (a[i] - b[i]) * (a[i] - b[i]);
    return std::sqrt(s);
  };
  const double ratio = distance(traces[0], traces[1]) / distance(traces[1], traces[2]);
  auto model = [](double p) { return (std::pow(10.0, p) - std::pow(7.5, p)) / (std::pow(7.5, p) - std::pow(5.0, p)); };
  double lo = 1.0, hi = 10.0;  // model() grows with p: bisect model(p) = ratio
  for (int i = 0; i < 60; ++i) (model(0.5 * (lo + hi)) < ratio ? lo : hi) = 0.5 * (lo + hi);
  const double order = 0.5 * (lo + hi);
  std::printf("3D green function, order 4 at dt 0.2 ms: errors %.4e, %.4e, %.4e (dx 10, 7.5, 5 m); trace "
              "differences' ratio %.3f: spatial order %.3f\n", errors[0], errors[1], errors[2], ratio, order);
  EXPECT_NEAR(order, 4.0, 0.3);
  EXPECT_LT(errors[2], errors[0]);
}

/// A shot in a 300 m cube with a `pad`-cell CPML (R = 1e-4) and in a cube 200 m larger on every
/// side, the receiver 40 m inside the small cube's right face; returns max |difference| / max |trace|.
double cpmlReflection(int pad) {
  const double h = 10.0;
  auto trace = [&](int extra) {
    const int n = 31 + 2 * extra;
    const Field3D model(uniformGrid3(n, n, n, h), kC);
    Acoustic3DConfig c = plainConfig3(4, 1e-3, 350, 15.0, pad);
    c.sources = {{15 + extra, 15 + extra, 15 + extra}};
    c.receivers = {{15 + extra, 15 + extra, 27 + extra}, {27 + extra, 20 + extra, 15 + extra}};
    validateAcoustic3DConfig(c, model, 1);
    return simulateShots3D(PETSC_COMM_SELF, model, c).data;
  };
  const std::vector<double> small = trace(0), large = trace(20);
  double diff = 0, peak = 0;
  for (std::size_t i = 0; i < small.size(); ++i) {
    diff = std::max(diff, std::abs(small[i] - large[i]));
    peak = std::max(peak, std::abs(large[i]));
  }
  return diff / peak;
}

// The CPML's reflections at the receivers, against its theoretical normal-incidence level of
// 1e-4: below 0.1% of the direct wave with 10 cells, and falling as the layer thickens (5 cells
// reflect more).
TEST(Acoustic3DCpml, ReflectsLessThanATenthOfAPercentWithTenCells) {
  const double ten = cpmlReflection(10), five = cpmlReflection(5);
  std::printf("3D CPML reflection (max |small - large box| / max |trace|): 5 cells %.3e, 10 cells %.3e\n", five, ten);
  EXPECT_LT(ten, 1e-3);
  EXPECT_LT(ten, 0.1 * five);
}

// 2.5D: a line of point sources along y (every iy) against the 2D solver on the x-z plane, up to
// the time the line's ends are heard at the receiver (sqrt(offset^2 + (490 m)^2) / c = 0.256 s).
TEST(Acoustic3DLineSource, MatchesThe2DSolverUntilTheLineEndsAreHeard) {
  const double h = 10.0, dt = 1e-3;
  const int nz = 30, ny = 100, nx = 40, nt = 250, row = 15, srcX = 10, recX = 25;
  const Field3D model3(uniformGrid3(nz, ny, nx, h), kC);
  Acoustic3DConfig c3 = plainConfig3(4, dt, nt, 15.0, 10);
  for (int iy = 0; iy < ny; ++iy) c3.sources.push_back({row, iy, srcX});
  c3.receivers = {{row, ny / 2, recX}, {row + 8, ny / 2, srcX}};
  validateAcoustic3DConfig(c3, model3, 1);
  // The line is one shot: the sources' wavelets add up in one run.
  Propagator3D prop(PETSC_COMM_SELF, model3, c3);
  const std::vector<double> wavelet = makeWavelet3D(c3);
  std::vector<double> three(std::size_t(nt) * c3.receivers.size(), 0.0);
  runLineShot(prop, model3, c3, wavelet, three);

  Field2D model2(pairinv::testing::uniformGrid(nz, nx, h), kC);
  acoustic::AcousticConfig c2 = pairinv::testing::plainConfig(4, dt, nt, 15.0);
  c2.padCells = 10;
  c2.pmlReflection = c3.pmlReflection;
  c2.delay = c3.delay;
  c2.sources = {{row, srcX}};
  c2.receivers = {{row, recX}, {row + 8, srcX}};
  acoustic::validateAcousticConfig(c2, model2);
  const std::vector<double> two = acoustic::simulateShots(PETSC_COMM_SELF, model2, c2).data;

  const std::size_t window = 250;  // samples at (j + 1) dt < 0.251 s
  double diff = 0, peak = 0;
  for (std::size_t j = 0; j < window * c3.receivers.size(); ++j) {
    diff = std::max(diff, std::abs(three[j] - two[j]));
    peak = std::max(peak, std::abs(two[j]));
  }
  std::printf("2.5D: max |3D line - 2D| / max |2D| = %.3e over the first %zu samples\n", diff / peak, window);
  EXPECT_GT(peak, 0.0);
  EXPECT_LT(diff / peak, 1e-6);
}

}  // namespace
}  // namespace pairinv::acoustic3d
