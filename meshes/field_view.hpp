// Views of models in memory the caller owns, for the solvers' library API.
//
// A ModelView is an Eigen map of a row-major [nz, nx] matrix with its grid: the layout of
// Field2D (row 0 at the top) with any row stride (a numpy array's rows, or a block of a larger
// row-major matrix). A Field2D converts to one implicitly. The solvers read the model once, to
// build their own padded coefficients, so a caller's array is never copied on its way in:
//
//   ConstMatrixMap v(buffer, nz, nx, Eigen::OuterStride<>(rowStride));  // e.g. numpy memory
//   auto d = acoustic::simulateShots(comm, ModelView(v, dz, dx), config);
//
// A view does not own its values: the memory must outlive the calls it is given to. It is a
// map, never an Eigen::Ref<const ...>, so that it can never hold a hidden temporary copy.
#pragma once

#include <Eigen/Core>

#include "meshes/grid2d.hpp"

namespace pairinv {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
/// A read-only row-major matrix in someone else's memory: unit column stride, any row stride.
using ConstMatrixMap = Eigen::Map<const RowMatrix, Eigen::Unaligned, Eigen::OuterStride<>>;

struct ModelView {
  Grid2D grid;            // nz, nx from the values; spacing and origin from the caller
  ConstMatrixMap values;  // [nz, nx], row 0 at the top

  /// A view of a field's own values.
  ModelView(const Field2D& field);  // NOLINT(google-explicit-constructor): a Field2D is a model
  /// A view of `values` on cells of dz x dx metres with the origin at (0, 0).
  ModelView(const ConstMatrixMap& values, double dz, double dx);

  double at(int iz, int ix) const { return values(iz, ix); }
  double min() const { return values.minCoeff(); }
  double max() const { return values.maxCoeff(); }
  /// The values as a field of the solvers' own (a copy).
  Field2D field() const;
};
/// Throws InputError (naming `what`) unless every value is finite and > 0.
void requirePositiveFinite(const ModelView& model, const char* what);

}  // namespace pairinv
