// `pairinv estimate` without PETSc or LibTorch in the header: likelihood-free estimates, the
// linear baseline's estimates and the quality scores with the calibrated OOD flag for every data
// sample of a survey, from a trained run.
//
// EST.h5 holds (N samples; float32 arrays, float64 scores and metrics):
//   /estimates           [N, 1, nz, nx]   q_hat = D_q(M_dag E_b(b)), physical units
//   /rre, /rma, /data_error, /latent_distance, /pca_residual
//                        [N]              the quality scores the run computes (ood_calibration.hpp)
//   /flag_statistic      [N]              T, the flag's combined statistic
//   /ood                 [N]              1 where T exceeds its validation threshold, else 0
//   /surrogate_data      [N, ns, nt, nr]  D_b(M E_q(q_hat)), physical units, the network's time
//                                         sampling (-pae_write_surrogate, and at most 2 GB)
//   /baseline_estimates  [N, 1, nz, nx]   the linear baseline's estimate (linear_baseline.hpp)
//   /sample_index        [N]              the survey index of each row
//   with true models in the input, also (the baseline's with the prefix baseline_)
//   /model_error         [N]              |q_hat - q| / |q| (physical units)
//   /mae, /rmse          [N]              on models mapped to [-1, 1] by the training range
//                                         (OpenFWI's convention)
//   /ssim                [N]              on those mapped to [0, 1]
// Root attributes: run, input, architecture, flag (scores, rate, threshold), flag_scores,
// flag_fpr, flag_threshold, baseline, time_stride, nz, nx, dz, dx. The end-to-end baseline has no
// RRE/RMA/surrogate datasets; its flag uses the scores it has (pca_residual).
// PNG quick-looks of the chosen samples go to EST_png/ beside EST.h5.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/collective.hpp"
#include "learning/ood_calibration.hpp"
#include "learning/options.hpp"

namespace pairinv::learning {

/// Means of the model-error metrics over the samples with truth.
struct ErrorMeans {
  double modelError = 0, mae = 0, rmse = 0, ssim = 0;
};

struct EstimateSummary {
  std::int64_t samples = 0;
  bool hasTruth = false, paired = true;
  std::array<double, kQualityScoreCount> meanScores{};  // NaN where the run has no such score
  double meanRre = 0, meanRma = 0;                      // = meanScores of rre, rma (paired runs)
  std::int64_t oodCount = 0;                            // samples flagged
  std::string flag;                                     // the flag, OodDetector::describe()
  ErrorMeans errors;                                    // the learned estimate's (with truth)
  double meanModelError = 0;                            // = errors.modelError
  std::string baseline;                                 // "" without a linear baseline
  ErrorMeans baselineErrors;
  std::int64_t nz = 0, nx = 0;
  double dz = 1, dx = 1;
  /// The -pae_png_samples that exist, in physical units (for VTK output by the caller).
  struct Chosen {
    std::int64_t index = 0;  // survey index
    std::vector<double> estimate, truth;  // nz * nx (truth empty without true models)
  };
  std::vector<Chosen> chosen;
};

/// InputError, before anything is written, for a survey whose data do not fit the run (shape,
/// time sampling, geometry recorded at training) or hold integers or non-finite values.
/// Collective over `ranks`: each estimates a contiguous block of the samples; rank 0 gathers
/// them, writes the file and the quick-looks and returns the summary (the others an empty one).
EstimateSummary estimateSurvey(const std::filesystem::path& runDir, const std::filesystem::path& input,
                               const std::filesystem::path& output, const EstimateOptions& options,
                               Collective& ranks = serialCollective());

/// InputError unless the data of `survey` fit the run in `runDir`: their shape after the run's
/// time stride, the model grid and the geometry recorded at training (what estimateSurvey checks
/// at its door; for commands that invert a survey's samples with the run's decoder).
void requireSurveyFitsRun(const std::filesystem::path& runDir, const std::filesystem::path& survey);

}  // namespace pairinv::learning
