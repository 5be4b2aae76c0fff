// learning/: shapes and gradients of every network, the loss terms against hand-computed
// values, least-squares latent maps, normalisation, metrics, the OOD flag, options, data loading.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <random>

#include "learning/autoencoder.hpp"
#include "learning/batch_loader.hpp"
#include "learning/device.hpp"
#include "learning/end_to_end.hpp"
#include "learning/least_squares_maps.hpp"
#include "learning/metrics.hpp"
#include "learning/ood_calibration.hpp"
#include "learning/options.hpp"
#include "learning/paired_autoencoder.hpp"
#include "learning/physical_model.hpp"
#include "learning/presets.hpp"
#include "learning/synthetic_data.hpp"
#include "tests/core/test_support.hpp"

namespace pairinv::learning {
namespace {

using pairinv::testing::inputErrorMessage;
using pairinv::testing::TempDir;
using pairinv::testing::writeText;

const Shape3 kModel{1, 12, 10};
const Shape3 kData{3, 20, 10};

AutoencoderOptions tinyOptions(std::int64_t latent) {
  return AutoencoderOptions().channels({4, 6, 8}).latent(latent).convs_per_stage(2).min_size(3);
}

// Every trainable parameter got a finite, non-zero gradient.
void expectGradients(torch::nn::Module& module, const std::string& what) {
  int count = 0;
  for (const auto& p : module.named_parameters()) {
    if (!p.value().requires_grad()) continue;
    ++count;
    const torch::Tensor g = p.value().grad();
    ASSERT_TRUE(g.defined()) << what << ": no gradient for " << p.key();
    EXPECT_TRUE(torch::isfinite(g).all().item<bool>()) << what << ": " << p.key();
    EXPECT_GT(g.norm().item<double>(), 0.0) << what << ": zero gradient for " << p.key();
  }
  EXPECT_GT(count, 0) << what;
}

TEST(LearningNetworks, StagePlanHalvesAxesToExactSizes) {
  const StagePlan p = planStages(70, 70, 4, 4);
  ASSERT_EQ(p.sizes.size(), 5u);
  const std::vector<std::int64_t> expected{70, 35, 18, 9, 5};
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(p.sizes[i][0], expected[i]);
    EXPECT_EQ(p.sizes[i][1], expected[i]);
  }
  // OpenFWI data [5, 250, 70] with five stages: time keeps halving after receivers stop.
  const StagePlan d = planStages(250, 70, 5, 4);
  EXPECT_EQ(d.sizes.back()[0], 8);
  EXPECT_EQ(d.sizes.back()[1], 3);
  // A 1D signal (height 1) is never strided in height.
  const StagePlan s = planStages(1, 32, 3, 4);
  EXPECT_EQ(s.sizes.back()[0], 1);
  EXPECT_EQ(s.sizes.back()[1], 4);
}

TEST(LearningNetworks, AutoencodersHaveShapesAndGradients) {
  torch::manual_seed(3);
  for (const auto& [shape, name] : {std::pair{kModel, "model"}, std::pair{kData, "data"}}) {
    Autoencoder ae(shape, tinyOptions(5).output(std::string(name) == "model" ? Activation::Tanh : Activation::None));
    const torch::Tensor x = torch::randn({2, shape[0], shape[1], shape[2]});
    const torch::Tensor z = ae->encode(x);
    EXPECT_EQ(z.sizes(), (std::vector<std::int64_t>{2, 5})) << name;
    const torch::Tensor y = ae->forward(x);
    EXPECT_EQ(y.sizes(), x.sizes()) << name;
    (y - x).square().mean().backward();
    expectGradients(*ae, name);
  }
}

TEST(LearningNetworks, DataAutoencoderTakesEmLayout) {
  // EM data as [2 * nfrequencies, nsources, nreceivers], e.g. 3 frequencies, 7 x 9.
  torch::manual_seed(4);
  Autoencoder ae(Shape3{6, 7, 9}, tinyOptions(4).norm(Norm::None));
  const torch::Tensor x = torch::randn({3, 6, 7, 9});
  EXPECT_EQ(ae->forward(x).sizes(), x.sizes());
}

TEST(LearningNetworks, PairedAutoencoderShapesAndGradients) {
  torch::manual_seed(5);
  PairedAutoencoder pae(kModel, kData, tinyOptions(6).output(Activation::Tanh), tinyOptions(7));
  const torch::Tensor q = torch::rand({3, 1, 12, 10}) * 2 - 1, b = torch::randn({3, 3, 20, 10});
  EXPECT_EQ(pae->encodeModel(q).sizes(), (std::vector<std::int64_t>{3, 6}));
  EXPECT_EQ(pae->encodeData(b).sizes(), (std::vector<std::int64_t>{3, 7}));
  EXPECT_EQ(pae->estimate(b).sizes(), q.sizes());
  EXPECT_EQ(pae->surrogateForward(q).sizes(), b.sizes());
  EXPECT_EQ(pae->forwardMap()->weight().sizes(), (std::vector<std::int64_t>{7, 6}));
  EXPECT_EQ(pae->inverseMap()->weight().sizes(), (std::vector<std::int64_t>{6, 7}));
  LossTerms loss = pae->losses(q, b, LossWeights().path_b(1.0), false);
  loss.total.backward();
  expectGradients(*pae, "paired autoencoder");
  // With the maps frozen, they get no gradient and are not among the autoencoder parameters.
  pae->setMapsTrainable(false);
  EXPECT_FALSE(pae->forwardMap()->weight().requires_grad());
  EXPECT_EQ(pae->autoencoderParameters().size() + pae->mapParameters().size(), pae->parameters().size());
}

TEST(LearningNetworks, EndToEndShapesAndGradients) {
  torch::manual_seed(6);
  EndToEnd net(kModel, kData, tinyOptions(6).output(Activation::Tanh), tinyOptions(99));
  const torch::Tensor q = torch::rand({2, 1, 12, 10}) * 2 - 1, b = torch::randn({2, 3, 20, 10});
  EXPECT_EQ(net->estimate(b).sizes(), q.sizes());
  LossTerms loss = net->losses(q, b, LossWeights(), false);
  EXPECT_TRUE(loss.terms[kPathQ].defined());
  EXPECT_FALSE(loss.terms[kRecQ].defined());
  EXPECT_NEAR(loss.total.item<double>(), meanSquaredError(net->estimate(b), q).item<double>(), 1e-6);
  loss.total.backward();
  expectGradients(*net, "end-to-end");
}

TEST(LearningLosses, MeanSquaredErrorAndWeightedSumByHand) {
  const torch::Tensor a = torch::tensor({1.0, 2.0, 3.0}, torch::kFloat64), b = torch::tensor({1.0, 0.0, 0.0}, torch::kFloat64);
  EXPECT_NEAR(meanSquaredError(a, b).item<double>(), 13.0 / 3.0, 1e-12);
  LossTerms loss;
  for (int t = 0; t < kLossTermCount; ++t) loss.terms[t] = torch::tensor(double(t + 1), torch::kFloat64);  // 1..6
  combineLoss(loss, LossWeights().rec_q(0.5).rec_b(2).fwd(0).inv(1).path_q(3).path_b(0.25));
  EXPECT_NEAR(loss.total.item<double>(), 0.5 * 1 + 2 * 2 + 0 * 3 + 1 * 4 + 3 * 5 + 0.25 * 6, 1e-12);
  EXPECT_STREQ(lossTermName(kPathQ), "path_q");
}

TEST(LearningLosses, PairedTermsAreTheDesignCompositions) {
  torch::manual_seed(7);
  PairedAutoencoder pae(kModel, kData, tinyOptions(4).norm(Norm::None), tinyOptions(5).norm(Norm::None));
  const torch::Tensor q = torch::rand({2, 1, 12, 10}), b = torch::randn({2, 3, 20, 10});
  // With M = 0 the forward latent term is mean(z_b^2); with M_dag = 0, inv is mean(z_q^2) and
  // the model pathway decodes the zero latent.
  pae->forwardMap()->setWeight(torch::zeros({5, 4}));
  pae->inverseMap()->setWeight(torch::zeros({4, 5}));
  torch::NoGradGuard noGrad;
  const LossTerms loss = pae->losses(q, b, LossWeights().path_b(1), true);
  const torch::Tensor zq = pae->encodeModel(q), zb = pae->encodeData(b);
  EXPECT_NEAR(loss.terms[kFwd].item<double>(), zb.square().mean().item<double>(), 1e-6);
  EXPECT_NEAR(loss.terms[kInv].item<double>(), zq.square().mean().item<double>(), 1e-6);
  EXPECT_NEAR(loss.terms[kRecQ].item<double>(), (pae->decodeModel(zq) - q).square().mean().item<double>(), 1e-6);
  EXPECT_NEAR(loss.terms[kRecB].item<double>(), (pae->decodeData(zb) - b).square().mean().item<double>(), 1e-6);
  const torch::Tensor q0 = pae->decodeModel(torch::zeros({2, 4}));
  EXPECT_NEAR(loss.terms[kPathQ].item<double>(), (q0 - q).square().mean().item<double>(), 1e-6);
  double sum = 0;
  for (int t = 0; t < kLossTermCount; ++t) sum += loss.terms[t].item<double>();
  EXPECT_NEAR(loss.total.item<double>(), sum, 1e-5);
  // Training computes only the weighted terms.
  const LossTerms some = pae->losses(q, b, LossWeights().fwd(0).inv(0).path_q(0).path_b(0), false);
  EXPECT_FALSE(some.terms[kFwd].defined());
  EXPECT_TRUE(some.terms[kRecQ].defined());
}

TEST(LearningMaps, LeastSquaresRecoversAKnownLinearMap) {
  torch::manual_seed(8);
  const torch::Tensor w = torch::randn({5, 6}, torch::kFloat64);
  const torch::Tensor zq = torch::randn({200, 6}, torch::kFloat64);
  const torch::Tensor zb = zq.matmul(w.t());
  const torch::Tensor fit = fitLinearMap(zq.to(torch::kFloat32), zb.to(torch::kFloat32), 1e-7);
  EXPECT_LT((fit.to(torch::kFloat64) - w).abs().max().item<double>(), 1e-4);
  // The inverse direction: z_q = W^+ z_b holds exactly when W has full column rank... here
  // W is 5x6 (wide), so check the least-squares property instead: residual orthogonal to z_b.
  const torch::Tensor back = fitLinearMap(zb.to(torch::kFloat32), zq.to(torch::kFloat32), 1e-7).to(torch::kFloat64);
  const torch::Tensor residual = zq - zb.matmul(back.t());
  EXPECT_LT((zb.t().matmul(residual)).abs().max().item<double>() / 200.0, 1e-3);
  // Rank-deficient latents (a dead unit) do not blow up.
  torch::Tensor deficient = zq.clone();
  deficient.select(1, 2).zero_();
  const torch::Tensor f2 = fitLinearMap(deficient.to(torch::kFloat32), zb.to(torch::kFloat32), 1e-6);
  EXPECT_TRUE(torch::isfinite(f2).all().item<bool>());
  EXPECT_LT(f2.select(1, 2).abs().max().item<double>(), 1e-4);

  // PairedAutoencoder::fitMaps sets both maps.
  PairedAutoencoder pae(kModel, kData, tinyOptions(6), tinyOptions(5));
  pae->fitMaps(zq.to(torch::kFloat32), zb.to(torch::kFloat32), 1e-7);
  EXPECT_LT((pae->forwardMap()->weight().to(torch::kFloat64) - w).abs().max().item<double>(), 1e-4);
}

TEST(LearningNormalization, OpenFwiTransformsAndRoundTrip) {
  auto source = makeLayeredSeismic(LayeredSeismicOptions().count(6).nz(8).nx(6).nshots(2).nt(32));
  const NormalizationStats s = computeNormalization(*source, {0, 1, 2, 3}, DataTransform::Log, 2.0);
  EXPECT_GE(s.model_min, 1500.0);
  EXPECT_LE(s.model_max, 4500.0);
  // The log transform by hand for one value.
  const double k = 2.0, x = -0.3;
  float v = float(x);
  s.normalizeData(&v, 1);
  const double t = -std::log1p(k * 0.3);
  EXPECT_NEAR(v, 2.0 * (t - s.data_min) / (s.data_max - s.data_min) - 1.0, 1e-5);
  // Training samples land in [-1, 1]; round trips are exact to float precision.
  std::vector<float> q(std::size_t(source->modelSize())), b(std::size_t(source->dataSize()));
  for (std::int64_t i = 0; i < 4; ++i) {
    source->readRaw(i, q.data(), b.data());
    const auto q0 = q, b0 = b;
    s.normalizeModel(q.data(), q.size());
    s.normalizeData(b.data(), b.size());
    for (float x1 : q) EXPECT_TRUE(x1 >= -1.0001f && x1 <= 1.0001f);
    for (float x1 : b) EXPECT_TRUE(x1 >= -1.0001f && x1 <= 1.0001f);
    s.denormalizeModel(q.data(), q.size());
    s.denormalizeData(b.data(), b.size());
    for (std::size_t j = 0; j < q.size(); ++j) EXPECT_NEAR(q[j], q0[j], 1e-3);
    for (std::size_t j = 0; j < b.size(); ++j) EXPECT_NEAR(b[j], b0[j], 1e-5 + 1e-4 * std::fabs(b0[j]));
  }
  EXPECT_EQ(NormalizationStats::fromVector(s.toVector()).toVector(), s.toVector());
  // Memory sources normalise in place; readRaw still gives physical units.
  std::vector<float> raw(q.size()), norm(q.size());
  source->readRaw(1, raw.data(), nullptr);
  source->setNormalization(s);
  source->read(1, norm.data(), nullptr);
  source->readRaw(1, q.data(), nullptr);
  for (std::size_t j = 0; j < q.size(); ++j) {
    EXPECT_NEAR(q[j], raw[j], 1e-3);
    EXPECT_NEAR(norm[j], 2 * (raw[j] - s.model_min) / (s.model_max - s.model_min) - 1, 1e-5);
  }
}

TEST(LearningNormalization, PerChannelRangesGiveEveryChannelTheFullRange) {
  // EM-like data: channel 0 in log10 ohm m (0.5 .. 3), channel 1 in degrees (20 .. 80); 5 samples.
  const Shape3 modelShape{1, 2, 2}, dataShape{2, 3, 4};
  std::vector<float> models(5 * 4, 0.01f), data;
  for (int i = 0; i < 5; ++i)
    for (int c = 0; c < 2; ++c)
      for (int j = 0; j < 12; ++j) data.push_back(c == 0 ? 0.5f + 2.5f * float((i * 12 + j) % 7) / 6.0f
                                                         : 20.0f + 60.0f * float((i * 5 + j) % 11) / 10.0f);
  MemorySampleSource source(modelShape, dataShape, models, data);
  const NormalizationStats global = computeNormalization(source, {0, 1, 2, 3, 4}, DataTransform::MinMax, 1.0);
  const NormalizationStats s =
      computeNormalization(source, {0, 1, 2, 3, 4}, DataTransform::MinMax, 1.0, true, serialCollective(), true);
  EXPECT_FALSE(global.perChannel());
  ASSERT_TRUE(s.perChannel());
  EXPECT_EQ(s.channel_size, 12);
  EXPECT_NEAR(s.channel_min[0], 0.5, 1e-6);
  EXPECT_NEAR(s.channel_max[0], 3.0, 1e-6);
  EXPECT_NEAR(s.channel_min[1], 20.0, 1e-6);
  EXPECT_NEAR(s.channel_max[1], 80.0, 1e-6);
  // Two samples at once: each channel spans [-1, 1]; the global range squeezes channel 0.
  std::vector<float> b(data.begin(), data.begin() + 48), g = b;
  s.normalizeData(b.data(), b.size());
  global.normalizeData(g.data(), g.size());
  float lo0 = 1, hi0 = -1, gHi0 = -1;
  for (std::size_t k = 0; k < b.size(); ++k) {
    EXPECT_TRUE(b[k] >= -1.0001f && b[k] <= 1.0001f);
    if ((k / 12) % 2 == 0) lo0 = std::min(lo0, b[k]), hi0 = std::max(hi0, b[k]), gHi0 = std::max(gHi0, g[k]);
  }
  EXPECT_NEAR(lo0, -1.0f, 1e-5);
  EXPECT_NEAR(hi0, 1.0f, 1e-5);
  EXPECT_LT(gHi0, -0.9f);
  // The LibTorch inverse (physicalData) and denormalizeData agree and undo the normalisation.
  const torch::Tensor back = physicalData(torch::from_blob(b.data(), {2, 2, 3, 4}).clone(), s);
  std::vector<float> undone = b;
  s.denormalizeData(undone.data(), undone.size());
  for (std::size_t k = 0; k < undone.size(); ++k) {
    EXPECT_NEAR(undone[k], data[k], 1e-4 * (1 + std::fabs(data[k])));
    EXPECT_NEAR(back.view({-1})[std::int64_t(k)].item<double>(), data[k], 1e-4 * (1 + std::fabs(data[k])));
  }
  EXPECT_EQ(NormalizationStats::fromVector(s.toVector()).toVector(), s.toVector());
  EXPECT_THROW(NormalizationStats::fromVector({0, 1, 0, 1, 0, 1, 0, 2, 12, 0}), InputError);
  EXPECT_EQ(resolveDataRange(DataRange::Auto, "conductivity"), DataRange::PerChannel);
  EXPECT_EQ(resolveDataRange(DataRange::Auto, "velocity"), DataRange::Global);
}

TEST(LearningMetrics, ErrorsByHand) {
  const torch::Tensor t = torch::tensor({3.0, 4.0}, torch::kFloat64).view({1, 2});
  const torch::Tensor e = torch::tensor({3.0, 5.0}, torch::kFloat64).view({1, 2});
  EXPECT_NEAR(relativeError(e, t).item<double>(), 1.0 / 5.0, 1e-12);
  EXPECT_NEAR(meanAbsoluteError(e, t).item<double>(), 0.5, 1e-12);
  EXPECT_NEAR(rootMeanSquareError(e, t).item<double>(), std::sqrt(0.5), 1e-12);

}

TEST(LearningOod, MethodThresholdsAreTheValidationPercentilesOfRreAndRma) {
  ValidationMetrics v;
  v.rre = {0.1, 0.2, 0.3};
  v.rma = {1, 2, 3};
  const OodThresholds t = calibrateOod(v, 50);
  EXPECT_DOUBLE_EQ(t.rre, 0.2);
  EXPECT_TRUE(t.flags(0.25, 1.0));
  EXPECT_TRUE(t.flags(0.1, 2.5));
  EXPECT_FALSE(t.flags(0.2, 2.0));
}

// The calibrated flag on 400 validation samples of two log-normal scores: it flags the chosen
// share of fresh in-distribution samples, every sample far out in either score, and its
// statistic is the larger robust z of the two.
TEST(LearningOod, DetectorFlagsTheChosenShareOfInDistributionSamplesAndEveryOutlier) {
  std::mt19937 rng(3);
  std::normal_distribution<double> normal(0.0, 1.0);
  const auto draw = [&](ValidationMetrics& m, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      m.pcaResidual.push_back(std::exp(-5.0 + 0.5 * normal(rng)));
      m.rre.push_back(std::exp(-1.0 + 0.2 * normal(rng)));
    }
  };
  ValidationMetrics validation, fresh;
  draw(validation, 400);
  draw(fresh, 4000);
  const OodDetector d = calibrateDetector(validation, {QualityScore::PcaResidual, QualityScore::Rre}, 0.1);
  EXPECT_NEAR(d.center[0], -5.0, 0.1);
  EXPECT_NEAR(d.spread[1], 0.2, 0.03);
  std::size_t flagged = 0;
  for (std::size_t i = 0; i < fresh.rre.size(); ++i) flagged += d.flags({fresh.pcaResidual[i], fresh.rre[i]});
  EXPECT_NEAR(double(flagged) / double(fresh.rre.size()), 0.1, 0.03);
  EXPECT_TRUE(d.flags({std::exp(-5.0 + 6 * 0.5), std::exp(-1.0)}));
  EXPECT_TRUE(d.flags({std::exp(-5.0), std::exp(-1.0 + 6 * 0.2)}));
  EXPECT_FALSE(d.flags({std::exp(-5.0), std::exp(-1.0)}));
  const double zPca = (std::log(1e-2) - d.center[0]) / d.spread[0];
  const double zRre = (std::log(0.3) - d.center[1]) / d.spread[1];
  EXPECT_DOUBLE_EQ(d.statistic({1e-2, 0.3}), std::max(zPca, zRre));
  EXPECT_NE(d.describe().find("pca_residual,rre at 10% validation false-positive rate"), std::string::npos)
      << d.describe();
}

TEST(LearningOod, DetectorRefusesMissingScoresAndBadRates) {
  ValidationMetrics v;
  v.rre = {0.1, 0.2, 0.3};
  v.pcaResidual = {NAN, NAN, NAN};  // a run that could not compute it
  EXPECT_NE(inputErrorMessage([&] { calibrateDetector(v, {QualityScore::PcaResidual}, 0.05); }).find("pca_residual"),
            std::string::npos);
  EXPECT_NE(inputErrorMessage([&] { calibrateDetector(v, {QualityScore::LatentDistance}, 0.05); })
                .find("latent_distance"),
            std::string::npos);
  EXPECT_NE(inputErrorMessage([&] { calibrateDetector(v, {QualityScore::Rre}, 1.0); }).find("not in (0, 1)"),
            std::string::npos);
  EXPECT_NE(inputErrorMessage([] { parseQualityScores("rre,magic", "-pae_flag_scores"); }).find("-pae_flag_scores"),
            std::string::npos);
  EXPECT_EQ(parseQualityScores("pca_residual,rma", "-x"),
            (std::vector<QualityScore>{QualityScore::PcaResidual, QualityScore::Rma}));
}

TEST(LearningOod, CalibrationFilesRoundTripAndOlderLayoutsStillRead) {
  TempDir dir;
  ValidationMetrics v;
  v.rre = {0.1, 0.2};
  v.rma = {1, 2};
  v.dataError = {0.5, 0.25};
  v.pcaResidual = {1e-4, 2e-4};  // latent_distance missing: written as nan
  writeValidationMetrics(dir / "c.csv", v);
  const ValidationMetrics back = readValidationMetrics(dir / "c.csv");
  EXPECT_EQ(back.rma, v.rma);
  EXPECT_EQ(back.pcaResidual, v.pcaResidual);
  ASSERT_EQ(back.latentDistance.size(), 2u);
  EXPECT_TRUE(std::isnan(back.latentDistance[0]));
  writeText(dir / "old.csv", "rre,rma,data_error\n0.1,1,0.5\n0.2,2,0.25\n");
  const ValidationMetrics old = readValidationMetrics(dir / "old.csv");
  EXPECT_EQ(old.dataError, v.dataError);
  EXPECT_TRUE(old.pcaResidual.empty());
  writeText(dir / "bad.csv", "rre,magic,data_error\n0.1,1,0.5\n");
  EXPECT_NE(inputErrorMessage([&] { readValidationMetrics(dir / "bad.csv"); }).find("magic"), std::string::npos);
}

TEST(LearningOptions, TextRoundTripAssignmentsAndErrors) {
  TrainRunOptions o = trainPreset("quickstart");
  o.epochs(7).lr(3.5e-4).device("cuda:1").maps(LatentMaps::Joint);
  o.model().channels({3, 5, 7});
  const TrainRunOptions back = trainOptionsFromText(toText(o));
  EXPECT_EQ(toText(back), toText(o));
  EXPECT_EQ(back.model().channels(), (std::vector<std::int64_t>{3, 5, 7}));

  applyAssignments(o, {"epochs=3", "model_latent=12", "weight_path_b=0.5", "resume=0"});
  EXPECT_EQ(o.epochs(), 3);
  EXPECT_EQ(o.model().latent(), 12);
  EXPECT_EQ(o.weights().path_b(), 0.5);
  EXPECT_FALSE(o.resume());
  EXPECT_NE(inputErrorMessage([&] { applyAssignments(o, {"epoch=3"}); }).find("unknown option --epoch"), std::string::npos);
  EXPECT_NE(inputErrorMessage([&] { applyAssignments(o, {"epochs=0"}); }).find("outside"), std::string::npos);
  EXPECT_NE(inputErrorMessage([&] { applyAssignments(o, {"maps=magic"}); }).find("not one of"), std::string::npos);
  EXPECT_NE(inputErrorMessage([&] { validate(TrainRunOptions().val_fraction(0.5).test_fraction(0.5)); })
                .find("-pae_val_fraction"),
            std::string::npos);
  EXPECT_NE(inputErrorMessage([] { trainPreset("huge"); }).find("quickstart"), std::string::npos);
  for (const auto& name : trainPresetNames()) EXPECT_NO_THROW(validate(trainPreset(name)));
}

TEST(LearningDevice, CudaWithoutCudaIsAnInputError) {
  EXPECT_EQ(resolveDevice("cpu"), torch::Device(torch::kCPU));
  EXPECT_NE(inputErrorMessage([] { resolveDevice("gpu"); }).find("not a device"), std::string::npos);
  if (!torch::cuda::is_available()) {
    EXPECT_NE(inputErrorMessage([] { resolveDevice("cuda"); }).find("no CUDA"), std::string::npos);
  }
  EXPECT_EQ(configureThreads(1), 1);
  EXPECT_EQ(torch::get_num_threads(), 1);
}

TEST(LearningData, SplitIsContiguousAndCoversAll) {
  const Split s = splitSamples(10, 0.2, 0.1);
  EXPECT_EQ(s.train.size(), 7u);
  EXPECT_EQ(s.validation, (std::vector<std::int64_t>{7, 8}));
  EXPECT_EQ(s.test, (std::vector<std::int64_t>{9}));
  const Split tiny = splitSamples(3, 0.4, 0.4);
  EXPECT_GE(tiny.train.size(), 1u);
  EXPECT_EQ(tiny.train.size() + tiny.validation.size() + tiny.test.size(), 3u);
}

TEST(LearningData, BatchLoaderDeliversNormalisedBatchesAndReusesBuffers) {
  auto source = makeBlurredSignals(10, 16, 3);
  source->setNormalization(computeNormalization(*source, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, DataTransform::MinMax, 1.0));
  BatchBufferPool pool;
  const std::vector<std::int64_t> order{9, 2, 5, 0, 7, 1, 3};
  const void* firstBuffer = nullptr;
  for (int pass = 0; pass < 2; ++pass) {
    BatchLoader loader(*source, order, BatchLoaderOptions().batch_size(3).prefetch(1), pool);
    EXPECT_EQ(loader.batchCount(), 3);
    std::vector<std::int64_t> seen;
    std::vector<float> q(16), b(16);
    while (auto batch = loader.next()) {
      if (pass == 0 && !firstBuffer) firstBuffer = batch->models.data_ptr();
      if (pass == 1 && seen.empty()) {
        EXPECT_EQ(batch->models.data_ptr(), firstBuffer);  // recycled
      }
      for (std::size_t j = 0; j < batch->indices.size(); ++j) {
        source->read(batch->indices[j], q.data(), b.data());
        EXPECT_EQ(batch->models[std::int64_t(j)].flatten()[5].item<float>(), q[5]);
        EXPECT_EQ(batch->data[std::int64_t(j)].flatten()[7].item<float>(), b[7]);
        seen.push_back(batch->indices[j]);
      }
    }
    EXPECT_EQ(seen, order);
  }
}

TEST(LearningData, LoaderErrorsReachTheConsumer) {
  auto source = makeBlurredSignals(4, 8, 1);
  BatchBufferPool pool;
  BatchLoader loader(*source, {0, 1, 17}, BatchLoaderOptions().batch_size(2), pool);
  EXPECT_TRUE(loader.next().has_value());
  EXPECT_THROW(loader.next(), InputError);
}

TEST(LearningData, SurveyStreamingEqualsMemoryWithTimeStride) {
  TempDir dir;
  auto generated = makeLayeredSeismic(LayeredSeismicOptions().count(5).nz(6).nx(5).nshots(2).nt(9));
  writeSurveyFile(dir / "s.h5", *generated, 10, 10, 0.001, "test");
  const SurveyInfo info = readSurveyInfo(dir / "s.h5");
  EXPECT_EQ(info.samples, 5);
  EXPECT_EQ(info.nsamples, 9);
  EXPECT_DOUBLE_EQ(info.dt, 0.001);
  auto memory = openSurvey(dir / "s.h5", 2, 4, Loading::Memory, 1.0, false);
  auto stream = openSurvey(dir / "s.h5", 2, 4, Loading::Stream, 1.0, false);
  EXPECT_EQ(memory->size(), 4);
  EXPECT_EQ(stream->dataShape(), (Shape3{2, 5, 5}));  // ceil(9 / 2) time samples
  std::vector<float> qm(30), bm(50), qs(30), bs(50), q0(30), b0(90);
  for (std::int64_t i = 0; i < 4; ++i) {
    memory->readRaw(i, qm.data(), bm.data());
    stream->readRaw(i, qs.data(), bs.data());
    generated->readRaw(i, q0.data(), b0.data());
    EXPECT_EQ(qm, qs);
    EXPECT_EQ(bm, bs);
    EXPECT_EQ(qm, q0);
    for (int s = 0; s < 2; ++s)
      for (int t = 0; t < 5; ++t)
        for (int r = 0; r < 5; ++r) EXPECT_EQ(bm[(s * 5 + t) * 5 + r], b0[(s * 9 + 2 * t) * 5 + r]);
  }
  EXPECT_NE(inputErrorMessage([&] { readSurveyInfo(dir / "missing.h5"); }).find("missing.h5"), std::string::npos);
}

}  // namespace
}  // namespace pairinv::learning
