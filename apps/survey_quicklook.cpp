#include "apps/survey_quicklook.hpp"

#include <cmath>
#include <cstdio>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/figure.hpp"
#include "core/hdf5_io.hpp"
#include "core/segy_file.hpp"
#include "core/survey_file.hpp"
#include "meshes/model_figure.hpp"
#include "meshes/vtk_io.hpp"

namespace fs = std::filesystem;

namespace pairinv::apps {

namespace {

fs::path besideSurvey(const fs::path& survey, const std::string& suffix) {
  return survey.parent_path() / (survey.stem().string() + suffix);
}

/// The receivers' x positions recorded in the survey (acoustic: grid columns; EM: metres).
std::vector<double> receiverPositions(const Hdf5File& h5, double dx) {
  std::vector<double> x;
  if (h5.hasAttribute("/", "receiver_x")) return h5.readDoubleVectorAttribute("/", "receiver_x");
  if (h5.hasAttribute("/", "receiver_ix"))
    for (std::int64_t ix : h5.readInt64VectorAttribute("/", "receiver_ix")) x.push_back(double(ix) * dx);
  return x;
}

/// Tiles the panels in a roughly square arrangement on one colour scale.
void writeSheet(const fs::path& file, ImageFigure f, std::vector<std::vector<double>> tiles, ColourScale scale) {
  const int count = int(tiles.size());
  f.panelsPerRow = std::max(1, std::min(count, int(std::ceil(std::sqrt(double(count) * 0.8)))));
  f.scales = {std::move(scale)};
  for (int k = 0; k < count; ++k) f.panels.push_back({concat("sample ", k), std::move(tiles[std::size_t(k)]), 0});
  writeImageFigure(file, f);
}

}  // namespace

std::vector<fs::path> writeSurveyContactSheets(const fs::path& survey, int count) {
  const Hdf5File h5 = Hdf5File::openReadOnly(survey);
  const SurveyInfo info = readSurveyInfo(survey);
  count = int(std::min<std::int64_t>(count, info.samples));
  std::vector<fs::path> written;
  if (count <= 0) return written;

  // Conductivities span decades: show their logarithm.
  const bool conductivity = h5.hasAttribute("/", "quantity") && h5.readStringAttribute("/", "quantity") == "conductivity";
  std::vector<std::vector<double>> tiles;
  std::vector<const std::vector<double>*> all;
  for (int k = 0; k < count; ++k) {
    tiles.push_back(h5.readDatasetSlice("/models", hsize_t(k)).data);
    if (conductivity) toLog10Resistivity(tiles.back());
  }
  for (const auto& t : tiles) all.push_back(&t);
  Grid2D grid;
  grid.nz = int(info.nz), grid.nx = int(info.nx), grid.dz = info.dz, grid.dx = info.dx;
  const ColourScale scale =
      conductivity ? earthResistivityScale(all) : rangeScale(Colormap::Viridis, "velocity (m/s)", all);
  written.push_back(besideSurvey(survey, "_models.png"));
  writeSheet(written.back(), modelFigure(grid, concat("the first ", count, " models of ", survey.filename().string())),
             std::move(tiles), scale);

  if (!info.hasData) return written;
  const std::vector<hsize_t> data = h5.datasetShape("/data");  // [N, shots, rows, receivers]
  const std::size_t perShot = std::size_t(data[2]) * std::size_t(data[3]), middle = std::size_t(data[1] / 2);
  tiles.clear(), all.clear();
  for (int k = 0; k < count; ++k) {
    const Hdf5Array sample = h5.readDatasetSlice("/data", hsize_t(k));
    const auto first = sample.data.begin() + std::ptrdiff_t(middle * perShot);
    tiles.emplace_back(first, first + std::ptrdiff_t(perShot));
  }
  for (const auto& t : tiles) all.push_back(&t);
  ImageFigure f;
  f.title = conductivity ? concat("part ", middle, " of /data (frequency down) of the first ", count, " samples")
                         : concat("shot ", middle, " of the first ", count, " samples");
  f.rows = int(data[2]), f.cols = int(data[3]);
  const std::vector<double> x = receiverPositions(h5, info.dx);
  f.x = x.size() == data[3] ? positionAxis("receiver x", x) : ImageAxis{"receiver", 0, 1};
  const bool timed = info.dt > 0 && h5.hasAttribute("/", "first_sample_time");
  f.y = timed ? ImageAxis{"time (s)", h5.readDoubleAttribute("/", "first_sample_time"), info.dt}
              : ImageAxis{"frequency (index)", 0, 1};
  f.equalAspect = false;
  written.push_back(besideSurvey(survey, "_gathers.png"));
  writeSheet(written.back(), f, std::move(tiles), symmetricScale(timed ? "pressure (source units)" : "datum", all));
  return written;
}

std::vector<fs::path> writeSurveySegy(const fs::path& survey, const std::vector<std::size_t>& indices) {
  std::vector<fs::path> written;
  if (indices.empty()) return written;
  const Hdf5File h5 = Hdf5File::openReadOnly(survey);
  const SurveyInfo info = readSurveyInfo(survey);
  SegyGathers g;
  g.nshots = int(info.nshots), g.nsamples = int(info.nsamples), g.nreceivers = int(info.nreceivers);
  g.dt = info.dt, g.firstTime = h5.readDoubleAttribute("/", "first_sample_time");
  const auto metres = [&](const char* attribute, double spacing) {
    std::vector<double> v;
    for (std::int64_t i : h5.readInt64VectorAttribute("/", attribute)) v.push_back(double(i) * spacing);
    return v;
  };
  g.sourceX = metres("source_ix", info.dx), g.sourceDepth = metres("source_iz", info.dz);
  g.receiverX = metres("receiver_ix", info.dx), g.receiverDepth = metres("receiver_iz", info.dz);
  // One source depth for all is stored once.
  if (g.sourceDepth.size() == 1) g.sourceDepth.assign(std::size_t(g.nshots), g.sourceDepth.front());
  if (g.receiverDepth.size() == 1) g.receiverDepth.assign(std::size_t(g.nreceivers), g.receiverDepth.front());
  const fs::path dir = besideSurvey(survey, "_segy");
  ensureDirectory(dir);
  for (std::size_t index : indices) {
    g.data = h5.readDatasetSlice("/data", hsize_t(index)).data;
    char name[32];
    std::snprintf(name, sizeof name, "sample_%06zu.sgy", index);
    written.push_back(dir / name);
    writeSegy(written.back(), g);
  }
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
