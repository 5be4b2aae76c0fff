// Estimates of data held in memory from a trained run, as `pairinv estimate` gives them for a
// survey: q_hat = D_q(M_dag E_b(b)), the linear baseline's estimate, every quality score the run
// computes (RRE, RMA, ...) and the calibrated OOD flag. For the Python module's pairinv.Run. No
// LibTorch in this header.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace pairinv::learning {

struct DataEstimates {
  std::int64_t count = 0;
  std::vector<double> estimates, baseline;  // [count, nz, nx] physical; baseline empty without one
  std::vector<std::string> scoreNames;      // the scores the run computes
  std::vector<std::vector<double>> scores;  // per name, count values
  std::vector<double> statistic, flagged;   // the flag's statistic T and 1 where T > threshold
};

class RunEstimator {
 public:
  /// Loads RUN_DIR (best.pt, the linear baseline and latent statistics when present) and
  /// calibrates the flag the run chose at training. `device`: cpu, cuda, cuda:N; threads 0: all
  /// cores. InputError for a missing or foreign run.
  RunEstimator(const std::filesystem::path& runDir, const std::string& device = "cpu", std::int64_t threads = 0);
  RunEstimator(RunEstimator&&) noexcept;
  RunEstimator& operator=(RunEstimator&&) noexcept;
  ~RunEstimator();

  /// The data the network takes, [nshots, nt, nrec] after keeping every timeStride()-th sample.
  std::array<std::int64_t, 3> dataShape() const;
  std::int64_t timeStride() const;
  std::int64_t nz() const;
  std::int64_t nx() const;
  /// "pca_residual at 5% validation false-positive rate (T > 1.83)".
  std::string flag() const;

  /// `count` samples of raw data, [count, nshots, nsamples, nrec] at the survey's time sampling.
  DataEstimates estimate(const std::vector<double>& b, std::int64_t count, std::int64_t nsamples) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pairinv::learning
