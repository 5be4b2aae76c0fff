#include "core/openfwi_files.hpp"

#include <cmath>

#include "core/error.hpp"

namespace fs = std::filesystem;

namespace pairinv {

std::vector<NpyArray> readOpenfwiModels(const std::vector<fs::path>& files) {
  std::vector<NpyArray> models;
  for (const fs::path& file : files) {
    require(fs::exists(file), "model file '", file.string(), "' does not exist");
    models.push_back(readNpy(file));
    const auto& s = models.back().shape;
    require(s.size() == 4 && s[1] == 1 && s[0] >= 1 && s[2] >= 1 && s[3] >= 1, "model file '", file.string(),
            "' has shape ", shapeString(s), "; OpenFWI's model files have shape (n, 1, nz, nx)");
    require(s[2] == models.front().shape[2] && s[3] == models.front().shape[3], "model file '", file.string(),
            "' has shape ", shapeString(s), " but '", files.front().string(), "' has ",
            shapeString(models.front().shape), ": all models must share one grid");
    for (double v : models.back().data)
      require(std::isfinite(v) && v > 0, "model file '", file.string(), "' holds the velocity ", v,
              "; velocities must be finite and positive");
  }
  return models;
}

NpyArray readOpenfwiData(const fs::path& file, const std::vector<std::size_t>& expected) {
  require(fs::exists(file), "data file '", file.string(), "' does not exist");
  NpyArray data = readNpy(file);
  require(data.shape == expected, "data file '", file.string(), "' has shape ", shapeString(data.shape),
          "; its model file and the acquisition (-acoustic_* options, preset openfwi by default) need ",
          shapeString(expected));
  for (double v : data.data)
    require(std::isfinite(v), "data file '", file.string(), "' holds ", v, "; every value must be finite");
  return data;
}

}  // namespace pairinv
