#include "python/array_checks.hpp"

#include <cmath>

#include "core/error.hpp"

namespace py = pybind11;

namespace pairinv::python {

void requireFloats(const py::array& a, int ndim, const std::string& what) {
  require(a.dtype().kind() == 'f', what, " must hold floating-point values, not dtype ", std::string(py::str(a.dtype())));
  require(a.ndim() == ndim, what, " must have ", ndim, " dimensions, not ", a.ndim());
}

void requireShape(const py::array& a, const std::vector<py::ssize_t>& shape, const std::string& what,
                  const std::string& layout) {
  require(a.ndim() == py::ssize_t(shape.size()), what, " must have ", shape.size(), " dimensions ", layout, ", not ",
          a.ndim());
  bool same = true;
  std::string got, want;
  for (std::size_t k = 0; k < shape.size(); ++k) {
    same = same && a.shape(py::ssize_t(k)) == shape[k];
    got += (k ? ", " : "") + std::to_string(a.shape(py::ssize_t(k)));
    want += (k ? ", " : "") + std::to_string(shape[k]);
  }
  require(same, what, " has shape (", got, "); the acquisition records (", want, ") ", layout);
}

void requireInOrder(bool inOrder, const py::array& a, const std::string& what, const char* needed) {
  if (inOrder) return;
  std::string strides;
  for (py::ssize_t k = 0; k < a.ndim(); ++k) strides += (k ? ", " : "") + std::to_string(a.strides(k));
  throw InputError(concat(what, " is not contiguous in memory (strides (", strides, ") bytes for items of ",
                          a.itemsize(), "); pairinv reads ", needed, ": pass numpy.ascontiguousarray(...)"));
}

FloatArray floats(const py::array& a, int ndim, const std::string& what) {
  requireFloats(a, ndim, what);
  requireInOrder(a.flags() & py::array::c_style, a, what, "C-ordered arrays");
  FloatArray f = FloatArray::ensure(a);
  const double* p = f.data();
  for (py::ssize_t i = 0; i < f.size(); ++i) require(std::isfinite(p[i]), what, " holds a non-finite value at flat index ", i);
  return f;
}

std::vector<double> shapedValues(const py::array& a, const std::vector<py::ssize_t>& shape, const std::string& what,
                                 const std::string& layout) {
  requireShape(a, shape, what, layout);
  const FloatArray f = floats(a, int(shape.size()), what);
  return std::vector<double>(f.data(), f.data() + f.size());
}

}  // namespace pairinv::python
