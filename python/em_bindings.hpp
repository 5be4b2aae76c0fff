// pairinv.em: the frequency-domain EM solver on numpy arrays (python/em_bindings.cpp).
#pragma once

#include <pybind11/pybind11.h>

namespace pairinv::python {

/// Adds forward, misfit_and_gradient, jacobian_apply and jacobian_adjoint to the submodule `m`.
void bindEm(pybind11::module_& m);

}  // namespace pairinv::python
