// Quick-look PNGs: the documented pixel sizes, orientation (row 0 on top), colours at the
// ends of each colormap, NaN grey, atomic output and argument checks. Files are read back
// with libpng's simplified API.
#include <gtest/gtest.h>
#include <png.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <vector>

#include "core/png_image.hpp"
#include "test_support.hpp"

namespace pairinv {
namespace {

using testing::TempDir;

struct Decoded {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgb;
  std::array<int, 3> at(int row, int col) const {
    const std::size_t i = (std::size_t(row) * std::size_t(width) + std::size_t(col)) * 3;
    return {rgb[i], rgb[i + 1], rgb[i + 2]};
  }
};

Decoded decode(const std::filesystem::path& file) {
  png_image image;
  std::memset(&image, 0, sizeof image);
  image.version = PNG_IMAGE_VERSION;
  Decoded out;
  if (!png_image_begin_read_from_file(&image, file.c_str())) {
    ADD_FAILURE() << "libpng cannot read " << file << ": " << image.message;
    return out;
  }
  image.format = PNG_FORMAT_RGB;
  out.width = int(image.width), out.height = int(image.height);
  out.rgb.resize(PNG_IMAGE_SIZE(image));
  if (!png_image_finish_read(&image, nullptr, out.rgb.data(), 0, nullptr))
    ADD_FAILURE() << "libpng failed on " << file << ": " << image.message;
  return out;
}

using Rgb = std::array<int, 3>;

TEST(PngImage, SquareModelIsEnlargedEquallyTo560) {
  TempDir dir;
  std::vector<double> model(70 * 70);
  for (std::size_t i = 0; i < model.size(); ++i) model[i] = 1500.0 + double(i);

  writePngQuicklook(dir / "model.png", 70, 70, model.data(), Colormap::Viridis);
  const Decoded png = decode(dir / "model.png");

  EXPECT_EQ(png.width, 560);
  EXPECT_EQ(png.height, 560);
  EXPECT_EQ(pngImageSize(70, 70).height, 560);
}

TEST(PngImage, TallGatherGetsReadableWidth) {
  TempDir dir;
  std::vector<double> gather(1000 * 70);
  for (std::size_t i = 0; i < gather.size(); ++i) gather[i] = std::sin(0.01 * double(i));

  writePngQuicklook(dir / "gather.png", 1000, 70, gather.data(), Colormap::Seismic);
  const Decoded png = decode(dir / "gather.png");

  EXPECT_EQ(png.height, 1000);
  EXPECT_EQ(png.width, 350);
}

TEST(PngImage, SizesStayWithinLimits) {
  for (const auto& [rows, cols] : {std::pair{1, 1}, {3, 2000}, {5000, 4}, {250, 40}, {1200, 1200}}) {
    const PngSize s = pngImageSize(rows, cols);
    const int shortSide = std::min(s.height, s.width), longSide = std::max(s.height, s.width);
    EXPECT_EQ(s.height % rows, 0) << rows << "x" << cols;
    EXPECT_EQ(s.width % cols, 0) << rows << "x" << cols;
    EXPECT_GE(shortSide, 300) << rows << "x" << cols;
    EXPECT_GE(longSide, 500) << rows << "x" << cols;
    EXPECT_LE(s.height, std::max(1200, rows)) << rows << "x" << cols;
    EXPECT_LE(s.width, std::max(1200, cols)) << rows << "x" << cols;
  }
}

TEST(PngImage, RowZeroIsOnTopAndViridisEndsMatch) {
  TempDir dir;
  const std::vector<double> column = {0.0, 1.0};  // 2 rows x 1 column

  writePngImage(dir / "v.png", 2, 1, column.data(), Colormap::Viridis, 0.0, 1.0);
  const Decoded png = decode(dir / "v.png");

  ASSERT_EQ(png.height, 500);
  EXPECT_EQ(png.at(0, 0), (Rgb{68, 1, 84}));          // viridis(0), dark purple
  EXPECT_EQ(png.at(499, png.width - 1), (Rgb{253, 231, 37}));  // viridis(1), yellow
}

TEST(PngImage, SeismicIsSymmetricAroundZeroAndNanIsGrey) {
  TempDir dir;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> row = {-1.0, 0.0, 1.0, nan};  // 1 row x 4 columns

  writePngQuicklook(dir / "s.png", 1, 4, row.data(), Colormap::Seismic);
  const Decoded png = decode(dir / "s.png");

  ASSERT_EQ(png.width % 4, 0);
  const int w = png.width / 4;
  EXPECT_EQ(png.at(0, w / 2), (Rgb{0, 0, 77}));              // -clip: dark blue
  EXPECT_EQ(png.at(0, w + w / 2), (Rgb{255, 255, 255}));     // zero: white
  EXPECT_EQ(png.at(0, 2 * w + w / 2), (Rgb{128, 0, 0}));     // +clip: dark red
  EXPECT_EQ(png.at(0, 3 * w + w / 2), (Rgb{128, 128, 128}));  // NaN: grey
}

TEST(PngImage, ConstantDataStillGivesAnImage) {
  TempDir dir;
  const std::vector<double> zeros(12, 0.0), flat(12, 2500.0);

  writePngQuicklook(dir / "z.png", 3, 4, zeros.data(), Colormap::Seismic);
  writePngQuicklook(dir / "c.png", 3, 4, flat.data(), Colormap::Viridis);

  EXPECT_EQ(decode(dir / "z.png").at(0, 0), (Rgb{255, 255, 255}));
  EXPECT_GT(decode(dir / "c.png").width, 0);
}

TEST(PngImage, WritesAtomicallyWithoutLeftovers) {
  TempDir dir;
  const std::vector<double> v(6, 1.0);

  writePngQuicklook(dir / "one.png", 2, 3, v.data(), Colormap::Viridis);

  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path())) ++n;
  EXPECT_EQ(n, 1u);
}

TEST(PngImage, BadArgumentsThrowInputError) {
  TempDir dir;
  const std::vector<double> v(4, 1.0);

  EXPECT_THROW(writePngQuicklook(dir / "a.png", 0, 4, v.data(), Colormap::Viridis), InputError);
  EXPECT_THROW(writePngQuicklook(dir / "b.png", 4, -1, v.data(), Colormap::Seismic), InputError);
  EXPECT_THROW(writePngImage(dir / "c.png", 2, 2, v.data(), Colormap::Viridis, 2.0, 1.0),
               InputError);
  EXPECT_THROW(writePngImage(dir / "d.png", 2, 2, v.data(), Colormap::Viridis, 0.0,
                             std::numeric_limits<double>::infinity()),
               InputError);
  EXPECT_FALSE(std::filesystem::exists(dir / "a.png"));
}

}  // namespace
}  // namespace pairinv
