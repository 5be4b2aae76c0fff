// The compiled part of `import pairinv` (python/pairinv/ holds the Python part).
//
// PETSc starts when the module is imported (PetscInitializeNoArguments, on the MPI that mpi4py
// may already have started) and ends at interpreter exit. Every call runs on PETSC_COMM_WORLD:
// under `mpiexec -n N python3 script.py` the ranks share the shots, and each rank gets the whole
// result. pairinv's InputError (bad arrays, options, unstable steps) becomes ValueError with the
// same message; any other pairinv error becomes RuntimeError.
#include <petscsys.h>
#include <pybind11/pybind11.h>

#include "core/error.hpp"
#include "python/acoustic_bindings.hpp"
#include "python/em_bindings.hpp"
#include "python/model_arrays.hpp"

namespace py = pybind11;

namespace {

bool startPetsc() {
  PetscBool started = PETSC_FALSE;
  PetscInitialized(&started);
  if (started) return false;
  // Python keeps its own signal handling (Ctrl-C as KeyboardInterrupt, faulthandler).
  if (PetscOptionsSetValue(nullptr, "-no_signal_handler", nullptr) != 0 || PetscInitializeNoArguments() != 0)
    throw std::runtime_error("pairinv: PETSc did not start");
  return true;
}

}  // namespace

PYBIND11_MODULE(_pairinv, m) {
  m.doc() = "pairinv's solvers with exact adjoints on numpy arrays (the compiled part of the pairinv package)";
  if (startPetsc()) {
    py::module_::import("atexit").attr("register")(py::cpp_function([] { PetscFinalize(); }));
  }
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const pairinv::InputError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const pairinv::Error& e) {
      PyErr_SetString(PyExc_RuntimeError, e.what());
    }
  });
  py::module_ acoustic = m.def_submodule("acoustic", "Time-domain acoustics: forward modelling, misfit and gradient");
  pairinv::python::bindAcoustic(acoustic);
  py::module_ em = m.def_submodule("em", "Frequency-domain 2D EM (MT and line sources): fields, impedances, misfit "
                                   "and gradient");
  pairinv::python::bindEm(em);
  m.def("_reads_in_place", [](const py::array& a) {
    return !pairinv::python::ModelArray(a, 1.0, 1.0, "the array").converted();
  }, py::arg("model"), "Whether the solvers read model [nz, nx] in place (float64, contiguous rows) or convert it once");
}
