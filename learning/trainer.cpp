#include "learning/trainer.hpp"
#include "learning/training_phases.hpp"

#include <torch/cuda.h>
#include <torch/utils.h>

#include <ATen/Context.h>

#include <chrono>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <random>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/progress.hpp"
#include "learning/device.hpp"
#include "learning/linear_baseline.hpp"
#include "learning/run_assessor.hpp"
#include "learning/metrics.hpp"
#include "learning/ood_calibration.hpp"
#include "learning/paired_autoencoder.hpp"
#include "learning/physical_model.hpp"
#include "learning/data_parallel.hpp"

namespace fs = std::filesystem;

namespace pairinv::learning {

namespace {

constexpr double kPi = 3.14159265358979323846;

double seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

// Options that may change between a run and its resumption (they do not change the maths of
// the epochs already done, or only extend the run).
TrainRunOptions withoutResumableFields(TrainRunOptions o) {
  const TrainRunOptions d;
  return o.epochs(d.epochs()).patience(d.patience()).device(d.device()).threads(d.threads()).progress(d.progress())
      .resume(d.resume()).prefetch(d.prefetch()).loading(d.loading()).memory_limit_gb(d.memory_limit_gb())
      .flag_scores(d.flag_scores()).flag_fpr(d.flag_fpr()).baseline_pca_samples(d.baseline_pca_samples());
}

void requireResumable(const RunRecord& old, const RunRecord& now, const fs::path& file) {
  const std::string a = toText(withoutResumableFields(old.options)), b = toText(withoutResumableFields(now.options));
  if (a != b) {
    std::string diff;
    std::stringstream sa(a), sb(b);
    std::string la, lb;
    while (std::getline(sa, la) && std::getline(sb, lb))
      if (la != lb) diff += concat("\n  checkpoint: -pae_", la, "   now: -pae_", lb);
    throw InputError(concat("'", file.string(), "' is a run with other options; resume it with the same options, "
                            "or start afresh with -pae_resume 0 or another -output:", diff));
  }
  require(old.modelShape == now.modelShape && old.dataShape == now.dataShape && old.split.train == now.split.train &&
              old.split.validation == now.split.validation,
          "'", file.string(), "' was trained on data of other shapes or another number of samples (input '", old.input,
          "'); resume with the same survey, or start afresh with -pae_resume 0 or another -output");
}

std::string sci(double v, int digits = 3) {
  std::ostringstream s;
  s << std::scientific << std::setprecision(digits - 1) << v;
  return s.str();
}

}  // namespace

double learningRate(const TrainRunOptions& o, std::int64_t epoch) {
  switch (o.schedule()) {
    case Schedule::Constant: return o.lr();
    case Schedule::Step: return o.lr() * std::pow(o.lr_gamma(), double(epoch / o.lr_step()));
    case Schedule::Cosine: break;
  }
  const double lo = o.lr() * o.lr_min_factor();
  const double x = o.epochs() > 1 ? double(std::min(epoch, o.epochs() - 1)) / double(o.epochs() - 1) : 0.0;
  return lo + (o.lr() - lo) * 0.5 * (1.0 + std::cos(kPi * x));
}

std::vector<std::int64_t> shuffledOrder(std::vector<std::int64_t> v, std::int64_t seed, std::int64_t epoch) {
  std::seed_seq seq{std::uint32_t(seed), std::uint32_t(std::uint64_t(seed) >> 32), std::uint32_t(epoch), 0x5eedu};
  std::mt19937_64 rng(seq);
  for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[std::size_t(rng() % i)]);  // Fisher-Yates
  return v;
}

struct Trainer::PassResult {
  std::array<double, kLossTermCount> terms{};
  std::array<bool, kLossTermCount> has{};
  double total = 0.0, modelError = 0.0, seconds = 0.0, waitSeconds = 0.0, reduceSeconds = 0.0;
  std::int64_t samples = 0;
};

struct Trainer::EpochResult {
  PassResult train, validation;
  bool haveValidation = false;
  double lr = 0.0, seconds = 0.0, rate = 0.0, load = 0.0;  // rate: samples/s; load: waiting share
  double reduce = 0.0;  // share of the training pass spent summing over the ranks
};

Trainer::Trainer(const TrainRunOptions& options, SampleSource& source, Split split, fs::path runDir,
                 std::string inputName, Collective& ranks)
    : options_(options), source_(source), split_(std::move(split)), runDir_(std::move(runDir)),
      inputName_(std::move(inputName)), ranks_(ranks), reducer_(ranks),
      device_(torch::kCPU) {
  validate(options_);
  require(source_.hasModels() && source_.hasData(), "training needs both /models and /data in '", inputName_, "'");
  require(!split_.train.empty(), "no training samples in '", inputName_, "'");
  const auto n = std::int64_t(ranks_.size());
  require(std::int64_t(split_.train.size()) >= n, "training on ", n, " ranks needs at least ", n,
          " training samples; '", inputName_, "' gives ", split_.train.size(), ": run on fewer ranks");
  require(options_.batch_size() >= n, "-pae_batch_size ", options_.batch_size(), " is smaller than the ", n,
          " ranks (each rank takes a part of every batch): raise it or run on fewer ranks");
}

Trainer::~Trainer() = default;

void Trainer::setUp() {
  const TrainRunOptions& o = options_;
  device_ = resolveRankDevice(o.device(), ranks_.localRank());
  configureThreads(threadsPerRank(o.threads(), ranks_.localSize()));
  if (device_.is_cuda()) at::globalContext().setBenchmarkCuDNN(true);

  // Network and optimiser (weights drawn from the seed).
  torch::manual_seed(std::uint64_t(o.seed()));
  network_ = makeInverseNetwork(o, source_.modelShape(), source_.dataShape());
  network_->to(device_);
  auto* paired = network_->paired();
  if (paired) paired->setMapsTrainable(o.maps() != LatentMaps::LeastSquares);
  optimizer_ = makeOptimizer(o, trainedParameters(o, *network_));

  record_.options = o;
  record_.modelShape = source_.modelShape();
  record_.dataShape = source_.dataShape();
  record_.split = split_;
  record_.input = inputName_;
  record_.geometry = geometry_;
  const fs::path checkpointFile = runDir_ / "checkpoint.pt";
  // Every rank reads the checkpoint (the state does not depend on the rank count).
  const bool resuming = collectively(ranks_, [&] {
    if (!o.resume() || !fs::exists(checkpointFile)) return false;
    const RunRecord old = readRunRecord(checkpointFile);
    record_.stats = old.stats;
    requireResumable(old, record_, checkpointFile);
    state_ = loadCheckpoint(checkpointFile, *network_, *optimizer_, device_);
    return true;
  });
  if (resuming) {
    if (writes()) logInfo(concat("train: resuming ", checkpointFile.string(), " at epoch ", state_.nextEpoch + 1));
  } else {
    // Auto stays linear here; trainFromSurvey resolves it from the survey's quantity.
    record_.stats = computeNormalization(source_, split_.train, o.data_transform(), o.log_scale(),
                                         o.model_transform() == ModelTransform::Log10, ranks_,
                                         o.data_range() == DataRange::PerChannel);
    state_ = TrainingState();
  }
  source_.setNormalization(record_.stats);
  collectively(ranks_, [&] {
    if (!writes()) return;
    ensureDirectory(runDir_);  // only now: bad input found so far leaves nothing behind
    writeAtomically(runDir_ / "options.txt", [&](const fs::path& tmp) {
      std::ofstream out(tmp);
      out << "# pairinv train options (key = -pae_KEY); input " << inputName_ << "\n" << toText(o);
    });
  });
}

Trainer::EpochResult Trainer::runEpoch(std::int64_t epoch) {
  const TrainRunOptions& o = options_;
  auto* paired = network_->paired();
  const auto start = std::chrono::steady_clock::now();
  EpochResult r;
  r.lr = learningRate(o, epoch);
  for (auto& group : optimizer_->param_groups()) group.options().set_lr(r.lr);
  if (paired && epoch == 0 && o.maps() != LatentMaps::Joint) fitMapsOnTrainingSet(true);  // least squares to initialise
  r.train = trainEpoch(epoch);
  if (paired && o.maps() == LatentMaps::LeastSquares) fitMapsOnTrainingSet(false);
  r.haveValidation = !split_.validation.empty();
  if (r.haveValidation) r.validation = evaluate(split_.validation);
  const double score = r.haveValidation ? r.validation.total : r.train.total;

  // Early stopping and the best network (written before the checkpoint: a run killed in
  // between redoes this epoch identically and rewrites the same best.pt).
  if (score < state_.bestValidationLoss) {
    state_.bestValidationLoss = score;
    state_.bestEpoch = epoch;
    state_.epochsSinceBest = 0;
    collectively(ranks_, [&] {
      if (writes()) saveTrainedNetwork(runDir_ / "best.pt", *network_, record_);
    });
  } else {
    ++state_.epochsSinceBest;
    if (o.patience() > 0 && state_.epochsSinceBest >= o.patience()) state_.stoppedEarly = true;
  }
  r.seconds = seconds(start);
  r.rate = double(r.train.samples) / std::max(r.train.seconds, 1e-9);
  r.load = r.train.waitSeconds / std::max(r.train.seconds, 1e-9);
  r.reduce = r.train.reduceSeconds / std::max(r.train.seconds, 1e-9);
  return r;
}

void Trainer::record(std::int64_t epoch, const EpochResult& r) {
  PhaseScope phase(TrainingPhase::Checkpoint);
  std::ostringstream row;
  row << std::setprecision(8) << epoch + 1 << ',' << r.lr << ',' << r.train.total;
  for (int t = 0; t < kLossTermCount; ++t) {
    row << ',';
    if (r.train.has[t]) row << r.train.terms[t];
  }
  row << ',';
  if (r.haveValidation) row << r.validation.total;
  for (int t = 0; t < kLossTermCount; ++t) {
    row << ',';
    if (r.haveValidation && r.validation.has[t]) row << r.validation.terms[t];
  }
  row << ',';
  if (r.haveValidation) row << r.validation.modelError;
  row << ',' << r.seconds << ',' << r.rate << ',' << r.load << '\n';
  state_.history += row.str();
  state_.nextEpoch = epoch + 1;
  requireSameParameters(epoch);
  collectively(ranks_, [&] {
    if (!writes()) return;
    saveCheckpoint(runDir_ / "checkpoint.pt", *network_, *optimizer_, state_, record_);
    writeAtomically(runDir_ / "log.csv", [&](const fs::path& tmp) {
      std::ofstream out(tmp);
      out << trainingHistoryHeader() << state_.history;
    });
  });
}

std::string Trainer::progressLine(std::int64_t epoch, const EpochResult& r, double eta) const {
  std::ostringstream line;
  line << "epoch " << epoch + 1 << "/" << options_.epochs() << " | train " << sci(r.train.total) << " (";
  bool first = true;
  for (int t = 0; t < kLossTermCount; ++t)
    if (r.train.has[t]) {
      line << (first ? "" : " ") << lossTermName(t) << ' ' << sci(r.train.terms[t], 2);
      first = false;
    }
  line << ")";
  if (r.haveValidation)
    line << " | val " << sci(r.validation.total) << " model err " << std::fixed << std::setprecision(3)
         << r.validation.modelError;
  line << " | lr " << sci(r.lr, 2) << " | " << std::fixed << std::setprecision(1) << r.rate << " samples/s, load "
       << std::setprecision(0) << 100.0 * r.load << "%";
  if (ranks_.size() > 1) line << ", all-reduce " << 100.0 * r.reduce << "% on " << ranks_.size() << " ranks";
  line << " | " << formatDuration(r.seconds) << "/epoch, ETA "
       << formatDuration(eta);
  if (state_.stoppedEarly) line << " | early stop (best epoch " << state_.bestEpoch + 1 << ")";
  return line.str();
}

TrainingSummary Trainer::run() {
  // 1. Network, optimiser, normalisation; or the checkpoint of an interrupted run.
  const BatchNormCollectiveScope batchNorm(ranks_);
  setUp();
  const std::int64_t epochs = options_.epochs();
  if (state_.nextEpoch < epochs && !state_.stoppedEarly && writes())
    logInfo(concat("train: ", nameOf(options_.architecture(), kArchitectureNames), " network, ", split_.train.size(),
                   " training / ", split_.validation.size(), " validation / ", split_.test.size(),
                   " test samples, model ", record_.modelShape[1], "x", record_.modelShape[2], ", data ",
                   record_.dataShape[0], "x", record_.dataShape[1], "x", record_.dataShape[2], ", ",
                   torch::get_num_threads(), " threads on ", device_.str(),
                   ranks_.size() > 1 ? concat(", on each of ", ranks_.size(), " ranks") : std::string()));
  // 2. The epochs, each checkpointed.
  TrainingSummary summary;
  double secondsSum = 0.0;
  for (std::int64_t epoch = state_.nextEpoch; epoch < epochs && !state_.stoppedEarly; ++epoch) {
    if (stopAfter_ > 0 && summary.epochsRun >= stopAfter_) break;
    const EpochResult r = runEpoch(epoch);
    record(epoch, r);
    ++summary.epochsRun;
    secondsSum += r.seconds;
    summary.samplesPerSecond = r.rate, summary.loadFraction = r.load;
    summary.secondsPerEpoch = r.seconds, summary.lastTrainingLoss = r.train.total;
    if (options_.progress() && writes())
      logInfo(progressLine(epoch, r, secondsSum / double(summary.epochsRun) * double(epochs - epoch - 1)));
  }
  summary.epochsDone = state_.nextEpoch;
  summary.bestEpoch = state_.bestEpoch;
  summary.stoppedEarly = state_.stoppedEarly;
  summary.bestValidationLoss = state_.bestValidationLoss;
  // 3. The linear baseline and the flag's calibration, by the call that finishes the run (on
  //    rank 0, which writes the run folder; the others wait for its outcome).
  if (state_.nextEpoch >= epochs || state_.stoppedEarly)
    collectively(ranks_, [&] {
      if (!writes()) return;
      fitLinearBaseline(summary);
      calibrate(summary);
    });
  return summary;
}

BatchLoaderOptions Trainer::loaderOptions() const {
  return BatchLoaderOptions().batch_size(options_.batch_size()).prefetch(options_.prefetch())
      .pin_memory(device_.is_cuda()).part(ranks_.rank()).parts(ranks_.size());
}

Trainer::PassResult Trainer::trainEpoch(std::int64_t epoch) {
  const auto start = std::chrono::steady_clock::now();
  const double reduceStart = ranks_.reduceSeconds();
  network_->train();
  BatchLoader loader(source_, shuffledOrder(split_.train, options_.seed(), epoch), loaderOptions(), pool_);
  std::array<torch::Tensor, kLossTermCount> sums;
  torch::Tensor total;
  PassResult r;
  const auto nextBatch = [&] {
    PhaseScope phase(TrainingPhase::ReadSamples);
    return loader.next();
  };
  while (auto batch = nextBatch()) {
    const torch::Tensor q = batch->models.to(device_), b = batch->data.to(device_);
    LossTerms loss = trainingStep(*network_, *optimizer_, reducer_, q, b, batch->globalSize, options_.weights());
    const double n = double(q.size(0));
    r.samples += q.size(0);
    if (n == 0) continue;
    // Sums stay on the device: no synchronisation per step.
    for (int t = 0; t < kLossTermCount; ++t)
      if (loss.terms[t].defined()) sums[t] = sums[t].defined() ? sums[t] + loss.terms[t].detach() * n : loss.terms[t].detach() * n;
    total = total.defined() ? total + loss.total.detach() * n : loss.total.detach() * n;
  }
  std::array<double, kLossTermCount> termSums{};
  for (int t = 0; t < kLossTermCount; ++t)
    if ((r.has[t] = sums[t].defined())) termSums[t] = sums[t].item<double>();
  double totalSum = total.defined() ? total.item<double>() : 0.0, errorSum = 0.0;
  reduce(r, termSums, totalSum, errorSum);
  r.seconds = seconds(start);
  r.waitSeconds = loader.waitSeconds();
  r.reduceSeconds = ranks_.reduceSeconds() - reduceStart;
  return r;
}

Trainer::PassResult Trainer::evaluate(const std::vector<std::int64_t>& indices) {
  PhaseScope phase(TrainingPhase::Validation);
  const auto start = std::chrono::steady_clock::now();
  network_->eval();
  torch::NoGradGuard noGrad;
  BatchLoader loader(source_, indices, loaderOptions(), pool_);
  std::array<torch::Tensor, kLossTermCount> sums;
  torch::Tensor total, modelError;
  PassResult r;
  while (auto batch = loader.next()) {
    if (batch->indices.empty()) continue;  // evaluation mode communicates nothing
    const torch::Tensor q = batch->models.to(device_), b = batch->data.to(device_);
    LossTerms loss = network_->losses(q, b, options_.weights(), true);
    const double n = double(q.size(0));
    for (int t = 0; t < kLossTermCount; ++t)
      if (loss.terms[t].defined()) sums[t] = sums[t].defined() ? sums[t] + loss.terms[t] * n : loss.terms[t] * n;
    total = total.defined() ? total + loss.total * n : loss.total * n;
    const torch::Tensor err =
        relativeError(physicalModel(network_->estimate(b), record_.stats), physicalModel(q, record_.stats)).sum();
    modelError = modelError.defined() ? modelError + err : err;
    r.samples += q.size(0);
  }
  std::array<double, kLossTermCount> termSums{};
  for (int t = 0; t < kLossTermCount; ++t)
    if ((r.has[t] = sums[t].defined())) termSums[t] = sums[t].item<double>();
  double totalSum = total.defined() ? total.item<double>() : 0.0;
  double errorSum = modelError.defined() ? modelError.item<double>() : 0.0;
  reduce(r, termSums, totalSum, errorSum);
  r.seconds = seconds(start);
  r.waitSeconds = loader.waitSeconds();
  return r;
}

void Trainer::reduce(PassResult& r, std::array<double, kLossTermCount>& sums, double& total, double& modelError) {
  if (ranks_.size() > 1) {
    std::vector<double> v(sums.begin(), sums.end());
    for (int t = 0; t < kLossTermCount; ++t) v.push_back(r.has[t] ? 1.0 : 0.0);
    v.insert(v.end(), {total, modelError, double(r.samples)});
    ranks_.sum(v.data(), v.size());
    for (int t = 0; t < kLossTermCount; ++t) {
      sums[t] = v[std::size_t(t)];
      r.has[t] = v[std::size_t(kLossTermCount + t)] > 0;
    }
    total = v[2 * kLossTermCount];
    modelError = v[2 * kLossTermCount + 1];
    r.samples = std::int64_t(v[2 * kLossTermCount + 2]);
  }
  const double n = double(std::max<std::int64_t>(r.samples, 1));
  for (int t = 0; t < kLossTermCount; ++t) r.terms[t] = r.has[t] ? sums[t] / n : 0.0;
  r.total = total / n;
  r.modelError = modelError / n;
}

void Trainer::requireSameParameters(std::int64_t epoch) {
  if (ranks_.size() == 1) return;
  // FNV-1a over the bits of every parameter and buffer, as two 32-bit halves; maxima of h and
  // of -h over the ranks agree only if every rank has the same h.
  std::uint64_t h = 1469598103934665603ull;
  const auto mix = [&](const torch::Tensor& t) {
    const torch::Tensor c = t.detach().to(torch::kCPU).contiguous();
    const auto* bytes = static_cast<const unsigned char*>(c.data_ptr());
    for (std::size_t i = 0; i < std::size_t(c.nbytes()); ++i) h = (h ^ bytes[i]) * 1099511628211ull;
  };
  for (const auto& p : network_->parameters()) mix(p);
  for (const auto& b : network_->buffers()) mix(b);
  const double hi = double(h >> 32), lo = double(h & 0xffffffffull);
  std::array<double, 4> v{hi, lo, -hi, -lo};
  ranks_.maximum(v.data(), v.size());
  ensure(v[0] == -v[2] && v[1] == -v[3], "data-parallel training: the ranks' networks differ after epoch ", epoch + 1);
}

void Trainer::fitMapsOnTrainingSet(bool batchStatistics) {
  auto* paired = network_->paired();
  if (!paired) return;
  torch::NoGradGuard noGrad;
  // Before training, batch-norm running statistics are still their initial values and eval-mode
  // latents would be on another scale than the training steps see; encode with batch
  // statistics then, and put the running statistics back afterwards.
  std::vector<torch::Tensor> saved;
  if (batchStatistics) {
    for (const auto& b : network_->buffers()) saved.push_back(b.clone());
    network_->train();
  } else {
    network_->eval();
  }
  BatchLoader loader(source_, split_.train, loaderOptions(), pool_);
  std::vector<torch::Tensor> zq, zb;
  std::vector<std::int64_t> positions;
  while (auto batch = loader.next()) {
    zq.push_back(paired->encodeModel(batch->models.to(device_)));
    zb.push_back(paired->encodeData(batch->data.to(device_)));
    positions.push_back(batch->position);
  }
  if (ranks_.size() == 1) {
    paired->fitMaps(torch::cat(zq), torch::cat(zb), options_.ls_rcond());
  } else {
    // Every rank's latents in their rows of the whole training set, summed over the ranks
    // (the other rows are zeros): all ranks fit the same maps from the same matrices.
    const auto rows = std::int64_t(split_.train.size());
    torch::Tensor allQ = torch::zeros({rows, zq.front().size(1)}, zq.front().options());
    torch::Tensor allB = torch::zeros({rows, zb.front().size(1)}, zb.front().options());
    for (std::size_t k = 0; k < zq.size(); ++k) {
      allQ.narrow(0, positions[k], zq[k].size(0)).copy_(zq[k]);
      allB.narrow(0, positions[k], zb[k].size(0)).copy_(zb[k]);
    }
    paired->fitMaps(summedOverRanks(allQ, ranks_), summedOverRanks(allB, ranks_), options_.ls_rcond());
  }
  if (batchStatistics) {
    auto buffers = network_->buffers();
    for (std::size_t i = 0; i < buffers.size(); ++i) buffers[i].copy_(saved[i]);
  }
}

void Trainer::fitLinearBaseline(TrainingSummary& summary) {
  const fs::path file = linearBaselineFile(runDir_);
  if (split_.validation.empty()) {
    logWarning("train: no validation samples, so no linear baseline (it chooses its components and ridge weight "
               "on validation samples)");
    return;
  }
  if (!fs::exists(file)) {
    const auto start = std::chrono::steady_clock::now();
    LinearBaseline::fitOn(source_, split_, record_.stats, options_.baseline_pca_samples(), defaultBaselineComponents(),
                          defaultBaselineRidges())
        .save(file);
    if (options_.progress()) logInfo(concat("train: linear baseline fitted in ", formatDuration(seconds(start))));
  }
  const LinearBaseline baseline = LinearBaseline::load(file, record_.modelShape, record_.dataShape);
  summary.baseline = baseline.describe();
  summary.baselineValidationModelError = baseline.fit().validationModelError;
}

namespace {

/// Means over a set: model error of the learned and of the baseline's estimate, every score.
struct SetAssessment {
  double modelError = 0.0, baselineModelError = -1.0;
  ValidationMetrics scores;
};

SetAssessment assessSet(const RunAssessor& run, SampleSource& source, const std::vector<std::int64_t>& indices,
                        std::int64_t batchSize, torch::Device device, BatchBufferPool& pool) {
  BatchLoader loader(source, indices, BatchLoaderOptions().batch_size(batchSize).pin_memory(device.is_cuda()), pool);
  const NormalizationStats& stats = run.record().stats;
  SetAssessment r;
  double error = 0.0, baselineError = 0.0;
  while (auto batch = loader.next()) {
    const torch::Tensor q = physicalModel(batch->models.to(device), stats);
    const BatchAssessment a = run.assess(batch->data.to(device));
    error += relativeError(physicalModel(a.estimate, stats), q).sum().item<double>();
    if (a.baselineEstimate.defined())
      baselineError += relativeError(physicalModel(a.baselineEstimate, stats), q).sum().item<double>();
    for (QualityScore s : allQualityScores()) {
      const torch::Tensor& v = a.scores[std::size_t(s)];
      if (v.defined()) r.scores[s].insert(r.scores[s].end(), v.data_ptr<double>(), v.data_ptr<double>() + v.numel());
    }
  }
  const double n = double(std::max<std::size_t>(indices.size(), 1));
  r.modelError = error / n;
  if (run.baseline()) r.baselineModelError = baselineError / n;
  return r;
}

double mean(const std::vector<double>& v) {
  double sum = 0.0;
  for (double x : v) sum += x;
  return v.empty() ? -1.0 : sum / double(v.size());
}

}  // namespace

LatentStatistics Trainer::fitLatentStatistics(PairedAutoencoderImpl& paired) {
  torch::NoGradGuard noGrad;
  paired.eval();
  BatchLoader loader(source_, split_.train,
                     BatchLoaderOptions().batch_size(options_.batch_size()).models(false).pin_memory(device_.is_cuda()),
                     pool_);
  std::vector<torch::Tensor> z;
  while (auto batch = loader.next()) z.push_back(paired.encodeData(batch->data.to(device_)));
  return LatentStatistics::fit(torch::cat(z));
}

void Trainer::calibrate(TrainingSummary& summary) {
  const fs::path bestFile = runDir_ / "best.pt";
  if (!fs::exists(bestFile)) return;
  // The best network, as estimates will use it, with the parts fitted after training.
  TrainedNetwork best = loadTrainedNetwork(bestFile, device_);
  network_ = best.network;
  std::optional<LatentStatistics> latent;
  if (auto* paired = network_->paired()) {
    latent = fitLatentStatistics(*paired);
    latent->save(latentStatisticsFile(runDir_));
  }
  std::optional<LinearBaseline> baseline;
  if (fs::exists(linearBaselineFile(runDir_)))
    baseline = LinearBaseline::load(linearBaselineFile(runDir_), record_.modelShape, record_.dataShape);
  const RunAssessor run(std::move(best), std::move(baseline), std::move(latent));

  const auto& calibrationSet = split_.validation.empty() ? split_.train : split_.validation;
  if (split_.validation.empty()) logWarning("train: no validation samples; the OOD flag is calibrated on the training set");
  const SetAssessment validation = assessSet(run, source_, calibrationSet, options_.batch_size(), device_, pool_);
  summary.validationModelError = validation.modelError;
  writeValidationMetrics(runDir_ / "calibration.csv", validation.scores);
  if (run.paired()) {
    const OodThresholds t = calibrateOod(validation.scores, 100.0 * (1.0 - options_.flag_fpr()));
    summary.oodRreThreshold = t.rre;
    summary.oodRmaThreshold = t.rma;
  }
  const std::vector<QualityScore> flagScores = parseQualityScores(options_.flag_scores(), "-pae_flag_scores");
  bool flagComputable = true;
  for (QualityScore s : flagScores) flagComputable = flagComputable && run.has(s);
  if (flagComputable)
    summary.flag = calibrateDetector(validation.scores, flagScores, options_.flag_fpr()).describe();
  else
    logWarning(concat("train: this run cannot compute every score of -pae_flag_scores ", options_.flag_scores(),
                      "; estimates need -pae_flag_scores with scores of ", qualityScoreList(run.availableScores())));
  if (!split_.test.empty()) {
    const SetAssessment test = assessSet(run, source_, split_.test, options_.batch_size(), device_, pool_);
    summary.testModelError = test.modelError;
    summary.baselineTestModelError = test.baselineModelError;
    if (run.paired()) {
      summary.testRre = mean(test.scores.rre);
      summary.testRma = mean(test.scores.rma);
    }
  }
  writeAtomically(runDir_ / "summary.txt", [&](const fs::path& tmp) {
    std::ofstream out(tmp);
    out << describe(summary) << "\n";
  });
}

TrainingThroughput measureTrainingThroughput(const TrainRunOptions& o, Shape3 modelShape, Shape3 dataShape,
                                             std::int64_t steps, std::int64_t warmup, Collective& ranks) {
  const torch::Device device = resolveRankDevice(o.device(), ranks.localRank());
  configureThreads(threadsPerRank(o.threads(), ranks.localSize()));
  if (device.is_cuda()) at::globalContext().setBenchmarkCuDNN(true);
  const BatchNormCollectiveScope batchNorm(ranks);
  torch::manual_seed(std::uint64_t(o.seed()));
  auto network = makeInverseNetwork(o, modelShape, dataShape);
  network->to(device);
  network->train();
  auto optimizer = makeOptimizer(o, network->parameters());
  // This rank's part of a global batch of batch_size samples.
  const std::int64_t bs = o.batch_size();
  const auto [begin, end] = partOf(std::size_t(bs), ranks.rank(), ranks.size());
  const auto n = std::int64_t(end - begin);
  const auto f = torch::TensorOptions().device(device);
  const torch::Tensor q = torch::rand({n, modelShape[0], modelShape[1], modelShape[2]}, f) * 2 - 1;
  const torch::Tensor b = torch::randn({n, dataShape[0], dataShape[1], dataShape[2]}, f) * 0.1;
  GradientReducer reducer(ranks);
  auto step = [&] { trainingStep(*network, *optimizer, reducer, q, b, bs, o.weights()); };
  for (std::int64_t i = 0; i < warmup; ++i) step();
  if (device.is_cuda()) torch::cuda::synchronize();
  double wait = 0.0;  // the ranks start the timed steps together
  ranks.sum(&wait, 1);
  const double reduceStart = ranks.reduceSeconds();
  const auto start = std::chrono::steady_clock::now();
  for (std::int64_t i = 0; i < steps; ++i) step();
  if (device.is_cuda()) torch::cuda::synchronize();
  TrainingThroughput t;
  t.seconds = seconds(start);
  t.samplesPerSecond = double(steps * bs) / t.seconds;
  t.reduceShare = (ranks.reduceSeconds() - reduceStart) / t.seconds;
  for (const auto& p : network->parameters()) t.parameters += p.numel();
  return t;
}

}  // namespace pairinv::learning
