// OpenFWI's .npy files as `pairinv openfwi` imports them (apps/openfwi_command.cpp), checked at
// the door: model files (n, 1, nz, nx) on one grid with finite, positive velocities, and data
// files (n, shots, time samples, receivers) of the shape their model file and the acquisition
// give, with finite values. Any failure is an InputError naming the file. PETSc-free (the
// OpenFWI fuzz harness, fuzz/fuzz_openfwi.cpp, runs these).
#pragma once

#include <filesystem>
#include <vector>

#include "core/npy.hpp"

namespace pairinv {

/// The model files, in order.
std::vector<NpyArray> readOpenfwiModels(const std::vector<std::filesystem::path>& files);

/// One data file, which must have shape `expected`.
NpyArray readOpenfwiData(const std::filesystem::path& file, const std::vector<std::size_t>& expected);

}  // namespace pairinv
