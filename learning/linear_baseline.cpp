#include "learning/linear_baseline.hpp"

#include <ATen/ATen.h>
#include <torch/serialize/input-archive.h>
#include <torch/serialize/output-archive.h>

#include <algorithm>
#include <cmath>
#include <iomanip>
#include <limits>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace fs = std::filesystem;

namespace pairinv::learning {

namespace {

const auto kDouble = torch::TensorOptions().dtype(torch::kFloat64);

/// Raw data (and normalised models) of `indices` as float64 rows [n, D] and [n, M].
struct Rows {
  torch::Tensor data, models;
};

Rows readRows(SampleSource& source, const std::vector<std::int64_t>& indices, const NormalizationStats& stats,
              bool models) {
  const std::int64_t n = std::int64_t(indices.size()), ds = source.dataSize(), ms = source.modelSize();
  Rows r;
  r.data = torch::empty({n, ds}, kDouble);
  if (models) r.models = torch::empty({n, ms}, kDouble);
  std::vector<float> b(static_cast<std::size_t>(ds)), q(static_cast<std::size_t>(ms));
  for (std::int64_t row = 0; row < n; ++row) {
    source.readRaw(indices[std::size_t(row)], models ? q.data() : nullptr, b.data());
    r.data[row].copy_(torch::from_blob(b.data(), {ds}, torch::kFloat32));
    if (models) {
      stats.normalizeModel(q.data(), q.size());
      r.models[row].copy_(torch::from_blob(q.data(), {ms}, torch::kFloat32));
    }
  }
  return r;
}

/// Mean relative error in physical units of normalised model rows against physical truth rows.
double meanPhysicalError(const torch::Tensor& normalised, const torch::Tensor& truthPhysical,
                         const NormalizationStats& stats) {
  torch::Tensor q = normalised.to(torch::kFloat32).contiguous().clone();
  stats.denormalizeModel(q.data_ptr<float>(), std::size_t(q.numel()));
  const torch::Tensor e = q.to(torch::kFloat64) - truthPhysical;
  return (e.norm(2, {1}) / truthPhysical.norm(2, {1})).mean().item<double>();
}

torch::Tensor physicalRows(const torch::Tensor& normalised, const NormalizationStats& stats) {
  torch::Tensor q = normalised.to(torch::kFloat32).contiguous().clone();
  stats.denormalizeModel(q.data_ptr<float>(), std::size_t(q.numel()));
  return q.to(torch::kFloat64);
}

}  // namespace

fs::path linearBaselineFile(const fs::path& runDir) { return runDir / "linear_baseline.pt"; }

std::vector<std::int64_t> defaultBaselineComponents() { return {4, 8, 16, 32, 64, 128, 256}; }

std::vector<double> defaultBaselineRidges() {
  std::vector<double> r;
  for (int e = -16; e <= 0; ++e) r.push_back(std::pow(10.0, 0.5 * e));
  return r;
}

torch::Tensor LinearBaseline::coefficients(const torch::Tensor& rawData) const {
  const torch::Tensor x = rawData.reshape({rawData.size(0), -1}).to(torch::kCPU, torch::kFloat64) * scale_;
  return (x - mean_).matmul(components_.t());
}

torch::Tensor LinearBaseline::estimate(const torch::Tensor& rawData) const {
  ensure(!empty(), "an empty linear baseline was asked for an estimate");
  const torch::Tensor q = (modelMean_ + coefficients(rawData).matmul(weights_)).clamp(-1.0, 1.0);
  return q.to(torch::kFloat32).reshape({rawData.size(0), modelShape_[0], modelShape_[1], modelShape_[2]});
}

torch::Tensor LinearBaseline::residual(const torch::Tensor& rawData) const {
  ensure(!empty(), "an empty linear baseline was asked for a residual");
  const torch::Tensor x = rawData.reshape({rawData.size(0), -1}).to(torch::kCPU, torch::kFloat64) * scale_;
  const torch::Tensor d = x - mean_;
  const torch::Tensor r = d - d.matmul(components_.t()).matmul(components_);
  return r.norm(2, {1}) / x.norm(2, {1}).clamp_min(std::numeric_limits<double>::min());
}

std::string LinearBaseline::describe() const {
  std::ostringstream s;
  s << "PCA " << fit_.components << " + ridge " << std::setprecision(2) << fit_.relativeRidge << " x lambda_max";
  return s.str();
}

void LinearBaseline::save(const fs::path& file) const {
  torch::serialize::OutputArchive a;
  a.write("kind", c10::IValue(std::string("pairinv linear baseline 1")));
  a.write("shapes", torch::tensor(std::vector<std::int64_t>{modelShape_[0], modelShape_[1], modelShape_[2],
                                                            dataShape_[0], dataShape_[1], dataShape_[2]}));
  a.write("fit", torch::tensor(std::vector<double>{double(fit_.components), fit_.ridge, fit_.relativeRidge,
                                                   fit_.validationModelError, double(fit_.pcaSamples),
                                                   double(fit_.trainingSamples), scale_},
                               torch::kFloat64));
  a.write("mean", mean_);
  a.write("components", components_);
  a.write("weights", weights_);
  a.write("model_mean", modelMean_);
  writeAtomically(file, [&](const fs::path& tmp) { a.save_to(tmp.string()); });
}

LinearBaseline LinearBaseline::load(const fs::path& file, Shape3 modelShape, Shape3 dataShape) {
  require(fs::exists(file), "'", file.string(), "' does not exist: the run has no linear baseline (rerun "
          "pairinv train with the same command to fit it)");
  torch::serialize::InputArchive a;
  try {
    a.load_from(file.string());
  } catch (const c10::Error& e) {
    throw InputError(concat("'", file.string(), "' is not a readable linear baseline (", e.what_without_backtrace(), ")"));
  }
  c10::IValue kind;
  require(a.try_read("kind", kind) && kind.isString() && kind.toStringRef() == "pairinv linear baseline 1", "'",
          file.string(), "' is not a pairinv linear baseline");
  LinearBaseline l;
  torch::Tensor shapes, fit;
  a.read("shapes", shapes);
  a.read("fit", fit);
  a.read("mean", l.mean_);
  a.read("components", l.components_);
  a.read("weights", l.weights_);
  a.read("model_mean", l.modelMean_);
  const auto s = shapes.to(torch::kInt64).contiguous();
  const auto* sp = s.data_ptr<std::int64_t>();
  require(s.numel() == 6 && Shape3{sp[0], sp[1], sp[2]} == modelShape && Shape3{sp[3], sp[4], sp[5]} == dataShape,
          "'", file.string(), "' was fitted for other model or data shapes than its run's network");
  const auto f = fit.to(torch::kFloat64).contiguous();
  require(f.numel() == 7, "'", file.string(), "': bad fit record");
  const double* fp = f.data_ptr<double>();
  l.fit_ = {std::int64_t(fp[0]), fp[1], fp[2], fp[3], std::int64_t(fp[4]), std::int64_t(fp[5])};
  l.scale_ = fp[6];
  l.modelShape_ = modelShape;
  l.dataShape_ = dataShape;
  const std::int64_t k = l.fit_.components;
  require(l.components_.dim() == 2 && l.components_.size(0) == k && l.components_.size(1) == shapeSize(dataShape) &&
              l.weights_.dim() == 2 && l.weights_.size(0) == k && l.weights_.size(1) == shapeSize(modelShape) &&
              l.mean_.numel() == shapeSize(dataShape) && l.modelMean_.numel() == shapeSize(modelShape),
          "'", file.string(), "': arrays of inconsistent shapes");
  return l;
}

LinearBaseline LinearBaseline::fitOn(SampleSource& source, const Split& split, const NormalizationStats& stats,
                                     std::int64_t pcaSamples, const std::vector<std::int64_t>& componentChoices,
                                     const std::vector<double>& relativeRidgeChoices) {
  require(!split.train.empty(), "linear baseline: no training samples");
  require(!split.validation.empty(), "linear baseline: no validation samples to choose its components and ridge "
          "weight (-pae_val_fraction)");
  ensure(!componentChoices.empty() && !relativeRidgeChoices.empty(), "empty baseline search grid");
  torch::NoGradGuard noGrad;
  LinearBaseline l;
  l.modelShape_ = source.modelShape();
  l.dataShape_ = source.dataShape();

  // 1. PCA on the first pcaSamples training samples: eigenvectors of the Gram matrix.
  const std::vector<std::int64_t> pcaIndices(split.train.begin(),
                                             split.train.begin() + std::min<std::ptrdiff_t>(
                                                 std::ptrdiff_t(split.train.size()), std::ptrdiff_t(pcaSamples)));
  Rows pca = readRows(source, pcaIndices, stats, false);
  const double peak = pca.data.abs().max().item<double>();
  require(std::isfinite(peak), "linear baseline: the training data hold non-finite values");
  l.scale_ = peak > 0 ? 1.0 / peak : 1.0;
  pca.data.mul_(l.scale_);
  l.mean_ = pca.data.mean(0);
  pca.data.sub_(l.mean_);
  const auto [eigenvalues, eigenvectors] = at::linalg_eigh(pca.data.matmul(pca.data.t()), "L");  // ascending
  const double top = eigenvalues[-1].item<double>();
  std::int64_t rank = 0;
  for (std::int64_t i = eigenvalues.size(0); i-- > 0 && eigenvalues[i].item<double>() > 1e-12 * top;) ++rank;
  const std::int64_t kmax = std::min(rank, *std::max_element(componentChoices.begin(), componentChoices.end()));
  require(kmax >= 1, "linear baseline: the training data have no variance");
  const torch::Tensor u = eigenvectors.narrow(1, eigenvalues.size(0) - kmax, kmax).flip({1});
  const torch::Tensor s = eigenvalues.narrow(0, eigenvalues.size(0) - kmax, kmax).flip({0}).sqrt();
  l.components_ = (u.t().matmul(pca.data)) / s.unsqueeze(1);  // [kmax, D], orthonormal rows
  pca = Rows();

  // 2. Normal equations of the ridge over every training sample (centred coefficients).
  const std::int64_t M = source.modelSize();
  torch::Tensor ata = torch::zeros({kmax, kmax}, kDouble), atq = torch::zeros({kmax, M}, kDouble);
  torch::Tensor sumC = torch::zeros({kmax}, kDouble), sumQ = torch::zeros({M}, kDouble);
  const std::size_t chunk = 256;
  for (std::size_t first = 0; first < split.train.size(); first += chunk) {
    const std::vector<std::int64_t> part(split.train.begin() + std::ptrdiff_t(first),
                                         split.train.begin() + std::ptrdiff_t(std::min(first + chunk, split.train.size())));
    const Rows r = readRows(source, part, stats, true);
    const torch::Tensor c = (r.data * l.scale_ - l.mean_).matmul(l.components_.t());
    ata += c.t().matmul(c);
    atq += c.t().matmul(r.models);
    sumC += c.sum(0);
    sumQ += r.models.sum(0);
  }
  const double n = double(split.train.size());
  const torch::Tensor cBar = sumC / n, qBar = sumQ / n;
  ata -= n * torch::outer(cBar, cBar);
  atq -= n * torch::outer(cBar, qBar);
  const double lambdaMax = std::max(at::linalg_eigvalsh(ata, "L")[-1].item<double>(), 1e-300);

  // 3. Components and ridge weight chosen on the validation split.
  const Rows val = readRows(source, split.validation, stats, true);
  const torch::Tensor valTruth = physicalRows(val.models, stats);
  const torch::Tensor cVal = (val.data * l.scale_ - l.mean_).matmul(l.components_.t());
  double bestError = std::numeric_limits<double>::infinity();
  std::vector<std::int64_t> candidates;  // choices above the data's rank become the rank
  for (std::int64_t k : componentChoices)
    if (k >= 1 && std::find(candidates.begin(), candidates.end(), std::min(k, kmax)) == candidates.end())
      candidates.push_back(std::min(k, kmax));
  for (std::int64_t k : candidates) {
    const torch::Tensor a = ata.narrow(0, 0, k).narrow(1, 0, k), b = atq.narrow(0, 0, k);
    for (double rel : relativeRidgeChoices) {
      const torch::Tensor w = at::linalg_solve(a + rel * lambdaMax * torch::eye(k, kDouble), b);
      const torch::Tensor q = (qBar + (cVal.narrow(1, 0, k) - cBar.narrow(0, 0, k)).matmul(w)).clamp(-1.0, 1.0);
      const double e = meanPhysicalError(q, valTruth, stats);
      if (e < bestError) {
        bestError = e;
        l.fit_ = {k, rel * lambdaMax, rel, e, std::int64_t(pcaIndices.size()), std::int64_t(split.train.size())};
        l.weights_ = w;
        l.modelMean_ = qBar - cBar.narrow(0, 0, k).matmul(w);
      }
    }
  }
  require(std::isfinite(bestError), "linear baseline: no candidate fit (components ", kmax, " available)");
  l.components_ = l.components_.narrow(0, 0, l.fit_.components).contiguous();
  return l;
}

}  // namespace pairinv::learning
