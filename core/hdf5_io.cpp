// HDF5 C API behind RAII handles. HDF5 reports failures by negative return values and an
// error stack; we silence the stack's printing and turn failures into exceptions naming the
// file and object, with HDF5's innermost message appended for the curious.
#include "core/hdf5_io.hpp"

#include <algorithm>
#include <cstring>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace fs = std::filesystem;

namespace pairinv {

namespace {

using Handle = Hdf5Handle;

void silenceHdf5() {
  H5open();
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);  // we report errors ourselves
}

// The innermost description on HDF5's error stack (then clears it), e.g. "file doesn't exist".
std::string hdf5Detail() {
  std::string detail;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_UPWARD,
      [](unsigned n, const H5E_error2_t* err, void* out) -> herr_t {
        if (n == 0 && err && err->desc) *static_cast<std::string*>(out) = err->desc;
        return 0;
      },
      &detail);
  H5Eclear2(H5E_DEFAULT);
  return detail.empty() ? std::string() : " (HDF5: " + detail + ")";
}

std::string where(const fs::path& file, const std::string& object) {
  return concat("HDF5 file '", file.string(), "', object '", object, "'");
}

}  // namespace

Hdf5File Hdf5File::create(const fs::path& path, const fs::path& displayName) {
  silenceHdf5();
  const fs::path name = displayName.empty() ? path : displayName;
  const hid_t id = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
  if (id < 0) throw Error(concat("cannot create HDF5 file '", name.string(), "'", hdf5Detail()));
  return Hdf5File(id, name);
}

Hdf5File Hdf5File::openReadOnly(const fs::path& path) {
  silenceHdf5();
  std::error_code ec;
  require(fs::exists(path, ec), "HDF5 file '", path.string(), "' does not exist");
  require(H5Fis_hdf5(path.c_str()) > 0, "'", path.string(), "' is not an HDF5 file", hdf5Detail());
  const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  if (id < 0) throw InputError(concat("cannot open HDF5 file '", path.string(), "'", hdf5Detail()));
  return Hdf5File(id, path);
}

Hdf5File::Hdf5File(Hdf5File&& other) noexcept : id_(other.id_), name_(std::move(other.name_)) {
  other.id_ = -1;
}

Hdf5File& Hdf5File::operator=(Hdf5File&& other) noexcept {
  if (this != &other) {
    if (id_ >= 0) H5Fclose(id_);
    id_ = other.id_;
    name_ = std::move(other.name_);
    other.id_ = -1;
  }
  return *this;
}

Hdf5File::~Hdf5File() {
  if (id_ >= 0) H5Fclose(id_);
}

void Hdf5File::close() {
  if (id_ < 0) return;
  const hid_t id = id_;
  id_ = -1;
  if (H5Fclose(id) < 0)
    throw Error(concat("cannot finish writing HDF5 file '", name_.string(), "'", hdf5Detail()));
}

bool Hdf5File::hasDataset(const std::string& dataset) const {
  // H5Lexists fails on a missing intermediate group, so open the object and check its kind.
  Handle obj(H5Oopen(id_, dataset.c_str(), H5P_DEFAULT), H5Oclose);
  if (!obj.valid()) {
    H5Eclear2(H5E_DEFAULT);
    return false;
  }
  return H5Iget_type(obj.get()) == H5I_DATASET;
}

std::vector<hsize_t> Hdf5File::datasetShape(const std::string& dataset) const {
  Handle dset(H5Dopen2(id_, dataset.c_str(), H5P_DEFAULT), H5Dclose);
  require(dset.valid(), where(name_, dataset), ": no such dataset", hdf5Detail());
  Handle space(H5Dget_space(dset.get()), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.get());
  require(rank >= 0, where(name_, dataset), ": unreadable dataspace", hdf5Detail());
  std::vector<hsize_t> shape(std::size_t(rank), 0);
  H5Sget_simple_extent_dims(space.get(), shape.data(), nullptr);
  return shape;
}

bool Hdf5File::datasetIsFloatingPoint(const std::string& dataset) const {
  Handle dset(H5Dopen2(id_, dataset.c_str(), H5P_DEFAULT), H5Dclose);
  require(dset.valid(), where(name_, dataset), ": no such dataset", hdf5Detail());
  Handle type(H5Dget_type(dset.get()), H5Tclose);
  return H5Tget_class(type.get()) == H5T_FLOAT;
}

namespace {

// Creates `dataset` (with intermediate groups, optional chunking) and writes `values`.
void createAndWrite(hid_t file, const fs::path& name, const std::string& dataset,
                    const std::vector<hsize_t>& shape, const std::vector<hsize_t>& chunk,
                    hid_t fileType, hid_t memType, const void* values) {
  require(chunk.empty() || chunk.size() == shape.size(), where(name, dataset), ": chunk rank ",
          chunk.size(), " differs from data rank ", shape.size());
  for (std::size_t d = 0; d < chunk.size(); ++d)
    require(chunk[d] >= 1 && chunk[d] <= std::max<hsize_t>(shape[d], 1), where(name, dataset),
            ": chunk size ", chunk[d], " on axis ", d, " must be in [1, ", shape[d], "]");
  Handle space(shape.empty() ? H5Screate(H5S_SCALAR)
                             : H5Screate_simple(int(shape.size()), shape.data(), nullptr),
               H5Sclose);
  Handle lcpl(H5Pcreate(H5P_LINK_CREATE), H5Pclose);
  H5Pset_create_intermediate_group(lcpl.get(), 1);
  Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  if (!chunk.empty()) H5Pset_chunk(dcpl.get(), int(chunk.size()), chunk.data());
  H5Pset_obj_track_times(dcpl.get(), 0);  // no creation times: the same content gives the same bytes
  Handle dset(H5Dcreate2(file, dataset.c_str(), fileType, space.get(), lcpl.get(), dcpl.get(),
                         H5P_DEFAULT),
              H5Dclose);
  if (!dset.valid())
    throw Error(concat(where(name, dataset), ": cannot create dataset (does it exist already?)",
                       hdf5Detail()));
  if (H5Sget_simple_extent_npoints(space.get()) > 0 &&
      H5Dwrite(dset.get(), memType, H5S_ALL, H5S_ALL, H5P_DEFAULT, values) < 0)
    throw Error(concat(where(name, dataset), ": write failed", hdf5Detail()));
}

// Opens a dataset, group or the root ("/") for attribute access.
hid_t openObject(hid_t file, const fs::path& name, const std::string& object) {
  const hid_t obj = H5Oopen(file, object.c_str(), H5P_DEFAULT);
  require(obj >= 0, where(name, object), ": no such object", hdf5Detail());
  return obj;
}

}  // namespace

void Hdf5File::writeDataset(const std::string& dataset, const std::vector<hsize_t>& shape,
                            const double* data, bool storeAsFloat32,
                            const std::vector<hsize_t>& chunk) {
  if (!storeAsFloat32)
    return createAndWrite(id_, name_, dataset, shape, chunk, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE,
                          data);
  // Narrow here rather than in HDF5's converter so the rounding is exactly static_cast<float>,
  // as in the .npy writer.
  std::size_t n = 1;
  for (hsize_t d : shape) n *= std::size_t(d);
  const std::vector<float> narrowed(data, data + n);
  createAndWrite(id_, name_, dataset, shape, chunk, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT,
                 narrowed.data());
}

void Hdf5File::writeDataset(const std::string& dataset, const std::vector<hsize_t>& shape,
                            const float* data, const std::vector<hsize_t>& chunk) {
  createAndWrite(id_, name_, dataset, shape, chunk, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, data);
}

Hdf5Array Hdf5File::readDataset(const std::string& dataset) const {
  Handle dset(H5Dopen2(id_, dataset.c_str(), H5P_DEFAULT), H5Dclose);
  require(dset.valid(), where(name_, dataset), ": no such dataset", hdf5Detail());
  Handle type(H5Dget_type(dset.get()), H5Tclose);
  const H5T_class_t cls = H5Tget_class(type.get());
  require(cls == H5T_FLOAT || cls == H5T_INTEGER, where(name_, dataset),
          ": dataset is not numeric; expected float32 or float64");
  Hdf5Array array;
  array.shape = datasetShape(dataset);
  array.storedAsFloat32 = cls == H5T_FLOAT && H5Tget_size(type.get()) == 4;
  Handle space(H5Dget_space(dset.get()), H5Sclose);
  array.data.resize(std::size_t(H5Sget_simple_extent_npoints(space.get())));
  if (!array.data.empty() && H5Dread(dset.get(), H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL,
                                     H5P_DEFAULT, array.data.data()) < 0)
    throw InputError(concat(where(name_, dataset), ": read failed", hdf5Detail()));
  return array;
}

Hdf5Array Hdf5File::readDatasetSlice(const std::string& dataset, hsize_t index) const {
  const std::vector<hsize_t> shape = datasetShape(dataset);
  require(!shape.empty() && index < shape[0], where(name_, dataset), ": cannot read entry ",
          index, " along the first axis of a dataset of ", shape.empty() ? 0 : shape[0]);
  Handle dset(H5Dopen2(id_, dataset.c_str(), H5P_DEFAULT), H5Dclose);
  Handle type(H5Dget_type(dset.get()), H5Tclose);
  const H5T_class_t cls = H5Tget_class(type.get());
  require(cls == H5T_FLOAT || cls == H5T_INTEGER, where(name_, dataset),
          ": dataset is not numeric; expected float32 or float64");
  Hdf5Array array;
  array.shape.assign(shape.begin() + 1, shape.end());
  array.storedAsFloat32 = cls == H5T_FLOAT && H5Tget_size(type.get()) == 4;
  std::vector<hsize_t> start(shape.size(), 0), count = shape;
  start[0] = index, count[0] = 1;
  std::size_t n = 1;
  for (hsize_t d : array.shape) n *= std::size_t(d);
  array.data.resize(n);
  if (n == 0) return array;
  Handle fileSpace(H5Dget_space(dset.get()), H5Sclose);
  Handle memSpace(H5Screate_simple(int(count.size()), count.data(), nullptr), H5Sclose);
  if (H5Sselect_hyperslab(fileSpace.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                          nullptr) < 0 ||
      H5Dread(dset.get(), H5T_NATIVE_DOUBLE, memSpace.get(), fileSpace.get(), H5P_DEFAULT,
              array.data.data()) < 0)
    throw InputError(concat(where(name_, dataset), ": read failed", hdf5Detail()));
  return array;
}

void Hdf5File::writeNumericAttribute(const std::string& object, const std::string& attribute,
                                     hid_t fileType, hid_t memType, const void* data,
                                     std::size_t count, bool scalar) {
  Handle obj(openObject(id_, name_, object), H5Oclose);
  if (H5Aexists(obj.get(), attribute.c_str()) > 0) H5Adelete(obj.get(), attribute.c_str());
  const hsize_t n = count;
  Handle space(scalar ? H5Screate(H5S_SCALAR) : H5Screate_simple(1, &n, nullptr), H5Sclose);
  Handle attr(H5Acreate2(obj.get(), attribute.c_str(), fileType, space.get(), H5P_DEFAULT,
                         H5P_DEFAULT),
              H5Aclose);
  const double dummy = 0;  // HDF5 rejects a null buffer even for zero elements
  if (!attr.valid() || H5Awrite(attr.get(), memType, data ? data : &dummy) < 0)
    throw Error(concat(where(name_, object), ": cannot write attribute '", attribute, "'",
                       hdf5Detail()));
}

void Hdf5File::writeAttribute(const std::string& object, const std::string& attribute,
                              const std::string& value) {
  Handle obj(openObject(id_, name_, object), H5Oclose);
  if (H5Aexists(obj.get(), attribute.c_str()) > 0) H5Adelete(obj.get(), attribute.c_str());
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.get(), H5T_VARIABLE);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  Handle attr(H5Acreate2(obj.get(), attribute.c_str(), type.get(), space.get(), H5P_DEFAULT,
                         H5P_DEFAULT),
              H5Aclose);
  const char* text = value.c_str();
  if (!attr.valid() || H5Awrite(attr.get(), type.get(), &text) < 0)
    throw Error(concat(where(name_, object), ": cannot write attribute '", attribute, "'",
                       hdf5Detail()));
}

void Hdf5File::writeAttribute(const std::string& object, const std::string& attribute,
                              const char* value) {
  writeAttribute(object, attribute, std::string(value));
}

void Hdf5File::writeAttribute(const std::string& object, const std::string& attribute,
                              double value) {
  writeNumericAttribute(object, attribute, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value, 1, true);
}

void Hdf5File::writeAttribute(const std::string& object, const std::string& attribute,
                              std::int64_t value) {
  writeNumericAttribute(object, attribute, H5T_STD_I64LE, H5T_NATIVE_INT64, &value, 1, true);
}

void Hdf5File::writeAttribute(const std::string& object, const std::string& attribute,
                              int value) {
  writeAttribute(object, attribute, std::int64_t{value});
}

void Hdf5File::writeAttribute(const std::string& object, const std::string& attribute,
                              const std::vector<double>& values) {
  writeNumericAttribute(object, attribute, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, values.data(),
                        values.size(), false);
}

void Hdf5File::writeAttribute(const std::string& object, const std::string& attribute,
                              const std::vector<std::int64_t>& values) {
  writeNumericAttribute(object, attribute, H5T_STD_I64LE, H5T_NATIVE_INT64, values.data(),
                        values.size(), false);
}

bool Hdf5File::hasAttribute(const std::string& object, const std::string& attribute) const {
  Handle obj(H5Oopen(id_, object.c_str(), H5P_DEFAULT), H5Oclose);
  const bool found = obj.valid() && H5Aexists(obj.get(), attribute.c_str()) > 0;
  H5Eclear2(H5E_DEFAULT);
  return found;
}

std::string Hdf5File::readStringAttribute(const std::string& object,
                                          const std::string& attribute) const {
  Handle obj(openObject(id_, name_, object), H5Oclose);
  Handle attr(H5Aopen(obj.get(), attribute.c_str(), H5P_DEFAULT), H5Aclose);
  require(attr.valid(), where(name_, object), ": no attribute '", attribute, "'", hdf5Detail());
  Handle type(H5Aget_type(attr.get()), H5Tclose);
  require(H5Tget_class(type.get()) == H5T_STRING && attributeSize(object, attribute) == 1,
          where(name_, object), ": attribute '", attribute, "' is not a single string");
  if (H5Tis_variable_str(type.get()) > 0) {
    Handle memType(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(memType.get(), H5T_VARIABLE);
    H5Tset_cset(memType.get(), H5Tget_cset(type.get()));
    char* text = nullptr;
    require(H5Aread(attr.get(), memType.get(), &text) >= 0, where(name_, object),
            ": cannot read attribute '", attribute, "'", hdf5Detail());
    std::string value = text ? text : "";
    H5free_memory(text);
    return value;
  }
  // Fixed-length string (as written by h5py for numpy bytes, or by older tools).
  const std::size_t size = H5Tget_size(type.get());
  std::string buffer(size, '\0');
  require(H5Aread(attr.get(), type.get(), buffer.data()) >= 0, where(name_, object),
          ": cannot read attribute '", attribute, "'", hdf5Detail());
  buffer.resize(::strnlen(buffer.data(), size));
  return buffer;
}

std::size_t Hdf5File::attributeSize(const std::string& object,
                                    const std::string& attribute) const {
  Handle obj(openObject(id_, name_, object), H5Oclose);
  Handle attr(H5Aopen(obj.get(), attribute.c_str(), H5P_DEFAULT), H5Aclose);
  require(attr.valid(), where(name_, object), ": no attribute '", attribute, "'", hdf5Detail());
  Handle space(H5Aget_space(attr.get()), H5Sclose);
  return std::size_t(H5Sget_simple_extent_npoints(space.get()));
}

void Hdf5File::readNumericAttribute(const std::string& object, const std::string& attribute,
                                    hid_t memType, void* data, std::size_t count) const {
  Handle obj(openObject(id_, name_, object), H5Oclose);
  Handle attr(H5Aopen(obj.get(), attribute.c_str(), H5P_DEFAULT), H5Aclose);
  require(attr.valid(), where(name_, object), ": no attribute '", attribute, "'", hdf5Detail());
  Handle type(H5Aget_type(attr.get()), H5Tclose);
  const H5T_class_t cls = H5Tget_class(type.get());
  require(cls == H5T_FLOAT || cls == H5T_INTEGER, where(name_, object), ": attribute '",
          attribute, "' is not numeric");
  if (count == 0) return;
  require(H5Aread(attr.get(), memType, data) >= 0, where(name_, object),
          ": cannot read attribute '", attribute, "'", hdf5Detail());
}

double Hdf5File::readDoubleAttribute(const std::string& object,
                                     const std::string& attribute) const {
  const std::size_t n = attributeSize(object, attribute);
  require(n == 1, where(name_, object), ": attribute '", attribute, "' has ", n,
          " values, expected one");
  double value = 0;
  readNumericAttribute(object, attribute, H5T_NATIVE_DOUBLE, &value, 1);
  return value;
}

std::int64_t Hdf5File::readInt64Attribute(const std::string& object,
                                          const std::string& attribute) const {
  const std::size_t n = attributeSize(object, attribute);
  require(n == 1, where(name_, object), ": attribute '", attribute, "' has ", n,
          " values, expected one");
  std::int64_t value = 0;
  readNumericAttribute(object, attribute, H5T_NATIVE_INT64, &value, 1);
  return value;
}

std::vector<double> Hdf5File::readDoubleVectorAttribute(const std::string& object,
                                                        const std::string& attribute) const {
  std::vector<double> values(attributeSize(object, attribute));
  readNumericAttribute(object, attribute, H5T_NATIVE_DOUBLE, values.data(), values.size());
  return values;
}

std::vector<std::int64_t> Hdf5File::readInt64VectorAttribute(const std::string& object,
                                                             const std::string& attribute) const {
  std::vector<std::int64_t> values(attributeSize(object, attribute));
  readNumericAttribute(object, attribute, H5T_NATIVE_INT64, values.data(), values.size());
  return values;
}

void writeHdf5Atomically(const fs::path& target, const std::function<void(Hdf5File&)>& write) {
  AtomicFile out(target);
  {
    // Declared after `out`, so on an exception the file is closed before the temp is removed.
    Hdf5File file = Hdf5File::create(out.tempPath(), target);
    write(file);
    file.close();
  }
  out.commit();
}

}  // namespace pairinv
