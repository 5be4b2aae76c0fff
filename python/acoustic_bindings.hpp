// pairinv.acoustic: the time-domain acoustic solver on numpy arrays (python/acoustic_bindings.cpp).
#pragma once

#include <pybind11/pybind11.h>

namespace pairinv::python {

/// Adds forward, misfit_and_gradient, born_forward and born_adjoint to the submodule `m`.
void bindAcoustic(pybind11::module_& m);

}  // namespace pairinv::python
