// .vti and .pvd I/O with VTK 9.1's XML writer/reader (see vtk_io.hpp for the axis mapping).
#include "meshes/vtk_io.hpp"

#include <vtkDataArray.h>
#include <vtkDoubleArray.h>
#include <vtkFieldData.h>
#include <vtkImageData.h>
#include <vtkInformation.h>
#include <vtkStreamingDemandDrivenPipeline.h>
#include <vtkNew.h>
#include <vtkObject.h>
#include <vtkPointData.h>
#include <vtkXMLImageDataReader.h>
#include <vtkXMLImageDataWriter.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace fs = std::filesystem;

namespace pairinv {

namespace {

constexpr const char* kGridArray = "pairinv_grid";  // [nz, nx, dz, dx, z0, x0]

// VTK prints errors itself through vtkOutputWindow; we report them as exceptions instead.
// Restores the previous global setting on scope exit.
class QuietVtk {
 public:
  QuietVtk() : previous_(vtkObject::GetGlobalWarningDisplay()) {
    vtkObject::GlobalWarningDisplayOff();
  }
  ~QuietVtk() { vtkObject::SetGlobalWarningDisplay(previous_); }

 private:
  int previous_;
};

// Row iz of the field is VTK row (nz - 1 - iz): VTK's y grows upwards, our depth downwards.
std::size_t vtkIndex(const Grid2D& g, int iz, int ix) {
  return std::size_t(g.nz - 1 - iz) * std::size_t(g.nx) + std::size_t(ix);
}

// Agreement up to the ~12 digits VTK keeps in the XML text, relative to `scale`.
bool nearlyEqual(double a, double b, double scale) {
  return std::abs(a - b) <= 1e-9 * std::max({std::abs(a), std::abs(b), scale});
}

std::string xmlEscape(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

/// Writes `image` as a .vti atomically: raw binary appended data, zlib-compressed, 64-bit headers
/// (arrays over 4 GB).
void writeImage(const fs::path& file, vtkImageData* image) {
  writeAtomically(file, [&](const fs::path& tmp) {
    QuietVtk quiet;
    vtkNew<vtkXMLImageDataWriter> writer;
    writer->SetInputData(image);
    writer->SetFileName(tmp.c_str());
    writer->SetDataModeToAppended();
    writer->EncodeAppendedDataOff();
    writer->SetCompressorTypeToZLib();
    writer->SetHeaderTypeToUInt64();
    if (writer->Write() != 1 || writer->GetErrorCode() != 0)
      throw Error(concat("VTK could not write '", file.string(), "' (disk full or no permission?)"));
  });
}

/// Points `reader` at `file`: InputError if it is missing or not a VTK XML image file.
void openVti(const fs::path& file, vtkXMLImageDataReader* reader) {
  std::error_code ec;
  require(fs::exists(file, ec), "VTK image file '", file.string(), "' does not exist");
  require(reader->CanReadFile(file.c_str()) != 0, "'", file.string(), "' is not a VTK XML image file (.vti)");
  reader->SetFileName(file.c_str());
}

}  // namespace

void writeVti(const fs::path& file, const Grid2D& grid, const std::vector<NamedArray>& arrays) {
  require(grid.nz > 0 && grid.nx > 0, "cannot write '", file.string(), "': grid is ", grid.nz,
          " x ", grid.nx);
  require(grid.dz > 0 && grid.dx > 0, "cannot write '", file.string(), "': spacing dz=",
          grid.dz, ", dx=", grid.dx, " must be positive");
  vtkNew<vtkImageData> image;
  image->SetDimensions(grid.nx, grid.nz, 1);
  image->SetSpacing(grid.dx, grid.dz, 1.0);
  image->SetOrigin(grid.x0, -(grid.z0 + (grid.nz - 1) * grid.dz), 0.0);

  std::set<std::string> names;
  for (const NamedArray& a : arrays) {
    require(!a.name.empty() && a.name != kGridArray, "cannot write '", file.string(),
            "': invalid array name '", a.name, "'");
    require(names.insert(a.name).second, "cannot write '", file.string(), "': array name '",
            a.name, "' appears twice");
    require(a.values && a.values->size() == grid.size(), "cannot write '", file.string(),
            "': array '", a.name, "' has ", a.values ? a.values->size() : 0,
            " values, the grid needs ", grid.size());
    vtkNew<vtkDoubleArray> data;
    data->SetName(a.name.c_str());
    data->SetNumberOfTuples(vtkIdType(grid.size()));
    for (int iz = 0; iz < grid.nz; ++iz)
      for (int ix = 0; ix < grid.nx; ++ix)
        data->SetValue(vtkIdType(vtkIndex(grid, iz, ix)), (*a.values)[grid.index(iz, ix)]);
    image->GetPointData()->AddArray(data);
  }
  if (!arrays.empty()) image->GetPointData()->SetActiveScalars(arrays.front().name.c_str());

  vtkNew<vtkDoubleArray> gridInfo;
  gridInfo->SetName(kGridArray);
  for (double v : {double(grid.nz), double(grid.nx), grid.dz, grid.dx, grid.z0, grid.x0})
    gridInfo->InsertNextValue(v);
  image->GetFieldData()->AddArray(gridInfo);

  writeImage(file, image);
}

VtiContents readVti(const fs::path& file) {
  QuietVtk quiet;
  vtkNew<vtkXMLImageDataReader> reader;
  openVti(file, reader);
  reader->Update();
  vtkImageData* image = reader->GetOutput();
  require(reader->GetErrorCode() == 0 && image && image->GetNumberOfPoints() > 0, "'",
          file.string(), "' is corrupt or truncated: VTK could not read its image data");
  int dims[3];
  image->GetDimensions(dims);
  require(dims[2] == 1, "'", file.string(), "' is a 3D image (", dims[0], " x ", dims[1], " x ",
          dims[2], "); expected a single slice");

  VtiContents out;
  Grid2D& g = out.grid;
  double spacing[3], origin[3];
  image->GetSpacing(spacing);
  image->GetOrigin(origin);
  g.nx = dims[0], g.nz = dims[1];
  g.dx = spacing[0], g.dz = spacing[1];
  g.x0 = origin[0], g.z0 = -(origin[1] + (g.nz - 1) * g.dz);
  // Prefer the exact grid we stored, unless the geometry was changed since (then it is stale).
  if (vtkDataArray* info = image->GetFieldData()->GetArray(kGridArray);
      info && info->GetNumberOfTuples() == 6 && info->GetNumberOfComponents() == 1) {
    const double nz = info->GetTuple1(0), nx = info->GetTuple1(1), dz = info->GetTuple1(2),
                 dx = info->GetTuple1(3), z0 = info->GetTuple1(4), x0 = info->GetTuple1(5);
    const double extent = std::max(g.nz * std::abs(g.dz), g.nx * std::abs(g.dx));
    if (nz == g.nz && nx == g.nx && nearlyEqual(dz, g.dz, 0) && nearlyEqual(dx, g.dx, 0) &&
        nearlyEqual(z0, g.z0, extent) && nearlyEqual(x0, g.x0, extent))
      g.dz = dz, g.dx = dx, g.z0 = z0, g.x0 = x0;
  }

  vtkPointData* pd = image->GetPointData();
  for (int a = 0; a < pd->GetNumberOfArrays(); ++a) {
    vtkDataArray* data = pd->GetArray(a);
    if (!data || !data->GetName() || data->GetNumberOfComponents() != 1) continue;
    require(data->GetNumberOfTuples() == vtkIdType(g.size()), "'", file.string(), "': array '",
            data->GetName(), "' has ", data->GetNumberOfTuples(), " values, expected ", g.size());
    std::vector<double> values(g.size());
    for (int iz = 0; iz < g.nz; ++iz)
      for (int ix = 0; ix < g.nx; ++ix)
        values[g.index(iz, ix)] = data->GetTuple1(vtkIdType(vtkIndex(g, iz, ix)));
    out.arrayNames.push_back(data->GetName());
    out.arrays[data->GetName()] = std::move(values);
  }
  return out;
}

namespace {

constexpr const char* kGrid3DArray = "pairinv_grid3d";  // [nz, ny, nx, dz, dy, dx, z0, y0, x0]

// Plane iz of the field is VTK plane (nz - 1 - iz): VTK's z grows upwards, our depth downwards.
std::size_t vtkIndex3(const Grid3D& g, int iz, int iy, int ix) {
  return (std::size_t(g.nz - 1 - iz) * std::size_t(g.ny) + std::size_t(iy)) * std::size_t(g.nx) + std::size_t(ix);
}

}  // namespace

void writeVti3D(const fs::path& file, const Grid3D& grid, const std::vector<NamedArray>& arrays) {
  require(grid.nz > 0 && grid.ny > 0 && grid.nx > 0, "cannot write '", file.string(), "': grid is ", grid.nz, " x ",
          grid.ny, " x ", grid.nx);
  require(grid.dz > 0 && grid.dy > 0 && grid.dx > 0, "cannot write '", file.string(), "': spacing must be positive");
  vtkNew<vtkImageData> image;
  image->SetDimensions(grid.nx, grid.ny, grid.nz);
  image->SetSpacing(grid.dx, grid.dy, grid.dz);
  image->SetOrigin(grid.x0, grid.y0, -(grid.z0 + (grid.nz - 1) * grid.dz));
  std::set<std::string> names;
  for (const NamedArray& a : arrays) {
    require(!a.name.empty() && a.name != kGrid3DArray, "cannot write '", file.string(), "': invalid array name '",
            a.name, "'");
    require(names.insert(a.name).second, "cannot write '", file.string(), "': array name '", a.name,
            "' appears twice");
    require(a.values && a.values->size() == grid.size(), "cannot write '", file.string(), "': array '", a.name,
            "' has ", a.values ? a.values->size() : 0, " values, the grid needs ", grid.size());
    vtkNew<vtkDoubleArray> data;
    data->SetName(a.name.c_str());
    data->SetNumberOfTuples(vtkIdType(grid.size()));
    for (int iz = 0; iz < grid.nz; ++iz)
      for (int iy = 0; iy < grid.ny; ++iy)
        for (int ix = 0; ix < grid.nx; ++ix)
          data->SetValue(vtkIdType(vtkIndex3(grid, iz, iy, ix)), (*a.values)[grid.index(iz, iy, ix)]);
    image->GetPointData()->AddArray(data);
  }
  if (!arrays.empty()) image->GetPointData()->SetActiveScalars(arrays.front().name.c_str());
  vtkNew<vtkDoubleArray> gridInfo;
  gridInfo->SetName(kGrid3DArray);
  for (double v : {double(grid.nz), double(grid.ny), double(grid.nx), grid.dz, grid.dy, grid.dx, grid.z0, grid.y0,
                   grid.x0})
    gridInfo->InsertNextValue(v);
  image->GetFieldData()->AddArray(gridInfo);
  writeImage(file, image);
}

std::array<int, 3> vtiDimensions(const fs::path& file) {
  QuietVtk quiet;
  vtkNew<vtkXMLImageDataReader> reader;
  openVti(file, reader);
  reader->UpdateInformation();
  int extent[6] = {0, -1, 0, -1, 0, -1};
  reader->GetOutputInformation(0)->Get(vtkStreamingDemandDrivenPipeline::WHOLE_EXTENT(), extent);
  require(reader->GetErrorCode() == 0 && extent[1] >= extent[0], "'", file.string(),
          "' is corrupt or truncated: VTK could not read its extent");
  return {extent[1] - extent[0] + 1, extent[3] - extent[2] + 1, extent[5] - extent[4] + 1};
}

Vti3DContents readVti3D(const fs::path& file) {
  QuietVtk quiet;
  vtkNew<vtkXMLImageDataReader> reader;
  openVti(file, reader);
  reader->Update();
  vtkImageData* image = reader->GetOutput();
  require(reader->GetErrorCode() == 0 && image && image->GetNumberOfPoints() > 0, "'", file.string(),
          "' is corrupt or truncated: VTK could not read its image data");
  int dims[3];
  image->GetDimensions(dims);
  require(dims[0] > 1 && dims[1] > 1 && dims[2] > 1, "'", file.string(), "' is a ", dims[0], " x ", dims[1], " x ",
          dims[2], " image; a 3D model needs more than one point along each axis");
  Vti3DContents out;
  Grid3D& g = out.grid;
  double spacing[3], origin[3];
  image->GetSpacing(spacing);
  image->GetOrigin(origin);
  g.nx = dims[0], g.ny = dims[1], g.nz = dims[2];
  g.dx = spacing[0], g.dy = spacing[1], g.dz = spacing[2];
  g.x0 = origin[0], g.y0 = origin[1], g.z0 = -(origin[2] + (g.nz - 1) * g.dz);
  if (vtkDataArray* info = image->GetFieldData()->GetArray(kGrid3DArray);
      info && info->GetNumberOfTuples() == 9 && info->GetNumberOfComponents() == 1) {
    double v[9];
    for (int i = 0; i < 9; ++i) v[i] = info->GetTuple1(i);
    const double extent = std::max({g.nz * g.dz, g.ny * g.dy, g.nx * g.dx});
    if (v[0] == g.nz && v[1] == g.ny && v[2] == g.nx && nearlyEqual(v[3], g.dz, 0) && nearlyEqual(v[4], g.dy, 0) &&
        nearlyEqual(v[5], g.dx, 0) && nearlyEqual(v[6], g.z0, extent) && nearlyEqual(v[7], g.y0, extent) &&
        nearlyEqual(v[8], g.x0, extent))
      g.dz = v[3], g.dy = v[4], g.dx = v[5], g.z0 = v[6], g.y0 = v[7], g.x0 = v[8];
  }
  vtkPointData* pd = image->GetPointData();
  for (int a = 0; a < pd->GetNumberOfArrays(); ++a) {
    vtkDataArray* data = pd->GetArray(a);
    if (!data || !data->GetName() || data->GetNumberOfComponents() != 1) continue;
    std::vector<double> values(g.size());
    for (int iz = 0; iz < g.nz; ++iz)
      for (int iy = 0; iy < g.ny; ++iy)
        for (int ix = 0; ix < g.nx; ++ix)
          values[g.index(iz, iy, ix)] = data->GetTuple1(vtkIdType(vtkIndex3(g, iz, iy, ix)));
    out.arrayNames.push_back(data->GetName());
    out.arrays[data->GetName()] = std::move(values);
  }
  return out;
}

PvdSeries::PvdSeries(fs::path pvdFile) : pvd_(std::move(pvdFile)) {}

void PvdSeries::add(double time, const fs::path& vtiFile) {
  // Relative to the .pvd's folder, so the output directory can be moved or copied as a whole.
  const fs::path folder = fs::absolute(pvd_).lexically_normal().parent_path();
  fs::path relative = fs::absolute(vtiFile).lexically_normal().lexically_relative(folder);
  if (relative.empty()) relative = fs::absolute(vtiFile);
  entries_.emplace_back(time, relative.generic_string());
  write();
}

void PvdSeries::write() const {
  writeAtomically(pvd_, [&](const fs::path& tmp) {
    std::ofstream out(tmp);
    require(out.good(), "cannot open '", pvd_.string(), "' for writing");
    out << "<?xml version=\"1.0\"?>\n"
        << "<VTKFile type=\"Collection\" version=\"0.1\" byte_order=\"LittleEndian\">\n"
        << "  <Collection>\n";
    char time[32];
    for (const auto& [t, name] : entries_) {
      std::snprintf(time, sizeof time, "%.17g", t);
      out << "    <DataSet timestep=\"" << time << "\" group=\"\" part=\"0\" file=\""
          << xmlEscape(name) << "\"/>\n";
    }
    out << "  </Collection>\n</VTKFile>\n";
    out.close();
    require(out.good(), "error while writing '", pvd_.string(), "' (disk full?)");
  });
}

}  // namespace pairinv
