// Normalisation of models and data, as OpenFWI does it (no LibTorch here):
//   model q:  q' = 2 (q - qmin) / (qmax - qmin) - 1                      in [-1, 1]
//   data  b:  t = sign(b) log1p(k |b|)   (data_transform "log"; t = b for "minmax")
//             b' = 2 (t - tmin) / (tmax - tmin) - 1                      in [-1, 1]
// with qmin, qmax, tmin, tmax the extremes over the training set. The statistics are stored
// with the trained networks (checkpoint.hpp), so estimates undo exactly what training did.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace pairinv::learning {

class SampleSource;

struct NormalizationStats {
  double model_min = 0.0, model_max = 1.0;
  bool data_log = true;  // "log" transform before min-max
  double log_scale = 1.0;
  double data_min = -1.0, data_max = 1.0;  // extremes of the transformed data

  void normalizeModel(float* values, std::size_t count) const;
  void denormalizeModel(float* values, std::size_t count) const;
  void normalizeData(float* values, std::size_t count) const;
  void denormalizeData(float* values, std::size_t count) const;
  /// d(physical q)/d(normalised q) = (qmax - qmin) / 2, for chain rules (vector-Jacobian products).
  double modelScale() const { return 0.5 * modelRange(); }
  double modelRange() const;
  double dataRange() const;

  /// [model_min, model_max, data_log, log_scale, data_min, data_max], for checkpoints.
  std::vector<double> toVector() const;
  static NormalizationStats fromVector(const std::vector<double>& v);
};

/// Extremes over the given samples of `source` (raw values; one pass, sample by sample).
/// `dataTransform` is "log" or "minmax". InputError if `indices` is empty or values are not finite.
NormalizationStats computeNormalization(SampleSource& source, const std::vector<std::int64_t>& indices,
                                        const std::string& dataTransform, double logScale);

}  // namespace pairinv::learning
