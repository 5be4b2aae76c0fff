// Cairo figures: layout in pixels, "nice" ticks, colour tables, legends, PNG output.
#include "core/figure.hpp"

#include <cairo.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <memory>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace fs = std::filesystem;

namespace pairinv {

namespace {

using Rgb = std::array<double, 3>;  // 0..1

// Matplotlib's viridis sampled at 0, 0.1, ..., 1; linear interpolation between these is
// visually indistinguishable from the 256-entry table.
constexpr std::array<Rgb, 11> kViridis = {{{0.267, 0.004, 0.329},
                                           {0.282, 0.141, 0.459},
                                           {0.255, 0.267, 0.529},
                                           {0.208, 0.373, 0.553},
                                           {0.165, 0.471, 0.557},
                                           {0.129, 0.569, 0.549},
                                           {0.133, 0.659, 0.518},
                                           {0.267, 0.749, 0.439},
                                           {0.478, 0.820, 0.318},
                                           {0.741, 0.875, 0.149},
                                           {0.992, 0.906, 0.145}}};
// Matplotlib's "seismic": dark blue, blue, white (at zero), red, dark red.
constexpr std::array<Rgb, 5> kSeismic = {{{0, 0, 0.3}, {0, 0, 1}, {1, 1, 1}, {1, 0, 0}, {0.5, 0, 0}}};
// Matplotlib's "tab10" cycle for series.
constexpr std::array<Rgb, 10> kSeriesColours = {{{0.122, 0.467, 0.706},
                                                 {0.839, 0.153, 0.157},
                                                 {0.173, 0.627, 0.173},
                                                 {1.000, 0.498, 0.055},
                                                 {0.580, 0.404, 0.741},
                                                 {0.549, 0.337, 0.294},
                                                 {0.890, 0.467, 0.761},
                                                 {0.498, 0.498, 0.498},
                                                 {0.737, 0.741, 0.133},
                                                 {0.090, 0.745, 0.812}}};
constexpr double kTick = 11, kLabel = 12.5, kTitle = 14;  // font sizes (px)

template <std::size_t N>
Rgb interpolate(const std::array<Rgb, N>& table, double t) {
  const double pos = std::clamp(t, 0.0, 1.0) * double(N - 1);
  const std::size_t i = std::min(std::size_t(pos), N - 2);
  const double w = pos - double(i);
  Rgb c;
  for (int k = 0; k < 3; ++k) c[k] = (1 - w) * table[i][k] + w * table[i + 1][k];
  return c;
}

Rgb colourOf(const ColourScale& s, double v) {
  if (std::isnan(v)) return {0.5, 0.5, 0.5};
  const double span = s.vmax - s.vmin, t = span > 0 ? (v - s.vmin) / span : 0.5;
  return s.map == Colormap::Seismic ? interpolate(kSeismic, t) : interpolate(kViridis, t);
}

const Rgb& seriesColour(std::size_t k) { return kSeriesColours[k % kSeriesColours.size()]; }

/// A Cairo image surface with its context, and the text helpers every figure uses.
class Canvas {
 public:
  Canvas(int width, int height)
      : surface_(cairo_image_surface_create(CAIRO_FORMAT_RGB24, width, height), cairo_surface_destroy),
        cr_(cairo_create(surface_.get()), cairo_destroy) {
    require(cairo_surface_status(surface_.get()) == CAIRO_STATUS_SUCCESS, "cannot make a ", width, " x ", height,
            " figure");
    cairo_set_source_rgb(cr_.get(), 1, 1, 1);
    cairo_paint(cr_.get());
    cairo_select_font_face(cr_.get(), "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
  }
  cairo_t* cr() const { return cr_.get(); }
  cairo_surface_t* surface() const { return surface_.get(); }

  void colour(const Rgb& c, double alpha = 1) { cairo_set_source_rgba(cr(), c[0], c[1], c[2], alpha); }
  double textWidth(const std::string& text, double size) {
    cairo_set_font_size(cr(), size);
    cairo_text_extents_t e;
    cairo_text_extents(cr(), text.c_str(), &e);
    return e.x_advance;
  }
  /// Text anchored at (x, y): ax = 0 left, 0.5 centre, 1 right; ay likewise from top to bottom.
  /// `angle` in radians (-pi/2: reading upwards, for vertical axis labels).
  void text(const std::string& text, double x, double y, double ax, double ay, double size, double angle = 0,
            bool bold = false) {
    cairo_t* c = cr();
    cairo_save(c);
    cairo_select_font_face(c, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(c, size);
    cairo_font_extents_t fe;
    cairo_font_extents(c, &fe);
    const double w = textWidth(text, size), h = fe.ascent + fe.descent;
    cairo_translate(c, x, y);
    cairo_rotate(c, angle);
    cairo_move_to(c, -ax * w, -ay * h + fe.ascent);
    cairo_set_source_rgb(c, 0, 0, 0);
    cairo_show_text(c, text.c_str());
    cairo_restore(c);
  }
  void line(double x0, double y0, double x1, double y1, double width = 1) {
    cairo_set_line_width(cr(), width);
    cairo_move_to(cr(), x0, y0);
    cairo_line_to(cr(), x1, y1);
    cairo_stroke(cr());
  }

  void save(const fs::path& file) {
    cairo_surface_flush(surface());
    std::string bytes;
    const auto append = [](void* closure, const unsigned char* data, unsigned int length) {
      static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
      return CAIRO_STATUS_SUCCESS;
    };
    require(cairo_surface_write_to_png_stream(surface(), append, &bytes) == CAIRO_STATUS_SUCCESS,
            "cannot encode the PNG '", file.string(), "'");
    writeAtomically(file, [&](const fs::path& tmp) {
      std::ofstream out(tmp, std::ios::binary);
      out.write(bytes.data(), std::streamsize(bytes.size()));
      out.close();
      if (!out) throw Error(concat("cannot write '", file.string(), "' (disk full?)"));
    });
  }

 private:
  std::unique_ptr<cairo_surface_t, decltype(&cairo_surface_destroy)> surface_;
  std::unique_ptr<cairo_t, decltype(&cairo_destroy)> cr_;
};

/// Maps data values on [lo, hi] (log10 of them on a log axis) to pixels [p0, p1].
struct Mapping {
  double lo = 0, hi = 1, p0 = 0, p1 = 1;
  bool log = false;
  bool integer = false;  // ticks only at whole numbers (counts)
  double operator()(double v) const {
    const double u = log ? std::log10(v) : v;
    return p0 + (u - lo) / (hi - lo) * (p1 - p0);
  }
};

struct Tick {
  double position;  // pixel
  std::string text;
};

std::vector<Tick> linearAxisTicks(const Mapping& m) {
  const double lo = std::min(m.lo, m.hi), hi = std::max(m.lo, m.hi);
  const std::vector<double> values = linearTicks(lo, hi);
  const double step = values.size() > 1 ? values[1] - values[0] : std::max(std::abs(lo), 1.0);
  std::vector<Tick> ticks;
  for (double v : values)
    if (!m.integer || v == std::round(v)) ticks.push_back({m(v), tickText(v, m.integer ? std::max(step, 1.0) : step)});
  return ticks;
}

std::vector<Tick> logAxisTicks(const Mapping& m) {
  // Decades; over less than two decades also 2 and 5 times each, under one decade every digit.
  const int first = int(std::floor(m.lo)), last = int(std::ceil(m.hi));
  const double span = std::abs(m.hi - m.lo);
  std::vector<Tick> ticks;
  for (int k = first; k <= last; ++k)
    for (double f : span < 1.0   ? std::vector<double>{1, 2, 3, 4, 5, 6, 7, 8, 9}
                    : span < 2.0 ? std::vector<double>{1, 2, 5}
                                 : std::vector<double>{1}) {
      const double v = f * std::pow(10.0, k), u = std::log10(v);
      if (u < m.lo - 1e-9 || u > m.hi + 1e-9) continue;
      char text[32];
      std::snprintf(text, sizeof text, "%g", v);
      ticks.push_back({m(v), text});
    }
  return ticks;
}

std::vector<Tick> axisTicks(const Mapping& m) { return m.log ? logAxisTicks(m) : linearAxisTicks(m); }

/// Frame of the box [x0, x1] x [y0, y1], ticks with their values outside it, and axis labels.
void drawAxes(Canvas& c, double x0, double y0, double x1, double y1, const Mapping& xm, const Mapping& ym,
              const std::string& xLabel, const std::string& yLabel) {
  c.colour({0, 0, 0});
  cairo_rectangle(c.cr(), x0, y0, x1 - x0, y1 - y0);
  cairo_set_line_width(c.cr(), 1);
  cairo_stroke(c.cr());
  for (const Tick& t : axisTicks(xm)) {
    c.line(t.position, y1, t.position, y1 + 4);
    c.text(t.text, t.position, y1 + 6, 0.5, 0, kTick);
  }
  double widest = 0;
  for (const Tick& t : axisTicks(ym)) {
    c.line(x0 - 4, t.position, x0, t.position);
    c.text(t.text, x0 - 6, t.position, 1, 0.5, kTick);
    widest = std::max(widest, c.textWidth(t.text, kTick));
  }
  c.text(xLabel, 0.5 * (x0 + x1), y1 + 22, 0.5, 0, kLabel);
  c.text(yLabel, x0 - widest - 12, 0.5 * (y0 + y1), 0.5, 1, kLabel, -M_PI / 2);
}

/// The width of the legend box of `series` (0 when no series has a label).
double legendWidth(const std::vector<Series>& series) {
  Canvas measure(1, 1);
  double width = 0;
  for (const Series& s : series)
    if (!s.label.empty()) width = std::max(width, measure.textWidth(s.label, kTick) + 36);
  return width;
}

/// A legend box right of the plot box (so that it never hides data): a swatch and the label
/// per series, from the top.
void drawLegend(Canvas& c, double x1, double y0, const std::vector<Series>& series, Marks marks) {
  std::vector<std::size_t> shown;
  for (std::size_t k = 0; k < series.size(); ++k)
    if (!series[k].label.empty()) shown.push_back(k);
  if (shown.empty()) return;
  const double row = 16, w = legendWidth(series), h = row * double(shown.size()) + 8, left = x1 + 12, top = y0;
  cairo_rectangle(c.cr(), left, top, w, h);
  c.colour({0.6, 0.6, 0.6});
  cairo_set_line_width(c.cr(), 1);
  cairo_stroke(c.cr());
  for (std::size_t i = 0; i < shown.size(); ++i) {
    const double y = top + 4 + row * (double(i) + 0.5);
    c.colour(seriesColour(shown[i]));
    if (marks == Marks::Points) {
      cairo_arc(c.cr(), left + 14, y, 3.5, 0, 2 * M_PI);
      cairo_fill(c.cr());
    } else {
      c.line(left + 6, y, left + 24, y, 2);
    }
    c.text(series[shown[i]].label, left + 30, y, 0, 0.5, kTick);
  }
}

void titleAt(Canvas& c, const std::string& title, double x, double y) {
  if (!title.empty()) c.text(title, x, y, 0.5, 0, kTitle, 0, true);
}

// ----- image figures ------------------------------------------------------------------

/// The panel's pixel size: physical aspect (clamped to 1:4) with the longer side 300 px, or
/// 260 x 340 px portrait / 400 x 260 landscape without equal aspect.
std::pair<double, double> panelSize(const ImageFigure& f) {
  if (!f.equalAspect) return f.rows >= f.cols ? std::pair{260.0, 340.0} : std::pair{400.0, 260.0};
  const double w = std::abs(f.x.spacing) * f.cols, h = std::abs(f.y.spacing) * f.rows;
  const double aspect = std::clamp(h / w, 0.25, 4.0);
  return aspect <= 1 ? std::pair{300.0, std::max(300.0 * aspect, 80.0)} : std::pair{std::max(300 / aspect, 80.0), 300.0};
}

void validate(const ImageFigure& f, const fs::path& file) {
  require(f.rows > 0 && f.cols > 0, "figure '", file.string(), "': ", f.rows, " x ", f.cols,
          " cells; both sizes must be positive");
  require(!f.panels.empty(), "figure '", file.string(), "': no panel to draw");
  require(std::isfinite(f.x.spacing) && f.x.spacing != 0 && std::isfinite(f.y.spacing) && f.y.spacing != 0,
          "figure '", file.string(), "': axis spacings must be finite and non-zero");
  for (const ColourScale& s : f.scales)
    require(std::isfinite(s.vmin) && std::isfinite(s.vmax) && s.vmin <= s.vmax, "figure '", file.string(),
            "': colour range [", s.vmin, ", ", s.vmax, "] must be finite with min <= max");
  for (const ImagePanel& p : f.panels) {
    require(p.values.size() == std::size_t(f.rows) * std::size_t(f.cols), "figure '", file.string(), "': panel '",
            p.title, "' has ", p.values.size(), " values for ", f.rows, " x ", f.cols, " cells");
    require(p.scale >= 0 && std::size_t(p.scale) < f.scales.size(), "figure '", file.string(), "': panel '",
            p.title, "' uses colour scale ", p.scale, " of ", f.scales.size());
  }
}

void drawCells(Canvas& c, const ImageFigure& f, const ImagePanel& p, double x0, double y0, double w, double h) {
  // Colour each cell once into a cols x rows surface, then scale it up without smoothing.
  cairo_surface_t* cells = cairo_image_surface_create(CAIRO_FORMAT_RGB24, f.cols, f.rows);
  const int stride = cairo_image_surface_get_stride(cells);
  unsigned char* data = cairo_image_surface_get_data(cells);
  const ColourScale& s = f.scales[std::size_t(p.scale)];
  for (int r = 0; r < f.rows; ++r)
    for (int k = 0; k < f.cols; ++k) {
      const Rgb rgb = colourOf(s, p.values[std::size_t(r) * std::size_t(f.cols) + std::size_t(k)]);
      auto* px = reinterpret_cast<std::uint32_t*>(data + std::ptrdiff_t(r) * stride) + k;
      *px = (std::uint32_t(std::lround(rgb[0] * 255)) << 16) | (std::uint32_t(std::lround(rgb[1] * 255)) << 8) |
            std::uint32_t(std::lround(rgb[2] * 255));
    }
  cairo_surface_mark_dirty(cells);
  cairo_save(c.cr());
  cairo_rectangle(c.cr(), x0, y0, w, h);
  cairo_clip(c.cr());
  cairo_translate(c.cr(), x0, y0);
  cairo_scale(c.cr(), w / f.cols, h / f.rows);
  cairo_set_source_surface(c.cr(), cells, 0, 0);
  cairo_pattern_set_filter(cairo_get_source(c.cr()), CAIRO_FILTER_NEAREST);
  cairo_paint(c.cr());
  cairo_restore(c.cr());
  cairo_surface_destroy(cells);
}

void drawColourBar(Canvas& c, const ColourScale& s, double x0, double y0, double h) {
  const double w = 14;
  for (int i = 0; i < int(h); ++i) {
    c.colour(colourOf(s, s.vmax - (s.vmax - s.vmin) * (i + 0.5) / h));
    cairo_rectangle(c.cr(), x0, y0 + i, w, 1);
    cairo_fill(c.cr());
  }
  // vmax at the top; a constant scale gets ticks over +-0.5 around its value.
  const double pad = s.vmin == s.vmax ? 0.5 : 0.0;
  const Mapping m{s.vmax + pad, s.vmin - pad, y0, y0 + h, false};
  double widest = 0;
  c.colour({0, 0, 0});
  cairo_rectangle(c.cr(), x0, y0, w, h);
  cairo_set_line_width(c.cr(), 1);
  cairo_stroke(c.cr());
  for (const Tick& t : linearAxisTicks(m)) {
    c.line(x0 + w, t.position, x0 + w + 3, t.position);
    c.text(t.text, x0 + w + 5, t.position, 0, 0.5, kTick);
    widest = std::max(widest, c.textWidth(t.text, kTick));
  }
  c.text(s.label, x0 + w + widest + 10, y0 + 0.5 * h, 0.5, 0, kLabel, -M_PI / 2);
}

bool rowEnd(const ImageFigure& f, std::size_t k, int perRow) {
  return (int(k) + 1) % perRow == 0 || k + 1 == f.panels.size();
}
bool barAfter(const ImageFigure& f, std::size_t k, int perRow) {
  return rowEnd(f, k, perRow) || f.panels[k + 1].scale != f.panels[k].scale;
}

}  // namespace

ImageAxis distanceAxis(const std::string& name, double origin, double spacing, int n) {
  if (std::abs(spacing) * n >= 2000) return {name + " (km)", origin / 1000, spacing / 1000};
  return {name + " (m)", origin, spacing};
}

ImageAxis positionAxis(const std::string& name, const std::vector<double>& x) {
  bool even = x.size() >= 2 && x[1] != x[0];
  for (std::size_t k = 2; even && k < x.size(); ++k)
    even = std::abs((x[k] - x[k - 1]) - (x[1] - x[0])) <= 1e-9 * std::abs(x[1] - x[0]);
  return even ? distanceAxis(name, x[0], x[1] - x[0], int(x.size())) : ImageAxis{"receiver", 0, 1};
}

ColourScale rangeScale(Colormap map, const std::string& label, const std::vector<const std::vector<double>*>& arrays) {
  double lo = INFINITY, hi = -INFINITY;
  for (const auto* a : arrays)
    for (double v : *a)
      if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  if (!std::isfinite(lo)) lo = 0, hi = 1;
  if (hi - lo <= 1e-12 * std::max(1.0, std::abs(lo))) lo -= 0.5, hi += 0.5;
  return {map, lo, hi, label};
}

ColourScale symmetricScale(const std::string& label, const std::vector<const std::vector<double>*>& arrays,
                           double quantile) {
  std::vector<double> magnitudes;
  for (const auto* a : arrays)
    for (double v : *a)
      if (std::isfinite(v)) magnitudes.push_back(std::abs(v));
  double clip = 0;
  if (!magnitudes.empty()) {
    const auto k = std::ptrdiff_t(std::clamp(quantile, 0.0, 1.0) * double(magnitudes.size() - 1));
    std::nth_element(magnitudes.begin(), magnitudes.begin() + k, magnitudes.end());
    clip = magnitudes[std::size_t(k)];
    if (clip <= 0) clip = *std::max_element(magnitudes.begin(), magnitudes.end());
  }
  if (clip <= 0) clip = 1;
  return {Colormap::Seismic, -clip, clip, label};
}

void writeImageFigure(const fs::path& file, const ImageFigure& f) {
  validate(f, file);
  const auto [pw, ph] = panelSize(f);
  const int perRow = f.panelsPerRow > 0 ? f.panelsPerRow : int(f.panels.size());
  const int rowsOfPanels = (int(f.panels.size()) + perRow - 1) / perRow;
  const double left = 72, top = f.title.empty() ? 28 : 50, gap = 58, bar = 96, bottom = 48, rowGap = 30;
  // Widest row: panels plus the colour bars that row carries.
  double width = 0;
  for (int r = 0; r < rowsOfPanels; ++r) {
    double w = left;
    for (std::size_t k = std::size_t(r * perRow); k < f.panels.size() && k < std::size_t((r + 1) * perRow); ++k)
      w += pw + (barAfter(f, k, perRow) ? bar + (rowEnd(f, k, perRow) ? 0 : gap) : gap);
    width = std::max(width, w);
  }
  const double height = top + rowsOfPanels * (ph + bottom + rowGap) - rowGap + 8;
  Canvas c(int(std::ceil(width)), int(std::ceil(height)));
  titleAt(c, f.title, 0.5 * width, 10);

  const Mapping xm{f.x.origin - 0.5 * f.x.spacing, f.x.origin + (f.cols - 0.5) * f.x.spacing, 0, pw, false};
  const Mapping ym{f.y.origin - 0.5 * f.y.spacing, f.y.origin + (f.rows - 0.5) * f.y.spacing, 0, ph, false};
  double x = left;
  for (std::size_t k = 0; k < f.panels.size(); ++k) {
    const int r = int(k) / perRow;
    if (int(k) % perRow == 0) x = left;
    const double y = top + r * (ph + bottom + rowGap);
    drawCells(c, f, f.panels[k], x, y, pw, ph);
    Mapping xk = xm, yk = ym;
    xk.p0 += x, xk.p1 += x, yk.p0 += y, yk.p1 += y;
    drawAxes(c, x, y, x + pw, y + ph, xk, yk, f.x.label, f.y.label);
    if (!f.panels[k].title.empty()) c.text(f.panels[k].title, x + 0.5 * pw, y - 4, 0.5, 1, kLabel);
    if (barAfter(f, k, perRow)) {
      drawColourBar(c, f.scales[std::size_t(f.panels[k].scale)], x + pw + 12, y, ph);
      x += pw + bar + gap;
    } else {
      x += pw + gap;
    }
  }
  c.save(file);
}

// ----- plots --------------------------------------------------------------------------

namespace {

struct Limits {
  double lo = INFINITY, hi = -INFINITY;
  void add(double u) { lo = std::min(lo, u), hi = std::max(hi, u); }
  /// Widened by 4% each side (or +-0.5 when flat) so that marks do not sit on the frame.
  Limits padded(bool log) const {
    if (hi - lo <= 1e-12 * std::max(1.0, std::abs(lo))) return {lo - (log ? 0.3 : 0.5), hi + (log ? 0.3 : 0.5)};
    const double pad = 0.04 * (hi - lo);
    return {lo - pad, hi + pad};
  }
};

bool usable(double v, AxisScale s) { return std::isfinite(v) && (s == AxisScale::Linear || v > 0); }
double axisValue(double v, AxisScale s) { return s == AxisScale::Log ? std::log10(v) : v; }
double xOf(const Series& s, std::size_t i) { return s.x.empty() ? double(i) : s.x[i]; }

constexpr double kPlotLeft = 78, kPlotTop = 40, kPlotWidth = 480, kPlotHeight = 300, kPlotRight = 20,
                 kPlotBottom = 50;

}  // namespace

void writePlotFigure(const fs::path& file, const PlotFigure& f) {
  Limits xl, yl;
  for (const Series& s : f.series) {
    require(s.x.empty() || s.x.size() == s.y.size(), "figure '", file.string(), "': series '", s.label, "' has ",
            s.x.size(), " x values and ", s.y.size(), " y values");
    for (std::size_t i = 0; i < s.y.size(); ++i)
      if (usable(xOf(s, i), f.xScale) && usable(s.y[i], f.yScale))
        xl.add(axisValue(xOf(s, i), f.xScale)), yl.add(axisValue(s.y[i], f.yScale));
  }
  require(std::isfinite(xl.lo), "nothing to plot in '", file.string(), "'");
  if (f.diagonal) xl.add(yl.lo), xl.add(yl.hi), yl = xl;
  xl = xl.padded(f.xScale == AxisScale::Log), yl = yl.padded(f.yScale == AxisScale::Log);

  const double x0 = kPlotLeft, y0 = kPlotTop, x1 = x0 + kPlotWidth, y1 = y0 + kPlotHeight;
  Canvas c(int(x1 + kPlotRight + legendWidth(f.series)), int(y1 + kPlotBottom));
  titleAt(c, f.title, 0.5 * (x0 + x1), 10);
  // Series without x values are against 0, 1, 2, ...: whole-number ticks, as for wholeX.
  bool indexed = true;
  for (const Series& s : f.series) indexed = indexed && s.x.empty();
  indexed = indexed || f.wholeX;
  const Mapping xm{xl.lo, xl.hi, x0, x1, f.xScale == AxisScale::Log, indexed};
  const Mapping ym{yl.lo, yl.hi, y1, y0, f.yScale == AxisScale::Log};
  // Light grid at the ticks, then the data clipped to the box, then frame, ticks and legend.
  c.colour({0.9, 0.9, 0.9});
  for (const Tick& t : axisTicks(xm)) c.line(t.position, y0, t.position, y1);
  for (const Tick& t : axisTicks(ym)) c.line(x0, t.position, x1, t.position);
  cairo_save(c.cr());
  cairo_rectangle(c.cr(), x0, y0, x1 - x0, y1 - y0);
  cairo_clip(c.cr());
  if (f.diagonal) {
    c.colour({0.5, 0.5, 0.5});
    const double dash = 5;
    cairo_set_dash(c.cr(), &dash, 1, 0);
    const double lo = f.xScale == AxisScale::Log ? std::pow(10.0, xl.lo) : xl.lo;
    const double hi = f.xScale == AxisScale::Log ? std::pow(10.0, xl.hi) : xl.hi;
    c.line(xm(lo), ym(lo), xm(hi), ym(hi));
    cairo_set_dash(c.cr(), nullptr, 0, 0);
  }
  for (std::size_t k = 0; k < f.series.size(); ++k) {
    const Series& s = f.series[k];
    c.colour(seriesColour(k));
    bool drawing = false;
    for (std::size_t i = 0; i < s.y.size(); ++i) {
      if (!usable(xOf(s, i), f.xScale) || !usable(s.y[i], f.yScale)) {
        drawing = false;  // a gap in a line at a missing point
        continue;
      }
      const double px = xm(xOf(s, i)), py = ym(s.y[i]);
      if (f.marks == Marks::Points) {
        cairo_new_sub_path(c.cr());
        cairo_arc(c.cr(), px, py, 3, 0, 2 * M_PI);
      } else if (drawing) {
        cairo_line_to(c.cr(), px, py);
      } else {
        cairo_move_to(c.cr(), px, py);
        drawing = true;
      }
    }
    cairo_set_line_width(c.cr(), 2);
    if (f.marks == Marks::Points) {
      c.colour(seriesColour(k), 0.7);
      cairo_fill(c.cr());
    } else {
      cairo_stroke(c.cr());
    }
  }
  cairo_restore(c.cr());
  drawAxes(c, x0, y0, x1, y1, xm, ym, f.xLabel, f.yLabel);
  drawLegend(c, x1, y0, f.series, f.marks);
  c.save(file);
}

void writeHistogramFigure(const fs::path& file, const HistogramFigure& f) {
  require(f.bins > 0, "figure '", file.string(), "': ", f.bins, " bins; at least 1 is needed");
  Limits range;
  for (const Series& s : f.series)
    for (double v : s.y)
      if (std::isfinite(v)) range.add(v);
  require(std::isfinite(range.lo), "nothing to plot in '", file.string(), "'");
  if (range.hi - range.lo <= 1e-12 * std::max(1.0, std::abs(range.lo))) range.lo -= 0.5, range.hi += 0.5;
  const double width = (range.hi - range.lo) / f.bins;
  std::vector<std::vector<double>> counts(f.series.size(), std::vector<double>(std::size_t(f.bins), 0.0));
  double most = 1;
  for (std::size_t k = 0; k < f.series.size(); ++k) {
    for (double v : f.series[k].y)
      if (std::isfinite(v)) counts[k][std::size_t(std::clamp(int((v - range.lo) / width), 0, f.bins - 1))] += 1;
    most = std::max(most, *std::max_element(counts[k].begin(), counts[k].end()));
  }

  const double x0 = kPlotLeft, y0 = kPlotTop, x1 = x0 + kPlotWidth, y1 = y0 + kPlotHeight;
  Canvas c(int(x1 + kPlotRight + legendWidth(f.series)), int(y1 + kPlotBottom));
  titleAt(c, f.title, 0.5 * (x0 + x1), 10);
  const double pad = 0.02 * (range.hi - range.lo);
  const Mapping xm{range.lo - pad, range.hi + pad, x0, x1, false};
  const Mapping ym{0, most * 1.1, y1, y0, false, true};
  for (std::size_t k = 0; k < f.series.size(); ++k) {
    cairo_move_to(c.cr(), xm(range.lo), ym(0));
    for (int b = 0; b < f.bins; ++b) {
      const double h = ym(counts[k][std::size_t(b)]);
      cairo_line_to(c.cr(), xm(range.lo + b * width), h);
      cairo_line_to(c.cr(), xm(range.lo + (b + 1) * width), h);
    }
    cairo_line_to(c.cr(), xm(range.hi), ym(0));
    c.colour(seriesColour(k), 0.2);
    cairo_fill_preserve(c.cr());
    c.colour(seriesColour(k));
    cairo_set_line_width(c.cr(), 1.5);
    cairo_stroke(c.cr());
  }
  drawAxes(c, x0, y0, x1, y1, xm, ym, f.xLabel, "samples");
  drawLegend(c, x1, y0, f.series, Marks::Lines);
  c.save(file);
}

std::vector<double> linearTicks(double lo, double hi, int count) {
  require(std::isfinite(lo) && std::isfinite(hi) && lo <= hi && count > 0, "cannot place ticks on [", lo, ", ",
          hi, "]");
  if (hi == lo) return {lo};
  const double raw = (hi - lo) / count, decade = std::pow(10.0, std::floor(std::log10(raw)));
  double step = decade;
  for (double f : {1.0, 2.0, 5.0, 10.0})
    if (f * decade >= raw * 0.999) {
      step = f * decade;
      break;
    }
  std::vector<double> ticks;
  for (double k = std::ceil(lo / step - 1e-9); k * step <= hi + 1e-9 * step; k += 1)
    ticks.push_back(std::abs(k * step) < 1e-12 * step ? 0.0 : k * step);
  return ticks;
}

std::string tickText(double value, double step) {
  const double magnitude = std::max(std::abs(value), std::abs(step));
  char text[32];
  if (magnitude >= 1e5 || magnitude < 1e-3) {
    std::snprintf(text, sizeof text, "%.3g", value);
  } else {
    const int decimals = std::max(0, int(std::ceil(-std::log10(step) - 1e-9)));
    std::snprintf(text, sizeof text, "%.*f", decimals, value);
  }
  return text;
}

void toLog10Resistivity(std::vector<double>& conductivity) {
  constexpr double kAirConductivity = 1e-6;  // S/m: the solvers' air threshold
  for (double& v : conductivity) v = v <= kAirConductivity ? NAN : -std::log10(v);
}

ColourScale earthResistivityScale(const std::vector<const std::vector<double>*>& log10Resistivities) {
  return rangeScale(Colormap::Viridis, kLog10ResistivityLabel, log10Resistivities);
}

}  // namespace pairinv
