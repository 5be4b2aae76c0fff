#include "learning/latent_statistics.hpp"

#include <ATen/ATen.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace fs = std::filesystem;

namespace pairinv::learning {

namespace {
constexpr double kShrinkage = 0.05;
}  // namespace

fs::path latentStatisticsFile(const fs::path& runDir) { return runDir / "latent_statistics.pt"; }

LatentStatistics LatentStatistics::fit(const torch::Tensor& z) {
  require(z.dim() == 2 && z.size(0) >= 2, "latent statistics need at least 2 latent vectors [N, L], got ", z.sizes());
  const torch::Tensor x = z.detach().to(torch::kCPU, torch::kFloat64);
  LatentStatistics s;
  s.mean_ = x.mean(0);
  const torch::Tensor d = x - s.mean_;
  const torch::Tensor c = d.t().matmul(d) / double(x.size(0) - 1);
  const std::int64_t L = x.size(1);
  const double level = std::max(c.trace().item<double>() / double(L), 1e-300);
  s.precision_ = at::linalg_inv((1.0 - kShrinkage) * c + kShrinkage * level * torch::eye(L, torch::kFloat64));
  return s;
}

torch::Tensor LatentStatistics::distance(const torch::Tensor& z) const {
  ensure(!empty(), "empty latent statistics");
  const torch::Tensor d = z.detach().to(torch::kCPU, torch::kFloat64) - mean_;
  return ((d.matmul(precision_) * d).sum(1) / double(mean_.size(0))).clamp_min(0.0).sqrt();
}

void LatentStatistics::save(const fs::path& file) const {
  torch::serialize::OutputArchive a;
  a.write("kind", c10::IValue(std::string("pairinv latent statistics 1")));
  a.write("mean", mean_);
  a.write("precision", precision_);
  writeAtomically(file, [&](const fs::path& tmp) { a.save_to(tmp.string()); });
}

LatentStatistics LatentStatistics::load(const fs::path& file, std::int64_t latentSize) {
  require(fs::exists(file), "'", file.string(), "' does not exist: the run has no latent statistics (rerun "
          "pairinv train with the same command to compute them)");
  torch::serialize::InputArchive a;
  try {
    a.load_from(file.string());
  } catch (const c10::Error& e) {
    throw InputError(concat("'", file.string(), "' is not readable (", e.what_without_backtrace(), ")"));
  }
  c10::IValue kind;
  require(a.try_read("kind", kind) && kind.isString() && kind.toStringRef() == "pairinv latent statistics 1", "'",
          file.string(), "' is not a pairinv latent-statistics file");
  LatentStatistics s;
  a.read("mean", s.mean_);
  a.read("precision", s.precision_);
  require(s.mean_.dim() == 1 && s.mean_.size(0) == latentSize && s.precision_.dim() == 2 &&
              s.precision_.size(0) == latentSize && s.precision_.size(1) == latentSize,
          "'", file.string(), "' does not fit a latent size of ", latentSize);
  return s;
}

}  // namespace pairinv::learning
