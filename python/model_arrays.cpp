#include "python/model_arrays.hpp"

#include <cmath>
#include <cstdint>
#include <utility>

#include "core/error.hpp"

namespace py = pybind11;

namespace pairinv::python {

namespace {

/// Whether each row's values are adjacent in memory and the rows in order (any row stride).
bool rowsInOrder(const py::array& a) {
  return (a.shape(1) == 1 || a.strides(1) == a.itemsize()) && (a.shape(0) == 1 || a.strides(0) > 0);
}

/// Whether the solvers can read `a` in place: float64 with contiguous, aligned rows.
bool readableInPlace(const py::array& a) {
  const auto address = reinterpret_cast<std::uintptr_t>(a.data());
  return a.dtype().is(py::dtype::of<double>()) && rowsInOrder(a) && a.strides(0) % py::ssize_t(sizeof(double)) == 0 &&
         a.strides(0) > 0 && address % alignof(double) == 0;
}

/// The array the view will read, and whether it is a converted copy.
std::pair<py::array, bool> prepared(const py::array& a, const std::string& what) {
  requireFloats(a, 2, what);
  require(a.shape(0) > 0 && a.shape(1) > 0, what, " is empty");
  requireInOrder(rowsInOrder(a), a, what, "models row by row, each row's values adjacent");
  if (readableInPlace(a)) return {a, false};
  return {FloatArray::ensure(a), true};  // another float dtype (float32, say): converted once
}

ConstMatrixMap mapOf(const py::array& a) {
  return ConstMatrixMap(static_cast<const double*>(a.data()), a.shape(0), a.shape(1),
                        Eigen::OuterStride<>(a.strides(0) / py::ssize_t(sizeof(double))));
}

}  // namespace

ModelArray::ModelArray(const py::array& a, double dx, double dz, const std::string& what)
    : ModelArray(prepared(a, what), dx, dz, what) {}

ModelArray::ModelArray(std::pair<py::array, bool> held, double dx, double dz, const std::string& what)
    : held_(std::move(held.first)), converted_(held.second), view_(mapOf(held_), dz, dx) {
  require(dx > 0 && std::isfinite(dx) && dz > 0 && std::isfinite(dz), "dx and dz must be > 0 (m), not ", dx, " and ",
          dz);
  for (int iz = 0; iz < view_.grid.nz; ++iz)
    for (int ix = 0; ix < view_.grid.nx; ++ix)
      require(std::isfinite(view_.at(iz, ix)), what, " holds a non-finite value at flat index ",
              std::size_t(iz) * std::size_t(view_.grid.nx) + std::size_t(ix));
}

GathersArray::GathersArray(const py::array& a, int nshots, int nsamples, int nreceivers, const std::string& what)
    : held_((requireShape(a, {nshots, nsamples, nreceivers}, what, "[shot, time, receiver]"), floats(a, 3, what))),
      view_(held_.data(), nshots, nsamples, nreceivers) {}

py::array_t<double> adopt(Field2D&& field) {
  const std::vector<py::ssize_t> shape = {field.grid.nz, field.grid.nx};
  return adopt<double>(std::move(field.values), shape);
}

}  // namespace pairinv::python
