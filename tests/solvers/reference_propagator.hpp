// A deliberately plain reference implementation of the acoustic solver, written from the
// equations documented in solvers/acoustic/{wave_kernels,padded_model,acoustic_propagator}.hpp
// and sharing no code with it: one loop nest over the whole padded grid per pass, explicit
// boundary handling in an accessor (zero outside the grid, the odd mirror p(-k) = -p(k) above a
// free surface), serial, no halos, no strips. It is slow and meant for small grids only.
#pragma once

#include <vector>

#include "meshes/grid2d.hpp"
#include "solvers/acoustic/acoustic_config.hpp"

namespace pairinv::testing {

/// All gathers of `config` for `velocity`, in ShotGathers' layout
/// data[(shot * samples + sample) * receivers + receiver]. Supports the Ricker wavelet, both
/// source scalings, PML and damping boundaries, any absorbing sides and a free surface.
std::vector<double> referenceGathers(const Field2D& velocity, const acoustic::AcousticConfig& config);

}  // namespace pairinv::testing
