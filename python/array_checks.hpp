// Checks of the arrays that cross from Python into pairinv: dtype, rank, shape, finite values.
// Each failure is an InputError (ValueError in Python) naming the array.
#pragma once

#include <pybind11/numpy.h>

#include <string>
#include <vector>

namespace pairinv::python {

using FloatArray = pybind11::array_t<double, pybind11::array::c_style | pybind11::array::forcecast>;

/// `a` as a C-ordered float64 array after checking that it holds floats of rank `ndim`, all finite.
FloatArray floats(const pybind11::array& a, int ndim, const std::string& what);

/// `a`'s values as a flat vector after checking its shape against `shape`; `layout` names the
/// axes for the message.
std::vector<double> shapedValues(const pybind11::array& a, const std::vector<pybind11::ssize_t>& shape,
                                 const std::string& what, const std::string& layout);

}  // namespace pairinv::python
