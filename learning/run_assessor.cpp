#include "learning/run_assessor.hpp"

#include "core/error.hpp"
#include "learning/physical_model.hpp"

namespace fs = std::filesystem;

namespace pairinv::learning {

RunAssessor::RunAssessor(const fs::path& runDir, torch::Device device) : trained_(loadTrainedNetwork(runDir, device)) {
  paired_ = trained_.network->paired();
  const fs::path dir = fs::is_directory(runDir) ? runDir : runDir.parent_path();
  if (fs::exists(linearBaselineFile(dir)))
    baseline_ = LinearBaseline::load(linearBaselineFile(dir), record().modelShape, record().dataShape);
  if (paired_ && fs::exists(latentStatisticsFile(dir)))
    latent_ = LatentStatistics::load(latentStatisticsFile(dir), record().options.data().latent());
}

RunAssessor::RunAssessor(TrainedNetwork network, std::optional<LinearBaseline> baseline,
                         std::optional<LatentStatistics> latent)
    : trained_(std::move(network)), baseline_(std::move(baseline)), latent_(std::move(latent)) {
  paired_ = trained_.network->paired();
  trained_.network->eval();
}

bool RunAssessor::has(QualityScore s) const {
  switch (s) {
    case QualityScore::Rre:
    case QualityScore::Rma:
    case QualityScore::DataError: return paired_ != nullptr;
    case QualityScore::LatentDistance: return paired_ != nullptr && latent_.has_value();
    case QualityScore::PcaResidual: return baseline_.has_value();
  }
  return false;
}

std::vector<QualityScore> RunAssessor::availableScores() const {
  std::vector<QualityScore> scores;
  for (QualityScore s : allQualityScores())
    if (has(s)) scores.push_back(s);
  return scores;
}

BatchAssessment RunAssessor::assess(const torch::Tensor& b) const {
  torch::NoGradGuard noGrad;
  BatchAssessment a;
  const auto cpu = [](const torch::Tensor& t) { return t.to(torch::kCPU, torch::kFloat64); };
  if (paired_) {
    const PairedAssessment p = paired_->assess(b, record().stats);
    a.estimate = p.estimate;
    a.surrogate = p.surrogate;
    a.scores[std::size_t(QualityScore::Rre)] = cpu(p.rre);
    a.scores[std::size_t(QualityScore::Rma)] = cpu(p.rma);
    a.scores[std::size_t(QualityScore::DataError)] = cpu(p.dataError);
    if (latent_) a.scores[std::size_t(QualityScore::LatentDistance)] = latent_->distance(p.latent);
  } else {
    a.estimate = trained_.network->estimate(b);
  }
  if (baseline_) {
    const torch::Tensor raw = physicalData(b.to(torch::kCPU), record().stats);
    a.scores[std::size_t(QualityScore::PcaResidual)] = baseline_->residual(raw);
    a.baselineEstimate = baseline_->estimate(raw).to(b.device());
  }
  return a;
}

OodDetector calibratedFlag(const RunAssessor& run, const std::filesystem::path& runDir, const std::string& scores,
                           double fpr) {
  const TrainRunOptions& trained = run.record().options;
  const std::vector<QualityScore> chosen =
      parseQualityScores(scores.empty() ? trained.flag_scores() : scores, "-pae_flag_scores");
  for (QualityScore s : chosen)
    require(run.has(s), "-pae_flag_scores: this run (", nameOf(trained.architecture(), kArchitectureNames),
            ") cannot compute ", qualityScoreName(s), "; it computes ", qualityScoreList(run.availableScores()));
  const std::filesystem::path dir = std::filesystem::is_directory(runDir) ? runDir : runDir.parent_path();
  return calibrateDetector(readValidationMetrics(dir / "calibration.csv"), chosen, fpr > 0 ? fpr : trained.flag_fpr());
}

}  // namespace pairinv::learning
