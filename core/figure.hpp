// Figures a person can read, drawn with Cairo straight into PNG files: image panels (models,
// gathers, errors) with physical axes, titles and colour bars; line and scatter plots and
// histograms with tick values, axis labels and legends.
//
// Why Cairo from C++ and not matplotlib scripts: the figure is written by the process that
// has the numbers, in the same atomic step as the other outputs, with no interpreter start
// (about a second per matplotlib call) and no Python dependency at run time. Cairo's "toy"
// text API with the DejaVu Sans font (Debian's fonts-dejavu-core) draws the text; the same
// input always gives the same bytes.
//
// Conventions: image row 0 is drawn at the top (depth and time grow downwards); a value v of a
// cell is mapped through the panel's colour scale, clamped to [vmin, vmax], NaN is grey. Every
// writer validates its input first (InputError, nothing written) and writes atomically.
// PETSc-free, so learning/ uses it too.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace pairinv {

enum class Colormap {
  Seismic,  // blue-white-red, for signed data (gathers, differences, gradients)
  Viridis,  // perceptually uniform, for positive models (velocity, log conductivity)
};

/// A regular axis of an image: cell i is centred at origin + i * spacing (in the label's unit).
struct ImageAxis {
  std::string label;  // with its unit, e.g. "x (km)", "time (s)"
  double origin = 0, spacing = 1;
};

/// A distance axis for n cells of `spacing` metres starting at `origin` metres: in m, or in km
/// when the extent reaches 2 km. `name` is e.g. "x" or "depth".
ImageAxis distanceAxis(const std::string& name, double origin, double spacing, int n);

/// An axis over `positions` (m, e.g. receivers along a line): a distance axis named
/// `name` when they are evenly spaced, their numbers ("receiver" 0, 1, ...) otherwise.
ImageAxis positionAxis(const std::string& name, const std::vector<double>& positions);

/// How values become colours, and what the colour bar says.
struct ColourScale {
  Colormap map = Colormap::Viridis;
  double vmin = 0, vmax = 1;
  std::string label;  // with its unit, e.g. "velocity (m/s)"
};

/// min..max of the finite values of all `arrays` (a constant range is widened by +-0.5).
ColourScale rangeScale(Colormap map, const std::string& label, const std::vector<const std::vector<double>*>& arrays);
/// The symmetric range +-c with c the `quantile` (e.g. 0.98) of |value| over the finite values
/// of all `arrays`, so that a few spikes (the direct wave) do not wash out the rest; the
/// maximum when that quantile is zero, 1 for all-zero data. Seismic colours.
ColourScale symmetricScale(const std::string& label, const std::vector<const std::vector<double>*>& arrays,
                           double quantile = 0.98);

struct ImagePanel {
  std::string title;
  std::vector<double> values;  // rows x cols, row-major
  int scale = 0;               // index into ImageFigure::scales
};

/// Panels of equal size on common axes. A colour bar is drawn after the last panel of each run
/// of panels that share a scale, so "truth | estimate | LSI | FWI" on one scale and "error" on
/// another get one bar each.
struct ImageFigure {
  std::string title;
  int rows = 0, cols = 0;
  ImageAxis x, y;            // x across the columns, y down the rows
  bool equalAspect = true;   // one unit of x as long as one unit of y (models); false for gathers
  int panelsPerRow = 0;      // 0: all panels in one row
  std::vector<ColourScale> scales;
  std::vector<ImagePanel> panels;
};
void writeImageFigure(const std::filesystem::path& file, const ImageFigure& figure);

enum class AxisScale { Linear, Log };
enum class Marks { Lines, Points };

/// One named series; empty x means x = 0, 1, 2, ... (and whole-number ticks).
struct Series {
  std::string label;
  std::vector<double> x, y;
};

struct PlotFigure {
  std::string title, xLabel, yLabel;
  AxisScale xScale = AxisScale::Linear, yScale = AxisScale::Linear;
  Marks marks = Marks::Lines;
  bool diagonal = false;  // grey dashed y = x on common x and y limits (scatter against truth)
  std::vector<Series> series;
  bool wholeX = false;    // x values are whole numbers (iterations): ticks only at those
};
/// Non-finite points, and non-positive ones on a log axis, are left out. Throws InputError if
/// no point is left, or if a series' x and y differ in length.
void writePlotFigure(const std::filesystem::path& file, const PlotFigure& figure);

/// Histograms of each series' y values over one common range, as outlined bars with a light
/// fill, a legend, and "samples" on the vertical axis.
struct HistogramFigure {
  std::string title, xLabel;
  int bins = 20;
  std::vector<Series> series;  // only y is used
};
void writeHistogramFigure(const std::filesystem::path& file, const HistogramFigure& figure);

/// Nicely rounded tick positions (steps of 1, 2 or 5 x 10^k) covering [lo, hi], about `count`
/// of them, all inside [lo, hi]. Exposed for tests.
std::vector<double> linearTicks(double lo, double hi, int count = 5);
/// The text of a tick at `value` when ticks are `step` apart (no more decimals than needed).
std::string tickText(double value, double step);

/// Conductivity models (S/m) as figures show them, in MT practice: log10 resistivity in ohm m,
/// with the air (1e-6 S/m and below, the solvers' threshold) left out: NaN, drawn grey, so that
/// its 1e8 ohm m neither squeezes the earth's colours nor looks like a resistive layer.
inline const char* const kLog10ResistivityLabel = "log10 resistivity (ohm m); air grey";
inline const char* const kLog10ResistivityRatioLabel = "log10(rho / rho_true)";
/// sigma -> log10(1 / sigma) in place, air -> NaN.
void toLog10Resistivity(std::vector<double>& conductivity);
/// The colour scale of such values (their finite range).
ColourScale earthResistivityScale(const std::vector<const std::vector<double>*>& log10Resistivities);

}  // namespace pairinv
