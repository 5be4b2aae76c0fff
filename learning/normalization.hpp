// Normalisation of models and data, as OpenFWI does it (no LibTorch here):
//   model q:  u = q (model_transform "linear") or u = log10 q ("log10", for conductivities
//             that span decades: min-max of raw S/m would squeeze all but the largest values
//             into a corner of [-1, 1]),
//             q' = 2 (u - umin) / (umax - umin) - 1                      in [-1, 1]
//   data  b:  t = sign(b) log1p(k |b|)   (data_transform "log"; t = b for "minmax"; "log_peak"
//             takes k = log_scale / max |b| over the training set, so that the compression
//             does not depend on the data's units: log_scale 1000 keeps three decades below
//             the peak out of the linear range)
//             b' = 2 (t - tmin) / (tmax - tmin) - 1                      in [-1, 1]
// with umin, umax, tmin, tmax the extremes over the training set. With data_range per_channel,
// tmin and tmax are taken per data channel (the first data axis: one range per shot, or per real
// part of EM data, whose units differ: log10 ohm m and degrees), so each channel spans [-1, 1].
// The statistics are stored
// with the trained networks (checkpoint.hpp), so estimates undo exactly what training did;
// statistics saved before model_transform existed read back as "linear".
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/collective.hpp"
#include "learning/options.hpp"

namespace pairinv::learning {

class SampleSource;

struct NormalizationStats {
  bool model_log10 = false;                 // model_transform "log10" (else "linear")
  double model_min = 0.0, model_max = 1.0;  // extremes of the transformed models u
  bool data_log = true;  // "log" transform before min-max
  double log_scale = 1.0;
  double data_min = -1.0, data_max = 1.0;  // extremes of the transformed data
  /// Per-channel extremes (data_range per_channel; empty: one global range). A sample's data
  /// are channels x channel_size values; value i belongs to channel (i / channel_size) % channels.
  std::vector<double> channel_min, channel_max;
  std::int64_t channel_size = 0;

  bool perChannel() const { return !channel_min.empty(); }
  /// tmin and tmax - tmin of value i of a sample's (or batch's) data.
  double dataMin(std::size_t i) const;
  double dataRangeAt(std::size_t i) const;

  void normalizeModel(float* values, std::size_t count) const;
  void denormalizeModel(float* values, std::size_t count) const;
  void normalizeData(float* values, std::size_t count) const;
  void denormalizeData(float* values, std::size_t count) const;
  /// d(u)/d(normalised q) = (umax - umin) / 2, u the transformed model; with "log10",
  /// dq/d(normalised q) = q ln(10) modelScale() (chain rules, vector-Jacobian products).
  double modelScale() const { return 0.5 * modelRange(); }
  /// "linear" or "log10".
  const char* modelTransform() const { return model_log10 ? "log10" : "linear"; }
  double modelRange() const;
  double dataRange() const;

  /// [model_min, model_max, data_log, log_scale, data_min, data_max, model_log10], then for
  /// per-channel ranges [channels, channel_size, channel mins..., channel maxima...], for
  /// checkpoints; fromVector also reads the 6 values of older checkpoints (linear models).
  std::vector<double> toVector() const;
  static NormalizationStats fromVector(const std::vector<double>& v);
};

/// Extremes over the given samples of `source` (raw values; one pass, sample by sample).
/// Models are log10-transformed first with `modelLog10`. InputError if `indices` is empty,
/// values are not finite, or log10 meets a model value <= 0. Collective over `ranks`: each
/// reads its part of `indices`, and all get the same statistics (or the same InputError).
/// With `perChannel`, the data ranges are per channel (the first axis of the source's data shape).
NormalizationStats computeNormalization(SampleSource& source, const std::vector<std::int64_t>& indices,
                                        DataTransform dataTransform, double logScale, bool modelLog10 = false,
                                        Collective& ranks = serialCollective(), bool perChannel = false);

/// -pae_data_range `option` for a survey of `quantity`: Auto is PerChannel for "conductivity".
DataRange resolveDataRange(DataRange option, const std::string& quantity);

/// The model transform for -pae_model_transform `option` and a survey whose `quantity` attribute
/// is given ("" if unknown): Auto is Log10 for "conductivity", else Linear.
ModelTransform resolveModelTransform(ModelTransform option, const std::string& quantity);

}  // namespace pairinv::learning
