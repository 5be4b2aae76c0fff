#include "apps/survey_quicklook.hpp"

#include <cmath>
#include <cstdio>
#include <limits>

#include "core/atomic_file.hpp"
#include "core/hdf5_io.hpp"
#include "core/png_image.hpp"
#include "meshes/vtk_io.hpp"

namespace fs = std::filesystem;

namespace pairinv::apps {

namespace {

fs::path besideSurvey(const fs::path& survey, const std::string& suffix) {
  return survey.parent_path() / (survey.stem().string() + suffix);
}

/// Tiles `count` images of rows x cols (image k at tiles[k * rows * cols]) into a sheet with a
/// one-pixel NaN (grey) gap, choosing the number of columns so that the sheet is roughly square.
void writeSheet(const fs::path& file, const std::vector<double>& tiles, int count, int rows, int cols,
                Colormap colormap) {
  const int across = std::max(1, std::min(count, int(std::ceil(std::sqrt(double(count) * rows / cols)))));
  const int down = (count + across - 1) / across;
  const int width = across * (cols + 1) - 1, height = down * (rows + 1) - 1;
  std::vector<double> sheet(std::size_t(width) * std::size_t(height), std::numeric_limits<double>::quiet_NaN());
  for (int k = 0; k < count; ++k) {
    const int top = (k / across) * (rows + 1), left = (k % across) * (cols + 1);
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c)
        sheet[std::size_t(top + r) * std::size_t(width) + std::size_t(left + c)] =
            tiles[(std::size_t(k) * std::size_t(rows) + std::size_t(r)) * std::size_t(cols) + std::size_t(c)];
  }
  writePngQuicklook(file, height, width, sheet.data(), colormap);
}

}  // namespace

std::vector<fs::path> writeSurveyContactSheets(const fs::path& survey, int count) {
  const Hdf5File h5 = Hdf5File::openReadOnly(survey);
  const std::vector<hsize_t> shape = h5.datasetShape("/models");
  count = int(std::min<hsize_t>(hsize_t(count), shape[0]));
  std::vector<fs::path> written;
  if (count <= 0) return written;

  // Conductivities span decades: show their logarithm.
  const bool logScale = h5.hasAttribute("/", "quantity") && h5.readStringAttribute("/", "quantity") == "conductivity";
  std::vector<double> tiles;
  for (int k = 0; k < count; ++k) {
    const Hdf5Array model = h5.readDatasetSlice("/models", hsize_t(k));
    for (double v : model.data) tiles.push_back(logScale ? std::log10(v) : v);
  }
  written.push_back(besideSurvey(survey, "_models.png"));
  writeSheet(written.back(), tiles, count, int(shape[2]), int(shape[3]), Colormap::Viridis);

  if (!h5.hasDataset("/data")) return written;
  const std::vector<hsize_t> data = h5.datasetShape("/data");  // [N, shots, time, receivers]
  const std::size_t perShot = std::size_t(data[2]) * std::size_t(data[3]), middle = std::size_t(data[1] / 2);
  tiles.clear();
  for (int k = 0; k < count; ++k) {
    const Hdf5Array sample = h5.readDatasetSlice("/data", hsize_t(k));
    const auto first = sample.data.begin() + std::ptrdiff_t(middle * perShot);
    tiles.insert(tiles.end(), first, first + std::ptrdiff_t(perShot));
  }
  written.push_back(besideSurvey(survey, "_gathers.png"));
  writeSheet(written.back(), tiles, count, int(data[2]), int(data[3]), Colormap::Seismic);
  return written;
}

std::vector<fs::path> writeSurveyVtk(const fs::path& survey, const std::vector<std::size_t>& indices) {
  std::vector<fs::path> written;
  if (indices.empty()) return written;
  const Hdf5File h5 = Hdf5File::openReadOnly(survey);
  Grid2D grid;
  grid.nz = int(h5.readInt64Attribute("/", "nz"));
  grid.nx = int(h5.readInt64Attribute("/", "nx"));
  grid.dz = h5.readDoubleAttribute("/", "dz");
  grid.dx = h5.readDoubleAttribute("/", "dx");
  const std::string quantity = h5.readStringAttribute("/", "quantity");
  const fs::path dir = besideSurvey(survey, "_vtk");
  ensureDirectory(dir);
  for (std::size_t index : indices) {
    const Hdf5Array model = h5.readDatasetSlice("/models", hsize_t(index));
    char name[32];
    std::snprintf(name, sizeof name, "sample_%06zu.vti", index);
    written.push_back(dir / name);
    writeVti(written.back(), grid, {{quantity, &model.data}});
  }
  return written;
}

}  // namespace pairinv::apps
