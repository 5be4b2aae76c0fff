// The survey file: one HDF5 file of N (model, data) pairs, written resumably by `pairinv survey`
// and `pairinv openfwi` (SurveyWriter) and read by the learning module and the apps
// (readSurveyInfo). PETSc- and LibTorch-free.
//
// Layout (docs/survey_format.md has the full list of attributes):
//   /models     float32 [N, 1, nz, nx]                 chunk [1, 1, nz, nx]
//               (absent for field data: SEG-Y gathers imported by invert and repair)
//   /data       float32 [N, nshots, nsamples, nrec]    chunk [1, nshots, nsamples, nrec]
//               (absent for -survey_physics none)
//   /completed  uint8 [N]: 1 once sample i is written (all ones in a finished file)
//   root attributes: everything to rerun or invert (physics, family, family_options, seed, grid,
//   dt of the stored samples, wavelet, source/receiver positions, ...).
//
// Resumability. Samples go into the work file F.h5.partial; after each sample its model and
// data are flushed to the file, then its /completed entry is set and flushed, so a sample
// marked complete is always whole, even after kill -9. All chunks are allocated (never
// filled) when the work file is created, so that writing a sample changes no HDF5 metadata: an
// interruption at any moment leaves a readable file. The work file itself is created under a
// temporary name and renamed, and it is renamed to F.h5 only when every sample is complete.
// Rerunning the same command continues from /completed, after checking that every attribute
// of the work file equals what the current options give.
#pragma once

#include <hdf5.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "core/hdf5_io.hpp"

namespace pairinv {

/// One root attribute of a survey file.
struct SurveyAttribute {
  using Value = std::variant<std::string, double, std::int64_t, std::vector<double>, std::vector<std::int64_t>>;
  std::string name;
  Value value;
};

struct SurveyLayout {
  std::size_t samples = 0;
  int nz = 0, nx = 0;
  bool hasModels = true;  // false: data only (field data, whose true models nobody knows)
  bool hasData = false;   // false: models only
  int nshots = 0, nsamples = 0, nreceivers = 0;
  std::vector<SurveyAttribute> attributes;

  std::size_t modelSize() const { return std::size_t(nz) * std::size_t(nx); }
  std::size_t dataSize() const {
    return hasData ? std::size_t(nshots) * std::size_t(nsamples) * std::size_t(nreceivers) : 0;
  }
};

/// "F.h5" -> "F.h5.partial", the work file of an unfinished survey.
std::filesystem::path partialSurveyPath(const std::filesystem::path& output);

enum class SurveyState {
  Missing,   // neither F.h5 nor F.h5.partial exists
  Partial,   // F.h5.partial exists and was made with the same settings: continue it
  Complete,  // F.h5 exists and was made with the same settings: nothing to do
};

/// Looks at what exists for `output`. Throws InputError, and touches nothing, if F.h5 or
/// F.h5.partial exists but is not a survey file or was made with other settings (the message
/// lists the attributes that differ).
SurveyState inspectSurveyOutput(const std::filesystem::path& output, const SurveyLayout& layout);

/// Throws InputError unless the file system of `output` has room for `samples` more samples.
void requireDiskSpace(const std::filesystem::path& output, const SurveyLayout& layout, std::size_t samples);

/// Writes the samples of a survey into F.h5.partial (created if missing, else continued; call
/// inspectSurveyOutput first) and renames it to F.h5 when all are complete.
class SurveyWriter {
 public:
  SurveyWriter(const std::filesystem::path& output, const SurveyLayout& layout);
  SurveyWriter(const SurveyWriter&) = delete;
  SurveyWriter& operator=(const SurveyWriter&) = delete;
  ~SurveyWriter() = default;  // closes the work file (keeping it for a rerun); never throws

  /// completed()[i] != 0 once sample i is in the file.
  const std::vector<std::uint8_t>& completed() const { return completed_; }
  std::size_t completedCount() const;

  /// Writes sample `index` (layout.modelSize() floats unless the layout has no models, and
  /// layout.dataSize() floats), then marks it complete. Throws Error if the file system refuses (disk full): earlier samples stay intact.
  void writeSample(std::size_t index, const float* model, const float* data);

  /// Renames F.h5.partial to F.h5; every sample must be complete.
  void finish();

 private:
  void writeRows(const char* dataset, std::size_t index, const void* values, hid_t memType,
                 const std::vector<hsize_t>& rowShape);
  void flush(const char* what, std::size_t index);

  std::filesystem::path output_, partial_;
  SurveyLayout layout_;
  Hdf5Handle file_;  // the work file, open for writing until finish()
  std::vector<std::uint8_t> completed_;
};

// ---- Reading --------------------------------------------------------------------------------

/// What a survey file holds (read from its shapes and root attributes).
struct SurveyInfo {
  std::int64_t samples = 0;
  std::int64_t nz = 0, nx = 0;
  bool hasModels = false, hasData = false;
  std::int64_t nshots = 0, nsamples = 0, nreceivers = 0;  // before time subsampling
  double dz = 1.0, dx = 1.0, dt = 0.0;                    // 1, 1, 0 when not recorded
  std::string physics;                                   // "" when not recorded
  /// The acquisition as "key=value" lines (surveyGeometry): what a network trained on this
  /// survey needs the same of every survey it is given.
  std::string geometry;
};

/// Reads shapes and attributes; InputError naming the file for a missing file, datasets of
/// the wrong rank, inconsistent sample counts or integer datasets.
SurveyInfo readSurveyInfo(const std::filesystem::path& file);

/// The geometry text of a survey: the model grid (nz, nx, dz, dx), the data's shape and
/// sampling (nshots, nsamples, nreceivers, dt, first_sample_time) and the acquisition's
/// positions and frequencies, from the root attributes that exist ("key=value" lines, values
/// at full precision). Not the wavelet or the noise: data that differ in those are what the
/// OOD scores are for.
std::string surveyGeometry(const std::filesystem::path& file);

}  // namespace pairinv
