// Numpy arrays read in place by the solvers, and results handed to numpy without a copy.
//
// Models become ModelViews (meshes/field_view.hpp) and acoustic gathers GathersViews
// (solvers/acoustic/shot_simulation.hpp): Eigen maps of the array's own buffer. A model needs
// each row's values adjacent and the rows in order (any row stride: a column slice is fine);
// gathers need a C-contiguous array. Other layouts (Fortran order, reversed or stepped axes)
// are InputErrors that name the strides, never silent copies. Float dtypes other than float64
// (float32, say) are converted once. Results the solvers allocate (gathers, gradients) are moved
// into the numpy array that Python receives.
#pragma once

#include <pybind11/numpy.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "meshes/field_view.hpp"
#include "python/array_checks.hpp"
#include "solvers/acoustic/shot_simulation.hpp"

namespace pairinv::python {

/// A float model [nz, nx] on cells of dz x dx metres, checked (dtype, rank, non-empty, layout,
/// finite).
class ModelArray {
 public:
  ModelArray(const pybind11::array& a, double dx, double dz, const std::string& what);
  const ModelView& view() const { return view_; }
  /// Whether the values had to be converted to float64 (else the view reads the caller's buffer).
  bool converted() const { return converted_; }

 private:
  ModelArray(std::pair<pybind11::array, bool> held, double dx, double dz, const std::string& what);
  pybind11::array held_;  // the caller's array, or its float64 C-ordered copy
  bool converted_;
  ModelView view_;
};

/// Acoustic gathers [shot, time, receiver] checked against the acquisition's shape.
class GathersArray {
 public:
  GathersArray(const pybind11::array& a, int nshots, int nsamples, int nreceivers, const std::string& what);
  const acoustic::GathersView& view() const { return view_; }

 private:
  FloatArray held_;  // the caller's array when C-contiguous float64 (array_t::ensure keeps it)
  acoustic::GathersView view_;
};

/// `values` as a numpy array of `shape` that owns them: moved, not copied.
template <class T>
pybind11::array_t<T> adopt(std::vector<T>&& values, const std::vector<pybind11::ssize_t>& shape) {
  auto owner = std::make_unique<std::vector<T>>(std::move(values));
  const T* data = owner->data();
  pybind11::capsule base(owner.get(), [](void* p) { delete static_cast<std::vector<T>*>(p); });
  owner.release();  // the capsule owns it now
  return pybind11::array_t<T>(shape, data, base);
}
/// A field's values as a numpy array [nz, nx] that owns them.
pybind11::array_t<double> adopt(Field2D&& field);

}  // namespace pairinv::python
