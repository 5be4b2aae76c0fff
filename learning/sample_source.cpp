#include "learning/sample_source.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <iomanip>
#include <map>
#include <sstream>

#include "core/error.hpp"
#include "core/hdf5_io.hpp"
#include "core/log.hpp"
#include "core/progress.hpp"

namespace fs = std::filesystem;

namespace pairinv::learning {

void SampleSource::read(std::int64_t index, float* model, float* data) {
  readRaw(index, model, data);
  if (!stats_) return;
  if (model) stats_->normalizeModel(model, std::size_t(modelSize()));
  if (data) stats_->normalizeData(data, std::size_t(dataSize()));
}

void SampleSource::setNormalization(const NormalizationStats& stats) { stats_ = stats; }

// ---------------------------------------------------------------------------------------------

MemorySampleSource::MemorySampleSource(Shape3 modelShape, Shape3 dataShape, std::vector<float> models,
                                       std::vector<float> data)
    : modelShape_(modelShape), dataShape_(dataShape), models_(std::move(models)), data_(std::move(data)) {
  const auto ms = shapeSize(modelShape_), ds = shapeSize(dataShape_);
  require(ms > 0 && ds > 0, "sample source: empty model or data shape");
  require(!models_.empty() || !data_.empty(), "sample source: neither models nor data");
  require(models_.size() % std::size_t(ms) == 0 && data_.size() % std::size_t(ds) == 0,
          "sample source: array sizes are not multiples of the sample sizes");
  const std::int64_t nq = std::int64_t(models_.size()) / ms, nb = std::int64_t(data_.size()) / ds;
  require(models_.empty() || data_.empty() || nq == nb, "sample source: ", nq, " models but ", nb, " data samples");
  count_ = models_.empty() ? nb : nq;
}

void MemorySampleSource::readRaw(std::int64_t i, float* model, float* data) {
  require(i >= 0 && i < count_, "sample ", i, " is out of range [0, ", count_, ")");
  const auto ms = std::size_t(modelSize()), ds = std::size_t(dataSize());
  if (model) {
    require(hasModels(), "this sample source has no models");
    std::memcpy(model, models_.data() + std::size_t(i) * ms, ms * sizeof(float));
    if (normalizedInPlace_) stats_->denormalizeModel(model, ms);
  }
  if (data) {
    require(hasData(), "this sample source has no data");
    std::memcpy(data, data_.data() + std::size_t(i) * ds, ds * sizeof(float));
    if (normalizedInPlace_) stats_->denormalizeData(data, ds);
  }
}

void MemorySampleSource::read(std::int64_t i, float* model, float* data) {
  if (!normalizedInPlace_) return SampleSource::read(i, model, data);
  require(i >= 0 && i < count_, "sample ", i, " is out of range [0, ", count_, ")");
  const auto ms = std::size_t(modelSize()), ds = std::size_t(dataSize());
  if (model) std::memcpy(model, models_.data() + std::size_t(i) * ms, ms * sizeof(float));
  if (data) std::memcpy(data, data_.data() + std::size_t(i) * ds, ds * sizeof(float));
}

void MemorySampleSource::setNormalization(const NormalizationStats& stats) {
  // The same statistics again: nothing to do (and no rounding from undoing and redoing).
  if (normalizedInPlace_ && stats_->toVector() == stats.toVector()) return;
  // Undo an earlier normalisation first, so that a second call normalises the raw values.
  if (normalizedInPlace_) {
    stats_->denormalizeModel(models_.data(), models_.size());
    stats_->denormalizeData(data_.data(), data_.size());
  }
  stats_ = stats;
  stats_->normalizeModel(models_.data(), models_.size());
  stats_->normalizeData(data_.data(), data_.size());
  normalizedInPlace_ = true;
}

// ---------------------------------------------------------------------------------------------

std::int64_t subsampledLength(std::int64_t nsamples, std::int64_t stride) {
  return (nsamples + stride - 1) / stride;
}

std::vector<float> networkInput(const double* b, std::size_t values, std::int64_t nsamples, const Shape3& d,
                                std::int64_t stride, const NormalizationStats& stats, const std::string& what) {
  require(nsamples >= 1 && subsampledLength(nsamples, stride) == d[1], what, ": ", nsamples, " time samples kept every ",
          stride, " give ", subsampledLength(nsamples, stride), ", but the network takes ", d[1]);
  require(values == std::size_t(d[0] * nsamples * d[2]), what, ": the data have ", values,
          " values, expected nshots * nsamples * nrec = ", d[0], " * ", nsamples, " * ", d[2]);
  std::vector<float> sub(static_cast<std::size_t>(d[0] * d[1] * d[2]));
  for (std::int64_t s = 0; s < d[0]; ++s)
    for (std::int64_t t = 0; t < d[1]; ++t)
      for (std::int64_t r = 0; r < d[2]; ++r)
        sub[std::size_t((s * d[1] + t) * d[2] + r)] = float(b[std::size_t((s * nsamples + t * stride) * d[2] + r)]);
  stats.normalizeData(sub.data(), sub.size());
  return sub;
}


namespace {
std::map<std::string, std::string> geometryEntries(const std::string& text) {
  std::map<std::string, std::string> entries;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    const auto eq = line.find('=');
    if (eq != std::string::npos) entries[line.substr(0, eq)] = line.substr(eq + 1);
  }
  return entries;
}
}  // namespace

void requireSameGeometry(const std::string& trained, const std::string& survey, const fs::path& file,
                         const std::string& what) {
  const auto a = geometryEntries(trained), b = geometryEntries(survey);
  std::string differences;
  for (const auto& [key, value] : a) {
    const auto other = b.find(key);
    if (other == b.end())
      differences += concat("\n  ", key, ": not recorded (", what, ": ", value, ")");
    else if (other->second != value)
      differences += concat("\n  ", key, ": ", other->second, " (", what, ": ", value, ")");
  }
  require(differences.empty(), "'", file.string(), "' was not recorded with the geometry ", what, " expects:",
          differences);
}

namespace {

// Converts one sample read as double into float32, keeping every stride-th time sample of the
// data ([nshots, nsamples, nrec] -> [nshots, nt, nrec]).
void convertData(const std::vector<double>& in, const SurveyInfo& info, std::int64_t stride, float* out) {
  const std::int64_t nt = subsampledLength(info.nsamples, stride), nr = info.nreceivers;
  for (std::int64_t s = 0; s < info.nshots; ++s)
    for (std::int64_t t = 0; t < nt; ++t) {
      const double* src = in.data() + (s * info.nsamples + t * stride) * nr;
      float* dst = out + (s * nt + t) * nr;
      for (std::int64_t r = 0; r < nr; ++r) dst[r] = float(src[r]);
    }
}

// Reads samples from the file on demand (the batch loader's thread calls readRaw).
class StreamingSurveySource : public SampleSource {
 public:
  StreamingSurveySource(const fs::path& file, SurveyInfo info, std::int64_t stride, std::int64_t count)
      : file_(Hdf5File::openReadOnly(file)), info_(std::move(info)), stride_(stride), count_(count) {}
  std::int64_t size() const override { return count_; }
  Shape3 modelShape() const override { return {1, info_.nz, info_.nx}; }
  Shape3 dataShape() const override {
    return {info_.nshots, subsampledLength(info_.nsamples, stride_), info_.nreceivers};
  }
  bool hasModels() const override { return info_.hasModels; }
  bool hasData() const override { return info_.hasData; }
  void readRaw(std::int64_t i, float* model, float* data) override {
    require(i >= 0 && i < count_, "sample ", i, " is out of range [0, ", count_, ")");
    std::lock_guard<std::mutex> lock(mutex_);
    if (model) {
      require(info_.hasModels, "survey '", file_.name().string(), "' has no /models");
      const Hdf5Array a = file_.readDatasetSlice("/models", hsize_t(i));
      requireFinite(a.data, "/models", i);
      for (std::size_t k = 0; k < a.data.size(); ++k) model[k] = float(a.data[k]);
    }
    if (data) {
      require(info_.hasData, "survey '", file_.name().string(), "' has no /data");
      const Hdf5Array a = file_.readDatasetSlice("/data", hsize_t(i));
      requireFinite(a.data, "/data", i);
      convertData(a.data, info_, stride_, data);
    }
  }

 private:
  void requireFinite(const std::vector<double>& values, const char* dataset, std::int64_t i) const {
    for (double v : values)
      require(std::isfinite(v), "survey '", file_.name().string(), "': ", dataset, " sample ", i, " holds ", v,
              "; every value must be finite");
  }

  Hdf5File file_;
  SurveyInfo info_;
  std::int64_t stride_, count_;
  std::mutex mutex_;
};

}  // namespace

std::unique_ptr<SampleSource> openSurvey(const fs::path& file, std::int64_t timeStride, std::int64_t maxSamples,
                                         Loading loading, double memoryLimitGb, bool progress, int copiesOnNode) {
  require(timeStride >= 1, "time stride must be >= 1, got ", timeStride);
  const SurveyInfo info = readSurveyInfo(file);
  require(info.samples > 0, "survey '", file.string(), "' holds no samples");
  require(info.nz > 0 && info.nx > 0, "survey '", file.string(), "': unknown model size (no /models, no nz/nx attributes)");
  const std::int64_t count = maxSamples > 0 ? std::min(maxSamples, info.samples) : info.samples;
  auto streaming = std::make_unique<StreamingSurveySource>(file, info, timeStride, count);
  const std::int64_t ms = streaming->modelSize(), ds = info.hasData ? streaming->dataSize() : 0;
  const double gb = double(count) * double((info.hasModels ? ms : 0) + ds) * 4.0 / 1e9;
  const bool inMemory =
      loading == Loading::Memory || (loading == Loading::Auto && gb * std::max(copiesOnNode, 1) <= memoryLimitGb);
  if (!inMemory) {
    if (progress) logInfo(concat("survey ", file.string(), ": ", count, " samples (", gb, " GB) streamed from the file"));
    return streaming;
  }
  std::vector<float> models(info.hasModels ? std::size_t(count * ms) : 0), data(std::size_t(count * ds));
  {
    ProgressLine line("reading " + file.filename().string(), std::size_t(count), "samples", progress && count > 1000);
    for (std::int64_t i = 0; i < count; ++i) {
      streaming->readRaw(i, info.hasModels ? models.data() + i * ms : nullptr, info.hasData ? data.data() + i * ds : nullptr);
      line.update(std::size_t(i + 1));
    }
  }
  if (!info.hasData) data.clear();
  return std::make_unique<MemorySampleSource>(streaming->modelShape(), streaming->dataShape(), std::move(models),
                                              std::move(data));
}

Split splitSamples(std::int64_t n, double valFraction, double testFraction) {
  require(n >= 1, "no samples to split");
  auto count = [n](double f) -> std::int64_t {
    if (f <= 0.0) return 0;
    return n >= 3 ? std::max<std::int64_t>(1, std::int64_t(std::llround(f * double(n)))) : 0;
  };
  std::int64_t nv = count(valFraction), nt = count(testFraction);
  while (nv + nt >= n && (nv > 0 || nt > 0)) {
    if (nt >= nv && nt > 0) --nt;
    else --nv;
  }
  Split s;
  const std::int64_t ntrain = n - nv - nt;
  for (std::int64_t i = 0; i < n; ++i) (i < ntrain ? s.train : i < ntrain + nv ? s.validation : s.test).push_back(i);
  return s;
}

}  // namespace pairinv::learning
