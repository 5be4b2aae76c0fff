// learning/linear_baseline: PCA + ridge on a toy problem with a known linear answer. Models live
// in a 5-dimensional affine subspace and the data are a fixed linear map of the models, so the
// baseline must recover every model to round-off once it keeps 5 components, choose those 5 on
// the validation split, see zero residual for data of the same subspace and a large one for
// data outside it, clip estimates to the training models' range, and survive a save/load round
// trip.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "learning/linear_baseline.hpp"
#include "tests/core/test_support.hpp"

namespace pairinv::learning {
namespace {

using pairinv::testing::inputErrorMessage;
using pairinv::testing::TempDir;

constexpr std::int64_t kRank = 5;

class LinearBaselineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    torch::manual_seed(7);
    const std::int64_t n = 60, ms = shapeSize(modelShape_), ds = shapeSize(dataShape_);
    const torch::Tensor basis = torch::randn({kRank, ms}, torch::kFloat64) * 100.0;
    operator_ = torch::randn({ms, ds}, torch::kFloat64) * 1e-3;
    const torch::Tensor models = 2500.0 + torch::randn({n, kRank}, torch::kFloat64).matmul(basis);
    const torch::Tensor data = models.matmul(operator_);
    source_ = std::make_unique<MemorySampleSource>(modelShape_, dataShape_, toFloats(models), toFloats(data));
    split_ = splitSamples(n, 0.2, 0.2);
    stats_.model_min = models.min().item<double>();
    stats_.model_max = models.max().item<double>();
  }

  static std::vector<float> toFloats(const torch::Tensor& t) {
    const torch::Tensor c = t.to(torch::kFloat32).contiguous();
    return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
  }

  torch::Tensor rawData(std::int64_t i) {
    std::vector<float> b(static_cast<std::size_t>(source_->dataSize()));
    source_->readRaw(i, nullptr, b.data());
    return torch::from_blob(b.data(), {1, dataShape_[0], dataShape_[1], dataShape_[2]}, torch::kFloat32).clone();
  }
  torch::Tensor rawModel(std::int64_t i) {
    std::vector<float> q(static_cast<std::size_t>(source_->modelSize()));
    source_->readRaw(i, q.data(), nullptr);
    return torch::from_blob(q.data(), {source_->modelSize()}, torch::kFloat32).to(torch::kFloat64);
  }
  /// The baseline's estimate of test sample i in physical units.
  torch::Tensor physicalEstimate(const LinearBaseline& l, std::int64_t i) {
    torch::Tensor q = l.estimate(rawData(i)).contiguous();
    stats_.denormalizeModel(q.data_ptr<float>(), std::size_t(q.numel()));
    return q.reshape({-1}).to(torch::kFloat64);
  }

  Shape3 modelShape_{1, 6, 5}, dataShape_{2, 7, 4};
  torch::Tensor operator_;
  std::unique_ptr<MemorySampleSource> source_;
  Split split_;
  NormalizationStats stats_;
};

TEST_F(LinearBaselineTest, RecoversALinearProblemAndChoosesItsRankOnValidation) {
  const LinearBaseline l = LinearBaseline::fitOn(*source_, split_, stats_, 1000, {2, 4, 5, 8, 16}, {1e-12, 1e-2, 1});
  EXPECT_EQ(l.fit().components, kRank);  // fewer lose information; more do not exist
  EXPECT_DOUBLE_EQ(l.fit().relativeRidge, 1e-12);
  EXPECT_LT(l.fit().validationModelError, 1e-5);
  for (std::int64_t i : split_.test) {
    const torch::Tensor truth = rawModel(i);
    EXPECT_LT(((physicalEstimate(l, i) - truth).norm() / truth.norm()).item<double>(), 1e-5) << "test sample " << i;
  }
}

// Data far outside the training set (a test gather times 50) would extrapolate to models far
// outside the training range, negative velocities included; the estimate is clipped to it.
TEST_F(LinearBaselineTest, EstimatesStayInTheTrainingModelsRange) {
  const LinearBaseline l = LinearBaseline::fitOn(*source_, split_, stats_, 1000, {5}, {1e-12});
  const torch::Tensor q = l.estimate(rawData(split_.test.front()) * 50.0);
  EXPECT_LE(q.max().item<float>(), 1.0f);
  EXPECT_GE(q.min().item<float>(), -1.0f);
  EXPECT_TRUE((q.abs() == 1.0f).any().item<bool>());  // it did extrapolate, and was clipped
}

TEST_F(LinearBaselineTest, FewerComponentsThanTheRankLoseAccuracy) {
  const LinearBaseline l = LinearBaseline::fitOn(*source_, split_, stats_, 1000, {2}, {1e-12});
  EXPECT_EQ(l.fit().components, 2);
  EXPECT_GT(l.fit().validationModelError, 1e-3);
}

TEST_F(LinearBaselineTest, ResidualIsZeroInTheSubspaceAndLargeOutsideIt) {
  const LinearBaseline l = LinearBaseline::fitOn(*source_, split_, stats_, 1000, {5}, {1e-12});
  const std::int64_t i = split_.test.front();
  EXPECT_LT(l.residual(rawData(i)).item<double>(), 1e-6);
  torch::manual_seed(3);
  const torch::Tensor outside = rawData(i) + 0.5 * rawData(i).abs().max() * torch::randn({1, 2, 7, 4});
  EXPECT_GT(l.residual(outside).item<double>(), 0.1);
}

TEST_F(LinearBaselineTest, SaveAndLoadGiveTheSameEstimates) {
  TempDir dir;
  const LinearBaseline l = LinearBaseline::fitOn(*source_, split_, stats_, 1000, defaultBaselineComponents(),
                                                 defaultBaselineRidges());
  l.save(dir / "baseline.pt");
  const LinearBaseline back = LinearBaseline::load(dir / "baseline.pt", modelShape_, dataShape_);
  EXPECT_EQ(back.fit().components, l.fit().components);
  EXPECT_TRUE(torch::equal(back.estimate(rawData(0)), l.estimate(rawData(0))));
  EXPECT_NE(inputErrorMessage([&] { LinearBaseline::load(dir / "baseline.pt", {1, 6, 6}, dataShape_); })
                .find("other model or data shapes"),
            std::string::npos);
  EXPECT_NE(inputErrorMessage([&] { LinearBaseline::load(dir / "missing.pt", modelShape_, dataShape_); })
                .find("does not exist"),
            std::string::npos);
}

TEST_F(LinearBaselineTest, NeedsValidationSamples) {
  Split noValidation = split_;
  noValidation.validation.clear();
  EXPECT_NE(inputErrorMessage([&] { LinearBaseline::fitOn(*source_, noValidation, stats_, 1000, {5}, {1e-12}); })
                .find("no validation samples"),
            std::string::npos);
}

}  // namespace
}  // namespace pairinv::learning
