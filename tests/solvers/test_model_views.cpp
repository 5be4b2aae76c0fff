// The solvers' library API reads models and data through views of the caller's memory
// (meshes/field_view.hpp, acoustic::GathersView): a model that is a block of a larger row-major
// buffer (row stride > nx) and data in a raw buffer give the bits of the same values held in
// a Field2D and ShotGathers - forward, gradient, Born and its adjoint - and a view never
// copies (its data pointer is the caller's). On 1 and 2 MPI ranks (run via ctest).
#include <gtest/gtest.h>
#include <petscsys.h>

#include <vector>

#include "acoustic_test_support.hpp"
#include "solvers/acoustic/acoustic_gradient.hpp"
#include "test_support.hpp"

namespace pairinv::acoustic {
namespace {

class ModelViews : public ::testing::Test {
 protected:
  static constexpr int kExtraColumns = 7;  // the model sits in the first nx columns of each row

  void SetUp() override {
    model_ = pairinv::testing::randomModel(18, 24, 10.0, 1800.0, 2500.0, 3);
    config_ = pairinv::testing::plainConfig(4, 1.0e-3, 120, 15.0);
    config_.padCells = 6;
    config_.sources = {{2, 5}, {2, 18}};
    for (int ix = 0; ix < 24; ix += 3) config_.receivers.push_back({1, ix});
    validateAcousticConfig(config_, model_);
    const int stride = model_.grid.nx + kExtraColumns;
    buffer_.assign(std::size_t(model_.grid.nz) * std::size_t(stride), -1.0);  // the other columns are not a model
    for (int iz = 0; iz < model_.grid.nz; ++iz)
      for (int ix = 0; ix < model_.grid.nx; ++ix) buffer_[std::size_t(iz) * std::size_t(stride) + std::size_t(ix)] =
          model_.at(iz, ix);
  }

  ConstMatrixMap blockOfBuffer() const {
    return ConstMatrixMap(buffer_.data(), model_.grid.nz, model_.grid.nx,
                          Eigen::OuterStride<>(model_.grid.nx + kExtraColumns));
  }

  Field2D model_;
  AcousticConfig config_;
  std::vector<double> buffer_;
};

TEST_F(ModelViews, ViewReadsTheCallersMemory) {
  const ModelView a(model_), b(blockOfBuffer(), model_.grid.dz, model_.grid.dx);
  EXPECT_EQ(a.values.data(), model_.values.data());
  EXPECT_EQ(b.values.data(), buffer_.data());
  EXPECT_EQ(b.values.outerStride(), model_.grid.nx + kExtraColumns);
  EXPECT_EQ(b.grid.nz, model_.grid.nz);
  EXPECT_EQ(b.grid.nx, model_.grid.nx);
  EXPECT_EQ(b.max(), model_.max());
  EXPECT_EQ(b.field().values, model_.values);
}

TEST_F(ModelViews, StridedModelAndRawDataGiveTheBitsOfFieldAndGathers) {
  const ModelView view(blockOfBuffer(), model_.grid.dz, model_.grid.dx);
  ShotGathers fromField = simulateShots(PETSC_COMM_WORLD, model_, config_);
  ShotGathers fromView = simulateShots(PETSC_COMM_WORLD, view, config_);
  broadcastGathers(PETSC_COMM_WORLD, fromField);
  broadcastGathers(PETSC_COMM_WORLD, fromView);
  ASSERT_EQ(fromView.data, fromField.data);

  // Observed data of a perturbed model, as ShotGathers and as a raw buffer behind a GathersView.
  Field2D other = model_;
  for (double& v : other.values) v *= 1.02;
  ShotGathers observed = simulateShots(PETSC_COMM_WORLD, other, config_);
  broadcastGathers(PETSC_COMM_WORLD, observed);
  const std::vector<double> raw = observed.data;
  const GathersView rawView(raw.data(), observed.nshots, observed.nsamples, observed.nreceivers);
  EXPECT_EQ(rawView.data(), raw.data());
  const GradientResult g1 = acousticGradient(PETSC_COMM_WORLD, model_, config_, observed, nullptr,
                                             Parametrisation::Velocity);
  const GradientResult g2 = acousticGradient(PETSC_COMM_WORLD, view, config_, rawView, nullptr,
                                             Parametrisation::Velocity);
  EXPECT_GT(g1.objective, 0.0);
  EXPECT_EQ(g2.objective, g1.objective);
  EXPECT_EQ(g2.gradient.values, g1.gradient.values);

  const Field2D adjointField = bornAdjoint(PETSC_COMM_WORLD, model_, config_, observed, Parametrisation::SlownessSquared);
  const Field2D adjointView = bornAdjoint(PETSC_COMM_WORLD, view, config_, rawView, Parametrisation::SlownessSquared);
  EXPECT_EQ(adjointView.values, adjointField.values);

  // Born with the perturbation a strided view too.
  const ModelView dm(blockOfBuffer(), model_.grid.dz, model_.grid.dx);
  const ShotGathers bornField = bornForward(PETSC_COMM_WORLD, model_, config_, model_, Parametrisation::Velocity);
  const ShotGathers bornView = bornForward(PETSC_COMM_WORLD, view, config_, dm, Parametrisation::Velocity);
  EXPECT_EQ(bornView.data, bornField.data);
}

TEST_F(ModelViews, WrongShapesAreInputErrors) {
  const ShotGathers shortData{int(config_.sources.size()), config_.samplesPerTrace() - 1,
                              int(config_.receivers.size()),
                              std::vector<double>(config_.sources.size() * std::size_t(config_.samplesPerTrace() - 1) *
                                                  config_.receivers.size())};
  const std::string message = pairinv::testing::inputErrorMessage([&] {
    acousticGradient(PETSC_COMM_WORLD, model_, config_, shortData, nullptr, Parametrisation::Velocity);
  });
  EXPECT_NE(message.find("the observed data has shape"), std::string::npos) << message;
  const ConstMatrixMap narrower(buffer_.data(), model_.grid.nz, model_.grid.nx - 1,
                                Eigen::OuterStride<>(model_.grid.nx + kExtraColumns));
  const ModelView dm(narrower, model_.grid.dz, model_.grid.dx);
  const std::string born = pairinv::testing::inputErrorMessage(
      [&] { bornForward(PETSC_COMM_WORLD, model_, config_, dm, Parametrisation::Velocity); });
  EXPECT_NE(born.find("the model perturbation is"), std::string::npos) << born;
}

}  // namespace
}  // namespace pairinv::acoustic
