// NumPy .npy files (format 1.0-3.0): the way OpenFWI and most Python users store arrays.
// Reading accepts little-endian float32, float64, int32 and int64 in C order; everything is
// returned as double. Writing produces float32 or float64, atomically.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace pairinv {

enum class NpyType { Float32, Float64 };

struct NpyArray {
  std::vector<std::size_t> shape;
  std::vector<double> data;  // C (row-major) order
  NpyType storedAs = NpyType::Float64;

  std::size_t size() const { return data.size(); }
};

/// Reads an .npy file; throws InputError naming the file for anything malformed or unsupported.
NpyArray readNpy(const std::filesystem::path& file);

/// Writes `data` (C order, product of `shape` values) as `type`, via a temporary file.
void writeNpy(const std::filesystem::path& file, const std::vector<std::size_t>& shape,
              const double* data, NpyType type);
void writeNpy(const std::filesystem::path& file, const std::vector<std::size_t>& shape,
              const float* data);

/// "(5, 1000, 70)"
std::string shapeString(const std::vector<std::size_t>& shape);

}  // namespace pairinv
