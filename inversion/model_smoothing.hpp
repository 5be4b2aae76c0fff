// Starting models for inversion: a Gaussian-smoothed version of a model, and a 1D vertical
// gradient. Both keep the model's grid.
#pragma once

#include "meshes/grid2d.hpp"
#include "meshes/grid3d.hpp"

namespace pairinv::inversion {

/// Separable Gaussian smoothing with standard deviation `sigma` metres (edges clamped).
/// sigma = 0 returns the model unchanged.
Field2D gaussianSmooth(const Field2D& model, double sigma);

/// v(z) growing linearly from `top` at row 0 to `bottom` at the last row.
Field2D linearGradientModel(const Grid2D& grid, double top, double bottom);

/// The same in 3D: smoothing along z, y and x; the gradient along depth.
Field3D gaussianSmooth(const Field3D& model, double sigma);
Field3D linearGradientModel(const Grid3D& grid, double top, double bottom);

}  // namespace pairinv::inversion
