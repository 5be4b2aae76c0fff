// Format dispatch for single models; each reader validates the shape and names the file.
#include "meshes/model_io.hpp"

#include <algorithm>
#include <cctype>

#include "core/error.hpp"
#include "core/npy.hpp"
#include "core/hdf5_io.hpp"
#include "meshes/vtk_io.hpp"

namespace fs = std::filesystem;

namespace pairinv {

namespace {

constexpr const char* kSupported = ".npy, .h5, .hdf5, .vti";

std::string lowerExtension(const fs::path& file) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return char(std::tolower(c)); });
  return ext;
}

template <typename Dim>
std::string shapeText(const std::vector<Dim>& shape) {
  std::vector<std::size_t> s(shape.begin(), shape.end());
  return shapeString(s);
}

// Accepts (nz, nx) or (1, nz, nx) and returns {nz, nx}.
template <typename Dim>
std::pair<int, int> modelShape(const fs::path& file, const std::string& what,
                               const std::vector<Dim>& shape) {
  const bool plain = shape.size() == 2;
  const bool single = shape.size() == 3 && shape[0] == 1;
  require(plain || single, "model file '", file.string(), "'", what, " has shape ",
          shapeText(shape), "; accepted shapes are (nz, nx) and (1, nz, nx)");
  const Dim nz = shape[shape.size() - 2], nx = shape[shape.size() - 1];
  require(nz > 0 && nx > 0, "model file '", file.string(), "'", what, " has an empty shape ",
          shapeText(shape));
  return {int(nz), int(nx)};
}

Field2D fromValues(int nz, int nx, double dz, double dx, const double* values) {
  Grid2D grid;
  grid.nz = nz, grid.nx = nx, grid.dz = dz, grid.dx = dx;
  Field2D field(grid);
  std::copy(values, values + grid.size(), field.values.begin());
  return field;
}

Field2D readNpyModel(const fs::path& file, double dz, double dx) {
  const NpyArray array = readNpy(file);
  const auto [nz, nx] = modelShape(file, "", array.shape);
  return fromValues(nz, nx, dz, dx, array.data.data());
}

Field2D readHdf5Model(const fs::path& file, double dz, double dx) {
  const Hdf5File h5 = Hdf5File::openReadOnly(file);
  Field2D field;
  std::string dataset = "/model";
  if (h5.hasDataset("/model")) {
    const Hdf5Array array = h5.readDataset("/model");
    const auto [nz, nx] = modelShape(file, " dataset /model", array.shape);
    field = fromValues(nz, nx, dz, dx, array.data.data());
  } else if (h5.hasDataset("/models")) {
    // A training set: take sample 0, reading only that slice (sets can be large).
    dataset = "/models";
    const std::vector<hsize_t> shape = h5.datasetShape(dataset);
    require(shape.size() == 4 && shape[0] >= 1 && shape[1] == 1 && shape[2] > 0 && shape[3] > 0,
            "model file '", file.string(), "' dataset /models has shape ", shapeText(shape),
            "; accepted is (N, 1, nz, nx) with N >= 1");
    const Hdf5Array sample = h5.readDatasetSlice(dataset, 0);
    field = fromValues(int(shape[2]), int(shape[3]), dz, dx, sample.data.data());
  } else {
    throw InputError(concat("model file '", file.string(),
                            "' has neither a dataset /model (nz, nx) nor /models (N, 1, nz, nx)"));
  }
  Grid2D& g = field.grid;
  for (auto [key, target] : {std::pair{"dz", &g.dz}, {"dx", &g.dx}, {"z0", &g.z0}, {"x0", &g.x0}})
    if (h5.hasAttribute(dataset, key)) *target = h5.readDoubleAttribute(dataset, key);
  return field;
}

Field2D readVtiModel(const fs::path& file) {
  VtiContents vti = readVti(file);
  require(!vti.arrayNames.empty(), "model file '", file.string(),
          "' has no scalar point-data array");
  const auto named = vti.arrays.find("velocity");
  const std::string name = named != vti.arrays.end() ? "velocity" : vti.arrayNames.front();
  Field2D field;
  field.grid = vti.grid;
  field.values = std::move(vti.arrays[name]);
  return field;
}

}  // namespace

Field2D readModel(const fs::path& file, double dz, double dx) {
  std::error_code ec;
  require(fs::exists(file, ec), "model file '", file.string(), "' does not exist");
  const std::string ext = lowerExtension(file);
  if (ext == ".npy") return readNpyModel(file, dz, dx);
  if (ext == ".h5" || ext == ".hdf5") return readHdf5Model(file, dz, dx);
  if (ext == ".vti") return readVtiModel(file);
  throw InputError(concat("model file '", file.string(), "' has an unsupported extension '", ext,
                          "'; supported are ", kSupported));
}

void writeModel(const fs::path& file, const Field2D& model, const std::string& name) {
  const Grid2D& g = model.grid;
  require(g.nz > 0 && g.nx > 0 && model.values.size() == g.size(), "cannot write model '",
          file.string(), "': grid ", g.nz, " x ", g.nx, " but ", model.values.size(), " values");
  const std::string ext = lowerExtension(file);
  if (ext == ".npy") {
    writeNpy(file, {std::size_t(g.nz), std::size_t(g.nx)}, model.values.data(), NpyType::Float32);
  } else if (ext == ".h5" || ext == ".hdf5") {
    writeHdf5Atomically(file, [&](Hdf5File& h5) {
      h5.writeDataset("/model", {hsize_t(g.nz), hsize_t(g.nx)}, model.values.data(), true);
      h5.writeAttribute("/model", "dz", g.dz);
      h5.writeAttribute("/model", "dx", g.dx);
      h5.writeAttribute("/model", "z0", g.z0);
      h5.writeAttribute("/model", "x0", g.x0);
      h5.writeAttribute("/model", "quantity", name);
    });
  } else if (ext == ".vti") {
    writeVti(file, g, {{name, &model.values}});
  } else {
    throw InputError(concat("cannot write model '", file.string(), "': unsupported extension '",
                            ext, "'; supported are ", kSupported));
  }
}

}  // namespace pairinv
