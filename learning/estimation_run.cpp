#include "learning/estimation_run.hpp"

#include <algorithm>
#include <set>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/hdf5_io.hpp"
#include "core/log.hpp"
#include "core/png_image.hpp"
#include "core/progress.hpp"
#include "learning/batch_loader.hpp"
#include "learning/checkpoint.hpp"
#include "learning/device.hpp"
#include "learning/metrics.hpp"
#include "learning/ood_calibration.hpp"
#include "learning/paired_autoencoder.hpp"
#include "learning/physical_model.hpp"

namespace fs = std::filesystem;

namespace pairinv::learning {

namespace {

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
  return v.empty() ? 0.0 : s / double(v.size());
}

}  // namespace

EstimateSummary estimateSurvey(const fs::path& runDir, const fs::path& input, const fs::path& output,
                               const EstimateOptions& o) {
  validate(o);
  const torch::Device device = resolveDevice(o.device());
  configureThreads(o.threads());
  TrainedNetwork trained = loadTrainedNetwork(runDir, device);
  const RunRecord& record = trained.record;
  auto* paired = dynamic_cast<PairedAutoencoderImpl*>(trained.network.get());

  const SurveyInfo info = readSurveyInfo(input);
  auto source = openSurvey(input, record.options.time_stride(), 0, "auto", 4.0, o.progress());
  require(source->hasData(), "'", input.string(), "' holds no /data to estimate from");
  require(source->dataShape() == record.dataShape, "'", input.string(), "': data [", info.nshots, ", ", info.nsamples,
          ", ", info.nreceivers, "] (", source->dataShape()[1], " time samples after -pae_time_stride ",
          record.options.time_stride(), ") do not fit the network trained on [", record.dataShape[0], ", ",
          record.dataShape[1], ", ", record.dataShape[2], "]");
  require(!source->hasModels() || source->modelShape() == record.modelShape, "'", input.string(), "': models of ",
          info.nz, "x", info.nx, " do not fit the network trained on ", record.modelShape[1], "x", record.modelShape[2]);
  source->setNormalization(record.stats);
  const bool truth = source->hasModels();

  std::vector<std::int64_t> indices;
  if (o.samples() == "test") {
    for (auto i : record.split.test)
      if (i < source->size()) indices.push_back(i);
    require(!indices.empty(), "-pae_samples test: the run recorded no test samples within '", input.string(), "'");
  } else {
    for (std::int64_t i = 0; i < source->size(); ++i) indices.push_back(i);
  }
  if (o.max_samples() > 0 && std::int64_t(indices.size()) > o.max_samples()) indices.resize(std::size_t(o.max_samples()));
  const auto n = std::int64_t(indices.size());

  OodThresholds thresholds;
  if (paired) {
    const ValidationMetrics validation = readValidationMetrics(fs::is_directory(runDir) ? runDir / "calibration.csv"
                                                                                     : runDir.parent_path() / "calibration.csv");
    thresholds = calibrateOod(validation, o.ood_percentile() > 0 ? o.ood_percentile() : record.options.ood_percentile());
  }
  const std::int64_t ms = source->modelSize(), ds = source->dataSize();
  const bool surrogate = paired && o.write_surrogate() && double(n) * double(ds) * 4.0 <= 2e9;
  if (paired && o.write_surrogate() && !surrogate)
    logWarning("estimate: /surrogate_data would exceed 2 GB and is not written");

  std::vector<float> estimates, surrogates;
  std::vector<double> rre, rma, dataError, modelError, mae, rmse, ssim;
  estimates.reserve(std::size_t(n * ms));
  {
    torch::NoGradGuard noGrad;
    BatchBufferPool pool;
    BatchLoader loader(*source, indices, BatchLoaderOptions().batch_size(o.batch_size()).models(truth).data(true)
                                             .pin_memory(device.is_cuda()), pool);
    ProgressLine progress("estimate", std::size_t(n), "samples", o.progress() && n > 100);
    std::int64_t done = 0;
    while (auto batch = loader.next()) {
      const torch::Tensor b = batch->data.to(device);
      torch::Tensor qhat;
      if (paired) {
        const PairedAssessment a = paired->assess(b, record.stats);
        qhat = a.estimate;
        appendCpu(rre, a.rre);
        appendCpu(rma, a.rma);
        appendCpu(dataError, a.dataError);
        if (surrogate) {
          std::vector<float> sur;
          appendCpu(sur, a.surrogate);
          record.stats.denormalizeData(sur.data(), sur.size());
          surrogates.insert(surrogates.end(), sur.begin(), sur.end());
        }
      } else {
        qhat = trained.network->estimate(b);
      }
      appendCpu(estimates, physicalModel(qhat, record.stats));
      if (truth) {
        const torch::Tensor q = batch->models.to(device);
        appendCpu(modelError, relativeError(physicalModel(qhat, record.stats), physicalModel(q, record.stats)));
        appendCpu(mae, meanAbsoluteError(qhat, q));
        appendCpu(rmse, rootMeanSquareError(qhat, q));
        appendCpu(ssim, structuralSimilarity((qhat + 1) * 0.5, (q + 1) * 0.5));
      }
      done += b.size(0);
      progress.update(std::size_t(done));
    }
  }

  EstimateSummary summary;
  summary.samples = n;
  summary.hasTruth = truth;
  summary.paired = paired != nullptr;
  summary.nz = record.modelShape[1];
  summary.nx = record.modelShape[2];
  summary.dz = info.dz;
  summary.dx = info.dx;
  std::vector<double> ood;
  if (paired) {
    for (std::size_t i = 0; i < rre.size(); ++i) ood.push_back(thresholds.flags(rre[i], rma[i]) ? 1.0 : 0.0);
    summary.meanRre = mean(rre);
    summary.meanRma = mean(rma);
    summary.meanDataError = mean(dataError);
    summary.oodCount = std::int64_t(std::count(ood.begin(), ood.end(), 1.0));
    summary.oodPercentile = thresholds.percentile;
    summary.rreThreshold = thresholds.rre;
    summary.rmaThreshold = thresholds.rma;
  }
  if (truth) {
    summary.meanModelError = mean(modelError);
    summary.meanMae = mean(mae);
    summary.meanRmse = mean(rmse);
    summary.meanSsim = mean(ssim);
  }

  const auto N = hsize_t(n);
  const std::int64_t m0 = record.modelShape[0], nz = record.modelShape[1], nx = record.modelShape[2];
  const std::int64_t ns = record.dataShape[0], nt = record.dataShape[1], nr = record.dataShape[2];
  if (!output.parent_path().empty()) ensureDirectory(output.parent_path());
  writeHdf5Atomically(output, [&](Hdf5File& h5) {
    h5.writeDataset("/estimates", {N, hsize_t(m0), hsize_t(nz), hsize_t(nx)}, estimates.data(),
                    {1, hsize_t(m0), hsize_t(nz), hsize_t(nx)});
    std::vector<double> index(indices.begin(), indices.end());
    h5.writeDataset("/sample_index", {N}, index.data(), false);
    if (paired) {
      h5.writeDataset("/rre", {N}, rre.data(), false);
      h5.writeDataset("/rma", {N}, rma.data(), false);
      h5.writeDataset("/data_error", {N}, dataError.data(), false);
      h5.writeDataset("/ood", {N}, ood.data(), true);
      if (surrogate)
        h5.writeDataset("/surrogate_data", {N, hsize_t(ns), hsize_t(nt), hsize_t(nr)}, surrogates.data(),
                        {1, hsize_t(ns), hsize_t(nt), hsize_t(nr)});
      h5.writeAttribute("/", "ood_percentile", thresholds.percentile);
      h5.writeAttribute("/", "rre_threshold", thresholds.rre);
      h5.writeAttribute("/", "rma_threshold", thresholds.rma);
    }
    if (truth) {
      h5.writeDataset("/model_error", {N}, modelError.data(), false);
      h5.writeDataset("/mae", {N}, mae.data(), false);
      h5.writeDataset("/rmse", {N}, rmse.data(), false);
      h5.writeDataset("/ssim", {N}, ssim.data(), false);
    }
    h5.writeAttribute("/", "run", fs::absolute(runDir).string());
    h5.writeAttribute("/", "input", fs::absolute(input).string());
    h5.writeAttribute("/", "architecture", record.options.architecture());
    h5.writeAttribute("/", "time_stride", std::int64_t(record.options.time_stride()));
    h5.writeAttribute("/", "nz", std::int64_t(nz));
    h5.writeAttribute("/", "nx", std::int64_t(nx));
    h5.writeAttribute("/", "dz", info.dz);
    h5.writeAttribute("/", "dx", info.dx);
  });

  // Quick-looks and the chosen samples for the caller's VTK output.
  std::set<std::int64_t> wanted(o.png_samples().begin(), o.png_samples().end());
  const fs::path pngDir = output.parent_path() / (output.stem().string() + "_png");
  for (std::size_t row = 0; row < indices.size(); ++row) {
    const std::int64_t i = indices[row];
    if (!wanted.count(i)) continue;
    ensureDirectory(pngDir);
    EstimateSummary::Chosen c;
    c.index = i;
    c.estimate.assign(estimates.begin() + std::ptrdiff_t(row) * ms, estimates.begin() + std::ptrdiff_t(row + 1) * ms);
    const std::string base = "sample" + std::to_string(i);
    // Estimate and truth share one colour range, so the eye compares like with like.
    std::vector<float> q(static_cast<std::size_t>(ms)), b(static_cast<std::size_t>(ds));
    source->readRaw(i, truth ? q.data() : nullptr, b.data());
    double lo = *std::min_element(c.estimate.begin(), c.estimate.end());
    double hi = *std::max_element(c.estimate.begin(), c.estimate.end());
    if (truth) {
      c.truth.assign(q.begin(), q.end());
      lo = std::min(lo, *std::min_element(c.truth.begin(), c.truth.end()));
      hi = std::max(hi, *std::max_element(c.truth.begin(), c.truth.end()));
      writePngImage(pngDir / (base + "_truth.png"), int(nz), int(nx), c.truth.data(), Colormap::Viridis, lo, hi);
      std::vector<double> diff(static_cast<std::size_t>(ms));
      for (std::size_t k = 0; k < diff.size(); ++k) diff[k] = c.estimate[k] - c.truth[k];
      writePngQuicklook(pngDir / (base + "_error.png"), int(nz), int(nx), diff.data(), Colormap::Seismic);
    }
    if (hi <= lo) hi = lo + 1;
    writePngImage(pngDir / (base + "_estimate.png"), int(nz), int(nx), c.estimate.data(), Colormap::Viridis, lo, hi);
    const std::int64_t shot = ns / 2, shotSize = nt * nr;
    std::vector<double> gather(b.begin() + shot * shotSize, b.begin() + (shot + 1) * shotSize);
    writePngQuicklook(pngDir / (base + "_data_shot" + std::to_string(shot) + ".png"), int(nt), int(nr), gather.data(),
                      Colormap::Seismic);
    if (surrogate) {
      const auto* sur = surrogates.data() + std::ptrdiff_t(row) * ds + shot * shotSize;
      std::vector<double> sgather(sur, sur + shotSize);
      writePngQuicklook(pngDir / (base + "_surrogate_shot" + std::to_string(shot) + ".png"), int(nt), int(nr),
                        sgather.data(), Colormap::Seismic);
    }
    summary.chosen.push_back(std::move(c));
  }
  return summary;
}

}  // namespace pairinv::learning
