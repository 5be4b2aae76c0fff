// The EM sensitivities (solvers/em/em_gradient.hpp) for E-pol impedances (real/imag), E-pol
// line-source fields (log-amplitude/phase), H-pol impedances (log-amplitude/phase, where
// the datum depends on sigma next to the surface directly), and both modes at once as apparent
// resistivity and phase under two rows of air (TE on the whole model, TM below the air):
//  - dot-product test <J dm, w> = <dm, J^T w> to 1e-10;
//  - Taylor test: |phi(m + h dm) - phi(m) - h <g, dm>| decays with slope 2 +- 0.1 as h halves;
//  - the same data and gradient on one rank and on all ranks (run with 1 and 2 ranks), and with
//    MUMPS factorising each frequency over two ranks.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>

#include "em_test_support.hpp"
#include "solvers/em/em_gradient.hpp"
#include "solvers/em/em_simulation.hpp"

using namespace pairinv;
using pairinv::testing::dot;

namespace {

struct Case {
  std::string name;
  em::Polarisation polarisation;
  em::SourceKind source;
  em::RealForm form;
  int airRows = 0;  // top rows of air (1e-8 S/m) in every model of the case
};

/// A random earth of 8 x 10 cells of 100 m under the case's rows of air.
Field2D caseModel(const Case& c, unsigned seed) {
  Field2D model = pairinv::testing::randomConductivity(8, 10, 100.0, 0.01, 0.3, seed);
  for (int iz = 0; iz < c.airRows; ++iz)
    for (int ix = 0; ix < model.grid.nx; ++ix) model.at(iz, ix) = 1e-8;
  return model;
}

em::EmConfig makeConfig(const Case& c, const Field2D& baseModel) {
  em::EmConfig config = pairinv::testing::mtConfig(baseModel.grid, {1.0, 10.0}, c.polarisation);
  config.form = c.form;
  if (c.airRows > 0) em::placeOnSurface(config, em::earthSurfaceDepth(baseModel));
  if (c.source == em::SourceKind::LineCurrent) {
    config.source = c.source;
    config.datum = em::DatumKind::Field;
    config.lineSources = {{250.0, 150.0}, {720.0, 150.0}};
  }
  em::validateEmConfig(config, baseModel);  // fixes the mesh for every model below
  return config;
}

Field2D perturbation(const Grid2D& grid, unsigned seed) {
  Field2D dm(grid);
  dm.values = pairinv::testing::randomVector(dm.values.size(), seed);
  return dm;
}

Field2D exponentiate(const Field2D& logSigma) { return em::conductivityFromLog(logSigma); }

void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

class EmAdjoint : public ::testing::TestWithParam<Case> {
 protected:
  const Field2D& baseModel() const { return base_; }
  Field2D perturbation(unsigned seed) const { return ::perturbation(base_.grid, seed); }
  em::EmConfig makeConfig() const { return ::makeConfig(GetParam(), base_); }

 private:
  Field2D base_ = caseModel(GetParam(), 11);
};

}  // namespace

TEST_P(EmAdjoint, DotProductTest) {
  const em::EmConfig config = makeConfig();
  const Field2D dm = perturbation(5);
  const std::vector<double> jdm = em::emJacobianApply(PETSC_COMM_WORLD, baseModel(), config, dm);
  const std::vector<double> w = pairinv::testing::randomVector(jdm.size(), 6);
  const Field2D jtw = em::emJacobianAdjoint(PETSC_COMM_WORLD, baseModel(), config, w);
  const double left = dot(jdm, w), right = dot(dm.values, jtw.values);
  const double mismatch = std::abs(left - right) / std::max(std::abs(left), std::abs(right));
  if (pairinv::testing::isRootRank())
    std::printf("%s: <J dm, w> = %.15e, <dm, J^T w> = %.15e, relative mismatch %.2e\n", GetParam().name.c_str(), left,
              right, mismatch);
  EXPECT_LT(mismatch, 1e-10);
}

TEST_P(EmAdjoint, TaylorTestHasSlopeTwo) {
  const em::EmConfig config = makeConfig();
  const Field2D trueModel = caseModel(GetParam(), 12);
  const std::vector<double> observed = em::realData(em::simulateEm(PETSC_COMM_WORLD, trueModel, config), config);
  double scale = 0;
  for (double v : observed) scale += v * v;
  const std::vector<double> weights(observed.size(), 1.0 / std::sqrt(scale / double(observed.size())));

  const Field2D m = em::logConductivity(baseModel());
  const Field2D dm = perturbation(7);
  const em::EmGradientResult base = em::emGradient(PETSC_COMM_WORLD, baseModel(), config, observed, &weights);
  const double slope0 = dot(base.gradient.values, dm.values);
  std::vector<double> remainder;
  double h = 0.2;
  for (int k = 0; k < 5; ++k, h /= 2) {
    Field2D mh = m;
    for (std::size_t i = 0; i < mh.values.size(); ++i) mh.values[i] += h * dm.values[i];
    const std::vector<double> synthetic = em::realData(em::simulateEm(PETSC_COMM_WORLD, exponentiate(mh), config), config);
    const double phi = em::misfit(em::realResidual(synthetic, observed, config.form), &weights);
    remainder.push_back(std::abs(phi - base.objective - h * slope0));
  }
  if (pairinv::testing::isRootRank()) {
    std::printf("%s: phi = %.6e, Taylor remainders", GetParam().name.c_str(), base.objective);
    for (double r : remainder) std::printf(" %.3e", r);
    std::printf("; slopes");
    for (std::size_t k = 0; k + 1 < remainder.size(); ++k) std::printf(" %.3f", std::log2(remainder[k] / remainder[k + 1]));
    std::printf("\n");
  }
  for (std::size_t k = 0; k + 1 < remainder.size(); ++k)
    EXPECT_NEAR(std::log2(remainder[k] / remainder[k + 1]), 2.0, 0.1) << "between h = " << 0.2 / (1 << k)
                                                                         << " and half of it";
}

TEST_P(EmAdjoint, AllRanksGiveTheDataAndGradientOfOneRank) {
  int size = 1;
  MPI_Comm_size(PETSC_COMM_WORLD, &size);
  em::EmConfig config = makeConfig();
  const em::EmSimulation one = em::simulateEm(PETSC_COMM_SELF, baseModel(), config);
  const em::EmSimulation all = em::simulateEm(PETSC_COMM_WORLD, baseModel(), config);
  EXPECT_EQ(all.field.values, one.field.values);  // each datum comes from one identical solve
  EXPECT_EQ(all.impedance.values, one.impedance.values);
  const std::vector<double> observed(2 * one.field.size(), 0.5);
  const Field2D g1 = em::emGradient(PETSC_COMM_SELF, baseModel(), config, observed, nullptr).gradient;
  const Field2D gAll = em::emGradient(PETSC_COMM_WORLD, baseModel(), config, observed, nullptr).gradient;
  double worst = 0, norm = 0;
  for (std::size_t i = 0; i < g1.values.size(); ++i)
    worst = std::max(worst, std::abs(g1.values[i] - gAll.values[i])), norm = std::max(norm, std::abs(g1.values[i]));
  EXPECT_LT(worst, 1e-12 * norm);  // sums over tasks in another order
  if (size < 2) return;
  config.ranksPerFrequency = size;  // MUMPS factorises each frequency over all ranks
  const em::EmSimulation parallel = em::simulateEm(PETSC_COMM_WORLD, baseModel(), config);
  const double difference = pairinv::testing::maxRelativeDifference(parallel.field.values, one.field.values);
  if (pairinv::testing::isRootRank())
    std::printf("%s: parallel MUMPS vs one rank, max relative difference %.2e\n", GetParam().name.c_str(), difference);
  EXPECT_LT(difference, 1e-10);
}

INSTANTIATE_TEST_SUITE_P(
    Cases, EmAdjoint,
    ::testing::Values(Case{"e_mt_realimag", em::Polarisation::E, em::SourceKind::PlaneWave, em::RealForm::RealImag},
                      Case{"e_line_logamp", em::Polarisation::E, em::SourceKind::LineCurrent, em::RealForm::LogAmpPhase},
                      Case{"h_mt_logamp", em::Polarisation::H, em::SourceKind::PlaneWave, em::RealForm::LogAmpPhase},
                      Case{"both_mt_rhoa_under_air", em::Polarisation::Both, em::SourceKind::PlaneWave,
                           em::RealForm::RhoaPhase, 2},
                      Case{"e_mt_rhoa", em::Polarisation::E, em::SourceKind::PlaneWave, em::RealForm::RhoaPhase, 0}),
    [](const auto& info) { return info.param.name; });
