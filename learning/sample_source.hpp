// Where training and estimation samples come from: pairs (q_i, b_i) of a model [1, nz, nx]
// and data [nshots, nt, nrec] (C order, float32), read by index. No LibTorch here.
//
//   MemorySampleSource : everything in memory (tiny generated sets, or a survey read once).
//   openSurvey()       : an HDF5 survey (/models [N,1,nz,nx], /data [N,nshots,nsamples,nrec],
//                        root attributes nz, nx, dz, dx, dt, physics), either read into memory
//                        or streamed sample by sample from the file.
//
// Time subsampling (keep every k-th time sample) is applied when reading, so dataShape() is
// the shape the networks see. After setNormalization() read() returns normalised values;
// readRaw() always returns physical units.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/survey_file.hpp"
#include "learning/normalization.hpp"
#include "learning/options.hpp"

namespace pairinv::learning {

using Shape3 = std::array<std::int64_t, 3>;

inline std::int64_t shapeSize(const Shape3& s) { return s[0] * s[1] * s[2]; }

class SampleSource {
 public:
  virtual ~SampleSource() = default;
  virtual std::int64_t size() const = 0;
  /// [1, nz, nx] (meaningful also when hasModels() is false: the shape estimates take).
  virtual Shape3 modelShape() const = 0;
  /// [nshots, nt, nrec] after time subsampling.
  virtual Shape3 dataShape() const = 0;
  virtual bool hasModels() const = 0;
  virtual bool hasData() const = 0;
  std::int64_t modelSize() const { return shapeSize(modelShape()); }
  std::int64_t dataSize() const { return shapeSize(dataShape()); }

  /// Sample i in physical units into model (modelSize floats) and data (dataSize floats);
  /// either may be null. Safe to call from any one thread at a time (internally locked).
  virtual void readRaw(std::int64_t index, float* model, float* data) = 0;
  /// As readRaw, normalised by the statistics set with setNormalization (raw if none).
  virtual void read(std::int64_t index, float* model, float* data);
  virtual void setNormalization(const NormalizationStats& stats);
  const std::optional<NormalizationStats>& normalization() const { return stats_; }

 protected:
  std::optional<NormalizationStats> stats_;
};

/// Samples held in two arrays: models [N * modelSize], data [N * dataSize] (either may be
/// empty when absent). setNormalization normalises the arrays once, in place.
class MemorySampleSource : public SampleSource {
 public:
  MemorySampleSource(Shape3 modelShape, Shape3 dataShape, std::vector<float> models,
                     std::vector<float> data);
  std::int64_t size() const override { return count_; }
  Shape3 modelShape() const override { return modelShape_; }
  Shape3 dataShape() const override { return dataShape_; }
  bool hasModels() const override { return !models_.empty(); }
  bool hasData() const override { return !data_.empty(); }
  void readRaw(std::int64_t index, float* model, float* data) override;
  void read(std::int64_t index, float* model, float* data) override;
  void setNormalization(const NormalizationStats& stats) override;

 private:
  Shape3 modelShape_, dataShape_;
  std::vector<float> models_, data_;
  std::int64_t count_ = 0;
  bool normalizedInPlace_ = false;
};

// SurveyInfo, readSurveyInfo and surveyGeometry: core/survey_file.hpp.

/// InputError naming `file`, every differing or missing key and both values unless `survey`
/// records every key of `trained` with the same value. `what` names the trained side in the
/// message.
void requireSameGeometry(const std::string& trained, const std::string& survey, const std::filesystem::path& file,
                         const std::string& what);

/// Opens a survey. `loading`: Memory, Stream or Auto (memory when the float32 samples of all
/// `copiesOnNode` processes of this node that hold the set take at most memoryLimitGb).
/// maxSamples > 0 keeps only the first samples. `progress` shows a progress line while reading
/// into memory. Streaming reads each sample as an HDF5 hyperslab when it is asked for, so a
/// data-parallel rank reads only the samples of its parts of the batches.
std::unique_ptr<SampleSource> openSurvey(const std::filesystem::path& file, std::int64_t timeStride,
                                         std::int64_t maxSamples, Loading loading,
                                         double memoryLimitGb, bool progress, int copiesOnNode = 1);

/// Contiguous split of [0, n): train first, then validation, then test (the last samples).
/// Each of validation and test gets at least one sample when its fraction is > 0 and n >= 3;
/// training gets at least one. InputError if n < 1.
struct Split {
  std::vector<std::int64_t> train, validation, test;
};
Split splitSamples(std::int64_t n, double valFraction, double testFraction);

/// Number of time samples kept by keeping every `stride`-th of `nsamples`: ceil(nsamples/stride).
std::int64_t subsampledLength(std::int64_t nsamples, std::int64_t stride);

/// One sample's raw data b [shape[0], nsamples, shape[2]] (`values` doubles) as a network of data
/// shape `shape` takes it: every `stride`-th time sample (nsamples -> shape[1]), normalised by
/// `stats`. InputError naming `what` when nsamples does not give shape[1] or `values` does not fit.
std::vector<float> networkInput(const double* b, std::size_t values, std::int64_t nsamples, const Shape3& shape,
                                std::int64_t stride, const NormalizationStats& stats, const std::string& what);

}  // namespace pairinv::learning
