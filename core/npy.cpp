#include "core/npy.hpp"

#include <cstdint>
#include <cstring>
#include <fstream>
#include <limits>
#include <numeric>
#include <regex>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace pairinv {

namespace {

constexpr char kMagic[] = "\x93NUMPY";

std::size_t product(const std::vector<std::size_t>& shape) {
  return std::accumulate(shape.begin(), shape.end(), std::size_t{1}, std::multiplies<>());
}

template <typename T>
void convert(const std::vector<char>& raw, std::vector<double>& out) {
  const std::size_t n = raw.size() / sizeof(T);
  out.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, raw.data() + i * sizeof(T), sizeof(T));
    out[i] = static_cast<double>(v);
  }
}

void writeRaw(const std::filesystem::path& file, const std::vector<std::size_t>& shape,
              const char* descr, const void* data, std::size_t bytes) {
  std::string header = concat("{'descr': '", descr, "', 'fortran_order': False, 'shape': (");
  for (std::size_t d = 0; d < shape.size(); ++d) header += std::to_string(shape[d]) + ", ";
  if (shape.size() > 1) header.resize(header.size() - 2);
  else if (shape.size() == 1) header.resize(header.size() - 1);
  header += "), }";
  // Pad with spaces so that magic(6) + version(2) + length(2) + header + '\n' is a multiple of 64.
  const std::size_t total = 10 + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header += '\n';
  writeAtomically(file, [&](const std::filesystem::path& tmp) {
    std::ofstream out(tmp, std::ios::binary);
    require(out.good(), "cannot open '", file.string(), "' for writing");
    out.write(kMagic, 6);
    const char version[2] = {1, 0};
    out.write(version, 2);
    const std::uint16_t len = static_cast<std::uint16_t>(header.size());
    const char lenBytes[2] = {char(len & 0xff), char(len >> 8)};
    out.write(lenBytes, 2);
    out.write(header.data(), std::streamsize(header.size()));
    out.write(static_cast<const char*>(data), std::streamsize(bytes));
    out.close();
    require(out.good(), "error while writing '", file.string(), "' (disk full?)");
  });
}

}  // namespace

std::string shapeString(const std::vector<std::size_t>& shape) {
  std::string s = "(";
  for (std::size_t d = 0; d < shape.size(); ++d) s += (d ? ", " : "") + std::to_string(shape[d]);
  return s + (shape.size() == 1 ? ",)" : ")");
}

NpyArray readNpy(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  require(in.good(), "cannot open .npy file '", file.string(), "': no such file or not readable");
  char magic[6] = {};
  in.read(magic, 6);
  require(in.good() && std::memcmp(magic, kMagic, 6) == 0, "'", file.string(),
          "' is not a NumPy .npy file (bad magic string)");
  unsigned char version[2] = {};
  in.read(reinterpret_cast<char*>(version), 2);
  require(in.good() && version[0] >= 1 && version[0] <= 3, "'", file.string(),
          "': unsupported .npy format version ", int(version[0]));
  std::uint32_t headerLen = 0;
  unsigned char lenBytes[4] = {};
  const int lenSize = version[0] == 1 ? 2 : 4;
  in.read(reinterpret_cast<char*>(lenBytes), lenSize);
  for (int i = lenSize - 1; i >= 0; --i) headerLen = (headerLen << 8) | lenBytes[i];
  require(in.good() && headerLen < (1u << 20), "'", file.string(), "': corrupt .npy header");
  std::string header(headerLen, '\0');
  in.read(header.data(), headerLen);
  require(in.good(), "'", file.string(), "': truncated .npy header");

  std::smatch m;
  require(std::regex_search(header, m, std::regex("'descr'\\s*:\\s*'([^']*)'")), "'",
          file.string(), "': .npy header has no 'descr'");
  const std::string descr = m[1];
  require(std::regex_search(header, m, std::regex("'fortran_order'\\s*:\\s*(True|False)")), "'",
          file.string(), "': .npy header has no 'fortran_order'");
  require(m[1] == "False", "'", file.string(),
          "' is stored in Fortran order; save it with numpy.ascontiguousarray first");
  require(std::regex_search(header, m, std::regex("'shape'\\s*:\\s*\\(([^)]*)\\)")), "'",
          file.string(), "': .npy header has no 'shape'");
  NpyArray array;
  const std::string dims = m[1];
  const std::regex number("\\d+");
  std::sregex_iterator it(dims.begin(), dims.end(), number), end;
  // Each extent, and the data's size in bytes, must fit in 64 bits (a corrupt header must not
  // overflow into a small, plausible size).
  constexpr std::size_t kMax = std::numeric_limits<std::size_t>::max();
  std::size_t count = 1;
  for (; it != end; ++it) {
    const std::string digits = it->str();
    const std::size_t extent = digits.size() <= 18 ? std::size_t(std::stoull(digits)) : kMax;
    require(extent < kMax && (extent == 0 || count <= kMax / 8 / extent), "'", file.string(), "': .npy shape (",
            dims, ") is too large");
    array.shape.push_back(extent);
    count *= extent;
  }

  std::size_t itemSize = 0;
  if (descr == "<f4" || descr == "<f8" || descr == "<i4" || descr == "<i8")
    itemSize = std::size_t(descr[2] - '0');
  require(itemSize != 0, "'", file.string(), "' has dtype '", descr,
          "'; supported are little-endian float32 (<f4), float64 (<f8), int32 (<i4), int64 (<i8)");
  // Check the size on disk before allocating, so a corrupt shape cannot exhaust memory.
  const auto dataStart = in.tellg();
  in.seekg(0, std::ios::end);
  const auto available = std::size_t(in.tellg() - dataStart);
  in.seekg(dataStart);
  require(available >= count * itemSize, "'", file.string(), "' is truncated: shape ",
          shapeString(array.shape), " needs ", count * itemSize, " data bytes, found ", available);
  std::vector<char> raw(count * itemSize);
  in.read(raw.data(), std::streamsize(raw.size()));
  require(in.gcount() == std::streamsize(raw.size()), "'", file.string(), "' is truncated: shape ",
          shapeString(array.shape), " needs ", raw.size(), " data bytes, found ", in.gcount());
  if (descr == "<f4") convert<float>(raw, array.data), array.storedAs = NpyType::Float32;
  else if (descr == "<f8") convert<double>(raw, array.data);
  else if (descr == "<i4") convert<std::int32_t>(raw, array.data);
  else convert<std::int64_t>(raw, array.data);
  return array;
}

void writeNpy(const std::filesystem::path& file, const std::vector<std::size_t>& shape,
              const double* data, NpyType type) {
  const std::size_t n = product(shape);
  if (type == NpyType::Float64) return writeRaw(file, shape, "<f8", data, n * sizeof(double));
  std::vector<float> f(data, data + n);
  writeRaw(file, shape, "<f4", f.data(), n * sizeof(float));
}

void writeNpy(const std::filesystem::path& file, const std::vector<std::size_t>& shape,
              const float* data) {
  writeRaw(file, shape, "<f4", data, product(shape) * sizeof(float));
}

}  // namespace pairinv
