// The survey file's layout, its checks against the current options, and the resumable writer.
// Attributes go through core/hdf5_io.hpp; the per-sample datasets (allocated up front, written
// one sample at a time, flushed) use the HDF5 C API directly, behind core's Hdf5Handle.
#include "core/survey_file.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <iomanip>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/hdf5_io.hpp"
#include "core/number_text.hpp"

namespace fs = std::filesystem;

namespace pairinv {

namespace {

constexpr const char* kFormat = "pairinv-survey";

using Handle = Hdf5Handle;

std::string formatScalar(double v) { return shortestExact(v); }
std::string formatScalar(std::int64_t v) { return std::to_string(v); }

template <typename T>
std::string formatList(const std::vector<T>& v) {
  std::string s = "[";
  for (std::size_t i = 0; i < v.size() && i < 6; ++i) s += (i ? ", " : "") + formatScalar(v[i]);
  return s + (v.size() > 6 ? ", ...]" : "]");
}

std::string formatValue(const SurveyAttribute::Value& value) {
  struct Visitor {
    std::string operator()(const std::string& s) const { return "'" + s + "'"; }
    std::string operator()(double v) const { return formatScalar(v); }
    std::string operator()(std::int64_t v) const { return formatScalar(v); }
    std::string operator()(const std::vector<double>& v) const { return formatList(v); }
    std::string operator()(const std::vector<std::int64_t>& v) const { return formatList(v); }
  };
  return std::visit(Visitor{}, value);
}

/// The attribute as stored in `file`, in the type of `expected`.
SurveyAttribute::Value readLike(const Hdf5File& file, const std::string& name,
                                const SurveyAttribute::Value& expected) {
  switch (expected.index()) {
    case 0: return file.readStringAttribute("/", name);
    case 1: return file.readDoubleAttribute("/", name);
    case 2: return file.readInt64Attribute("/", name);
    case 3: return file.readDoubleVectorAttribute("/", name);
    default: return file.readInt64VectorAttribute("/", name);
  }
}

/// How `file` differs from `layout` ("seed = 3 (now 4)", ...); empty if it matches.
std::vector<std::string> differences(const Hdf5File& file, const SurveyLayout& layout) {
  std::vector<std::string> found;
  for (const SurveyAttribute& a : layout.attributes) {
    if (!file.hasAttribute("/", a.name)) {
      found.push_back(concat(a.name, " missing (now ", formatValue(a.value), ")"));
      continue;
    }
    try {
      const SurveyAttribute::Value stored = readLike(file, a.name, a.value);
      if (stored != a.value) found.push_back(concat(a.name, " = ", formatValue(stored), " (now ", formatValue(a.value), ")"));
    } catch (const InputError&) {
      found.push_back(concat(a.name, " has another type (now ", formatValue(a.value), ")"));
    }
  }
  const auto expectShape = [&](const std::string& dataset, const std::vector<hsize_t>& shape) {
    if (!file.hasDataset(dataset))
      found.push_back(concat("dataset ", dataset, " missing"));
    else if (file.datasetShape(dataset) != shape)
      found.push_back(concat("dataset ", dataset, " has another shape"));
  };
  const hsize_t n = layout.samples;
  if (layout.hasModels)
    expectShape("/models", {n, 1, hsize_t(layout.nz), hsize_t(layout.nx)});
  else if (file.hasDataset("/models"))
    found.push_back("dataset /models present (now data only)");
  expectShape("/completed", {n});
  if (layout.hasData)
    expectShape("/data", {n, hsize_t(layout.nshots), hsize_t(layout.nsamples), hsize_t(layout.nreceivers)});
  else if (file.hasDataset("/data"))
    found.push_back("dataset /data present (now models only)");
  return found;
}

std::string listDifferences(const std::vector<std::string>& found) {
  std::string text;
  for (std::size_t i = 0; i < found.size() && i < 6; ++i) text += (i ? "; " : "") + found[i];
  if (found.size() > 6) text += concat("; and ", found.size() - 6, " more");
  return text;
}

/// Opens `file` and checks that it is a survey file matching `layout`; `advice` ends messages.
void requireMatchingSurvey(const fs::path& file, const SurveyLayout& layout, const std::string& what,
                           const std::string& advice) {
  Hdf5File h5 = [&] {
    try {
      return Hdf5File::openReadOnly(file);
    } catch (const InputError& e) {
      throw InputError(concat(e.what(), "; ", advice));
    }
  }();
  require(h5.hasAttribute("/", "format") && h5.readStringAttribute("/", "format") == kFormat, "'", file.string(),
          "' exists and is not a pairinv survey file (no attribute format = '", kFormat, "'); ", advice);
  const std::vector<std::string> found = differences(h5, layout);
  require(found.empty(), what, " was made with other settings: ", listDifferences(found), ". ", advice);
}

void writeAttribute(Hdf5File& file, const SurveyAttribute& a) {
  std::visit([&](const auto& v) { file.writeAttribute("/", a.name, v); }, a.value);
}

/// Creates /completed (zeros) and the per-sample datasets with every chunk allocated.
void createDatasets(hid_t file, const SurveyLayout& layout) {
  const hsize_t n = layout.samples;
  const auto create = [&](const char* name, hid_t type, const std::vector<hsize_t>& shape, bool chunked) {
    Handle space(H5Screate_simple(int(shape.size()), shape.data(), nullptr), H5Sclose);
    Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
    if (chunked) {
      std::vector<hsize_t> chunk = shape;
      chunk[0] = 1;
      H5Pset_chunk(dcpl.get(), int(chunk.size()), chunk.data());
    }
    H5Pset_alloc_time(dcpl.get(), H5D_ALLOC_TIME_EARLY);
    H5Pset_fill_time(dcpl.get(), H5D_FILL_TIME_NEVER);
    H5Pset_obj_track_times(dcpl.get(), 0);
    Handle dset(H5Dcreate2(file, name, type, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT), H5Dclose);
    if (!dset.valid()) throw Error(concat("cannot create dataset ", name, " of the survey file (disk full?)"));
  };
  create("/completed", H5T_STD_U8LE, {n}, false);
  if (layout.hasModels) create("/models", H5T_IEEE_F32LE, {n, 1, hsize_t(layout.nz), hsize_t(layout.nx)}, true);
  if (layout.hasData)
    create("/data", H5T_IEEE_F32LE,
           {n, hsize_t(layout.nshots), hsize_t(layout.nsamples), hsize_t(layout.nreceivers)}, true);
  const std::vector<std::uint8_t> zeros(n, 0);
  Handle completed(H5Dopen2(file, "/completed", H5P_DEFAULT), H5Dclose);
  if (H5Dwrite(completed.get(), H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, zeros.data()) < 0)
    throw Error("cannot initialise /completed of the survey file (disk full?)");
}

/// The work file, made whole under a temporary name and then renamed into place.
void createPartial(const fs::path& partial, const SurveyLayout& layout) {
  AtomicFile atomic(partial);
  {
    Hdf5File h5 = [&] {
      try {
        return Hdf5File::create(atomic.tempPath(), partial);
      } catch (const Error& e) {
        throw InputError(concat("cannot write the survey file: ", e.what()));
      }
    }();
    h5.writeAttribute("/", "format", kFormat);
    for (const SurveyAttribute& a : layout.attributes) writeAttribute(h5, a);
    h5.close();
  }
  {
    Handle file(H5Fopen(atomic.tempPath().c_str(), H5F_ACC_RDWR, H5P_DEFAULT), H5Fclose);
    if (!file.valid()) throw Error(concat("cannot reopen '", atomic.tempPath().string(), "'"));
    createDatasets(file.get(), layout);
  }
  atomic.commit();
}

}  // namespace

fs::path partialSurveyPath(const fs::path& output) { return fs::path(output.string() + ".partial"); }

SurveyState inspectSurveyOutput(const fs::path& output, const SurveyLayout& layout) {
  std::error_code ec;
  if (fs::exists(output, ec)) {
    requireMatchingSurvey(output, layout, concat("'", output.string(), "' exists and"),
                          "Choose another -output, or delete the file to make it again");
    const Hdf5Array completed = Hdf5File::openReadOnly(output).readDataset("/completed");
    for (double c : completed.data)
      require(c == 1.0, "'", output.string(), "' is a finished survey file but not every sample in /completed is "
              "set; it was not written by this version of pairinv. Delete it to make it again");
    return SurveyState::Complete;
  }
  const fs::path partial = partialSurveyPath(output);
  if (fs::exists(partial, ec)) {
    requireMatchingSurvey(partial, layout,
                          concat("the unfinished survey '", partial.string(), "'"),
                          "Rerun with the options that started it to continue it, or delete it to start afresh");
    return SurveyState::Partial;
  }
  return SurveyState::Missing;
}

void requireDiskSpace(const fs::path& output, const SurveyLayout& layout, std::size_t samples) {
  const fs::path dir = output.has_parent_path() ? output.parent_path() : fs::path(".");
  std::error_code ec;
  const fs::space_info space = fs::space(dir, ec);
  if (ec) return;  // unknown: the writes themselves will tell
  const double needed =
      double(samples) * double((layout.hasModels ? layout.modelSize() : 0) + layout.dataSize()) * 4.0 + 1e6;
  require(double(space.available) >= needed, "the survey needs about ", std::lround(needed / 1e6), " MB for ",
          samples, " samples but only ", std::lround(double(space.available) / 1e6), " MB are free in '",
          dir.string(), "'; free some space or choose another -output");
}

namespace {

/// The work file, created first when missing, opened for writing.
hid_t openWorkFile(const fs::path& partial, const SurveyLayout& layout) {
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // failures are reported as exceptions
  std::error_code ec;
  if (!fs::exists(partial, ec)) createPartial(partial, layout);
  const hid_t file = H5Fopen(partial.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  require(file >= 0, "cannot open '", partial.string(), "' for writing (is another pairinv run writing it?)");
  return file;
}

}  // namespace

SurveyWriter::SurveyWriter(const fs::path& output, const SurveyLayout& layout)
    : output_(output), partial_(partialSurveyPath(output)), layout_(layout),
      file_(openWorkFile(partial_, layout_), H5Fclose) {
  completed_.assign(layout_.samples, 0);
  Handle completed(H5Dopen2(file_.get(), "/completed", H5P_DEFAULT), H5Dclose);
  if (!completed.valid() ||
      H5Dread(completed.get(), H5T_NATIVE_UINT8, H5S_ALL, H5S_ALL, H5P_DEFAULT, completed_.data()) < 0)
    throw InputError(concat("cannot read /completed of '", partial_.string(), "'; delete the file to start afresh"));
}

std::size_t SurveyWriter::completedCount() const {
  std::size_t n = 0;
  for (std::uint8_t c : completed_) n += c != 0;
  return n;
}

void SurveyWriter::writeRows(const char* dataset, std::size_t index, const void* values, hid_t memType,
                             const std::vector<hsize_t>& rowShape) {
  Handle dset(H5Dopen2(file_.get(), dataset, H5P_DEFAULT), H5Dclose);
  Handle fileSpace(dset.valid() ? H5Dget_space(dset.get()) : -1, H5Sclose);
  std::vector<hsize_t> start(rowShape.size() + 1, 0), count(1, 1);
  start[0] = index;
  count.insert(count.end(), rowShape.begin(), rowShape.end());
  Handle memSpace(H5Screate_simple(int(count.size()), count.data(), nullptr), H5Sclose);
  const bool ok = fileSpace.valid() &&
                  H5Sselect_hyperslab(fileSpace.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr) >= 0 &&
                  H5Dwrite(dset.get(), memType, memSpace.get(), fileSpace.get(), H5P_DEFAULT, values) >= 0;
  if (!ok) {
    const int err = errno;
    throw Error(concat("cannot write ", dataset, " of sample ", index, " to '", partial_.string(), "' (",
                       std::strerror(err), "); the ", completedCount(),
                       " samples written before are safe: rerun the same command to continue"));
  }
}

void SurveyWriter::flush(const char* what, std::size_t index) {
  if (H5Fflush(file_.get(), H5F_SCOPE_LOCAL) < 0) {
    const int err = errno;
    throw Error(concat("cannot flush ", what, " of sample ", index, " to '", partial_.string(), "' (",
                       std::strerror(err), "); the ", completedCount(),
                       " samples written before are safe: rerun the same command to continue"));
  }
}

void SurveyWriter::writeSample(std::size_t index, const float* model, const float* data) {
  ensure(index < layout_.samples, "sample ", index, " is beyond the ", layout_.samples, " of the survey");
  if (layout_.hasModels)
    writeRows("/models", index, model, H5T_NATIVE_FLOAT, {1, hsize_t(layout_.nz), hsize_t(layout_.nx)});
  if (layout_.hasData)
    writeRows("/data", index, data, H5T_NATIVE_FLOAT,
              {hsize_t(layout_.nshots), hsize_t(layout_.nsamples), hsize_t(layout_.nreceivers)});
  flush("the data", index);  // the sample is on disk before it is marked complete
  const std::uint8_t one = 1;
  writeRows("/completed", index, &one, H5T_NATIVE_UINT8, {});
  flush("the completion mark", index);
  completed_[index] = 1;
}

void SurveyWriter::finish() {
  ensure(completedCount() == layout_.samples, "finishing a survey with ",
          layout_.samples - completedCount(), " samples missing");
  if (H5Fclose(file_.release()) < 0) throw Error(concat("cannot close '", partial_.string(), "'"));
  flushToDisk(partial_);  // whole on disk before it takes the final name, as AtomicFile does
  std::error_code ec;
  fs::rename(partial_, output_, ec);
  if (ec)
    throw Error(concat("cannot rename '", partial_.string(), "' to '", output_.string(), "': ", ec.message()));
  flushToDisk(output_.has_parent_path() ? output_.parent_path() : fs::path("."));
}


SurveyInfo readSurveyInfo(const fs::path& file) {
  const Hdf5File h5 = Hdf5File::openReadOnly(file);
  SurveyInfo info;
  info.hasModels = h5.hasDataset("/models");
  info.hasData = h5.hasDataset("/data");
  require(info.hasModels || info.hasData, "survey '", file.string(), "' holds neither /models nor /data");
  for (const char* name : {"/models", "/data"})
    require(!h5.hasDataset(name) || h5.datasetIsFloatingPoint(name), "survey '", file.string(), "': ", name,
            " is stored as integers; survey values are float32 or float64");
  if (info.hasModels) {
    const auto s = h5.datasetShape("/models");
    require(s.size() == 4 && s[1] == 1, "survey '", file.string(), "': /models must be [N, 1, nz, nx]");
    require(s[0] > 0 && s[2] > 0 && s[3] > 0, "survey '", file.string(), "': /models has shape [", s[0], ", 1, ", s[2],
            ", ", s[3], "]; every axis must be at least 1 long");
    info.samples = std::int64_t(s[0]);
    info.nz = std::int64_t(s[2]);
    info.nx = std::int64_t(s[3]);
  }
  if (info.hasData) {
    const auto s = h5.datasetShape("/data");
    require(s.size() == 4, "survey '", file.string(), "': /data must be [N, nshots, nsamples, nrec]");
    require(s[0] > 0 && s[1] > 0 && s[2] > 0 && s[3] > 0, "survey '", file.string(), "': /data has shape [", s[0],
            ", ", s[1], ", ", s[2], ", ", s[3], "]; every axis must be at least 1 long");
    require(!info.hasModels || std::int64_t(s[0]) == info.samples, "survey '", file.string(), "': /models has ",
            info.samples, " samples but /data has ", s[0]);
    info.samples = std::int64_t(s[0]);
    info.nshots = std::int64_t(s[1]);
    info.nsamples = std::int64_t(s[2]);
    info.nreceivers = std::int64_t(s[3]);
  }
  // The shapes agree with the attributes that describe them.
  const auto agree = [&](bool has, const char* dataset, const char* attribute, std::int64_t shape) {
    if (!has || !h5.hasAttribute("/", attribute)) return;
    const std::int64_t recorded = h5.readInt64Attribute("/", attribute);
    require(recorded == shape, "survey '", file.string(), "': ", dataset, " has ", attribute, " = ", shape,
            " in its shape but the attribute ", attribute, " says ", recorded, " (a truncated or edited file?)");
  };
  agree(info.hasModels, "/models", "nz", info.nz);
  agree(info.hasModels, "/models", "nx", info.nx);
  const bool em = h5.hasAttribute("/", "physics") && h5.readStringAttribute("/", "physics") == "em";
  if (em && info.hasData && h5.hasAttribute("/", "nsources") && h5.hasAttribute("/", "nreceivers")) {
    // EM data: [N, 2 (real parts), frequencies, sources x receivers].
    agree(true, "/data", "nfrequencies", info.nsamples);
    const std::int64_t pairs = h5.readInt64Attribute("/", "nsources") * h5.readInt64Attribute("/", "nreceivers");
    require(pairs == info.nreceivers, "survey '", file.string(), "': /data has ", info.nreceivers,
            " source-receiver pairs in its shape but the attributes nsources x nreceivers say ", pairs);
  } else if (!em) {
    agree(info.hasData, "/data", "nshots", info.nshots);
    agree(info.hasData, "/data", "nsamples", info.nsamples);
    agree(info.hasData, "/data", "nreceivers", info.nreceivers);
  }
  if (!info.hasModels) {
    if (h5.hasAttribute("/", "nz")) info.nz = h5.readInt64Attribute("/", "nz");
    if (h5.hasAttribute("/", "nx")) info.nx = h5.readInt64Attribute("/", "nx");
  }
  if (h5.hasAttribute("/", "dz")) info.dz = h5.readDoubleAttribute("/", "dz");
  if (h5.hasAttribute("/", "dx")) info.dx = h5.readDoubleAttribute("/", "dx");
  if (h5.hasAttribute("/", "dt")) info.dt = h5.readDoubleAttribute("/", "dt");
  if (h5.hasAttribute("/", "physics")) info.physics = h5.readStringAttribute("/", "physics");
  info.geometry = surveyGeometry(file);
  return info;
}

std::string surveyGeometry(const fs::path& file) {
  const Hdf5File h5 = Hdf5File::openReadOnly(file);
  std::ostringstream text;
  text << std::setprecision(17);
  for (const char* key : {"physics", "polarisation", "source", "datum", "data_form"})
    if (h5.hasAttribute("/", key)) text << key << '=' << h5.readStringAttribute("/", key) << '\n';
  for (const char* key : {"nz", "nx", "dz", "dx", "nshots", "nsamples", "nreceivers", "dt", "first_sample_time",
                          "source_ix", "source_iz", "receiver_ix", "receiver_iz", "frequencies", "source_x",
                          "source_z", "receiver_x", "receiver_z"}) {
    if (!h5.hasAttribute("/", key)) continue;
    text << key << '=';
    const std::vector<double> values = h5.readDoubleVectorAttribute("/", key);
    for (std::size_t i = 0; i < values.size(); ++i) text << (i ? "," : "") << values[i];
    text << '\n';
  }
  return text.str();
}

}  // namespace pairinv
