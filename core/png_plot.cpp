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

const Rgb kColours[] = {{31, 119, 180}, {214, 39, 40}, {44, 160, 44}, {255, 127, 14}, {148, 103, 189},
                        {140, 86, 75},  {227, 119, 194}, {127, 127, 127}, {188, 189, 34}, {23, 190, 207}};

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

void writeScatterPlot(const std::filesystem::path& file, const std::vector<std::vector<double>>& xs,
                      const std::vector<std::vector<double>>& ys, bool diagonal, int width, int height) {
  require(xs.size() == ys.size(), "scatter plot '", file.string(), "': ", xs.size(), " x series but ", ys.size(),
          " y series");
  double xlo = INFINITY, xhi = -INFINITY, ylo = INFINITY, yhi = -INFINITY;
  for (std::size_t k = 0; k < xs.size(); ++k) {
    require(xs[k].size() == ys[k].size(), "scatter plot '", file.string(), "': series of unequal length");
    for (std::size_t i = 0; i < xs[k].size(); ++i)
      if (std::isfinite(xs[k][i]) && std::isfinite(ys[k][i]))
        xlo = std::min(xlo, xs[k][i]), xhi = std::max(xhi, xs[k][i]), ylo = std::min(ylo, ys[k][i]),
        yhi = std::max(yhi, ys[k][i]);
  }
  require(std::isfinite(xlo), "nothing to plot in '", file.string(), "'");
  if (diagonal) xlo = ylo = std::min(xlo, ylo), xhi = yhi = std::max(xhi, yhi);
  if (xhi - xlo < 1e-12) xlo -= 0.5, xhi += 0.5;
  if (yhi - ylo < 1e-12) ylo -= 0.5, yhi += 0.5;
  // 5% headroom so that the extreme points are drawn whole, inside the axes.
  const double padX = 0.05 * (xhi - xlo), padY = 0.05 * (yhi - ylo);
  xlo -= padX, xhi += padX, ylo -= padY, yhi += padY;
  const int margin = 20;
  const double x0 = margin, x1 = width - margin, y0 = margin, y1 = height - margin;
  auto px = [&](double x) { return x0 + (x1 - x0) * (x - xlo) / (xhi - xlo); };
  auto py = [&](double y) { return y1 - (y1 - y0) * (y - ylo) / (yhi - ylo); };
  Canvas canvas(width, height);
  const Rgb grid{225, 225, 225}, axis{90, 90, 90};
  for (int q = 1; q < 4; ++q) {
    canvas.line(x0, y0 + (y1 - y0) * q / 4, x1, y0 + (y1 - y0) * q / 4, grid);
    canvas.line(x0 + (x1 - x0) * q / 4, y0, x0 + (x1 - x0) * q / 4, y1, grid);
  }
  if (diagonal) canvas.line(x0, y1, x1, y0, Rgb{160, 160, 160});
  canvas.line(x0, y1, x1, y1, axis);
  canvas.line(x0, y0, x0, y1, axis);
  for (std::size_t k = 0; k < xs.size(); ++k) {
    const Rgb colour = kColours[k % (sizeof(kColours) / sizeof(kColours[0]))];
    for (std::size_t i = 0; i < xs[k].size(); ++i) {
      if (!std::isfinite(xs[k][i]) || !std::isfinite(ys[k][i])) continue;
      const int cx = int(std::lround(px(xs[k][i]))), cy = int(std::lround(py(ys[k][i])));
      for (int dy = -3; dy <= 3; ++dy)
        for (int dx = -3; dx <= 3; ++dx) canvas.set(cx + dx, cy + dy, colour);
    }
  }
  canvas.write(file);
}

void writeHistogram(const std::filesystem::path& file, const std::vector<std::vector<double>>& series, int bins,
                    int width, int height) {
  require(bins > 0, "histogram '", file.string(), "' needs at least one bin");
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& s : series)
    for (double v : s)
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  require(std::isfinite(lo), "nothing to plot in '", file.string(), "'");
  if (hi - lo < 1e-12) lo -= 0.5, hi += 0.5;
  std::vector<std::vector<int>> counts(series.size(), std::vector<int>(std::size_t(bins), 0));
  int highest = 1;
  for (std::size_t k = 0; k < series.size(); ++k)
    for (double v : series[k])
      if (std::isfinite(v)) {
        const int b = std::min(bins - 1, int((v - lo) / (hi - lo) * bins));
        highest = std::max(highest, ++counts[k][std::size_t(b)]);
      }
  const int margin = 20;
  const double x0 = margin, x1 = width - margin, y0 = margin, y1 = height - margin;
  Canvas canvas(width, height);
  const Rgb grid{225, 225, 225}, axis{90, 90, 90};
  for (int q = 1; q < 4; ++q) canvas.line(x0, y0 + (y1 - y0) * q / 4, x1, y0 + (y1 - y0) * q / 4, grid);
  canvas.line(x0, y1, x1, y1, axis);
  canvas.line(x0, y0, x0, y1, axis);
  const double binWidth = (x1 - x0) / bins;
  for (std::size_t k = 0; k < series.size(); ++k) {
    const Rgb colour = kColours[k % (sizeof(kColours) / sizeof(kColours[0]))];
    for (int b = 0; b < bins; ++b) {
      const int c = counts[k][std::size_t(b)];
      if (c == 0) continue;
      const double left = x0 + binWidth * b + 1, right = x0 + binWidth * (b + 1) - 1;
      const double top = y1 - (y1 - y0) * double(c) / highest;
      canvas.line(left, y1, left, top, colour);
      canvas.line(left, top, right, top, colour);
      canvas.line(right, top, right, y1, colour);
    }
  }
  canvas.write(file);
}

}  // namespace pairinv
