#include "python/array_checks.hpp"

#include <cmath>

#include "core/error.hpp"

namespace py = pybind11;

namespace pairinv::python {

FloatArray floats(const py::array& a, int ndim, const std::string& what) {
  require(a.dtype().kind() == 'f', what, " must hold floating-point values, not dtype ", std::string(py::str(a.dtype())));
  require(a.ndim() == ndim, what, " must have ", ndim, " dimensions, not ", a.ndim());
  FloatArray f = FloatArray::ensure(a);
  const double* p = f.data();
  for (py::ssize_t i = 0; i < f.size(); ++i) require(std::isfinite(p[i]), what, " holds a non-finite value at flat index ", i);
  return f;
}

Field2D modelField(const py::array& a, double dx, double dz, const std::string& what) {
  const FloatArray m = floats(a, 2, what);
  require(dx > 0 && std::isfinite(dx) && dz > 0 && std::isfinite(dz), "dx and dz must be > 0 (m), not ", dx, " and ",
          dz);
  Grid2D grid;
  grid.nz = int(m.shape(0)), grid.nx = int(m.shape(1));
  grid.dx = dx, grid.dz = dz;
  require(grid.nz > 0 && grid.nx > 0, what, " is empty");
  Field2D f(grid);
  std::copy(m.data(), m.data() + m.size(), f.values.begin());
  return f;
}

py::array_t<double> modelArray(const Field2D& f) {
  py::array_t<double> a({f.grid.nz, f.grid.nx});
  std::copy(f.values.begin(), f.values.end(), a.mutable_data());
  return a;
}

std::vector<double> shapedValues(const py::array& a, const std::vector<py::ssize_t>& shape, const std::string& what,
                                 const std::string& layout) {
  require(a.ndim() == py::ssize_t(shape.size()), what, " must have ", shape.size(), " dimensions ", layout, ", not ",
          a.ndim());
  const FloatArray f = floats(a, int(shape.size()), what);
  bool same = true;
  std::string got, want;
  for (std::size_t k = 0; k < shape.size(); ++k) {
    same = same && f.shape(py::ssize_t(k)) == shape[k];
    got += (k ? ", " : "") + std::to_string(f.shape(py::ssize_t(k)));
    want += (k ? ", " : "") + std::to_string(shape[k]);
  }
  require(same, what, " has shape (", got, "); the acquisition records (", want, ") ", layout);
  return std::vector<double>(f.data(), f.data() + f.size());
}

}  // namespace pairinv::python
