// Checks of the arrays that cross from Python into pairinv: dtype, rank, shape, finite values.
// Each failure is an InputError (ValueError in Python) naming the array.
#pragma once

#include <pybind11/numpy.h>

#include <string>
#include <vector>

namespace pairinv::python {

using FloatArray = pybind11::array_t<double, pybind11::array::c_style | pybind11::array::forcecast>;

/// Throws unless `a` holds floats (any float dtype) and has `ndim` dimensions.
void requireFloats(const pybind11::array& a, int ndim, const std::string& what);
/// Throws unless `a` has `shape`; `layout` names the axes for the message.
void requireShape(const pybind11::array& a, const std::vector<pybind11::ssize_t>& shape, const std::string& what,
                  const std::string& layout);
/// Throws (naming the strides) unless `inOrder`: `a` is laid out as pairinv reads it (`needed`).
void requireInOrder(bool inOrder, const pybind11::array& a, const std::string& what, const char* needed);

/// `a` as a float64 array after checking that it holds floats of rank `ndim`, C-ordered (a
/// non-contiguous array is an InputError, not a silent copy), all finite. Float64 arrays are
/// the caller's own; other float dtypes are converted once.
FloatArray floats(const pybind11::array& a, int ndim, const std::string& what);

/// `a`'s values as a flat vector after checking its shape against `shape` (first) and floats().
std::vector<double> shapedValues(const pybind11::array& a, const std::vector<pybind11::ssize_t>& shape,
                                 const std::string& what, const std::string& layout);

}  // namespace pairinv::python
