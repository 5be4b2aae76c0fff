// libFuzzer harness of the survey reader (core/survey_file.hpp: readSurveyInfo, surveyGeometry,
// and one sample read back). The input does not become the HDF5 bytes themselves (that would
// fuzz libhdf5's parser, not pairinv): it decides how a survey file is made wrong. Which root
// attributes exist, with which types and values (NaN, negative, huge), which datasets exist,
// with which shapes (each axis off by -1, 0 or +1), dtypes (float32, float64, int16) and values
// (NaN and Inf among them). The file is written with HDF5, then read as `pairinv estimate`,
// `train`, `invert` and `repair` first read it: it is read whole, or refused with an InputError.
#include <hdf5.h>

#include <cmath>
#include <limits>
#include <vector>

#include "core/hdf5_io.hpp"
#include "core/survey_file.hpp"
#include "fuzz_input.hpp"

namespace {

/// The input, consumed a byte at a time (zeros once it is used up).
struct Bytes {
  const std::uint8_t* data;
  std::size_t size, at = 0;
  std::uint8_t next() { return at < size ? data[at++] : 0; }
  std::size_t pick(std::size_t n) { return next() % n; }
  double number() {
    switch (pick(8)) {
      case 0: return std::numeric_limits<double>::quiet_NaN();
      case 1: return std::numeric_limits<double>::infinity();
      case 2: return -double(next());
      case 3: return 1e300;
      case 4: return 0.0;
      default: return double(next()) / 8.0;
    }
  }
};

void writeAttribute(pairinv::Hdf5File& h5, const char* name, Bytes& b, double typical) {
  switch (b.pick(6)) {
    case 0: return;  // missing
    case 1: h5.writeAttribute("/", name, std::int64_t(b.pick(2) ? typical : -double(b.next()))); return;
    case 2: h5.writeAttribute("/", name, b.pick(2) ? typical : b.number()); return;
    case 3: h5.writeAttribute("/", name, std::string(b.pick(2) ? "acoustic" : "em")); return;
    case 4: h5.writeAttribute("/", name, std::vector<double>(b.pick(4), b.number())); return;
    default: h5.writeAttribute("/", name, std::vector<std::int64_t>(1 + b.pick(3), std::int64_t(typical)));
  }
}

void writeDataset(const std::filesystem::path& file, const char* name, std::vector<hsize_t> shape, Bytes& b) {
  for (hsize_t& d : shape) d = hsize_t(std::max<long long>(0, (long long)(d) + (long long)(b.pick(3)) - 1));
  if (b.pick(6) == 0) shape.pop_back();  // the wrong rank
  std::size_t n = 1;
  for (hsize_t d : shape) n *= std::size_t(d);
  std::vector<double> values(n);
  for (double& v : values) v = b.pick(16) == 0 ? b.number() : double(b.next()) - 128.0;
  const std::size_t type = b.pick(3);
  const hid_t f = H5Fopen(file.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  const hid_t space = H5Screate_simple(int(shape.size()), shape.data(), nullptr);
  const hid_t fileType = type == 0 ? H5T_IEEE_F32LE : type == 1 ? H5T_IEEE_F64LE : H5T_STD_I16LE;
  const hid_t set = H5Dcreate2(f, name, fileType, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (n > 0) H5Dwrite(set, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data());
  H5Dclose(set), H5Sclose(space), H5Fclose(f);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path file = pairinv::fuzz::scratchFile("survey.h5");
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  Bytes b{data, size};
  const hsize_t samples = 1 + b.pick(3), nz = 1 + b.pick(5), nx = 1 + b.pick(5);
  const hsize_t shots = 1 + b.pick(3), times = 1 + b.pick(6), receivers = 1 + b.pick(4);
  {
    pairinv::Hdf5File h5 = pairinv::Hdf5File::create(file, file);
    if (b.pick(4)) h5.writeAttribute("/", "format", std::string("pairinv-survey"));
    const std::pair<const char*, double> attributes[] = {
        {"physics", 0},        {"survey_size", double(samples)}, {"nz", double(nz)},       {"nx", double(nx)},
        {"dz", 10},            {"dx", 10},                       {"nshots", double(shots)}, {"nsamples", double(times)},
        {"nreceivers", double(receivers)}, {"dt", 0.001},         {"first_sample_time", 0.001},
        {"nfrequencies", double(times)},   {"nsources", 1},       {"source_ix", 1},          {"receiver_ix", 1},
        {"frequencies", 1.0}};
    for (const auto& [name, typical] : attributes) writeAttribute(h5, name, b, typical);
    if (b.pick(3) == 0) h5.writeAttribute("/", "physics", std::string(b.pick(2) ? "none" : "acoustic"));
  }
  if (b.pick(5)) writeDataset(file, "/models", {samples, 1, nz, nx}, b);
  if (b.pick(5)) writeDataset(file, "/data", {samples, shots, times, receivers}, b);
  if (b.pick(4)) writeDataset(file, "/completed", {samples}, b);

  pairinv::fuzz::expectInputErrorsOnly([&] {
    const pairinv::SurveyInfo info = pairinv::readSurveyInfo(file);
    pairinv::surveyGeometry(file);
    const pairinv::Hdf5File h5 = pairinv::Hdf5File::openReadOnly(file);
    for (const char* name : {"/models", "/data"})
      if (h5.hasDataset(name)) {
        const pairinv::Hdf5Array a = h5.readDatasetSlice(name, hsize_t(info.samples - 1));
        if (a.data.empty() && info.samples > 0 && info.nz > 0) std::abort();
      }
  });
  return 0;
}
