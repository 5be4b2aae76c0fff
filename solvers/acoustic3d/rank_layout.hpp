// How the ranks of one shot split the padded 3D grid: px x py x pz processes along x, y, z.
#pragma once

#include <array>

namespace pairinv::acoustic3d {

/// The layout for `ranks` processes on a padded grid of n = (nx, ny, nz) points with a stencil
/// of `radius`. Counts given in `requested` (non-zero) are kept; the others are chosen to cut
/// the least surface. Every process needs at least `radius` planes along each axis (the halo
/// comes from one neighbour). InputError, naming -acoustic3d_ranks, when nothing fits.
std::array<int, 3> chooseRankLayout(const std::array<int, 3>& n, const std::array<int, 3>& requested, int ranks,
                                    int radius);

}  // namespace pairinv::acoustic3d
