// Quick-look PNG images of 2D arrays (models, gathers, wavefields, gradients), written with
// libpng. They are for eyes, not for data exchange: values are mapped through a colormap and
// quantised to 8 bits. PETSc-free, so learning/ can use it too.
#pragma once

#include <filesystem>

namespace pairinv {

enum class Colormap {
  Seismic,  // blue-white-red, for signed data (gathers, wavefields, gradients)
  Viridis,  // perceptually uniform, for positive models (velocity, conductivity)
};

/// Pixel size of the image written for a rows x cols array. Each axis is enlarged by its own
/// integer nearest-neighbour factor so that both sides reach at least ~300 px and the longer
/// side at least ~500 px, without taking a side beyond ~1200 px (an axis already larger than
/// that is kept at one pixel per value). A 70x70 model becomes 560x560; a 1000x70 gather
/// becomes 1000x350.
struct PngSize {
  int height = 0, width = 0;
};
PngSize pngImageSize(int rows, int cols);

/// Writes `values` (row-major rows x cols, row 0 at the top of the image) as an RGB PNG,
/// mapping [vmin, vmax] onto the colormap (values outside are clamped; NaNs are grey).
/// Written atomically. Throws InputError if rows or cols <= 0 or vmin/vmax are not finite.
void writePngImage(const std::filesystem::path& file, int rows, int cols, const double* values,
                   Colormap cmap, double vmin, double vmax);

/// As writePngImage, choosing the range: Seismic uses +-(98th percentile of |x|), so a few
/// spikes (the direct wave) do not wash out the rest; Viridis uses min..max. NaNs are ignored
/// when choosing; an all-zero or constant array still gives a valid image.
void writePngQuicklook(const std::filesystem::path& file, int rows, int cols,
                       const double* values, Colormap cmap);

}  // namespace pairinv
