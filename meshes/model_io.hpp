// Reading and writing one 2D model (velocity, conductivity) in the formats users bring:
// NumPy .npy (OpenFWI), HDF5 (.h5/.hdf5) and VTK image data (.vti). The format is chosen by
// the file extension (case-insensitive).
#pragma once

#include <filesystem>
#include <string>

#include "meshes/grid2d.hpp"

namespace pairinv {

/// Reads a model as a Field2D (row 0 = surface).
///   .npy        : shape (nz, nx) or (1, nz, nx); grid spacing from `dz`, `dx`, origin 0.
///   .h5, .hdf5  : dataset "/model" of shape (nz, nx) or (1, nz, nx); otherwise dataset
///                 "/models" of shape (N, 1, nz, nx), of which sample 0 is taken. Attributes
///                 dz, dx, z0, x0 on the dataset (as writeModel writes them) override `dz`,
///                 `dx` and the zero origin.
///   .vti        : the point-data array "velocity" if present, else the first one; the
///                 file's spacing and origin override `dz`, `dx`.
/// Throws InputError naming the file for a missing file ("model file 'X' does not exist"),
/// an unknown extension, a wrong shape (naming the shape found and the accepted ones), or
/// a file without model data.
Field2D readModel(const std::filesystem::path& file, double dz, double dx);

/// Writes `model` atomically by extension: .npy (float32, shape (nz, nx)); .h5/.hdf5 (float32
/// dataset "/model" with attributes dz, dx, z0, x0 and quantity = `name`); .vti (float64
/// point-data array `name`, exact). Throws InputError for an unknown extension or a field
/// whose value count does not match its grid.
void writeModel(const std::filesystem::path& file, const Field2D& model,
                const std::string& name = "velocity");

}  // namespace pairinv
