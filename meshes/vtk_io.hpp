// ParaView output: fields on a Grid2D as VTK image data (.vti) and time series (.pvd).
//
// Mapping (so ParaView shows the surface on top, depth downwards, in metres):
//   image dimensions (nx, nz, 1), spacing (dx, dz, 1), axis x = horizontal, axis y = -depth;
//   row iz of a field lies at y = -(z0 + iz dz), column ix at x = x0 + ix dx.
// VTK image data needs positive spacing, so rows are stored bottom-up. The exact grid
// (nz, nx, dz, dx, z0, x0) is also kept as field data "pairinv_grid", so readVti() recovers it
// bit for bit rather than through the origin/spacing text. Arrays are written as binary
// appended float64, zlib-compressed, so field values round-trip exactly.
#pragma once

#include <filesystem>
#include <array>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "meshes/grid2d.hpp"
#include "meshes/grid3d.hpp"

namespace pairinv {

struct NamedArray {
  std::string name;
  const std::vector<double>* values = nullptr;  // grid.size() values, row-major [nz][nx]
};

/// Writes point-data arrays on `grid` to a .vti file, atomically. Throws InputError for an
/// empty grid, a missing/duplicate/empty name or a wrong array size; Error if VTK fails.
void writeVti(const std::filesystem::path& file, const Grid2D& grid,
              const std::vector<NamedArray>& arrays);

struct VtiContents {
  Grid2D grid;
  std::map<std::string, std::vector<double>> arrays;  // row-major [nz][nx]
  std::vector<std::string> arrayNames;                // in file order
};

/// Reads a 2D .vti (as written by writeVti, or any single-slice image with scalar point
/// data; multi-component arrays are skipped). Throws InputError naming the file if it is
/// missing, unreadable, or not a single-slice image. VTK's own error printing is suppressed.
VtiContents readVti(const std::filesystem::path& file);

/// 3D: image dimensions (nx, ny, nz), spacing (dx, dy, dz), axis z = -depth (planes stored
/// bottom-up, as rows are in 2D); the exact grid is kept as field data "pairinv_grid3d".
/// Arrays hold grid.size() values in [nz][ny][nx] order. Same errors as writeVti.
void writeVti3D(const std::filesystem::path& file, const Grid3D& grid, const std::vector<NamedArray>& arrays);

struct Vti3DContents {
  Grid3D grid;
  std::map<std::string, std::vector<double>> arrays;  // [nz][ny][nx]
  std::vector<std::string> arrayNames;
};
/// Reads a 3D .vti (any image with scalar point data and more than one point along each axis).
/// InputError naming the file if it is missing, unreadable or a single slice.
Vti3DContents readVti3D(const std::filesystem::path& file);

/// The image dimensions (x, y, z) of a .vti, read from its header. InputError as readVti3D.
std::array<int, 3> vtiDimensions(const std::filesystem::path& file);

/// A ParaView collection (.pvd) listing one .vti per time step (iteration, epoch, ...).
/// The .pvd is rewritten atomically on every add(), so a running or killed job always leaves
/// a valid series. A new PvdSeries starts empty: constructing one on the path of an existing
/// .pvd (e.g. a restarted run) replaces that file's list on the first add(); it does not append.
class PvdSeries {
 public:
  explicit PvdSeries(std::filesystem::path pvdFile);

  /// Adds `vtiFile` at `time`. The entry stores the path relative to the .pvd's folder
  /// (`vtiFile` itself is taken as given: absolute, or relative to the working directory).
  void add(double time, const std::filesystem::path& vtiFile);

  const std::filesystem::path& path() const { return pvd_; }
  std::size_t size() const { return entries_.size(); }

 private:
  void write() const;
  std::filesystem::path pvd_;
  std::vector<std::pair<double, std::string>> entries_;
};

}  // namespace pairinv
