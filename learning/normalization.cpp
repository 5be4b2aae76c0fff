#include "learning/normalization.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "core/error.hpp"
#include "learning/sample_source.hpp"

namespace pairinv::learning {

namespace {
// A constant field (e.g. one training sample) has no range; scale by 1 instead of dividing by 0.
double safeRange(double lo, double hi) { return hi > lo ? hi - lo : 1.0; }
}  // namespace

double NormalizationStats::modelRange() const { return safeRange(model_min, model_max); }
double NormalizationStats::dataRange() const { return safeRange(data_min, data_max); }

double NormalizationStats::dataMin(std::size_t i) const {
  if (!perChannel()) return data_min;
  return channel_min[(i / std::size_t(channel_size)) % channel_min.size()];
}

double NormalizationStats::dataRangeAt(std::size_t i) const {
  if (!perChannel()) return dataRange();
  const std::size_t c = (i / std::size_t(channel_size)) % channel_min.size();
  return safeRange(channel_min[c], channel_max[c]);
}

void NormalizationStats::normalizeModel(float* v, std::size_t n) const {
  const double a = 2.0 / modelRange(), lo = model_min;
  for (std::size_t i = 0; i < n; ++i) {
    const double u = model_log10 ? std::log10(double(v[i])) : double(v[i]);
    v[i] = float(a * (u - lo) - 1.0);
  }
}

void NormalizationStats::denormalizeModel(float* v, std::size_t n) const {
  const double a = 0.5 * modelRange(), lo = model_min;
  for (std::size_t i = 0; i < n; ++i) {
    const double u = (v[i] + 1.0) * a + lo;
    v[i] = float(model_log10 ? std::pow(10.0, u) : u);
  }
}

void NormalizationStats::normalizeData(float* v, std::size_t n) const {
  // Blocks of one range: the whole array, or one channel's values of a sample.
  const std::size_t block = perChannel() ? std::size_t(channel_size) : std::max<std::size_t>(n, 1);
  const float k = float(log_scale);
  for (std::size_t start = 0; start < n; start += block) {
    const float a = float(2.0 / dataRangeAt(start)), lo = float(dataMin(start));
    const std::size_t end = std::min(n, start + block);
    if (data_log) {
      for (std::size_t i = start; i < end; ++i) {
        const float t = std::copysign(std::log1p(k * std::fabs(v[i])), v[i]);
        v[i] = a * (t - lo) - 1.0f;
      }
    } else {
      for (std::size_t i = start; i < end; ++i) v[i] = a * (v[i] - lo) - 1.0f;
    }
  }
}

void NormalizationStats::denormalizeData(float* v, std::size_t n) const {
  const double k = log_scale;
  for (std::size_t i = 0; i < n; ++i) {
    const double t = (v[i] + 1.0) * (0.5 * dataRangeAt(i)) + dataMin(i);
    v[i] = data_log ? float(std::copysign(std::expm1(std::fabs(t)) / k, t)) : float(t);
  }
}

std::vector<double> NormalizationStats::toVector() const {
  std::vector<double> v = {model_min, model_max, data_log ? 1.0 : 0.0, log_scale, data_min, data_max,
                           model_log10 ? 1.0 : 0.0};
  if (!perChannel()) return v;
  v.push_back(double(channel_min.size()));
  v.push_back(double(channel_size));
  v.insert(v.end(), channel_min.begin(), channel_min.end());
  v.insert(v.end(), channel_max.begin(), channel_max.end());
  return v;
}

NormalizationStats NormalizationStats::fromVector(const std::vector<double>& v) {
  const std::size_t channels = v.size() > 8 ? std::size_t(v[7]) : 0;
  require(v.size() == 6 || v.size() == 7 || (channels > 0 && v.size() == 9 + 2 * channels && v[8] >= 1),
          "normalisation statistics: expected 6, 7 or 9 + 2 x channels values, got ", v.size());
  NormalizationStats s;
  s.model_min = v[0];
  s.model_max = v[1];
  s.data_log = v[2] != 0.0;
  s.log_scale = v[3];
  s.data_min = v[4];
  s.data_max = v[5];
  s.model_log10 = v.size() >= 7 && v[6] != 0.0;  // 6 values: saved before model_transform, linear
  if (channels > 0) {
    s.channel_size = std::int64_t(v[8]);
    s.channel_min.assign(v.begin() + 9, v.begin() + 9 + std::ptrdiff_t(channels));
    s.channel_max.assign(v.begin() + 9 + std::ptrdiff_t(channels), v.end());
  }
  return s;
}

NormalizationStats computeNormalization(SampleSource& source, const std::vector<std::int64_t>& indices,
                                        DataTransform dataTransform, double logScale, bool modelLog10,
                                        Collective& ranks, bool perChannel) {
  require(!indices.empty(), "normalisation: no training samples");
  NormalizationStats s;
  s.model_log10 = modelLog10;
  s.data_log = dataTransform != DataTransform::MinMax;
  const bool models = source.hasModels(), data = source.hasData();
  // Each rank scans its part of the samples; the extremes are then reduced over the ranks as
  // maxima of {-qlo, qhi, -blo, bhi, then -blo and bhi of each channel}.
  const std::size_t channels = perChannel && data ? std::size_t(source.dataShape().at(0)) : 0;
  const std::size_t channelSize = channels ? std::size_t(source.dataSize()) / channels : 0;
  std::vector<double> extremes(4 + 2 * channels, -std::numeric_limits<double>::infinity());
  collectively(ranks, [&] {
    std::vector<float> q(models ? source.modelSize() : 0), b(data ? source.dataSize() : 0);
    const auto [begin, end] = partOf(indices.size(), ranks.rank(), ranks.size());
    for (std::size_t k = begin; k < end; ++k) {
      const std::int64_t i = indices[k];
      source.readRaw(i, models ? q.data() : nullptr, data ? b.data() : nullptr);
      for (float v : q) {
        require(!s.model_log10 || v > 0, "normalisation: model_transform log10 needs positive models; sample ", i,
                " holds ", v);
        const double u = s.model_log10 ? std::log10(double(v)) : double(v);
        require(std::isfinite(u), "normalisation: training sample ", i, " holds a non-finite model value (", v, ")");
        extremes[0] = std::max(extremes[0], -u);
        extremes[1] = std::max(extremes[1], u);
      }
      for (std::size_t j = 0; j < b.size(); ++j) {  // the transform is increasing: extremes of the raw values
        const float v = b[j];
        require(std::isfinite(v), "normalisation: training sample ", i, " holds a non-finite data value (", v, ")");
        extremes[2] = std::max(extremes[2], -double(v));
        extremes[3] = std::max(extremes[3], double(v));
        if (channels == 0) continue;
        const std::size_t c = j / channelSize;
        extremes[4 + 2 * c] = std::max(extremes[4 + 2 * c], -double(v));
        extremes[5 + 2 * c] = std::max(extremes[5 + 2 * c], double(v));
      }
    }
  });
  ranks.maximum(extremes.data(), extremes.size());
  const double qlo = -extremes[0], qhi = extremes[1], blo = -extremes[2], bhi = extremes[3];
  if (models) {
    require(std::isfinite(qlo) && std::isfinite(qhi), "normalisation: the training models hold non-finite values");
    s.model_min = qlo;
    s.model_max = qhi;
  }
  if (data) {
    require(std::isfinite(blo) && std::isfinite(bhi), "normalisation: the training data hold non-finite values");
    const double peak = std::max(std::fabs(blo), std::fabs(bhi));
    s.log_scale = dataTransform == DataTransform::LogPeak ? (peak > 0 ? logScale / peak : 1.0) : logScale;
    const auto t = [&](double v) { return s.data_log ? std::copysign(std::log1p(s.log_scale * std::fabs(v)), v) : v; };
    s.data_min = t(blo);
    s.data_max = t(bhi);
    for (std::size_t c = 0; c < channels; ++c) {
      s.channel_min.push_back(t(-extremes[4 + 2 * c]));
      s.channel_max.push_back(t(extremes[5 + 2 * c]));
    }
    s.channel_size = std::int64_t(channelSize);
  }
  return s;
}

DataRange resolveDataRange(DataRange option, const std::string& quantity) {
  if (option != DataRange::Auto) return option;
  return quantity == "conductivity" ? DataRange::PerChannel : DataRange::Global;
}

ModelTransform resolveModelTransform(ModelTransform option, const std::string& quantity) {
  if (option != ModelTransform::Auto) return option;
  return quantity == "conductivity" ? ModelTransform::Log10 : ModelTransform::Linear;
}

}  // namespace pairinv::learning
