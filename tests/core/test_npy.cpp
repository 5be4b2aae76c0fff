// .npy reading and writing: round trips, header layout, files made by NumPy itself, the
// errors a user can meet (truncated, not .npy, Fortran order, unsupported dtype), and the
// shared OpenFWI reference model.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "core/npy.hpp"
#include "test_support.hpp"

namespace pairinv {
namespace {

using testing::inputErrorMessage;
using testing::TempDir;

std::vector<double> ramp(std::size_t n) {
  std::vector<double> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = std::sin(0.7 * double(i)) * 1000.0 + 1.0 / 3.0;
  return v;
}

// Writes a hand-made .npy (version 1.0) with the given header dictionary and payload.
void writeRawNpy(const std::filesystem::path& file, std::string dict, const std::string& payload) {
  while ((10 + dict.size() + 1) % 64 != 0) dict += ' ';
  dict += '\n';
  std::string bytes = "\x93NUMPY";
  bytes += char(1), bytes += char(0);
  bytes += char(dict.size() & 0xff), bytes += char(dict.size() >> 8);
  testing::writeText(file, bytes + dict + payload);
}

TEST(Npy, Float64RoundTripIsExactForOneTwoAndThreeDimensions) {
  TempDir dir;
  for (const std::vector<std::size_t>& shape :
       {std::vector<std::size_t>{7}, {3, 5}, {2, 3, 4}}) {
    std::size_t n = 1;
    for (auto d : shape) n *= d;
    const std::vector<double> values = ramp(n);
    const auto file = dir / ("a" + std::to_string(shape.size()) + ".npy");

    writeNpy(file, shape, values.data(), NpyType::Float64);
    const NpyArray read = readNpy(file);

    EXPECT_EQ(read.shape, shape);
    EXPECT_EQ(read.data, values);
    EXPECT_EQ(read.storedAs, NpyType::Float64);
  }
}

TEST(Npy, Float32RoundTripKeepsFloatPrecision) {
  TempDir dir;
  const std::vector<double> values = ramp(24);

  writeNpy(dir / "d.npy", {2, 3, 4}, values.data(), NpyType::Float32);
  const std::vector<float> floats(values.begin(), values.end());
  writeNpy(dir / "f.npy", {24}, floats.data());
  const NpyArray fromDouble = readNpy(dir / "d.npy");
  const NpyArray fromFloat = readNpy(dir / "f.npy");

  EXPECT_EQ(fromDouble.storedAs, NpyType::Float32);
  EXPECT_EQ(fromFloat.shape, std::vector<std::size_t>{24});
  for (std::size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(fromDouble.data[i], double(float(values[i])));
    EXPECT_EQ(fromFloat.data[i], double(floats[i]));
  }
}

TEST(Npy, HeaderIsPaddedTo64Bytes) {
  TempDir dir;
  for (const std::vector<std::size_t>& shape :
       {std::vector<std::size_t>{1}, {70, 70}, {5, 1000, 70}}) {
    const auto file = dir / "h.npy";
    std::size_t n = 1;
    for (auto d : shape) n *= d;
    writeNpy(file, shape, std::vector<double>(n, 1.0).data(), NpyType::Float32);

    const std::string bytes = testing::readText(file);
    ASSERT_GE(bytes.size(), 10u);
    const std::size_t headerLen = std::size_t(std::uint8_t(bytes[8])) |
                                  (std::size_t(std::uint8_t(bytes[9])) << 8);

    EXPECT_EQ((10 + headerLen) % 64, 0u) << shapeString(shape);
    EXPECT_EQ(bytes[10 + headerLen - 1], '\n');
    EXPECT_EQ(bytes.size(), 10 + headerLen + 4 * n);
  }
}

TEST(Npy, ReadsFilesWrittenByNumpy) {
  const std::string python = testing::pythonWith("numpy");
  if (python.empty()) GTEST_SKIP() << "no python3 with numpy";
  TempDir dir;
  const std::string script =
      "import numpy as np, sys; d = sys.argv[1]; "
      "np.save(d + '/f8.npy', np.arange(12, dtype='<f8').reshape(3, 4) / 3); "
      "np.save(d + '/f4.npy', (np.arange(24, dtype='<f4') * 0.1).reshape(2, 3, 4)); "
      "np.save(d + '/i8.npy', np.array([-5, 7, 2**40], dtype='<i8'))";
  const std::string cmd = python + " -c \"" + script + "\" " + dir.path().string();
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;

  const NpyArray f8 = readNpy(dir / "f8.npy");
  const NpyArray f4 = readNpy(dir / "f4.npy");
  const NpyArray i8 = readNpy(dir / "i8.npy");

  EXPECT_EQ(f8.shape, (std::vector<std::size_t>{3, 4}));
  for (int i = 0; i < 12; ++i) EXPECT_EQ(f8.data[i], double(i) / 3);
  EXPECT_EQ(f4.shape, (std::vector<std::size_t>{2, 3, 4}));
  for (int i = 0; i < 24; ++i) EXPECT_EQ(f4.data[i], double(float(i) * 0.1f));
  EXPECT_EQ(i8.data, (std::vector<double>{-5, 7, double(std::int64_t(1) << 40)}));
}

TEST(Npy, TruncatedFileThrowsNamingFile) {
  TempDir dir;
  const auto file = dir / "short.npy";
  writeNpy(file, {10, 10}, ramp(100).data(), NpyType::Float64);
  std::filesystem::resize_file(file, std::filesystem::file_size(file) - 8);

  const std::string msg = inputErrorMessage([&] { readNpy(file); });

  EXPECT_NE(msg.find(file.string()), std::string::npos) << msg;
  EXPECT_NE(msg.find("truncated"), std::string::npos) << msg;
}

TEST(Npy, BadMagicThrowsNamingFile) {
  TempDir dir;
  const auto file = dir / "text.npy";
  testing::writeText(file, "this is not numpy data at all, just some text");

  const std::string msg = inputErrorMessage([&] { readNpy(file); });

  EXPECT_NE(msg.find(file.string()), std::string::npos) << msg;
  EXPECT_NE(msg.find("magic"), std::string::npos) << msg;
}

TEST(Npy, FortranOrderIsRejected) {
  TempDir dir;
  const auto file = dir / "fortran.npy";
  writeRawNpy(file, "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 2), }",
              std::string(32, '\0'));

  const std::string msg = inputErrorMessage([&] { readNpy(file); });

  EXPECT_NE(msg.find(file.string()), std::string::npos) << msg;
  EXPECT_NE(msg.find("Fortran"), std::string::npos) << msg;
}

TEST(Npy, ShapesWhoseSizeOverflowsAreRejected) {
  // Found by fuzz/fuzz_npy.cpp: an extent past 64 bits threw std::out_of_range, and a product
  // that wraps around (2^33 x 2^33 float32 is 2^68 bytes, 0 modulo 2^64) read as an empty array.
  TempDir dir;
  for (const std::string shape : {"(2, 77777777777777777777777777)", "(8589934592, 8589934592)"}) {
    const auto file = dir / "huge.npy";
    writeRawNpy(file, "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }", std::string(16, '\0'));
    const std::string msg = inputErrorMessage([&] { readNpy(file); });
    EXPECT_NE(msg.find("is too large"), std::string::npos) << shape << ": " << msg;
  }
}

TEST(Npy, UnsupportedDtypesAreRejected) {
  TempDir dir;
  for (const std::string dtype : {"<c16", ">f8", "|u1"}) {
    const auto file = dir / "dtype.npy";
    writeRawNpy(file, "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': (2,), }",
                std::string(32, '\0'));

    const std::string msg = inputErrorMessage([&] { readNpy(file); });

    EXPECT_NE(msg.find(file.string()), std::string::npos) << msg;
    EXPECT_NE(msg.find(dtype), std::string::npos) << msg;
  }
}

TEST(Npy, MissingFileThrowsNamingFile) {
  TempDir dir;
  const std::string msg = inputErrorMessage([&] { readNpy(dir / "absent.npy"); });
  EXPECT_NE(msg.find("absent.npy"), std::string::npos) << msg;
}

TEST(Npy, ReadsOpenFwiTwoLayerReferenceModel) {
  const std::filesystem::path file =
      std::filesystem::path(PAIRINV_TESTDATA_DIR) / "openfwi_twolayer_model.npy";

  const NpyArray model = readNpy(file);

  ASSERT_EQ(model.shape, (std::vector<std::size_t>{70, 70}));
  EXPECT_EQ(model.storedAs, NpyType::Float32);
  int wrong = 0;
  for (std::size_t iz = 0; iz < 70; ++iz)
    for (std::size_t ix = 0; ix < 70; ++ix)
      wrong += model.data[iz * 70 + ix] != (iz < 40 ? 2000.0 : 3500.0);
  EXPECT_EQ(wrong, 0);
}

}  // namespace
}  // namespace pairinv
