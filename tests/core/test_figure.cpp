// Cairo figures: tick placement and text, colour scales, what a drawn figure contains (the
// colormap's colours in the panels, row 0 on top, text outside the panels, each series'
// colour), identical bytes for identical input, and refusals that leave no file. PNGs are
// read back with libpng's simplified API, independently of the writer.
#include <gtest/gtest.h>
#include <png.h>

#include <array>
#include <cmath>
#include <cstring>
#include <fstream>
#include <limits>
#include <sstream>
#include <vector>

#include "core/error.hpp"
#include "core/figure.hpp"
#include "test_support.hpp"

namespace pairinv {
namespace {

using testing::TempDir;
using Rgb = std::array<int, 3>;

struct Decoded {
  int width = 0, height = 0;
  std::vector<std::uint8_t> rgb;
  Rgb at(int row, int col) const {
    const std::size_t i = (std::size_t(row) * std::size_t(width) + std::size_t(col)) * 3;
    return {rgb[i], rgb[i + 1], rgb[i + 2]};
  }
  /// Pixels within `tol` of `c` per channel, and their bounding rows.
  int count(Rgb c, int tol, int* firstRow = nullptr, int* lastRow = nullptr, int colBegin = 0, int colEnd = -1) const {
    int n = 0;
    if (colEnd < 0) colEnd = width;
    for (int r = 0; r < height; ++r)
      for (int k = colBegin; k < colEnd; ++k) {
        const Rgb p = at(r, k);
        if (std::abs(p[0] - c[0]) <= tol && std::abs(p[1] - c[1]) <= tol && std::abs(p[2] - c[2]) <= tol) {
          if (n == 0 && firstRow) *firstRow = r;
          if (lastRow) *lastRow = r;
          ++n;
        }
      }
    return n;
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

std::string bytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const Rgb kViridisLow = {68, 1, 84}, kViridisHigh = {253, 231, 37}, kWhite = {255, 255, 255};

ImageFigure twoBandModel() {
  // 20 x 30 cells, 10 m: the top 10 rows at 1500 m/s, the bottom 10 at 4500 m/s.
  ImageFigure f;
  f.title = "model";
  f.rows = 20, f.cols = 30;
  f.x = distanceAxis("x", 0, 10, 30), f.y = distanceAxis("depth", 0, 10, 20);
  std::vector<double> v(600, 1500.0);
  for (std::size_t i = 300; i < 600; ++i) v[i] = 4500.0;
  f.scales = {{Colormap::Viridis, 1500, 4500, "velocity (m/s)"}};
  f.panels = {{"truth", v, 0}};
  return f;
}

TEST(FigureTicks, AreNiceInsideTheRangeAndAboutTheRequestedCount) {
  EXPECT_EQ(linearTicks(0, 700), (std::vector<double>{0, 200, 400, 600}));
  EXPECT_EQ(linearTicks(-1, 1), (std::vector<double>{-1, -0.5, 0, 0.5, 1}));
  for (const auto& [lo, hi] : std::vector<std::pair<double, double>>{
           {1500, 4500}, {0.013, 0.0171}, {-3e-7, 5e-7}, {1, 1e6}, {-12.5, -12.4}, {0, 1}}) {
    const std::vector<double> t = linearTicks(lo, hi);
    ASSERT_GE(t.size(), 2u) << lo << ".." << hi;
    EXPECT_LE(t.size(), 11u);
    const double step = t[1] - t[0], decade = std::pow(10.0, std::floor(std::log10(step) + 1e-9));
    const double mantissa = step / decade;
    EXPECT_TRUE(std::abs(mantissa - 1) < 1e-6 || std::abs(mantissa - 2) < 1e-6 || std::abs(mantissa - 5) < 1e-6)
        << "step " << step;
    for (double x : t) EXPECT_TRUE(x >= lo - 1e-9 * step && x <= hi + 1e-9 * step) << x;
  }
  EXPECT_EQ(linearTicks(3, 3), (std::vector<double>{3}));
}

TEST(FigureTicks, TextHasNoMoreDecimalsThanTheStep) {
  EXPECT_EQ(tickText(0.1 + 0.2, 0.1), "0.3");
  EXPECT_EQ(tickText(1500, 500), "1500");
  EXPECT_EQ(tickText(0.25, 0.05), "0.25");
  EXPECT_EQ(tickText(2e-5, 1e-5), "2e-05");
  EXPECT_EQ(tickText(0, 0.5), "0.0");
}

TEST(FigureScales, RangeAndSymmetricClip) {
  const std::vector<double> a = {1, 2, std::numeric_limits<double>::quiet_NaN()}, b = {-3, 0.5};
  const ColourScale r = rangeScale(Colormap::Viridis, "v", {&a, &b});
  EXPECT_EQ(r.vmin, -3);
  EXPECT_EQ(r.vmax, 2);
  std::vector<double> spiky(100, 0.0);
  for (int i = 0; i < 100; ++i) spiky[std::size_t(i)] = (i % 2 ? 1.0 : -1.0) * (i < 99 ? 0.01 * i : 1000);
  const ColourScale s = symmetricScale("p", {&spiky});
  EXPECT_EQ(s.map, Colormap::Seismic);
  EXPECT_EQ(s.vmin, -s.vmax);
  EXPECT_NEAR(s.vmax, 0.97, 1e-12);  // the 98th percentile of |x|, not the spike
  const std::vector<double> zeros(10, 0.0);
  EXPECT_EQ(symmetricScale("p", {&zeros}).vmax, 1);
  const ColourScale flat = rangeScale(Colormap::Viridis, "v", {&zeros});
  EXPECT_LT(flat.vmin, flat.vmax);
}

TEST(ImageFigure, PanelShowsTheColormapWithRowZeroOnTopAndTextOutside) {
  TempDir dir;
  writeImageFigure(dir / "m.png", twoBandModel());
  const Decoded png = decode(dir / "m.png");
  ASSERT_GT(png.width, 300);
  int lowFirst = -1, lowLast = -1, highFirst = -1, highLast = -1;
  // The panel is 300 x 200 px (equal aspect) from x = 72: each band about 300 x 100.
  const int low = png.count(kViridisLow, 2, &lowFirst, &lowLast, 72, 372);
  const int high = png.count(kViridisHigh, 2, &highFirst, &highLast, 72, 372);
  EXPECT_NEAR(low, 300 * 100, 1000);
  EXPECT_NEAR(high, 300 * 100, 1000);
  EXPECT_LT(lowFirst, highFirst);  // slow rock on top: row 0 is drawn at the top
  EXPECT_LT(lowLast, highLast);
  // Tick values and labels: dark pixels left of the panel (y axis) and below it (x axis).
  EXPECT_GT(png.count({0, 0, 0}, 90, nullptr, nullptr, 0, 60), 100);
  int darkFirst = -1, darkLast = -1;
  png.count({0, 0, 0}, 90, &darkFirst, &darkLast, 80, 370);
  EXPECT_GT(darkLast, highLast + 10);  // x tick values below the panel
  EXPECT_LT(darkFirst, lowFirst);      // title above it
}

TEST(ImageFigure, PanelsShareAScaleAndEachScaleGetsOneColourBar) {
  TempDir dir;
  ImageFigure one = twoBandModel();
  ImageFigure three = twoBandModel();
  const std::vector<double> diff(600, 0.0);
  three.scales.push_back({Colormap::Seismic, -100, 100, "difference (m/s)"});
  three.panels.push_back({"estimate", three.panels[0].values, 0});
  three.panels.push_back({"error", diff, 1});
  writeImageFigure(dir / "one.png", one);
  writeImageFigure(dir / "three.png", three);
  const Decoded a = decode(dir / "one.png"), b = decode(dir / "three.png");
  EXPECT_EQ(a.height, b.height);
  // Two panels on the first scale, one bar after them, a third panel and its bar.
  EXPECT_NEAR(b.count(kViridisHigh, 2), 2 * a.count(kViridisHigh, 2), 400);
  EXPECT_GT(b.count(kWhite, 0, nullptr, nullptr, 2 * 300 + 72 + 58 + 96 + 58, b.width), 300 * 200);  // zero error: white
  EXPECT_GT(b.width, a.width + 2 * 300);
}

TEST(ImageFigure, SameInputGivesSameBytesAndNanIsGrey) {
  TempDir dir;
  ImageFigure f = twoBandModel();
  f.panels[0].values[0] = std::numeric_limits<double>::quiet_NaN();
  writeImageFigure(dir / "a.png", f);
  writeImageFigure(dir / "b.png", f);
  EXPECT_EQ(bytes(dir / "a.png"), bytes(dir / "b.png"));
  EXPECT_GT(decode(dir / "a.png").count({128, 128, 128}, 1), 50);  // one 10 x 10 px cell
}

TEST(ImageFigure, BadInputThrowsAndWritesNothing) {
  TempDir dir;
  ImageFigure shortPanel = twoBandModel();
  shortPanel.panels[0].values.pop_back();
  ImageFigure badScale = twoBandModel();
  badScale.scales[0].vmax = std::numeric_limits<double>::infinity();
  ImageFigure noScale = twoBandModel();
  noScale.panels[0].scale = 1;
  ImageFigure empty = twoBandModel();
  empty.panels.clear();
  ImageFigure zeroSpacing = twoBandModel();
  zeroSpacing.x.spacing = 0;
  for (const ImageFigure* f : {&shortPanel, &badScale, &noScale, &empty, &zeroSpacing}) {
    EXPECT_THROW(writeImageFigure(dir / "bad.png", *f), InputError);
    EXPECT_FALSE(std::filesystem::exists(dir / "bad.png"));
  }
}

TEST(PlotFigure, DrawsEverySeriesInItsColourAndSkipsWhatALogAxisCannotShow) {
  TempDir dir;
  PlotFigure p;
  p.title = "convergence";
  p.xLabel = "iteration", p.yLabel = "relative objective";
  p.yScale = AxisScale::Log;
  p.series = {{"objective", {}, {1, 0.3, 0.1, 0.0, 0.01}}, {"model error", {}, {0.5, 0.4, 0.35, 0.3, 0.28}}};
  writePlotFigure(dir / "c.png", p);
  const Decoded png = decode(dir / "c.png");
  EXPECT_GT(png.count({31, 119, 180}, 3), 200);  // tab10 blue: the objective and its legend swatch
  EXPECT_GT(png.count({214, 39, 40}, 3), 200);   // tab10 red
  EXPECT_GT(png.count({0, 0, 0}, 90, nullptr, nullptr, 0, 70), 100);  // y tick values and label

  p.series = {{"x", {}, {0, -1}}};
  EXPECT_THROW(writePlotFigure(dir / "none.png", p), InputError);
  p.series = {{"x", {1, 2, 3}, {1, 2}}};
  EXPECT_THROW(writePlotFigure(dir / "none.png", p), InputError);
  EXPECT_FALSE(std::filesystem::exists(dir / "none.png"));
}

TEST(PlotFigure, ScatterWithDiagonalAndHistogramWithLegend) {
  TempDir dir;
  PlotFigure s;
  s.xLabel = "score", s.yLabel = "model error";
  s.marks = Marks::Points;
  s.diagonal = true;
  s.series = {{"test", {0.1, 0.2, 0.3}, {0.1, 0.25, 0.2}}, {"ood", {0.5, 0.6}, {0.6, 0.4}}};
  writePlotFigure(dir / "s.png", s);
  const Decoded sp = decode(dir / "s.png");
  EXPECT_GT(sp.count({128, 128, 128}, 20), 100);  // the dashed diagonal
  EXPECT_GT(sp.count({214, 39, 40}, 40), 20);

  HistogramFigure h;
  h.xLabel = "model error";
  h.series = {{"PAE", {}, {0.1, 0.12, 0.2}}, {"FWI", {}, {0.3, 0.31, std::nan("")}}};
  writeHistogramFigure(dir / "h.png", h);
  const Decoded hp = decode(dir / "h.png");
  EXPECT_GT(hp.count({31, 119, 180}, 3), 50);
  EXPECT_GT(hp.count({214, 39, 40}, 3), 50);
  h.series = {{"none", {}, {std::nan("")}}};
  EXPECT_THROW(writeHistogramFigure(dir / "h2.png", h), InputError);
  h.bins = 0;
  EXPECT_THROW(writeHistogramFigure(dir / "h2.png", h), InputError);
  EXPECT_FALSE(std::filesystem::exists(dir / "h2.png"));
}

}  // namespace
}  // namespace pairinv
