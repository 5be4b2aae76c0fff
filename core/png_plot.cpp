#include "core/png_plot.hpp"

#include <png.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace pairinv {

namespace {

struct Rgb {
  unsigned char r, g, b;
};

const Rgb kColours[] = {{31, 119, 180}, {214, 39, 40}, {44, 160, 44}, {255, 127, 14}, {148, 103, 189}};

class Canvas {
 public:
  Canvas(int w, int h) : w_(w), h_(h), pixels_(std::size_t(w) * std::size_t(h), Rgb{255, 255, 255}) {}
  void set(int x, int y, Rgb c) {
    if (x >= 0 && x < w_ && y >= 0 && y < h_) pixels_[std::size_t(y) * std::size_t(w_) + std::size_t(x)] = c;
  }
  void line(double x0, double y0, double x1, double y1, Rgb c) {
    const int steps = int(std::max(std::abs(x1 - x0), std::abs(y1 - y0))) + 1;
    for (int i = 0; i <= steps; ++i) {
      const double t = double(i) / steps;
      const int x = int(std::lround(x0 + t * (x1 - x0))), y = int(std::lround(y0 + t * (y1 - y0)));
      set(x, y, c), set(x + 1, y, c), set(x, y + 1, c);  // 2-pixel pen
    }
  }
  void write(const std::filesystem::path& file) const {
    writeAtomically(file, [&](const std::filesystem::path& tmp) {
      FILE* fp = std::fopen(tmp.c_str(), "wb");
      require(fp != nullptr, "cannot open '", file.string(), "' for writing");
      png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
      png_infop info = png_create_info_struct(png);
      if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info);
        std::fclose(fp);
        throw Error(concat("libpng failed while writing '", file.string(), "'"));
      }
      png_init_io(png, fp);
      png_set_IHDR(png, info, png_uint_32(w_), png_uint_32(h_), 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
                   PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
      png_write_info(png, info);
      for (int y = 0; y < h_; ++y)
        png_write_row(png, reinterpret_cast<png_const_bytep>(pixels_.data() + std::size_t(y) * std::size_t(w_)));
      png_write_end(png, nullptr);
      png_destroy_write_struct(&png, &info);
      require(std::fclose(fp) == 0, "error while writing '", file.string(), "' (disk full?)");
    });
  }

 private:
  int w_, h_;
  std::vector<Rgb> pixels_;
};

}  // namespace

void writeLinePlot(const std::filesystem::path& file, const std::vector<std::vector<double>>& series,
                   bool logScale, int width, int height) {
  auto value = [&](double y) { return logScale ? std::log10(y) : y; };
  auto usable = [&](double y) { return std::isfinite(y) && (!logScale || y > 0); };
  double lo = INFINITY, hi = -INFINITY;
  std::size_t longest = 0;
  for (const auto& s : series) {
    longest = std::max(longest, s.size());
    for (double y : s)
      if (usable(y)) lo = std::min(lo, value(y)), hi = std::max(hi, value(y));
  }
  require(std::isfinite(lo), "nothing to plot in '", file.string(), "'");
  if (hi - lo < 1e-12) lo -= 0.5, hi += 0.5;
  const int margin = 20;
  const double x0 = margin, x1 = width - margin, y0 = margin, y1 = height - margin;
  const double span = std::max<double>(1, double(longest) - 1);
  auto px = [&](std::size_t i) { return x0 + (x1 - x0) * double(i) / span; };
  auto py = [&](double y) { return y1 - (y1 - y0) * (value(y) - lo) / (hi - lo); };

  Canvas canvas(width, height);
  const Rgb grid{225, 225, 225}, axis{90, 90, 90};
  if (logScale)
    for (double d = std::ceil(lo); d <= hi; d += 1.0) canvas.line(x0, py(std::pow(10.0, d)), x1, py(std::pow(10.0, d)), grid);
  else
    for (int q = 1; q < 4; ++q) canvas.line(x0, y0 + (y1 - y0) * q / 4, x1, y0 + (y1 - y0) * q / 4, grid);
  canvas.line(x0, y1, x1, y1, axis);
  canvas.line(x0, y0, x0, y1, axis);
  for (std::size_t k = 0; k < series.size(); ++k) {
    const Rgb colour = kColours[k % (sizeof(kColours) / sizeof(kColours[0]))];
    const auto& s = series[k];
    for (std::size_t i = 1; i < s.size(); ++i)
      if (usable(s[i - 1]) && usable(s[i])) canvas.line(px(i - 1), py(s[i - 1]), px(i), py(s[i]), colour);
  }
  canvas.write(file);
}

}  // namespace pairinv
