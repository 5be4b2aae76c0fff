// The model transform of learning/normalization.hpp (log10 for conductivities spanning decades):
// the normalisation by hand and its round trip, statistics of older checkpoints (6 values) read
// as linear, the "auto" rule, and the decoder of a log10 run: physical S/m out, and a
// vector-Jacobian product that includes the chain rule through 10^u.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

#include "core/hdf5_io.hpp"
#include "learning/checkpoint.hpp"
#include "learning/estimation_run.hpp"
#include "learning/latent_decoder.hpp"
#include "learning/normalization.hpp"
#include "learning/presets.hpp"
#include "learning/synthetic_data.hpp"
#include "learning/training_run.hpp"
#include "tests/core/test_support.hpp"

namespace fs = std::filesystem;

namespace pairinv::learning {
namespace {

using pairinv::testing::inputErrorMessage;
using pairinv::testing::TempDir;

// Layered models mapped from velocity [1500, 4500] m/s to conductivity [1e-3, 1] S/m (log-uniform).
std::unique_ptr<MemorySampleSource> tinyConductivity(std::int64_t count) {
  auto seismic = makeLayeredSeismic(LayeredSeismicOptions().count(count).nz(8).nx(8).nshots(2).nt(16));
  std::vector<float> models(std::size_t(count * seismic->modelSize())), data(std::size_t(count * seismic->dataSize()));
  for (std::int64_t i = 0; i < count; ++i)
    seismic->readRaw(i, models.data() + i * seismic->modelSize(), data.data() + i * seismic->dataSize());
  for (float& v : models) v = float(std::pow(10.0, -3.0 + 3.0 * (v - 1500.0) / 3000.0));
  return std::make_unique<MemorySampleSource>(seismic->modelShape(), seismic->dataShape(), models, data);
}

TEST(LearningModelTransform, Log10NormalisesByHandAndRoundTrips) {
  // Arrange: models spanning 1e-8 (air) to 10 S/m.
  const Shape3 shape{1, 1, 4};
  MemorySampleSource source(shape, {1, 1, 2}, {1e-8f, 1e-3f, 0.1f, 10.0f}, {0.5f, -0.5f});

  // Act
  const NormalizationStats s = computeNormalization(source, {0}, DataTransform::MinMax, 1.0, true);
  std::vector<float> q = {1e-8f, 1e-3f, 0.1f, 10.0f};
  s.normalizeModel(q.data(), q.size());
  std::vector<float> back = q;
  s.denormalizeModel(back.data(), back.size());

  // Assert: u = log10 q is min-max scaled; the round trip is exact to float precision.
  EXPECT_TRUE(s.model_log10);
  EXPECT_NEAR(s.model_min, -8.0, 1e-5);
  EXPECT_NEAR(s.model_max, 1.0, 1e-5);
  EXPECT_NEAR(q[0], -1.0, 1e-5);
  EXPECT_NEAR(q[1], 2.0 * (-3.0 + 8.0) / 9.0 - 1.0, 1e-5);
  EXPECT_NEAR(q[3], 1.0, 1e-5);
  const std::vector<float> original = {1e-8f, 1e-3f, 0.1f, 10.0f};
  for (std::size_t i = 0; i < q.size(); ++i) EXPECT_NEAR(back[i] / original[i], 1.0, 1e-4) << i;
  EXPECT_EQ(std::string(s.modelTransform()), "log10");
}

TEST(LearningModelTransform, StoredStatisticsOldCheckpointsAndAuto) {
  NormalizationStats s;
  s.model_log10 = true;
  s.model_min = -3, s.model_max = 0.5;
  const std::vector<double> v = s.toVector();
  ASSERT_EQ(v.size(), 7u);
  EXPECT_TRUE(NormalizationStats::fromVector(v).model_log10);
  // Six values: a checkpoint from before model_transform, linear.
  EXPECT_FALSE(NormalizationStats::fromVector({1500, 4500, 1, 1, -1, 1}).model_log10);
  EXPECT_EQ(resolveModelTransform(ModelTransform::Auto, "conductivity"), ModelTransform::Log10);
  EXPECT_EQ(resolveModelTransform(ModelTransform::Auto, "velocity"), ModelTransform::Linear);
  EXPECT_EQ(resolveModelTransform(ModelTransform::Linear, "conductivity"), ModelTransform::Linear);
  MemorySampleSource negative({1, 1, 2}, {1, 1, 1}, {-1.0f, 2.0f}, {1.0f});
  EXPECT_NE(inputErrorMessage([&] { computeNormalization(negative, {0}, DataTransform::Log, 1.0, true); }).find("positive"),
            std::string::npos);
}

TEST(LearningModelTransform, Log10DecoderGivesSiemensAndItsVjpIncludesTheChainRule) {
  // Arrange: a tiny paired network trained on conductivities with the log10 transform.
  TempDir dir;
  auto source = tinyConductivity(24);
  writeSurveyFile(dir / "survey.h5", *source, 10, 10, 0.001, "test");
  trainFromSurvey(dir / "survey.h5", dir / "run",
                  trainPreset("tiny").epochs(2).batch_size(8).threads(1).progress(false).maps(LatentMaps::Both).lr(3e-3)
                      .model_transform(ModelTransform::Log10));
  const LatentDecoder decoder(dir / "run", "cpu", true, 1);
  std::vector<float> q(64), b(2 * 16 * 8);
  source->readRaw(3, q.data(), b.data());
  const std::vector<double> z = decoder.encode(std::vector<double>(q.begin(), q.end()));

  // Act
  const std::vector<double> sigma = decoder.decode(z);
  torch::manual_seed(3);
  const torch::Tensor gt = torch::randn({64}, torch::kFloat64), vt = torch::randn({decoder.latentSize()}, torch::kFloat64);
  const std::vector<double> g(gt.data_ptr<double>(), gt.data_ptr<double>() + 64);
  const std::vector<double> v(vt.data_ptr<double>(), vt.data_ptr<double>() + vt.numel());
  const std::vector<double> jtg = decoder.decoderVjp(z, g);

  // Assert: the run stored log10; models in S/m (in (0, 10^max u]); <J^T g, v> = d/dh <q(z + h v), g>.
  EXPECT_TRUE(readRunRecord(dir / "run" / "best.pt").stats.model_log10);
  for (double s : sigma) EXPECT_TRUE(s > 0 && s < 1.5) << s;
  double lhs = 0;
  for (std::size_t i = 0; i < v.size(); ++i) lhs += jtg[i] * v[i];
  const double h = 1e-6;
  std::vector<double> zp = z, zm = z;
  for (std::size_t i = 0; i < v.size(); ++i) zp[i] += h * v[i], zm[i] -= h * v[i];
  const auto qp = decoder.decode(zp), qm = decoder.decode(zm);
  double rhs = 0;
  for (std::size_t k = 0; k < 64; ++k) rhs += (qp[k] - qm[k]) / (2 * h) * g[k];
  EXPECT_NEAR(lhs, rhs, 1e-6 * std::max(1.0, std::fabs(lhs)));
  // The estimate file (estimation_run) undoes the same transform as the decoder.
  EstimateOptions e;
  e.threads(1).progress(false).png_samples({});
  estimateSurvey(dir / "run", dir / "survey.h5", dir / "est.h5", e);
  const auto est = Hdf5File::openReadOnly(dir / "est.h5").readDataset("/estimates").data;
  const std::vector<double> qhat = decoder.estimateModel(std::vector<double>(b.begin(), b.end()), 16);
  for (std::size_t k = 0; k < 64; ++k) EXPECT_NEAR(qhat[k], est[3 * 64 + k], 1e-3 * std::fabs(qhat[k]));
}

}  // namespace
}  // namespace pairinv::learning
