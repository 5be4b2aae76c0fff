// The 3D acoustic adjoint (solvers/acoustic3d), on 1, 2 and 4 ranks:
//   - the dot-product test <J dv, r> = <dv, J^T r> between the Born operator (bornForward3D)
//     and the gradient (acousticGradient3D with observed data F(v) - r gives J^T r), for orders
//     2, 4 and 8, a CPML on every face, a free surface, and reflecting faces;
//   - the Taylor test: J(v + h dv) - J(v) - h <g, dv> falls as h^2;
//   - binomial checkpointing with 1, 3 or every snapshot gives the same gradient, bit for bit;
//   - the shot split over the ranks along x, y or z (every layout that fits) gives the data bit
//     for bit and the gradient to round-off (the padding's sums into edge cells are added in
//     another order) against one rank alone; whole shots per rank likewise.
#include <gtest/gtest.h>
#include <petscsys.h>

#include <cmath>
#include <cstdio>
#include <string>

#include "acoustic3d_test_support.hpp"
#include "acoustic_test_support.hpp"
#include "solvers/acoustic3d/simulation3d.hpp"

namespace pairinv::acoustic3d {
namespace {

using pairinv::testing::plainConfig3;
using pairinv::testing::randomModel3;
using pairinv::testing::rankOf;

enum class Edges { Cpml, FreeSurface, Reflecting };

struct Case {
  int order;
  Edges edges;
};

std::string caseName(const Case& c) {
  const char* e = c.edges == Edges::Cpml ? "cpml" : c.edges == Edges::FreeSurface ? "free surface" : "reflecting";
  return concat("order ", c.order, ", ", e);
}

Field3D testModel() { return randomModel3(14, 12, 16, 10.0, 1800.0, 2600.0, 7); }

Acoustic3DConfig testConfig(const Case& k, const Field3D& model, int ranks) {
  Acoustic3DConfig c = plainConfig3(k.order, 1e-3, 70, 15.0, 4);
  if (k.edges == Edges::FreeSurface) {
    c.freeSurface = true;
    c.absorbing[Face::Top] = false;
  }
  if (k.edges == Edges::Reflecting) c.absorbing = parseFaces("bottom,left,back", "test");
  c.sources = {{3, 5, 4}, {2, 7, 11}};
  for (int iy = 1; iy < 12; iy += 3)
    for (int ix = 0; ix < 16; ix += 3) c.receivers.push_back({1, iy, ix});
  c.receivers.push_back({12, 10, 14});
  c.pmlVelocity = 2600.0;  // fixed: the profiles must not move with the model
  validateAcoustic3DConfig(c, model, ranks);
  return c;
}

/// Rank 0's gathers on every rank.
ShotGathers everywhere(MPI_Comm comm, ShotGathers g) {
  g.data.resize(std::size_t(g.nshots) * g.nsamples * g.nreceivers);
  MPI_Bcast(g.data.data(), int(g.data.size()), MPI_DOUBLE, 0, comm);
  return g;
}

Field3D smoothPerturbation(const Grid3D& g, double amplitude) {
  Field3D dv(g, 0.0);
  for (int iz = 0; iz < g.nz; ++iz)
    for (int iy = 0; iy < g.ny; ++iy)
      for (int ix = 0; ix < g.nx; ++ix)
        dv.at(iz, iy, ix) = amplitude * std::sin(0.4 * iz + 0.3) * std::cos(0.5 * iy) * std::sin(0.35 * ix + 1.0);
  return dv;
}

double dot(const std::vector<double>& a, const std::vector<double>& b) {
  double s = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) s += a[i] * b[i];
  return s;
}

int worldSize() {
  int size = 1;
  MPI_Comm_size(PETSC_COMM_WORLD, &size);
  return size;
}

class Adjoint3D : public ::testing::TestWithParam<Case> {};

TEST_P(Adjoint3D, BornAndGradientPassTheDotProductTest) {
  const MPI_Comm comm = PETSC_COMM_WORLD;
  const Field3D v = testModel();
  const Acoustic3DConfig c = testConfig(GetParam(), v, worldSize());
  const Field3D dv = smoothPerturbation(v.grid, 30.0);
  const ShotGathers jdv = everywhere(comm, bornForward3D(comm, v, c, dv));
  const ShotGathers fv = everywhere(comm, simulateShots3D(comm, v, c));
  // Data-space r: a smooth function of sample and receiver; observed = F(v) - r.
  ShotGathers observed = fv;
  std::vector<double> r(fv.data.size());
  for (std::size_t i = 0; i < r.size(); ++i) r[i] = 1e-3 * std::sin(0.37 * double(i) + 0.2);
  for (std::size_t i = 0; i < r.size(); ++i) observed.data[i] -= r[i];
  const Gradient3DResult g = acousticGradient3D(comm, v, c, observed);
  const double lhs = dot(jdv.data, r), rhs = dot(dv.values, g.gradient.values);
  const double rel = std::abs(lhs - rhs) / std::abs(lhs);
  if (rankOf(comm) == 0)
    std::printf("3D dot product, %s, %d rank(s): <J dv, r> = %.12e, <dv, J^T r> = %.12e, relative %.2e\n",
                caseName(GetParam()).c_str(), worldSize(), lhs, rhs, rel);
  EXPECT_GT(std::abs(lhs), 1e-12);
  EXPECT_LT(rel, 1e-11);
}

TEST_P(Adjoint3D, TaylorRemainderIsSecondOrder) {
  const MPI_Comm comm = PETSC_COMM_WORLD;
  const Field3D v = testModel();
  const Acoustic3DConfig c = testConfig(GetParam(), v, worldSize());
  Field3D truth = v;
  const Field3D bump = smoothPerturbation(v.grid, 60.0);
  for (std::size_t i = 0; i < truth.values.size(); ++i) truth.values[i] += bump.values[i];
  const ShotGathers observed = everywhere(comm, simulateShots3D(comm, truth, c));
  const Gradient3DResult g0 = acousticGradient3D(comm, v, c, observed);
  Field3D dv = smoothPerturbation(v.grid, 40.0);
  for (std::size_t i = 0; i < dv.values.size(); ++i) dv.values[i] *= std::cos(0.01 * double(i));
  const double slope = dot(g0.gradient.values, dv.values);
  std::vector<double> remainder;
  for (double h : {0.08, 0.04, 0.02, 0.01}) {
    Field3D vh = v;
    for (std::size_t i = 0; i < vh.values.size(); ++i) vh.values[i] += h * dv.values[i];
    const double jh = acousticGradient3D(comm, vh, c, observed).objective;
    remainder.push_back(std::abs(jh - g0.objective - h * slope));
  }
  for (std::size_t i = 1; i < remainder.size(); ++i) {
    const double rate = std::log2(remainder[i - 1] / remainder[i]);
    if (rankOf(comm) == 0)
      std::printf("3D Taylor, %s: remainder %.3e -> %.3e, rate %.3f\n", caseName(GetParam()).c_str(),
                  remainder[i - 1], remainder[i], rate);
    EXPECT_NEAR(rate, 2.0, 0.1);
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, Adjoint3D,
                         ::testing::Values(Case{2, Edges::Cpml}, Case{4, Edges::Cpml}, Case{8, Edges::Cpml},
                                           Case{4, Edges::FreeSurface}, Case{8, Edges::FreeSurface},
                                           Case{4, Edges::Reflecting}));

TEST(Checkpointing3D, SnapshotCountDoesNotChangeTheGradient) {
  const MPI_Comm comm = PETSC_COMM_WORLD;
  const Field3D v = testModel();
  Acoustic3DConfig c = testConfig({4, Edges::FreeSurface}, v, worldSize());
  const Field3D truth = randomModel3(14, 12, 16, 10.0, 1800.0, 2600.0, 8);
  const ShotGathers observed = everywhere(comm, simulateShots3D(comm, truth, c));
  c.checkpoints = c.nt - 1;  // every state: no recomputation
  const Gradient3DResult all = acousticGradient3D(comm, v, c, observed);
  EXPECT_EQ(all.sweeps, 1);
  for (int snapshots : {1, 3, 9}) {
    c.checkpoints = snapshots;
    const Gradient3DResult g = acousticGradient3D(comm, v, c, observed);
    EXPECT_EQ(g.snapshots, snapshots);
    EXPECT_GT(g.forwardSteps, all.forwardSteps);
    EXPECT_EQ(g.objective, all.objective) << snapshots << " snapshots";
    EXPECT_EQ(g.gradient.values, all.gradient.values) << snapshots << " snapshots";
    if (rankOf(comm) == 0) EXPECT_EQ(g.synthetic.data, all.synthetic.data);
  }
}

/// Every (px, py, pz) with px py pz = size.
std::vector<std::array<int, 3>> layouts(int size) {
  std::vector<std::array<int, 3>> out;
  for (int px = 1; px <= size; ++px)
    for (int py = 1; px * py <= size; ++py)
      if (size % (px * py) == 0) out.push_back({px, py, size / (px * py)});
  return out;
}

TEST(Ranks3D, EveryLayoutMatchesOneRankAlone) {
  const MPI_Comm comm = PETSC_COMM_WORLD;
  const Field3D v = testModel();
  const Field3D truth = randomModel3(14, 12, 16, 10.0, 1800.0, 2600.0, 9);
  for (const Case& k : {Case{8, Edges::Cpml}, Case{4, Edges::FreeSurface}}) {
    Acoustic3DConfig c = testConfig(k, v, 1);
    const ShotGathers observed = everywhere(comm, simulateShots3D(PETSC_COMM_SELF, truth, c));
    const ShotGathers alone = simulateShots3D(PETSC_COMM_SELF, v, c);
    const Gradient3DResult galone = acousticGradient3D(PETSC_COMM_SELF, v, c, observed);
    for (const auto& layout : layouts(worldSize())) {
      c.ranks = layout;
      const std::string what = concat(caseName(k), ", layout ", layout[0], "x", layout[1], "x", layout[2]);
      const ShotGathers split = simulateShots3D(comm, v, c);
      if (rankOf(comm) == 0) EXPECT_EQ(split.data, alone.data) << what;
      const Gradient3DResult g = acousticGradient3D(comm, v, c, observed);
      EXPECT_NEAR(g.objective, galone.objective, 1e-13 * galone.objective) << what;
      double diff = 0, ref = 0;
      for (std::size_t i = 0; i < g.gradient.values.size(); ++i) {
        diff = std::max(diff, std::abs(g.gradient.values[i] - galone.gradient.values[i]));
        ref = std::max(ref, std::abs(galone.gradient.values[i]));
      }
      EXPECT_LT(diff, 1e-12 * ref) << what;
    }
    c.ranks = {0, 0, 0};
    c.ranksPerShot = 1;  // whole shots per rank
    const ShotGathers shots = simulateShots3D(comm, v, c);
    if (rankOf(comm) == 0) EXPECT_EQ(shots.data, alone.data);
    const Gradient3DResult gs = acousticGradient3D(comm, v, c, observed);
    EXPECT_NEAR(gs.objective, galone.objective, 1e-13 * galone.objective);
  }
}

}  // namespace
}  // namespace pairinv::acoustic3d
