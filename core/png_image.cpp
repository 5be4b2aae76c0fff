// Colormaps, range selection and enlargement for quick-look PNGs; libpng's simplified API
// (png_image_write_to_file) does the encoding, so no setjmp/longjmp crosses our C++ code.
#include "core/png_image.hpp"

#include <png.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace pairinv {

namespace {

using Rgb = std::array<double, 3>;

// Matplotlib's viridis sampled at 0, 0.1, ..., 1; linear interpolation between these is
// visually indistinguishable from the 256-entry table.
constexpr std::array<Rgb, 11> kViridis = {{{68, 1, 84},
                                           {72, 36, 117},
                                           {65, 68, 135},
                                           {53, 95, 141},
                                           {42, 120, 142},
                                           {33, 145, 140},
                                           {34, 168, 132},
                                           {68, 191, 112},
                                           {122, 209, 81},
                                           {189, 223, 38},
                                           {253, 231, 37}}};

// Matplotlib's "seismic": dark blue, blue, white (at zero), red, dark red.
constexpr std::array<Rgb, 5> kSeismic = {
    {{0, 0, 76.5}, {0, 0, 255}, {255, 255, 255}, {255, 0, 0}, {127.5, 0, 0}}};

constexpr std::uint8_t kNanGrey = 128;
constexpr int kMinShortSide = 300, kMinLongSide = 500, kMaxSide = 1200;

template <std::size_t N>
Rgb interpolate(const std::array<Rgb, N>& table, double t) {
  const double pos = std::clamp(t, 0.0, 1.0) * double(N - 1);
  const std::size_t i = std::min(std::size_t(pos), N - 2);
  const double w = pos - double(i);
  Rgb c;
  for (int k = 0; k < 3; ++k) c[k] = (1 - w) * table[i][k] + w * table[i + 1][k];
  return c;
}

int ceilDiv(int a, int b) { return (a + b - 1) / b; }

// The factor that brings n up to `target` px, but not beyond kMaxSide (never below 1).
int enlargement(int n, int target) {
  const int wanted = ceilDiv(target, n);
  return std::max(1, std::min(wanted, kMaxSide / n));
}

}  // namespace

PngSize pngImageSize(int rows, int cols) {
  require(rows > 0 && cols > 0, "cannot make an image of ", rows, " x ", cols,
          " values: both sizes must be positive");
  // One common factor keeps the aspect ratio where possible; the short axis then gets extra
  // enlargement only if it would still be too thin to read (e.g. 70 receivers x 1000 steps).
  const int longer = std::max(rows, cols), shorter = std::min(rows, cols);
  const int common = enlargement(longer, kMinLongSide);
  const int shortFactor = std::max(std::min(common, std::max(1, kMaxSide / shorter)),
                                   enlargement(shorter, kMinShortSide));
  const int rowFactor = rows >= cols ? common : shortFactor;
  const int colFactor = rows >= cols ? shortFactor : common;
  // A square array is enlarged equally on both axes (shortFactor == common there).
  return {rows * rowFactor, cols * colFactor};
}

void writePngImage(const std::filesystem::path& file, int rows, int cols, const double* values,
                   Colormap cmap, double vmin, double vmax) {
  const PngSize size = pngImageSize(rows, cols);
  require(std::isfinite(vmin) && std::isfinite(vmax) && vmin <= vmax, "image '", file.string(),
          "': colour range [", vmin, ", ", vmax, "] must be finite with min <= max");
  const int rowFactor = size.height / rows, colFactor = size.width / cols;

  // Colour each value once, then replicate (nearest-neighbour enlargement).
  const double span = vmax - vmin;
  std::vector<std::uint8_t> rowPixels(std::size_t(size.width) * 3);
  std::vector<std::uint8_t> pixels(std::size_t(size.height) * rowPixels.size());
  for (int r = 0; r < rows; ++r) {
    for (int c = 0; c < cols; ++c) {
      const double v = values[std::size_t(r) * std::size_t(cols) + std::size_t(c)];
      std::uint8_t rgb[3] = {kNanGrey, kNanGrey, kNanGrey};
      if (!std::isnan(v)) {
        const double t = span > 0 ? (v - vmin) / span : 0.5;  // constant data: mid colour
        const Rgb colour = cmap == Colormap::Seismic ? interpolate(kSeismic, t)
                                                     : interpolate(kViridis, t);
        for (int k = 0; k < 3; ++k) rgb[k] = std::uint8_t(std::lround(colour[k]));
      }
      for (int f = 0; f < colFactor; ++f)
        std::memcpy(&rowPixels[(std::size_t(c) * colFactor + f) * 3], rgb, 3);
    }
    for (int f = 0; f < rowFactor; ++f)
      std::copy(rowPixels.begin(), rowPixels.end(),
                pixels.begin() + std::ptrdiff_t((std::size_t(r) * rowFactor + f) * rowPixels.size()));
  }

  writeAtomically(file, [&](const std::filesystem::path& tmp) {
    png_image image;
    std::memset(&image, 0, sizeof image);
    image.version = PNG_IMAGE_VERSION;
    image.width = png_uint_32(size.width);
    image.height = png_uint_32(size.height);
    image.format = PNG_FORMAT_RGB;
    const int ok = png_image_write_to_file(&image, tmp.c_str(), 0, pixels.data(), 0, nullptr);
    const std::string reason = image.message;
    png_image_free(&image);
    if (!ok) throw Error(concat("cannot write PNG '", file.string(), "': ", reason));
  });
}

void writePngQuicklook(const std::filesystem::path& file, int rows, int cols,
                       const double* values, Colormap cmap) {
  pngImageSize(rows, cols);  // validates the sizes before touching `values`
  std::vector<double> finite;
  finite.reserve(std::size_t(rows) * std::size_t(cols));
  for (std::size_t i = 0; i < std::size_t(rows) * std::size_t(cols); ++i)
    if (std::isfinite(values[i])) finite.push_back(values[i]);

  double vmin = 0, vmax = 0;
  if (!finite.empty() && cmap == Colormap::Seismic) {
    for (double& v : finite) v = std::abs(v);
    const auto k = std::ptrdiff_t(0.98 * double(finite.size() - 1));
    std::nth_element(finite.begin(), finite.begin() + k, finite.end());
    double clip = finite[std::size_t(k)];
    // Sparse data (mostly zeros) can have a zero percentile: fall back to the maximum.
    if (clip <= 0) clip = *std::max_element(finite.begin(), finite.end());
    if (clip <= 0) clip = 1;  // all zero: any symmetric range shows white
    vmin = -clip, vmax = clip;
  } else if (!finite.empty()) {
    const auto [lo, hi] = std::minmax_element(finite.begin(), finite.end());
    vmin = *lo, vmax = *hi;
  }
  writePngImage(file, rows, cols, values, cmap, vmin, vmax);
}

}  // namespace pairinv
