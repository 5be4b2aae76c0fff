// The 3D acoustic solver against exact solutions.
//
// 1. The whole-space Green's function. (1/c^2) u_tt - lap u = s(t) delta(x) has the solution
//    u(r, t) = s(t - r/c) / (4 pi r). Set-up: c = 2000 m/s, 10 Hz Ricker (delay 0.15 s), source
//    and receiver 150 m apart along x in a 300 m cube with a CPML on all faces, recorded to
//    0.35 s (the pulse has passed by then). Halving dx and dt together must cut the error by 4
//    at orders 2 and 8: order 2 is O(dx^2 + dt^2); at order 8 the spatial error is negligible
//    and leapfrog's O(dt^2) remains. (At order 4 the spatial and temporal errors have opposite
//    signs and partly cancel, as in 2D, so its rate is not a clean test; its error is bounded.)
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

TEST(Acoustic3DGreenFunction, Order4TraceMatchesTheAnalyticTrace) {
  double e1 = 0, e2 = 0;
  const double rate = convergenceOrder(4, &e1, &e2);
  std::printf("3D green function, order 4: errors %.4e (dx 10 m) -> %.4e (dx 5 m), order %.3f\n", e1, e2, rate);
  EXPECT_LT(e2, e1);
  EXPECT_LT(e2, 0.01);
}

}  // namespace
}  // namespace pairinv::acoustic3d
