#include "learning/estimation_run.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <set>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/hdf5_io.hpp"
#include "core/image_metrics.hpp"
#include "core/log.hpp"
#include "core/figure.hpp"
#include "core/progress.hpp"
#include "learning/batch_loader.hpp"
#include "learning/device.hpp"
#include "learning/metrics.hpp"
#include "learning/physical_model.hpp"
#include "learning/run_assessor.hpp"

namespace fs = std::filesystem;

namespace pairinv::learning {

namespace {

/// Per-sample results in row order.
struct Columns {
  std::vector<float> estimates, baselineEstimates, surrogates;
  std::array<std::vector<double>, kQualityScoreCount> scores;
  std::vector<double> statistic, flagged;
  std::array<std::vector<double>, 4> errors, baselineErrors;  // model error, MAE, RMSE, SSIM
};

constexpr std::array<const char*, 4> kErrorNames = {"model_error", "mae", "rmse", "ssim"};

void appendCpu(std::vector<float>& out, const torch::Tensor& t) {
  const torch::Tensor c = t.to(torch::kCPU, torch::kFloat32).contiguous();
  out.insert(out.end(), c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

void appendCpu(std::vector<double>& out, const torch::Tensor& t) {
  const torch::Tensor c = t.to(torch::kCPU, torch::kFloat64).contiguous();
  out.insert(out.end(), c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
}

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? std::numeric_limits<double>::quiet_NaN() : s / double(v.size());
}

/// Model error in physical units, MAE and RMSE of models mapped to [-1, 1], SSIM on [0, 1].
void appendErrors(std::array<std::vector<double>, 4>& out, const torch::Tensor& estimate, const torch::Tensor& truth,
                  const NormalizationStats& stats) {
  appendCpu(out[0], relativeError(physicalModel(estimate, stats), physicalModel(truth, stats)));
  appendCpu(out[1], meanAbsoluteError(estimate, truth));
  appendCpu(out[2], rootMeanSquareError(estimate, truth));
  // SSIM with the training range [-1, 1] of the normalised models (core/image_metrics.hpp).
  const torch::Tensor e = estimate.to(torch::kCPU, torch::kFloat64).contiguous();
  const torch::Tensor t = truth.to(torch::kCPU, torch::kFloat64).contiguous();
  const int nz = int(e.size(2)), nx = int(e.size(3));
  const std::size_t cells = std::size_t(nz) * std::size_t(nx);
  for (std::int64_t b = 0; b < e.size(0); ++b) {
    const double* pe = e.data_ptr<double>() + std::size_t(b) * cells;
    const double* pt = t.data_ptr<double>() + std::size_t(b) * cells;
    out[3].push_back(structuralSimilarity({pe, pe + cells}, {pt, pt + cells}, nz, nx, -1.0, 1.0));
  }
}

ErrorMeans means(const std::array<std::vector<double>, 4>& e) {
  return {mean(e[0]), mean(e[1]), mean(e[2]), mean(e[3])};
}

/// InputError unless the survey's data fit the run.
void requireFits(const fs::path& input, const RunRecord& record, const SurveyInfo& info) {
  require(info.hasData, "'", input.string(), "' holds no /data to estimate from");
  const std::int64_t stride = record.options.time_stride(), nt = subsampledLength(info.nsamples, stride);
  require(Shape3{info.nshots, nt, info.nreceivers} == record.dataShape, "'", input.string(), "': data [", info.nshots,
          ", ", info.nsamples, ", ", info.nreceivers, "] (", nt, " time samples after -pae_time_stride ", stride,
          ") do not fit the network trained on [", record.dataShape[0], ", ", record.dataShape[1], ", ",
          record.dataShape[2], "]");
  require(!info.hasModels || (info.nz == record.modelShape[1] && info.nx == record.modelShape[2]), "'", input.string(),
          "': models of ", info.nz, "x", info.nx, " do not fit the network trained on ", record.modelShape[1], "x",
          record.modelShape[2]);
  if (!record.geometry.empty()) requireSameGeometry(record.geometry, info.geometry, input, "the trained run");
}

/// The survey, checked against the run before anything is written.
std::unique_ptr<SampleSource> openForRun(const fs::path& input, const RunRecord& record, const SurveyInfo& info,
                                         bool progress) {
  requireFits(input, record, info);
  const std::int64_t stride = record.options.time_stride();
  auto source = openSurvey(input, stride, 0, Loading::Auto, 4.0, progress);
  source->setNormalization(record.stats);
  return source;
}

std::vector<std::int64_t> rowsToEstimate(const SampleSource& source, const RunRecord& record, const fs::path& input,
                                         const EstimateOptions& o) {
  std::vector<std::int64_t> indices;
  if (o.samples() == SampleSet::Test) {
    for (auto i : record.split.test)
      if (i < source.size()) indices.push_back(i);
    require(!indices.empty(), "-pae_samples test: the run recorded no test samples within '", input.string(), "'");
  } else {
    for (std::int64_t i = 0; i < source.size(); ++i) indices.push_back(i);
  }
  if (o.max_samples() > 0 && std::int64_t(indices.size()) > o.max_samples()) indices.resize(std::size_t(o.max_samples()));
  return indices;
}

Columns estimateRows(const RunAssessor& run, const OodDetector& flag, SampleSource& source,
                     const std::vector<std::int64_t>& indices, torch::Device device, bool surrogate,
                     const EstimateOptions& o, bool progressLine) {
  torch::NoGradGuard noGrad;
  const NormalizationStats& stats = run.record().stats;
  const bool truth = source.hasModels();
  Columns c;
  BatchBufferPool pool;
  BatchLoader loader(source, indices, BatchLoaderOptions().batch_size(o.batch_size()).models(truth).data(true)
                                          .pin_memory(device.is_cuda()), pool);
  ProgressLine progress("estimate", indices.size(), "samples", progressLine && o.progress() && indices.size() > 100);
  std::size_t done = 0;
  while (auto batch = loader.next()) {
    const BatchAssessment a = run.assess(batch->data.to(device));
    appendCpu(c.estimates, physicalModel(a.estimate, stats));
    if (a.baselineEstimate.defined()) appendCpu(c.baselineEstimates, physicalModel(a.baselineEstimate, stats));
    if (surrogate) {
      std::vector<float> sur;
      appendCpu(sur, a.surrogate);
      stats.denormalizeData(sur.data(), sur.size());
      c.surrogates.insert(c.surrogates.end(), sur.begin(), sur.end());
    }
    for (QualityScore s : allQualityScores())
      if (a.scores[std::size_t(s)].defined()) appendCpu(c.scores[std::size_t(s)], a.scores[std::size_t(s)]);
    if (truth) {
      const torch::Tensor q = batch->models.to(device);
      appendErrors(c.errors, a.estimate, q, stats);
      if (a.baselineEstimate.defined()) appendErrors(c.baselineErrors, a.baselineEstimate, q, stats);
    }
    done += batch->indices.size();
    progress.update(done);
  }
  for (std::size_t row = 0; row < indices.size(); ++row) {
    std::vector<double> values;
    for (QualityScore s : flag.scores) values.push_back(c.scores[std::size_t(s)][row]);
    c.statistic.push_back(flag.statistic(values));
    c.flagged.push_back(c.statistic.back() > flag.threshold ? 1.0 : 0.0);
  }
  return c;
}

/// Every rank's columns, concatenated in rank order on rank 0 (ranks hold consecutive rows).
Columns gathered(const Columns& c, Collective& ranks) {
  if (ranks.size() == 1) return c;
  Columns all;
  all.estimates = ranks.gather(c.estimates);
  all.baselineEstimates = ranks.gather(c.baselineEstimates);
  all.surrogates = ranks.gather(c.surrogates);
  for (std::size_t s = 0; s < c.scores.size(); ++s) all.scores[s] = ranks.gather(c.scores[s]);
  all.statistic = ranks.gather(c.statistic);
  all.flagged = ranks.gather(c.flagged);
  for (std::size_t k = 0; k < c.errors.size(); ++k) {
    all.errors[k] = ranks.gather(c.errors[k]);
    all.baselineErrors[k] = ranks.gather(c.baselineErrors[k]);
  }
  return all;
}

void writeEstimateFile(const fs::path& output, const fs::path& runDir, const fs::path& input, const RunAssessor& run,
                       const OodDetector& flag, const std::vector<std::int64_t>& indices, const Columns& c,
                       const SurveyInfo& info) {
  const RunRecord& record = run.record();
  const auto N = hsize_t(indices.size());
  const auto m0 = hsize_t(record.modelShape[0]), nz = hsize_t(record.modelShape[1]), nx = hsize_t(record.modelShape[2]);
  const auto ns = hsize_t(record.dataShape[0]), nt = hsize_t(record.dataShape[1]), nr = hsize_t(record.dataShape[2]);
  if (!output.parent_path().empty()) ensureDirectory(output.parent_path());
  writeHdf5Atomically(output, [&](Hdf5File& h5) {
    h5.writeDataset("/estimates", {N, m0, nz, nx}, c.estimates.data(), {1, m0, nz, nx});
    if (!c.baselineEstimates.empty())
      h5.writeDataset("/baseline_estimates", {N, m0, nz, nx}, c.baselineEstimates.data(), {1, m0, nz, nx});
    const std::vector<double> index(indices.begin(), indices.end());
    h5.writeDataset("/sample_index", {N}, index.data(), false);
    for (QualityScore s : allQualityScores())
      if (!c.scores[std::size_t(s)].empty())
        h5.writeDataset(concat("/", qualityScoreName(s)), {N}, c.scores[std::size_t(s)].data(), false);
    h5.writeDataset("/flag_statistic", {N}, c.statistic.data(), false);
    h5.writeDataset("/ood", {N}, c.flagged.data(), true);
    if (!c.surrogates.empty())
      h5.writeDataset("/surrogate_data", {N, ns, nt, nr}, c.surrogates.data(), {1, ns, nt, nr});
    for (std::size_t k = 0; k < kErrorNames.size(); ++k) {
      if (!c.errors[k].empty()) h5.writeDataset(concat("/", kErrorNames[k]), {N}, c.errors[k].data(), false);
      if (!c.baselineErrors[k].empty())
        h5.writeDataset(concat("/baseline_", kErrorNames[k]), {N}, c.baselineErrors[k].data(), false);
    }
    h5.writeAttribute("/", "flag", flag.describe());
    h5.writeAttribute("/", "flag_scores", qualityScoreList(flag.scores));
    h5.writeAttribute("/", "flag_fpr", flag.fpr);
    h5.writeAttribute("/", "flag_threshold", flag.threshold);
    h5.writeAttribute("/", "baseline", run.baseline() ? run.baseline()->describe() : std::string("none"));
    h5.writeAttribute("/", "run", fs::absolute(runDir).string());
    h5.writeAttribute("/", "input", fs::absolute(input).string());
    h5.writeAttribute("/", "architecture", nameOf(record.options.architecture(), kArchitectureNames));
    h5.writeAttribute("/", "time_stride", std::int64_t(record.options.time_stride()));
    h5.writeAttribute("/", "nz", std::int64_t(nz));
    h5.writeAttribute("/", "nx", std::int64_t(nx));
    h5.writeAttribute("/", "dz", info.dz);
    h5.writeAttribute("/", "dx", info.dx);
  });
}

/// sampleN.png: truth | estimate | linear baseline on one colour scale, then estimate - truth
/// (conductivities as log10 resistivity: their ratio in decades).
void writeModelFigure(const fs::path& file, const EstimateSummary::Chosen& chosen, const std::vector<double>& baseline,
                      const SurveyInfo& info, bool paired) {
  const bool logarithmic = info.physics == "em";
  const auto shown = [&](std::vector<double> v) {
    if (logarithmic) toLog10Resistivity(v);
    return v;
  };
  ImageFigure f;
  f.title = concat("sample ", chosen.index);
  f.rows = int(info.nz), f.cols = int(info.nx);
  const bool km = std::max(double(info.nx) * info.dx, double(info.nz) * info.dz) >= 2000;
  f.x = {km ? "x (km)" : "x (m)", 0, km ? info.dx / 1000 : info.dx};
  f.y = {km ? "depth (km)" : "depth (m)", 0, km ? info.dz / 1000 : info.dz};
  if (!chosen.truth.empty()) f.panels.push_back({"truth", shown(chosen.truth), 0});
  f.panels.push_back({paired ? "PAE estimate" : "end-to-end estimate", shown(chosen.estimate), 0});
  if (!baseline.empty()) f.panels.push_back({"linear baseline", shown(baseline), 0});
  std::vector<const std::vector<double>*> models;
  for (const ImagePanel& p : f.panels) models.push_back(&p.values);
  f.scales = {logarithmic ? earthResistivityScale(models) : rangeScale(Colormap::Viridis, "velocity (m/s)", models)};
  if (!chosen.truth.empty()) {
    std::vector<double> error = f.panels[1].values;
    for (std::size_t k = 0; k < error.size(); ++k) error[k] -= f.panels[0].values[k];
    f.panels.push_back({"estimate - truth", std::move(error), 1});
    f.scales.push_back(symmetricScale(logarithmic ? kLog10ResistivityRatioLabel : "estimate - truth (m/s)",
                                      {&f.panels.back().values}, 1.0));
  }
  writeImageFigure(file, f);
}

/// sampleN_data.png: the middle shot of the observed data and of the surrogate D_b(M E_q(q_hat)).
void writeDataFigure(const fs::path& file, std::int64_t index, std::vector<double> observed,
                     std::vector<double> surrogate, std::int64_t shot, const SurveyInfo& info, const RunRecord& record) {
  const Shape3& shape = record.dataShape;
  ImageFigure f;
  f.title = concat("sample ", index, ", shot ", shot);
  f.rows = int(shape[1]), f.cols = int(shape[2]);
  f.x = {"receiver", 0, 1};
  // The run keeps every time_stride-th sample of the survey's.
  const double spacing = info.dt * double(record.options.time_stride());
  f.y = spacing > 0 ? ImageAxis{"time from the first sample (s)", 0, spacing} : ImageAxis{"datum", 0, 1};
  f.equalAspect = false;
  f.panels.push_back({"observed", std::move(observed), 0});
  if (!surrogate.empty()) f.panels.push_back({"surrogate D_b(M E_q(q_hat))", std::move(surrogate), 0});
  std::vector<const std::vector<double>*> all;
  for (const ImagePanel& p : f.panels) all.push_back(&p.values);
  f.scales = {symmetricScale(spacing > 0 ? "pressure (source units)" : "datum", all)};
  writeImageFigure(file, f);
}

/// Figures of the chosen samples (see above), and their values for the caller's VTK output.
void writeQuicklooks(const fs::path& output, SampleSource& source, const RunRecord& record, const SurveyInfo& info,
                     const std::vector<std::int64_t>& indices, const Columns& c, const EstimateOptions& o,
                     EstimateSummary& summary) {
  const std::set<std::int64_t> wanted(o.png_samples().begin(), o.png_samples().end());
  const fs::path pngDir = output.parent_path() / (output.stem().string() + "_png");
  const std::int64_t ms = source.modelSize(), ds = source.dataSize(), ns = record.dataShape[0],
                     shotSize = record.dataShape[1] * record.dataShape[2];
  for (std::size_t row = 0; row < indices.size(); ++row) {
    const std::int64_t i = indices[row];
    if (!wanted.count(i)) continue;
    ensureDirectory(pngDir);
    EstimateSummary::Chosen chosen;
    chosen.index = i;
    const auto rowOf = [&](const std::vector<float>& all, std::int64_t size, std::int64_t offset, std::int64_t n) {
      return all.empty() ? std::vector<double>{}
                         : std::vector<double>(all.begin() + std::ptrdiff_t(row) * size + offset,
                                               all.begin() + std::ptrdiff_t(row) * size + offset + n);
    };
    chosen.estimate = rowOf(c.estimates, ms, 0, ms);
    std::vector<float> q(static_cast<std::size_t>(ms)), b(static_cast<std::size_t>(ds));
    source.readRaw(i, source.hasModels() ? q.data() : nullptr, b.data());
    if (source.hasModels()) chosen.truth.assign(q.begin(), q.end());
    const std::string base = "sample" + std::to_string(i);
    writeModelFigure(pngDir / (base + ".png"), chosen, rowOf(c.baselineEstimates, ms, 0, ms), info, summary.paired);
    const std::int64_t shot = ns / 2;
    writeDataFigure(pngDir / (base + "_data.png"), i,
                    std::vector<double>(b.begin() + shot * shotSize, b.begin() + (shot + 1) * shotSize),
                    rowOf(c.surrogates, ds, shot * shotSize, shotSize), shot, info, record);
    summary.chosen.push_back(std::move(chosen));
  }
}

}  // namespace

namespace {

EstimateSummary summarise(const Columns& c, const std::vector<std::int64_t>& indices, const SampleSource& source,
                          const RunAssessor& run, const OodDetector& flag, const RunRecord& record,
                          const SurveyInfo& info) {
  EstimateSummary summary;
  summary.samples = std::int64_t(indices.size());
  summary.hasTruth = source.hasModels();
  summary.paired = run.paired() != nullptr;
  for (QualityScore s : allQualityScores()) summary.meanScores[std::size_t(s)] = mean(c.scores[std::size_t(s)]);
  summary.meanRre = summary.meanScores[std::size_t(QualityScore::Rre)];
  summary.meanRma = summary.meanScores[std::size_t(QualityScore::Rma)];
  summary.oodCount = std::int64_t(std::count(c.flagged.begin(), c.flagged.end(), 1.0));
  summary.flag = flag.describe();
  summary.errors = means(c.errors);
  summary.meanModelError = summary.errors.modelError;
  if (run.baseline()) {
    summary.baseline = run.baseline()->describe();
    summary.baselineErrors = means(c.baselineErrors);
  }
  summary.nz = record.modelShape[1];
  summary.nx = record.modelShape[2];
  summary.dz = info.dz;
  summary.dx = info.dx;
  return summary;
}

}  // namespace

void requireSurveyFitsRun(const fs::path& runDir, const fs::path& survey) {
  const RunRecord record = loadTrainedNetwork(runDir, torch::kCPU).record;
  requireFits(survey, record, readSurveyInfo(survey));
}

EstimateSummary estimateSurvey(const fs::path& runDir, const fs::path& input, const fs::path& output,
                               const EstimateOptions& o, Collective& ranks) {
  // 1. The run, its flag and the survey, all checked (on every rank) before anything is written.
  validate(o);
  const torch::Device device = resolveRankDevice(o.device(), ranks.localRank());
  configureThreads(threadsPerRank(o.threads(), ranks.localSize()));
  const RunAssessor run(runDir, device);
  const RunRecord& record = run.record();
  const OodDetector flag = calibratedFlag(run, runDir, o.flag_scores(), o.flag_fpr());
  const SurveyInfo info = readSurveyInfo(input);
  auto source = openForRun(input, record, info, o.progress() && ranks.rank() == 0);
  const std::vector<std::int64_t> indices = rowsToEstimate(*source, record, input, o);
  const bool surrogate = run.paired() && o.write_surrogate() && double(indices.size()) * double(source->dataSize()) * 4.0 <= 2e9;
  if (run.paired() && o.write_surrogate() && !surrogate && ranks.rank() == 0)
    logWarning("estimate: /surrogate_data would exceed 2 GB and is not written");

  // 2. Estimates, scores and errors: each rank those of a contiguous block of the rows, gathered
  //    on rank 0, which writes 3. the file and 4. the quick-looks (the others wait for its outcome).
  const auto [begin, end] = partOf(indices.size(), ranks.rank(), ranks.size());
  const std::vector<std::int64_t> mine(indices.begin() + std::ptrdiff_t(begin), indices.begin() + std::ptrdiff_t(end));
  const Columns c = gathered(collectively(ranks, [&] {
    return estimateRows(run, flag, *source, mine, device, surrogate, o, ranks.rank() == 0);
  }), ranks);
  EstimateSummary summary;
  collectively(ranks, [&] {
    if (ranks.rank() != 0) return;
    writeEstimateFile(output, runDir, input, run, flag, indices, c, info);
    summary = summarise(c, indices, *source, run, flag, record, info);
    writeQuicklooks(output, *source, record, info, indices, c, o, summary);
  });
  return summary;
}

}  // namespace pairinv::learning
