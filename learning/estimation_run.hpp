// `pairinv estimate` without PETSc or LibTorch in the header: likelihood-free estimates and
// quality metrics for every data sample of a survey, from a trained run.
//
// EST.h5 holds (N samples; float32 arrays, float64 metrics):
//   /estimates       [N, 1, nz, nx]   q_hat = D_q(M_dag E_b(b)), physical units
//   /rre, /rma       [N]              quality metrics (paired_autoencoder.hpp)
//   /data_error      [N]              |D_b(E_b b) - b| / |b|
//   /ood             [N]              1 where RRE or RMA exceeds its threshold, else 0
//   /surrogate_data  [N, ns, nt, nr]  D_b(M E_q(q_hat)), physical units, the network's time
//                                     sampling (-pae_write_surrogate, and at most 2 GB)
//   /sample_index    [N]              the survey index of each row
//   with true models in the input, also
//   /model_error     [N]              |q_hat - q| / |q| (physical units)
//   /mae, /rmse      [N]              on models normalised to [-1, 1] (OpenFWI's convention)
//   /ssim            [N]              on (normalised + 1) / 2
// Root attributes: run, input, architecture, ood_percentile, rre_threshold, rma_threshold,
// time_stride, nz, nx, dz, dx. The end-to-end baseline has no RRE/RMA/OOD/surrogate datasets.
// PNG quick-looks of the chosen samples go to EST_png/ beside EST.h5.
#pragma once

#include <cstdint>
#include <filesystem>
#include <vector>

#include "learning/options.hpp"

namespace pairinv::learning {

struct EstimateSummary {
  std::int64_t samples = 0;
  bool hasTruth = false, paired = true;
  double meanRre = 0, meanRma = 0, meanDataError = 0;
  double meanModelError = 0, meanMae = 0, meanRmse = 0, meanSsim = 0;
  std::int64_t oodCount = 0;
  double oodPercentile = 0, rreThreshold = 0, rmaThreshold = 0;
  std::int64_t nz = 0, nx = 0;
  double dz = 1, dx = 1;
  /// The -pae_png_samples that exist, in physical units (for VTK output by the caller).
  struct Chosen {
    std::int64_t index = 0;  // survey index
    std::vector<double> estimate, truth;  // nz * nx (truth empty without true models)
  };
  std::vector<Chosen> chosen;
};

EstimateSummary estimateSurvey(const std::filesystem::path& runDir, const std::filesystem::path& input,
                               const std::filesystem::path& output, const EstimateOptions& options);

}  // namespace pairinv::learning
