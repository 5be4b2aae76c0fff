// A small RAII wrapper over the HDF5 C API for datasets of models and survey data.
//
// Every hid_t is closed by a destructor that never throws. HDF5's automatic error printing is
// switched off; failures become InputError (missing file/dataset/attribute, wrong type or
// shape: the user can fix these) or Error (a write failed), each naming file and object.
// Dataset and attribute objects are addressed by absolute path ("/models", "/survey/data");
// "/" is the file root.
//
// Output files are written atomically by the caller: create() the AtomicFile's temp path,
// write, close(), then commit() -- or simply use writeHdf5Atomically().
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace pairinv {

/// Owns one raw HDF5 id, for code that needs the C API beyond Hdf5File; the matching H5?close
/// runs in the destructor, whose result is ignored.
class Hdf5Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Hdf5Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  Hdf5Handle(const Hdf5Handle&) = delete;
  Hdf5Handle& operator=(const Hdf5Handle&) = delete;
  ~Hdf5Handle() {
    if (id_ >= 0) closer_(id_);
  }
  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  /// Gives up ownership (the caller closes the id).
  hid_t release() {
    const hid_t id = id_;
    id_ = -1;
    return id;
  }

 private:
  hid_t id_;
  Closer closer_;
};

/// A dataset read into memory: C-order values converted to double.
struct Hdf5Array {
  std::vector<hsize_t> shape;
  std::vector<double> data;
  bool storedAsFloat32 = false;  // the file held 32-bit floats (for round-tripping precision)
};

class Hdf5File {
 public:
  /// Creates (truncates) `path`, normally an AtomicFile::tempPath(). Messages name
  /// `displayName` (the final target) when given, else `path`.
  static Hdf5File create(const std::filesystem::path& path,
                         const std::filesystem::path& displayName = {});
  /// Opens an existing file for reading; InputError if it is missing or not HDF5.
  static Hdf5File openReadOnly(const std::filesystem::path& path);

  Hdf5File(Hdf5File&& other) noexcept;
  Hdf5File& operator=(Hdf5File&& other) noexcept;
  Hdf5File(const Hdf5File&) = delete;
  Hdf5File& operator=(const Hdf5File&) = delete;
  ~Hdf5File();  // closes silently if close() was not called

  /// Flushes and closes; throws Error if HDF5 reports a failure (call before committing).
  void close();
  /// The name used in messages.
  const std::filesystem::path& name() const { return name_; }

  /// True if `dataset` exists and is a dataset (false for groups and missing paths).
  bool hasDataset(const std::string& dataset) const;
  /// Shape of an existing dataset (InputError if missing).
  std::vector<hsize_t> datasetShape(const std::string& dataset) const;
  /// Whether an existing dataset holds floating-point values (InputError if missing).
  bool datasetIsFloatingPoint(const std::string& dataset) const;

  /// Writes a new dataset of `shape` (C order), creating intermediate groups. With
  /// storeAsFloat32 the values are narrowed to float32 in the file. `chunk`, if given, must
  /// have the same rank as `shape` with 1 <= chunk[d] <= max(shape[d], 1).
  void writeDataset(const std::string& dataset, const std::vector<hsize_t>& shape,
                    const double* data, bool storeAsFloat32,
                    const std::vector<hsize_t>& chunk = {});
  void writeDataset(const std::string& dataset, const std::vector<hsize_t>& shape,
                    const float* data, const std::vector<hsize_t>& chunk = {});
  /// Reads a float32/float64 (or integer) dataset converted to double.
  Hdf5Array readDataset(const std::string& dataset) const;
  /// Reads entry `index` along the first axis (e.g. one sample of a training set) without
  /// reading the rest; the result has the remaining dimensions as its shape.
  Hdf5Array readDatasetSlice(const std::string& dataset, hsize_t index) const;

  /// Attributes on `object` ("/" for the root, or a dataset/group path). Writing replaces an
  /// attribute of the same name. Strings are stored as variable-length UTF-8 (as h5py does).
  void writeAttribute(const std::string& object, const std::string& attribute,
                      const std::string& value);
  void writeAttribute(const std::string& object, const std::string& attribute,
                      const char* value);
  void writeAttribute(const std::string& object, const std::string& attribute, double value);
  void writeAttribute(const std::string& object, const std::string& attribute,
                      std::int64_t value);
  void writeAttribute(const std::string& object, const std::string& attribute, int value);
  void writeAttribute(const std::string& object, const std::string& attribute,
                      const std::vector<double>& values);
  void writeAttribute(const std::string& object, const std::string& attribute,
                      const std::vector<std::int64_t>& values);

  bool hasAttribute(const std::string& object, const std::string& attribute) const;
  /// Readers throw InputError naming file, object and attribute if it is missing or of the
  /// wrong kind. Numeric readers convert between integer and float types as HDF5 does.
  std::string readStringAttribute(const std::string& object, const std::string& attribute) const;
  double readDoubleAttribute(const std::string& object, const std::string& attribute) const;
  std::int64_t readInt64Attribute(const std::string& object, const std::string& attribute) const;
  std::vector<double> readDoubleVectorAttribute(const std::string& object,
                                                const std::string& attribute) const;
  std::vector<std::int64_t> readInt64VectorAttribute(const std::string& object,
                                                     const std::string& attribute) const;

 private:
  Hdf5File(hid_t id, std::filesystem::path name) : id_(id), name_(std::move(name)) {}
  void writeNumericAttribute(const std::string& object, const std::string& attribute,
                             hid_t fileType, hid_t memType, const void* data, std::size_t count,
                             bool scalar);
  void readNumericAttribute(const std::string& object, const std::string& attribute,
                            hid_t memType, void* data, std::size_t count) const;
  std::size_t attributeSize(const std::string& object, const std::string& attribute) const;

  hid_t id_ = -1;
  std::filesystem::path name_;
};

/// Creates `target` atomically: write(file) fills a temporary HDF5 file, which is then
/// closed and renamed onto `target`. On an exception nothing is left behind.
void writeHdf5Atomically(const std::filesystem::path& target,
                         const std::function<void(Hdf5File&)>& write);

}  // namespace pairinv
