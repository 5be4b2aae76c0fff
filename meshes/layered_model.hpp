// The built-in demo velocity model: flat layers over a dipping interface and a fast wedge, so
// that a first run shows reflections, a refraction and a diffraction-free dip.
#pragma once

#include "meshes/grid2d.hpp"

namespace pairinv {

/// An nz x nx model on spacing h (metres) with velocities from 1500 to 3500 m/s.
Field2D layeredDemoModel(int nz = 100, int nx = 200, double h = 10.0);

}  // namespace pairinv
