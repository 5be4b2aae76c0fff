#include "learning/run_estimator.hpp"

#include <torch/torch.h>

#include "core/error.hpp"
#include "learning/device.hpp"
#include "learning/physical_model.hpp"
#include "learning/run_assessor.hpp"
#include "learning/sample_source.hpp"

namespace pairinv::learning {

struct RunEstimator::Impl {
  torch::Device device{torch::kCPU};
  std::unique_ptr<RunAssessor> run;
  OodDetector flag;

  static std::vector<double> values(const torch::Tensor& t) {
    const torch::Tensor c = t.detach().to(torch::kCPU, torch::kFloat64).contiguous();
    return std::vector<double>(c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
  }
};

RunEstimator::RunEstimator(const std::filesystem::path& runDir, const std::string& device, std::int64_t threads)
    : impl_(std::make_unique<Impl>()) {
  impl_->device = resolveDevice(device, "device");
  configureThreads(threads);
  impl_->run = std::make_unique<RunAssessor>(runDir, impl_->device);
  impl_->flag = calibratedFlag(*impl_->run, runDir, "", 0.0);
}

RunEstimator::RunEstimator(RunEstimator&&) noexcept = default;
RunEstimator& RunEstimator::operator=(RunEstimator&&) noexcept = default;
RunEstimator::~RunEstimator() = default;

std::array<std::int64_t, 3> RunEstimator::dataShape() const { return impl_->run->record().dataShape; }
std::int64_t RunEstimator::timeStride() const { return impl_->run->record().options.time_stride(); }
std::int64_t RunEstimator::nz() const { return impl_->run->record().modelShape[1]; }
std::int64_t RunEstimator::nx() const { return impl_->run->record().modelShape[2]; }
std::string RunEstimator::flag() const { return impl_->flag.describe(); }

DataEstimates RunEstimator::estimate(const std::vector<double>& b, std::int64_t count, std::int64_t nsamples) const {
  const RunRecord& record = impl_->run->record();
  const Shape3 d = record.dataShape;
  const std::size_t per = std::size_t(d[0] * nsamples * d[2]);
  require(count >= 1 && b.size() == std::size_t(count) * per, "the data have ", b.size(), " values; ", count,
          " samples of [", d[0], ", ", nsamples, ", ", d[2], "] need ", std::size_t(count) * per);
  std::vector<float> input;
  for (std::int64_t i = 0; i < count; ++i) {
    const std::vector<float> one =
        networkInput(b.data() + std::size_t(i) * per, per, nsamples, d, timeStride(), record.stats, "the data");
    input.insert(input.end(), one.begin(), one.end());
  }
  torch::NoGradGuard noGrad;
  const torch::Tensor batch = torch::from_blob(input.data(), {count, d[0], d[1], d[2]}, torch::kFloat32).to(impl_->device);
  const BatchAssessment a = impl_->run->assess(batch);
  DataEstimates e;
  e.count = count;
  e.estimates = Impl::values(physicalModel(a.estimate, record.stats));
  if (a.baselineEstimate.defined()) e.baseline = Impl::values(physicalModel(a.baselineEstimate, record.stats));
  for (QualityScore s : impl_->run->availableScores()) {
    e.scoreNames.push_back(qualityScoreName(s));
    e.scores.push_back(Impl::values(a.scores[std::size_t(s)]));
  }
  for (std::int64_t i = 0; i < count; ++i) {
    std::vector<double> v;
    for (QualityScore s : impl_->flag.scores) v.push_back(a.scores[std::size_t(s)][i].item<double>());
    e.statistic.push_back(impl_->flag.statistic(v));
    e.flagged.push_back(e.statistic.back() > impl_->flag.threshold ? 1.0 : 0.0);
  }
  return e;
}

}  // namespace pairinv::learning
