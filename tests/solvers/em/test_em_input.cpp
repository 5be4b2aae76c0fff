// Bad input to the EM solver gives a clear error before any work: non-positive or non-finite
// conductivity, air-like cells below the earth's surface, zero or negative frequency, receivers
// and sources outside the mesh region,
// unsupported combinations, wrong data lengths, bad option values, and a singular matrix
// reported by MUMPS. Also the ordering of the factorisation: -em_ordering reaches MUMPS (its
// INFOG(7)), every ordering gives the same solution, and MUMPS's own -em_mat_mumps_icntl_7 is
// refused in favour of -em_ordering.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>
#include <string>

#include "core/error.hpp"
#include "em_test_support.hpp"
#include "solvers/em/em_factorisation.hpp"
#include "solvers/em/em_gradient.hpp"
#include "solvers/em/em_problem.hpp"

using namespace pairinv;

namespace {

Field2D model() { return pairinv::testing::uniformConductivity(6, 8, 50.0, 0.1); }

em::EmConfig goodConfig() { return pairinv::testing::mtConfig(model().grid, {1.0, 10.0}, em::Polarisation::E); }

/// The message of the InputError that validateEmConfig throws (empty if none).
std::string validationError(em::EmConfig config, const Field2D& sigma) {
  try {
    em::validateEmConfig(config, sigma);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(EmInput, GoodConfigurationPasses) { EXPECT_EQ(validationError(goodConfig(), model()), ""); }

TEST(EmInput, RejectsNonPositiveOrNonFiniteConductivity) {
  Field2D sigma = model();
  sigma.at(2, 3) = -0.5;
  EXPECT_NE(validationError(goodConfig(), sigma).find("must be positive; found -0.5 at row 2, column 3"), std::string::npos);
  sigma.at(2, 3) = 0.0;
  EXPECT_NE(validationError(goodConfig(), sigma).find("must be positive"), std::string::npos);
  sigma.at(2, 3) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_NE(validationError(goodConfig(), sigma).find("non-finite"), std::string::npos);
}

TEST(EmInput, RejectsZeroOrNegativeFrequency) {
  for (double f : {0.0, -1.0}) {
    em::EmConfig c = goodConfig();
    c.frequencies = {1.0, f};
    const std::string message = validationError(c, model());
    EXPECT_NE(message.find("-em_frequencies must be positive"), std::string::npos) << message;
  }
}

TEST(EmInput, RejectsReceiversAndSourcesOutsideTheMeshRegion) {
  em::EmConfig c = goodConfig();
  c.receivers.push_back({1e6, 0.0});
  EXPECT_NE(validationError(c, model()).find("receiver 8 at (x, z) = (1e+06, 0) m lies outside"), std::string::npos);
  c = goodConfig();
  c.polarisation = em::Polarisation::H;
  c.receivers[0].z = -10.0;  // H-pol has no air: receivers must be in the earth
  EXPECT_NE(validationError(c, model()).find("-em_rec_x/-em_rec_z"), std::string::npos);
  c = goodConfig();
  c.source = em::SourceKind::LineCurrent;
  c.datum = em::DatumKind::Field;
  c.lineSources = {{100.0, 1e5}};
  EXPECT_NE(validationError(c, model()).find("line source 0"), std::string::npos);
}

TEST(EmInput, RejectsAirInHPolarisationModels) {
  Field2D sigma = model();
  for (int ix = 0; ix < 8; ++ix) sigma.at(0, ix) = 1e-8;  // an air row, as the em-blocks family draws
  em::EmConfig c = goodConfig();
  EXPECT_EQ(validationError(c, sigma), "");  // E-pol: air cells are fine
  c.polarisation = em::Polarisation::H;
  EXPECT_NE(validationError(c, sigma).find("looks like air"), std::string::npos);
}

TEST(EmInput, RejectsAirCellsBelowTheEarthsSurface) {
  Field2D sigma = model();
  for (int ix = 0; ix < 8; ++ix) sigma.at(0, ix) = 1e-8;  // a row of air on top is fine
  sigma.at(3, 5) = 1e-7;                                    // a cell of air inside the earth is not
  for (em::Polarisation p : {em::Polarisation::E, em::Polarisation::Both}) {
    em::EmConfig c = goodConfig();
    c.polarisation = p;
    em::placeOnSurface(c, 50.0);
    const std::string message = validationError(c, sigma);
    EXPECT_NE(message.find("below the earth's surface (row 3, column 5; the surface is at row 1)"), std::string::npos)
        << message;
  }
}

TEST(EmInput, BothModesNeedPlaneWavesAndSitesInTheEarth) {
  Field2D sigma = model();
  for (int ix = 0; ix < 8; ++ix) sigma.at(0, ix) = 1e-8;
  em::EmConfig c = goodConfig();
  c.polarisation = em::Polarisation::Both;
  EXPECT_NE(validationError(c, sigma).find("-em_rec_x/-em_rec_z"), std::string::npos);  // sites in the air row
  em::placeOnSurface(c, 50.0);
  EXPECT_EQ(validationError(c, sigma), "");
  c.source = em::SourceKind::LineCurrent;
  c.datum = em::DatumKind::Field;
  c.lineSources = {{100.0, 100.0}};
  EXPECT_NE(validationError(c, sigma).find("-em_polarisation both supports -em_source mt only"), std::string::npos);
}

TEST(EmInput, ApparentResistivityNeedsImpedances) {
  em::EmConfig c = goodConfig();
  c.datum = em::DatumKind::Field;
  c.form = em::RealForm::RhoaPhase;
  EXPECT_NE(validationError(c, model()).find("rhoa_phase needs impedance data"), std::string::npos);
}

TEST(EmInput, RejectsUnsupportedCombinations) {
  em::EmConfig c = goodConfig();
  c.polarisation = em::Polarisation::H;
  c.source = em::SourceKind::LineCurrent;
  c.datum = em::DatumKind::Field;
  c.lineSources = {{100.0, 50.0}};
  EXPECT_NE(validationError(c, model()).find("supports -em_source mt only"), std::string::npos);
  c = goodConfig();
  c.source = em::SourceKind::LineCurrent;
  c.lineSources = {{100.0, 50.0}};
  EXPECT_NE(validationError(c, model()).find("-em_data impedance needs -em_source mt"), std::string::npos);
}

TEST(EmInput, RejectsRankGroupsThatDoNotDivideTheRanks) {
  em::EmConfig c = goodConfig();
  em::validateEmConfig(c, model());
  int size = 1;
  MPI_Comm_size(PETSC_COMM_WORLD, &size);
  c.ranksPerFrequency = size + 1;
  EXPECT_THROW(em::emJacobianApply(PETSC_COMM_WORLD, model(), c, Field2D(model().grid, 1.0)), InputError);
}

TEST(EmInput, RejectsObservedDataOfTheWrongLength) {
  em::EmConfig c = goodConfig();
  em::validateEmConfig(c, model());
  const std::vector<double> observed(5, 0.0);
  try {
    em::emGradient(PETSC_COMM_SELF, model(), c, observed, nullptr);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("expected 32"), std::string::npos) << e.what();
  }
}

TEST(EmInput, BadOptionValuesNameTheOption) {
  PetscOptionsSetValue(nullptr, "-em_polarisation", "q");
  EXPECT_THROW(
      {
        try {
          em::readEmConfig(PETSC_COMM_SELF, model().grid);
        } catch (const InputError& e) {
          EXPECT_NE(std::string(e.what()).find("-em_polarisation"), std::string::npos) << e.what();
          throw;
        }
      },
      InputError);
  PetscOptionsClearValue(nullptr, "-em_polarisation");
  PetscOptionsSetValue(nullptr, "-em_rec_z", "0,10");
  EXPECT_THROW(em::readEmConfig(PETSC_COMM_SELF, model().grid), InputError);  // 2 depths for 8 receivers
  PetscOptionsClearValue(nullptr, "-em_rec_z");
}

TEST(EmInput, TheOrderingReachesMumpsAndOnlyThroughEmOrdering) {
  em::EmConfig config = goodConfig();
  em::validateEmConfig(config, model());
  std::vector<em::Complex> reference;
  for (em::Ordering o : {em::Ordering::Amf, em::Ordering::Amd, em::Ordering::Qamd, em::Ordering::Mumps,
                         em::Ordering::Auto}) {
    config.ordering = o;
    const em::EmProblem problem(model(), config);
    const auto factors = problem.factorise(PETSC_COMM_SELF, 1);
    PC pc = nullptr;
    Mat f = nullptr;
    PetscInt used = -1;
    ASSERT_EQ(KSPGetPC(factors->ksp(), &pc), 0);
    ASSERT_EQ(PCFactorGetMatrix(pc, &f), 0);
    ASSERT_EQ(MatMumpsGetInfog(f, 7, &used), 0);  // the ordering MUMPS used
    // MUMPS's own choice is its business; auto is AMF at this size.
    if (o != em::Ordering::Mumps)
      EXPECT_EQ(used, em::mumpsOrdering(o, 2.0 * factors->size())) << nameOf(o, em::kOrderingNames);
    if (o == em::Ordering::Auto) EXPECT_EQ(used, 2);
    const std::vector<em::Complex> x = factors->solve(problem.rightHandSide(1, 0));
    if (reference.empty()) reference = x;
    double diff = 0.0, norm = 0.0;
    for (std::size_t k = 0; k < x.size(); ++k) diff += std::norm(x[k] - reference[k]), norm += std::norm(reference[k]);
    EXPECT_LT(std::sqrt(diff / norm), 1e-10) << nameOf(o, em::kOrderingNames);
  }
  PetscOptionsSetValue(nullptr, "-em_mat_mumps_icntl_7", "4");
  try {
    const em::EmProblem problem(model(), config);
    problem.factorise(PETSC_COMM_SELF, 0);
    ADD_FAILURE() << "-em_mat_mumps_icntl_7 was taken";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("use -em_ordering"), std::string::npos) << e.what();
  }
  PetscOptionsClearValue(nullptr, "-em_mat_mumps_icntl_7");
  PetscOptionsSetValue(nullptr, "-em_ordering", "metis");
  try {
    em::readEmConfig(PETSC_COMM_SELF, model().grid);
    ADD_FAILURE() << "-em_ordering metis was taken";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("-em_ordering"), std::string::npos) << e.what();
  }
  PetscOptionsClearValue(nullptr, "-em_ordering");
}

TEST(EmInput, ReportsASingularMatrixFromMumps) {
  em::ComplexTriplets singular;
  singular.n = 2;
  for (int r = 0; r < 2; ++r)
    for (int c = 0; c < 2; ++c) singular.add(r, c, em::Complex(1.0, 2.0));
  try {
    em::Factorisation f(PETSC_COMM_SELF, singular, "em_", em::Ordering::Auto, "the test matrix");
    FAIL() << "a singular matrix was factorised";
  } catch (const Error& e) {
    const std::string message = e.what();
    EXPECT_NE(message.find("the factorisation of the test matrix failed"), std::string::npos) << message;
    EXPECT_NE(message.find("singular"), std::string::npos) << message;
  }
}
