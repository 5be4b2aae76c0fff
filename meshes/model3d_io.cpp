#include "meshes/model3d_io.hpp"

#include <algorithm>
#include <cctype>

#include "core/error.hpp"
#include "core/hdf5_io.hpp"
#include "core/npy.hpp"
#include "meshes/vtk_io.hpp"

namespace fs = std::filesystem;

namespace pairinv {

namespace {

std::string lowerExtension(const fs::path& file) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return char(std::tolower(c)); });
  return ext;
}

enum class Format { Npy, Hdf5, Vti };

Format formatOf(const fs::path& file) {
  std::error_code ec;
  require(fs::exists(file, ec), "model file '", file.string(), "' does not exist");
  const std::string ext = lowerExtension(file);
  if (ext == ".npy") return Format::Npy;
  if (ext == ".h5" || ext == ".hdf5") return Format::Hdf5;
  if (ext == ".vti") return Format::Vti;
  throw InputError(concat("model file '", file.string(), "' has an unsupported extension '", ext,
                          "'; supported are .npy, .h5, .hdf5, .vti"));
}

template <typename Dim>
bool threeDimensional(const std::vector<Dim>& shape) {
  return shape.size() == 3 && shape[0] > 1 && shape[1] > 1 && shape[2] > 1;
}

template <typename Dim>
Grid3D gridOf(const fs::path& file, const std::string& what, const std::vector<Dim>& shape, double dz, double dy,
              double dx) {
  std::vector<std::size_t> s(shape.begin(), shape.end());
  require(threeDimensional(shape), "model file '", file.string(), "'", what, " has shape ", shapeString(s),
          "; a 3D model is (nz, ny, nx) with more than one cell along each axis",
          shape.size() == 2 || (shape.size() == 3 && shape[0] == 1) ? " (this is a 2D model: use -physics acoustic)"
                                                                    : "");
  Grid3D g;
  g.nz = int(shape[0]), g.ny = int(shape[1]), g.nx = int(shape[2]);
  g.dz = dz, g.dy = dy, g.dx = dx;
  return g;
}

}  // namespace

Field3D readModel3D(const fs::path& file, double dz, double dy, double dx) {
  const Format f = formatOf(file);
  if (f == Format::Npy) {
    NpyArray a = readNpy(file);
    Field3D m(gridOf(file, "", a.shape, dz, dy, dx));
    m.values = std::move(a.data);
    return m;
  }
  if (f == Format::Hdf5) {
    const Hdf5File h5 = Hdf5File::openReadOnly(file);
    require(h5.hasDataset("/model"), "model file '", file.string(), "' has no dataset /model (nz, ny, nx)");
    Hdf5Array a = h5.readDataset("/model");
    Field3D m(gridOf(file, " dataset /model", a.shape, dz, dy, dx));
    m.values = std::move(a.data);
    Grid3D& g = m.grid;
    for (auto [key, target] : {std::pair{"dz", &g.dz}, {"dy", &g.dy}, {"dx", &g.dx}, {"z0", &g.z0}, {"y0", &g.y0},
                               {"x0", &g.x0}})
      if (h5.hasAttribute("/model", key)) *target = h5.readDoubleAttribute("/model", key);
    return m;
  }
  Vti3DContents vti = readVti3D(file);
  require(!vti.arrayNames.empty(), "model file '", file.string(), "' has no scalar point-data array");
  const std::string name = vti.arrays.count("velocity") ? "velocity" : vti.arrayNames.front();
  Field3D m;
  m.grid = vti.grid;
  m.values = std::move(vti.arrays[name]);
  return m;
}

void writeModel3D(const fs::path& file, const Field3D& model, const std::string& name) {
  const Grid3D& g = model.grid;
  require(g.size() > 0 && model.values.size() == g.size(), "cannot write model '", file.string(), "': grid ", g.nz,
          " x ", g.ny, " x ", g.nx, " but ", model.values.size(), " values");
  const std::string ext = lowerExtension(file);
  if (ext == ".npy") {
    writeNpy(file, {std::size_t(g.nz), std::size_t(g.ny), std::size_t(g.nx)}, model.values.data(), NpyType::Float64);
  } else if (ext == ".h5" || ext == ".hdf5") {
    writeHdf5Atomically(file, [&](Hdf5File& h5) {
      h5.writeDataset("/model", {hsize_t(g.nz), hsize_t(g.ny), hsize_t(g.nx)}, model.values.data(), false);
      for (auto [key, value] : {std::pair{"dz", g.dz}, {"dy", g.dy}, {"dx", g.dx}, {"z0", g.z0}, {"y0", g.y0},
                                {"x0", g.x0}})
        h5.writeAttribute("/model", key, value);
      h5.writeAttribute("/model", "quantity", name);
    });
  } else if (ext == ".vti") {
    writeVti3D(file, g, {{name, &model.values}});
  } else {
    throw InputError(concat("cannot write model '", file.string(), "': unsupported extension '", ext,
                            "'; supported are .npy, .h5, .hdf5, .vti"));
  }
}

std::vector<std::size_t> modelFileShape(const fs::path& file) {
  const Format f = formatOf(file);
  if (f == Format::Npy) return readNpy(file).shape;
  if (f == Format::Hdf5) {
    const Hdf5File h5 = Hdf5File::openReadOnly(file);
    if (!h5.hasDataset("/model")) return {};
    const std::vector<hsize_t> shape = h5.datasetShape("/model");
    return {shape.begin(), shape.end()};
  }
  const std::array<int, 3> dims = vtiDimensions(file);
  return {std::size_t(dims[2]), std::size_t(dims[1]), std::size_t(dims[0])};
}

bool isShape3D(const std::vector<std::size_t>& shape) { return threeDimensional(shape); }

}  // namespace pairinv
