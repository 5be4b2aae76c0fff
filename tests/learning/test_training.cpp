// learning/: training runs end to end on tiny data: exact resumption, early stopping, a paired
// autoencoder that solves a linear inverse problem and flags OOD data, the survey ->
// train -> estimate path (EST.h5), the end-to-end baseline, and the decoder's VJP for LSI.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <sstream>

#include "core/hdf5_io.hpp"
#include "learning/checkpoint.hpp"
#include "learning/estimation_run.hpp"
#include "learning/latent_decoder.hpp"
#include "learning/ood_calibration.hpp"
#include "learning/presets.hpp"
#include "learning/synthetic_data.hpp"
#include "learning/trainer.hpp"
#include "learning/training_run.hpp"
#include "tests/core/test_support.hpp"

namespace fs = std::filesystem;

namespace pairinv::learning {
namespace {

using pairinv::testing::inputErrorMessage;
using pairinv::testing::readText;
using pairinv::testing::TempDir;

std::unique_ptr<MemorySampleSource> tinySeismic(std::int64_t count = 24, LayerShape family = LayerShape::Flat) {
  return makeLayeredSeismic(LayeredSeismicOptions().family(family).count(count).nz(8).nx(8).nshots(2).nt(16));
}

TrainRunOptions tinyOptions() {
  return trainPreset("tiny").epochs(4).batch_size(8).threads(1).progress(false).maps(LatentMaps::Both).lr(3e-3);
}

// The loss columns of log.csv (everything but timings), one string per epoch.
std::vector<std::string> lossColumns(const fs::path& csv) {
  std::stringstream in(readText(csv));
  std::string line;
  std::getline(in, line);  // header
  std::vector<std::string> rows;
  while (std::getline(in, line)) {
    std::size_t cut = line.size();
    for (int k = 0; k < 3; ++k) cut = line.rfind(',', cut - 1);  // drop seconds, samples/s, load
    rows.push_back(line.substr(0, cut));
  }
  return rows;
}

TEST(LearningTraining, ResumeGivesTheSameLossTrajectory) {
  TempDir dir;
  auto straightSource = tinySeismic();
  trainFromSource(*straightSource, dir / "straight", tinyOptions());

  auto firstSource = tinySeismic();
  {
    Trainer first(tinyOptions(), *firstSource, splitSamples(24, tinyOptions().val_fraction(), tinyOptions().test_fraction()),
                  dir / "resumed", "tiny");
    first.stopAfterEpochs(2);  // as if killed after epoch 2's checkpoint
    EXPECT_EQ(first.run().epochsDone, 2);
  }
  EXPECT_FALSE(fs::exists(dir / "resumed" / "calibration.csv"));
  auto secondSource = tinySeismic();
  const TrainingSummary s = trainFromSource(*secondSource, dir / "resumed", tinyOptions());
  EXPECT_EQ(s.epochsRun, 2);
  EXPECT_EQ(s.epochsDone, 4);

  const auto straight = lossColumns(dir / "straight" / "log.csv");
  const auto resumed = lossColumns(dir / "resumed" / "log.csv");
  ASSERT_EQ(straight.size(), 4u);
  EXPECT_EQ(straight, resumed);
  EXPECT_TRUE(fs::exists(dir / "resumed" / "best.pt"));
  EXPECT_TRUE(fs::exists(dir / "resumed" / "calibration.csv"));
  EXPECT_TRUE(fs::exists(dir / "resumed" / "options.txt"));

  // Resuming with other options is refused, naming the option.
  auto third = tinySeismic();
  const std::string message =
      inputErrorMessage([&] { trainFromSource(*third, dir / "resumed", tinyOptions().epochs(6).lr(1e-2)); });
  EXPECT_NE(message.find("-pae_lr"), std::string::npos) << message;
}

TEST(LearningTraining, EarlyStoppingAndCsvColumns) {
  TempDir dir;
  auto source = tinySeismic();
  // lr = 0 and no batch norm (whose running statistics would still move): the validation loss
  // never improves after the first epoch.
  TrainRunOptions o = tinyOptions().epochs(10).lr(0.0).patience(2);
  o.model().norm(Norm::None);
  o.data().norm(Norm::None);
  const TrainingSummary s = trainFromSource(*source, dir / "run", o);
  EXPECT_TRUE(s.stoppedEarly);
  EXPECT_EQ(s.epochsDone, 3);
  EXPECT_EQ(s.bestEpoch, 0);
  const std::string csv = readText(dir / "run" / "log.csv");
  EXPECT_EQ(csv.substr(0, csv.find('\n')),
            "epoch,lr,train_total,train_rec_q,train_rec_b,train_fwd,train_inv,train_path_q,train_path_b,val_total,"
            "val_rec_q,val_rec_b,val_fwd,val_inv,val_path_q,val_path_b,val_model_error,seconds,samples_per_s,"
            "load_fraction");
}

TEST(LearningTraining, CudaRequestedWithoutCudaIsAnInputError) {
  if (torch::cuda::is_available()) GTEST_SKIP() << "CUDA is available";
  TempDir dir;
  auto source = tinySeismic(8);
  EXPECT_NE(inputErrorMessage([&] { trainFromSource(*source, dir / "run", tinyOptions().device("cuda")); })
                .find("-pae_device"),
            std::string::npos);
}

std::vector<double> readVector(const fs::path& file, const std::string& dataset) {
  return Hdf5File::openReadOnly(file).readDataset(dataset).data;
}

// The linear inverse problem of a blurred 1D signal: the paired autoencoder must recover q
// well, and RRE/RMA must separate in-distribution data from clearly OOD data (oscillations).
TEST(LearningTraining, PairedAutoencoderSolvesBlurredSignalsAndFlagsOod) {
  TempDir dir;
  auto train = makeBlurredSignals(400, 32, 11, false, 0.01);
  writeSurveyFile(dir / "train.h5", *train, 1, 1, 1, "blur");
  auto ood = makeBlurredSignals(40, 32, 12, true, 0.01);
  writeSurveyFile(dir / "ood.h5", *ood, 1, 1, 1, "blur");

  TrainRunOptions o = trainPreset("tiny");
  o.model(AutoencoderOptions().channels({8, 16}).latent(12).convs_per_stage(1).output(Activation::Tanh));
  o.data(AutoencoderOptions().channels({8, 16}).latent(12).convs_per_stage(1));
  o.epochs(30).batch_size(16).lr(3e-3).schedule(Schedule::Cosine).data_transform(DataTransform::MinMax).threads(1).progress(false);
  o.val_fraction(0.1).test_fraction(0.1);
  const TrainingSummary s = trainFromSurvey(dir / "train.h5", dir / "run", o);
  EXPECT_LT(s.testModelError, 0.06) << describe(s);

  EstimateOptions e;
  e.threads(1).progress(false).samples(SampleSet::Test).png_samples({395});
  const EstimateSummary id = estimateSurvey(dir / "run", dir / "train.h5", dir / "id.h5", e);
  EXPECT_EQ(id.samples, 40);
  EXPECT_NEAR(id.meanModelError, s.testModelError, 1e-4);
  e.samples(SampleSet::All);
  const EstimateSummary out = estimateSurvey(dir / "run", dir / "ood.h5", dir / "ood_est.h5", e);
  const double aucRre = auroc(readVector(dir / "id.h5", "/rre"), readVector(dir / "ood_est.h5", "/rre"));
  const double aucRma = auroc(readVector(dir / "id.h5", "/rma"), readVector(dir / "ood_est.h5", "/rma"));
  EXPECT_GT(std::max(aucRre, aucRma), 0.95) << "AUROC RRE " << aucRre << ", RMA " << aucRma;
  EXPECT_GT(out.oodCount, 30) << "of 40 OOD samples flagged";
  EXPECT_LT(id.oodCount, 12) << "of 40 in-distribution samples flagged";
  EXPECT_GT(out.meanModelError, 3 * id.meanModelError);
}

TEST(LearningEstimation, SurveyToEstimateFile) {
  TempDir dir;
  auto source = tinySeismic(30);
  writeSurveyFile(dir / "survey.h5", *source, 10, 10, 0.001, "test");
  const TrainRunOptions o = tinyOptions().time_stride(2).epochs(2);
  trainFromSurvey(dir / "survey.h5", dir / "run", o);

  EstimateOptions e;
  e.threads(1).progress(false).png_samples({1, 500});
  const EstimateSummary s = estimateSurvey(dir / "run", dir / "survey.h5", dir / "out" / "est.h5", e);
  EXPECT_EQ(s.samples, 30);
  ASSERT_EQ(s.chosen.size(), 1u);
  EXPECT_EQ(s.chosen[0].estimate.size(), 64u);
  const Hdf5File h5 = Hdf5File::openReadOnly(dir / "out" / "est.h5");
  EXPECT_EQ(h5.datasetShape("/estimates"), (std::vector<hsize_t>{30, 1, 8, 8}));
  for (const char* name : {"/rre", "/rma", "/model_error", "/data_error", "/ood", "/mae", "/rmse", "/ssim"})
    EXPECT_EQ(h5.datasetShape(name), (std::vector<hsize_t>{30})) << name;
  EXPECT_EQ(h5.datasetShape("/surrogate_data"), (std::vector<hsize_t>{30, 2, 8, 8}));
  EXPECT_EQ(h5.readInt64Attribute("/", "time_stride"), 2);
  EXPECT_TRUE(fs::exists(dir / "out" / "est_png" / "sample1.png"));       // truth | estimate | baseline | error
  EXPECT_TRUE(fs::exists(dir / "out" / "est_png" / "sample1_data.png"));  // observed | surrogate
  // Estimates are physical velocities.
  const auto est = h5.readDataset("/estimates").data;
  EXPECT_GT(*std::min_element(est.begin(), est.end()), 1000.0);

  // Data without models (field data): estimates and metrics without truth. The file still
  // records its acquisition, as the run's geometry check requires.
  std::vector<float> data(std::size_t(30 * source->dataSize()));
  for (std::int64_t i = 0; i < 30; ++i) source->readRaw(i, nullptr, data.data() + i * source->dataSize());
  writeHdf5Atomically(dir / "data_only.h5", [&](Hdf5File& f) {
    f.writeDataset("/data", {30, 2, 16, 8}, data.data());
    f.writeAttribute("/", "nz", std::int64_t(8));
    f.writeAttribute("/", "nx", std::int64_t(8));
    f.writeAttribute("/", "dz", 10.0);
    f.writeAttribute("/", "dx", 10.0);
    f.writeAttribute("/", "dt", 0.001);
    f.writeAttribute("/", "physics", "test");
  });
  const EstimateSummary d = estimateSurvey(dir / "run", dir / "data_only.h5", dir / "est2.h5", e);
  EXPECT_FALSE(d.hasTruth);
  EXPECT_FALSE(Hdf5File::openReadOnly(dir / "est2.h5").hasDataset("/model_error"));
  EXPECT_TRUE(Hdf5File::openReadOnly(dir / "est2.h5").hasDataset("/rre"));

  // Data of another geometry: a message naming both shapes.
  auto other = makeLayeredSeismic(LayeredSeismicOptions().count(3).nz(8).nx(8).nshots(3).nt(16));
  writeSurveyFile(dir / "other.h5", *other, 10, 10, 0.001, "test");
  EXPECT_NE(inputErrorMessage([&] { estimateSurvey(dir / "run", dir / "other.h5", dir / "x.h5", e); }).find("do not fit"),
            std::string::npos);
  EXPECT_FALSE(fs::exists(dir / "x.h5"));
}

TEST(LearningEstimation, EndToEndBaselineTrainsAndEstimates) {
  TempDir dir;
  auto source = tinySeismic(30);
  writeSurveyFile(dir / "survey.h5", *source, 10, 10, 0.001, "test");
  const TrainingSummary s = trainFromSurvey(dir / "survey.h5", dir / "e2e", tinyOptions().architecture(Architecture::EndToEnd));
  EXPECT_GT(s.validationModelError, 0.0);
  EstimateOptions e;
  e.threads(1).progress(false).png_samples({});
  const EstimateSummary est = estimateSurvey(dir / "e2e", dir / "survey.h5", dir / "est.h5", e);
  EXPECT_FALSE(est.paired);
  const Hdf5File h5 = Hdf5File::openReadOnly(dir / "est.h5");
  EXPECT_TRUE(h5.hasDataset("/estimates"));
  EXPECT_TRUE(h5.hasDataset("/model_error"));
  EXPECT_FALSE(h5.hasDataset("/rre"));
  // Latent-space inversion needs a paired network.
  EXPECT_NE(inputErrorMessage([&] { LatentDecoder decoder(dir / "e2e", "cpu", true, 1); }).find("paired"), std::string::npos);
}

TEST(LearningLatentDecoder, VjpMatchesFiniteDifferencesAndEstimates) {
  TempDir dir;
  auto source = tinySeismic(24);
  writeSurveyFile(dir / "survey.h5", *source, 10, 10, 0.001, "test");
  trainFromSurvey(dir / "survey.h5", dir / "run", tinyOptions().time_stride(2).epochs(2));
  const LatentDecoder decoder(dir / "run", "cpu", true, 1);
  const std::int64_t n = decoder.latentSize(), m = decoder.nz() * decoder.nx();
  EXPECT_EQ(n, 8);
  EXPECT_EQ(m, 64);
  EXPECT_EQ(decoder.timeStride(), 2);

  std::vector<float> q(64), b(2 * 16 * 8);
  source->readRaw(3, q.data(), b.data());
  const std::vector<double> z = decoder.encode(std::vector<double>(q.begin(), q.end()));
  ASSERT_EQ(std::int64_t(z.size()), n);
  const std::vector<double> qz = decoder.decode(z);
  ASSERT_EQ(std::int64_t(qz.size()), m);

  // <J^T g, v> against the central difference of <q(z + h v), g>.
  torch::manual_seed(2);
  const torch::Tensor gt = torch::randn({m}, torch::kFloat64), vt = torch::randn({n}, torch::kFloat64);
  const std::vector<double> g(gt.data_ptr<double>(), gt.data_ptr<double>() + m);
  const std::vector<double> v(vt.data_ptr<double>(), vt.data_ptr<double>() + n);
  const std::vector<double> jtg = decoder.decoderVjp(z, g);
  double lhs = 0;
  for (std::int64_t i = 0; i < n; ++i) lhs += jtg[i] * v[i];
  const double h = 1e-6;
  std::vector<double> zp = z, zm = z;
  for (std::int64_t i = 0; i < n; ++i) {
    zp[i] += h * v[i];
    zm[i] -= h * v[i];
  }
  const auto qp = decoder.decode(zp), qm = decoder.decode(zm);
  double rhs = 0;
  for (std::int64_t k = 0; k < m; ++k) rhs += (qp[k] - qm[k]) / (2 * h) * g[k];
  EXPECT_NEAR(lhs, rhs, 1e-6 * std::max(1.0, std::fabs(lhs))) << "VJP " << lhs << " vs finite difference " << rhs;

  // The likelihood-free estimate from raw data (full time sampling) equals the estimate file's.
  std::vector<double> raw(b.begin(), b.end());
  const std::vector<double> qhat = decoder.estimateModel(raw, 16);
  EstimateOptions e;
  e.threads(1).progress(false).png_samples({});
  estimateSurvey(dir / "run", dir / "survey.h5", dir / "est.h5", e);
  const auto est = readVector(dir / "est.h5", "/estimates");
  for (std::int64_t k = 0; k < m; ++k) EXPECT_NEAR(qhat[k], est[std::size_t(3 * m + k)], 1e-3 * std::fabs(qhat[k]));
  EXPECT_NE(inputErrorMessage([&] { decoder.estimateLatent(raw, 13); }).find("time samples"), std::string::npos);
}

}  // namespace
}  // namespace pairinv::learning
