// Reading and writing one 3D model in the formats of model_io.hpp, by extension:
//   .npy        : shape (nz, ny, nx), plane 0 at the surface; spacing from `dz`, `dy`, `dx`.
//   .h5, .hdf5  : dataset "/model" of shape (nz, ny, nx); attributes dz, dy, dx, z0, y0, x0
//                 on it (as writeModel3D writes them) override the spacing and zero origin.
//   .vti        : the point-data array "velocity" if present, else the first one; the file's
//                 spacing and origin override `dz`, `dy`, `dx` (vtk_io.hpp: readVti3D).
// InputError naming the file for a missing file, an unknown extension, a shape that is not 3D
// (a 2D model says so), or a file without model data.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "meshes/grid3d.hpp"

namespace pairinv {

Field3D readModel3D(const std::filesystem::path& file, double dz, double dy, double dx);

/// Writes `model` atomically: .npy (float64, (nz, ny, nx)), .h5/.hdf5 (float64 "/model" with
/// the grid as attributes and quantity = `name`), .vti (float64 array `name`).
void writeModel3D(const std::filesystem::path& file, const Field3D& model, const std::string& name = "velocity");

/// The shape of the model in a file: the .npy array's, the .h5 dataset /model's (empty if there
/// is none), a .vti image's as (nz, ny, nx) (nz = 1 for a single slice). InputError for a
/// missing file or an unknown extension.
std::vector<std::size_t> modelFileShape(const std::filesystem::path& file);
/// Whether such a shape is a 3D model: three axes of more than one cell.
bool isShape3D(const std::vector<std::size_t>& shape);

}  // namespace pairinv
