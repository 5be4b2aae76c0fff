// pairinv.acoustic on numpy arrays: the solver of solvers/acoustic with its exact adjoint.
//
// Models are float arrays [nz, nx] (m/s, row 0 at the top); data are [shot, time, receiver],
// OpenFWI's layout (Deepwave's is [shot, receiver, time]). The Python wrapper
// (python/pairinv/acoustic.py) names and documents the settings; this file turns them into an
// AcousticConfig and checks everything before a solve: shapes, dtypes, finite values, positions
// on the grid and a stable time step (acoustic::validateAcousticConfig), each failure an
// InputError (ValueError in Python). Models and data are read in place and results handed over
// without a copy where the layout allows (python/model_arrays.hpp).
#include "python/acoustic_bindings.hpp"

#include <petscsys.h>
#include <pybind11/numpy.h>

#include <cmath>
#include <string>

#include "core/error.hpp"
#include "python/array_checks.hpp"
#include "python/model_arrays.hpp"
#include "python/python_warnings.hpp"
#include "solvers/acoustic/acoustic_gradient.hpp"

namespace py = pybind11;

namespace pairinv::python {

namespace {

/// (n, 2) integer [row, column] grid points.
std::vector<acoustic::GridPoint> points(const py::array& a, const std::string& what) {
  require(a.dtype().kind() == 'i' || a.dtype().kind() == 'u', what, " must be integer [row, column] grid indices, not "
          "dtype ", std::string(py::str(a.dtype())));
  require(a.ndim() == 2 && a.shape(1) == 2 && a.shape(0) > 0, what, " must have shape (n, 2) with n > 0: [row, column]");
  const auto i = py::array_t<long long, py::array::c_style | py::array::forcecast>::ensure(a);
  std::vector<acoustic::GridPoint> p;
  for (py::ssize_t k = 0; k < i.shape(0); ++k) {
    require(std::abs(i.at(k, 0)) < (1LL << 30) && std::abs(i.at(k, 1)) < (1LL << 30), what, " ", k, " = [",
            i.at(k, 0), ", ", i.at(k, 1), "] is far outside any grid");
    p.push_back({int(i.at(k, 0)), int(i.at(k, 1))});
  }
  return p;
}

struct Problem {
  ModelArray velocity;
  acoustic::AcousticConfig config;
};

/// The model and the configuration from the settings of python/pairinv/acoustic.py.
Problem problem(const py::array& v, const py::dict& s) {
  const double dx = s["dx"].cast<double>(), dz = s["dz"].is_none() ? dx : s["dz"].cast<double>();
  Problem p{ModelArray(v, dx, dz, "the velocity model v"), {}};
  acoustic::AcousticConfig& c = p.config;
  c.dt = s["dt"].cast<double>(), c.autoDt = false;
  require(c.dt > 0 && std::isfinite(c.dt), "dt must be > 0");
  c.nt = s["nt"].cast<int>();
  require(c.nt > 0, "nt must be > 0");
  c.sources = points(s["sources"].cast<py::array>(), "sources");
  c.receivers = points(s["receivers"].cast<py::array>(), "receivers");
  c.order = s["order"].cast<int>();
  c.boundary = valueOf(s["boundary"].cast<std::string>(), acoustic::kBoundaryNames, "boundary");
  c.padCells = s["pml_width"].cast<int>();
  require(c.padCells >= 0, "pml_width must be >= 0");
  c.absorbing = acoustic::parseSides(s["absorbing_sides"].cast<std::string>(), "absorbing_sides");
  c.freeSurface = s["free_surface"].cast<bool>();
  c.recordEvery = s["record_every"].cast<int>();
  require(c.recordEvery >= 1, "record_every must be >= 1");
  c.peakFrequency = s["f0"].cast<double>();
  require(c.peakFrequency > 0 && std::isfinite(c.peakFrequency), "f0 must be > 0");
  c.delay = s["delay"].is_none() ? -1.0 : s["delay"].cast<double>();
  c.scaling = valueOf(s["source_scaling"].cast<std::string>(), acoustic::kSourceScalingNames, "source_scaling");
  c.precision = valueOf(s["precision"].cast<std::string>(), acoustic::kPrecisionNames, "precision");
  c.storedPrecision =
      valueOf(s["stored_precision"].cast<std::string>(), acoustic::kStoredPrecisionNames, "stored_precision");
  if (py::isinstance<py::str>(s["wavelet"])) {
    c.wavelet = valueOf(s["wavelet"].cast<std::string>(), acoustic::kWaveletNames, "wavelet");
    require(c.wavelet != acoustic::WaveletKind::File, "wavelet = 'file': give the wavelet's samples as an array");
  } else {
    const FloatArray w = floats(s["wavelet"].cast<py::array>(), 1, "the wavelet");
    require(w.size() == c.nt, "the wavelet has ", w.size(), " samples; it needs nt = ", c.nt, " (one per time step)");
    c.customWavelet.assign(w.data(), w.data() + w.size());
  }
  if (!s["boundary_velocity"].is_none()) {
    const double b = s["boundary_velocity"].cast<double>();
    require(b > 0 && std::isfinite(b), "boundary_velocity must be > 0");
    c.pmlVelocity = c.dampingVelocity = b;
  }
  acoustic::validateAcousticConfig(c, p.velocity.view());
  return p;
}

/// [shot, time, receiver] data checked against the configuration.
GathersArray gathers(const py::array& d, const acoustic::AcousticConfig& c, const std::string& what) {
  return GathersArray(d, int(c.sources.size()), c.samplesPerTrace(), int(c.receivers.size()), what);
}

py::array_t<double> dataArray(acoustic::ShotGathers&& g) {
  const std::vector<py::ssize_t> shape = {g.nshots, g.nsamples, g.nreceivers};
  return adopt(std::move(g.data), shape);
}

py::array_t<double> forward(const py::array& v, const py::dict& settings) {
  CollectedWarnings warnings;
  const Problem p = problem(v, settings);
  acoustic::ShotGathers g;
  {
    py::gil_scoped_release free;
    g = acoustic::simulateShots(PETSC_COMM_WORLD, p.velocity.view(), p.config);
    acoustic::broadcastGathers(PETSC_COMM_WORLD, g);
  }
  warnings.raise();
  return dataArray(std::move(g));
}

py::tuple misfitAndGradient(const py::array& v, const py::array& observed, const py::dict& settings) {
  CollectedWarnings warnings;
  const Problem p = problem(v, settings);
  const GathersArray d = gathers(observed, p.config, "observed");
  acoustic::GradientResult r;
  {
    py::gil_scoped_release free;
    r = acoustic::acousticGradient(PETSC_COMM_WORLD, p.velocity.view(), p.config, d.view(), nullptr,
                                   acoustic::Parametrisation::Velocity);
  }
  warnings.raise();
  return py::make_tuple(r.objective, adopt(std::move(r.gradient)));
}

py::array_t<double> bornAdjoint(const py::array& v, const py::array& residual, const py::dict& settings) {
  CollectedWarnings warnings;
  const Problem p = problem(v, settings);
  const GathersArray r = gathers(residual, p.config, "the data-space vector");
  Field2D g;
  {
    py::gil_scoped_release free;
    g = acoustic::bornAdjoint(PETSC_COMM_WORLD, p.velocity.view(), p.config, r.view(),
                              acoustic::Parametrisation::Velocity);
  }
  warnings.raise();
  return adopt(std::move(g));
}

py::array_t<double> bornForward(const py::array& v, const py::array& dv, const py::dict& settings) {
  CollectedWarnings warnings;
  const Problem p = problem(v, settings);
  const Grid2D& grid = p.velocity.view().grid;
  const ModelArray dm(dv, grid.dx, grid.dz, "the model perturbation dv");
  require(dm.view().grid.nz == grid.nz && dm.view().grid.nx == grid.nx, "the model perturbation dv has shape (",
          dm.view().grid.nz, ", ", dm.view().grid.nx, "); the model's is (", grid.nz, ", ", grid.nx, ")");
  acoustic::ShotGathers g;
  {
    py::gil_scoped_release free;
    g = acoustic::bornForward(PETSC_COMM_WORLD, p.velocity.view(), p.config, dm.view(),
                              acoustic::Parametrisation::Velocity);
    acoustic::broadcastGathers(PETSC_COMM_WORLD, g);
  }
  warnings.raise();
  return dataArray(std::move(g));
}

}  // namespace

void bindAcoustic(py::module_& m) {
  m.def("forward", &forward, py::arg("v"), py::arg("settings"),
        "Data [shot, time, receiver] of velocity model v [nz, nx]; settings as pairinv.acoustic.forward");
  m.def("misfit_and_gradient", &misfitAndGradient, py::arg("v"), py::arg("observed"), py::arg("settings"),
        "(J, dJ/dv) with J = 1/2 sum |F(v) - observed|^2; the exact adjoint of the discrete scheme");
  m.def("born_forward", &bornForward, py::arg("v"), py::arg("dv"), py::arg("settings"),
        "J dv: the linearised (Born) data [shot, time, receiver] at v for a model perturbation dv [nz, nx]");
  m.def("born_adjoint", &bornAdjoint, py::arg("v"), py::arg("residual"), py::arg("settings"),
        "J^T r: the adjoint of the linearised forward map at v applied to data-space r [shot, time, receiver]");
}

}  // namespace pairinv::python
