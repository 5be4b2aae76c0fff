// Convergence quick-looks: line plots drawn straight into a PNG (no text, no font library).
// Each series is scaled to the plot box; with logScale the y axis is log10. A light grid
// marks decades (log) or quarters (linear) so that relative changes can be read by eye.
#pragma once

#include <filesystem>
#include <vector>

namespace pairinv {

/// Writes the series (each a list of y values at x = 0, 1, 2, ...) in distinct colours
/// (blue, red, green, orange, ...), atomically. Non-finite and (for log) non-positive values
/// are skipped. Throws InputError if there is nothing to draw.
void writeLinePlot(const std::filesystem::path& file, const std::vector<std::vector<double>>& series,
                   bool logScale, int width = 640, int height = 400);

/// Scatter plot: each series is a set of points (x[i], y[i]) drawn as small squares in the
/// colours of writeLinePlot, both axes linear and scaled to all finite points together; a grey
/// diagonal y = x is drawn when `diagonal`. Throws InputError if there is nothing to draw.
void writeScatterPlot(const std::filesystem::path& file, const std::vector<std::vector<double>>& xs,
                      const std::vector<std::vector<double>>& ys, bool diagonal = false, int width = 480,
                      int height = 480);

/// Histograms of each series over one common range (min..max of all finite values), `bins`
/// bins, drawn as outlined bars in the colours of writeLinePlot. Throws InputError if there is
/// nothing to draw.
void writeHistogram(const std::filesystem::path& file, const std::vector<std::vector<double>>& series, int bins = 20,
                    int width = 640, int height = 400);

}  // namespace pairinv
