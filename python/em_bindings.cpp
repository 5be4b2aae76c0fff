// pairinv.em on numpy arrays: the frequency-domain EM solver of solvers/em with its exact adjoint.
//
// Models are conductivities [nz, nx] in S/m (row 0 at the top); positions are [z, x] in metres
// (z the depth below the model's top edge, negative in the air; x from the model's left edge).
// Complex data are [frequency, source, receiver]; the real layout of fits and gradients is
// [part, frequency, source, receiver] (part 0: Re d or ln|d|, part 1: Im d or arg d), as
// solvers/em/em_data.hpp. Gradients are with respect to ln sigma, as EM FWI inverts it. The Python
// wrapper (python/pairinv/em.py) names and documents the settings; em::validateEmConfig checks
// them against the model, each failure an InputError (ValueError in Python).
#include "python/em_bindings.hpp"

#include <petscsys.h>
#include <pybind11/complex.h>
#include <pybind11/numpy.h>

#include <cmath>
#include <string>

#include "core/error.hpp"
#include "python/array_checks.hpp"
#include "python/model_arrays.hpp"
#include "python/python_warnings.hpp"
#include "solvers/em/em_gradient.hpp"
#include "solvers/em/em_simulation.hpp"

namespace py = pybind11;

namespace pairinv::python {

namespace {

/// (n, 2) [z, x] positions in metres (integers too: they are metres as well).
std::vector<em::Point> positions(const py::array& a, const std::string& what) {
  const bool integers = a.dtype().kind() == 'i' || a.dtype().kind() == 'u';
  const FloatArray p = floats(integers ? py::array(a.attr("astype")("float64")) : a, 2, what);
  require(p.shape(1) == 2 && p.shape(0) > 0, what, " must have shape (n, 2) with n > 0: [z, x] in m");
  std::vector<em::Point> points;
  for (py::ssize_t k = 0; k < p.shape(0); ++k) points.push_back({p.at(k, 1), p.at(k, 0)});
  return points;
}

struct Problem {
  ModelArray sigma;
  em::EmConfig config;
};

/// A setting in (lo, hi] as the command line's -em_ option allows (`noneIsAuto`: None gives 0,
/// automatic).
double ranged(const py::dict& s, const char* name, double lo, double hi, bool noneIsAuto = false) {
  if (noneIsAuto && s[name].is_none()) return 0.0;
  const double v = s[name].cast<double>();
  require(std::isfinite(v) && v >= lo && v <= hi && v > 0, name, " = ", v, " must lie in [", lo, ", ", hi, "]",
          lo == 0 ? " and be > 0" : "");
  return v;
}

/// The model and the configuration from the settings of python/pairinv/em.py.
Problem problem(const py::array& sigma, const py::dict& s) {
  const double dx = s["dx"].cast<double>(), dz = s["dz"].is_none() ? dx : s["dz"].cast<double>();
  Problem p{ModelArray(sigma, dx, dz, "the conductivity model sigma"), {}};
  em::EmConfig& c = p.config;
  const FloatArray f = floats(s["frequencies"].cast<py::array>(), 1, "frequencies");
  c.frequencies.assign(f.data(), f.data() + f.size());
  c.polarisation = valueOf(s["polarisation"].cast<std::string>(), em::kPolarisationNames, "polarisation");
  c.source = valueOf(s["source"].cast<std::string>(), em::kSourceKindNames, "source");
  c.receivers = positions(s["receivers"].cast<py::array>(), "receivers");
  c.receiverDepthsGiven = true;
  if (c.source == em::SourceKind::LineCurrent) {
    require(!s["line_sources"].is_none(), "source = 'line' needs line_sources, (n, 2) [z, x] in m");
    c.lineSources = positions(s["line_sources"].cast<py::array>(), "line_sources");
    c.sourceDepthsGiven = true;
  } else {
    require(s["line_sources"].is_none(), "line_sources are only used with source = 'line' (this is 'mt')");
  }
  c.current = s["current"].cast<double>();
  require(std::isfinite(c.current) && c.current != 0.0, "current must be finite and non-zero");
  c.datum = valueOf(s["datum"].cast<std::string>(), em::kDatumNames, "datum");
  c.form = valueOf(s["form"].cast<std::string>(), em::kRealFormNames, "form");
  c.air = s["air"].cast<bool>();
  const double huge = 1e300;
  c.airConductivity = ranged(s, "air_conductivity", 1e-20, 1e-2);
  c.airHeight = ranged(s, "air_height", 0.0, huge, true);
  c.padSkinDepths = ranged(s, "pad_skin_depths", 0.1, 1e3);
  c.padDistance = ranged(s, "pad_distance", 0.0, huge, true);
  c.stretch = ranged(s, "stretch", 1.0, 3.0);
  c.ordering = valueOf(s["ordering"].cast<std::string>(), em::kOrderingNames, "ordering");
  c.refinement = s["refinement"].cast<int>();
  require(c.refinement >= 1 && c.refinement <= 15, "refinement = ", c.refinement, " must lie in [1, 15]");
  em::validateEmConfig(c, p.sigma.view());
  return p;
}

py::array_t<std::complex<double>> complexArray(em::EmData&& d) {
  return adopt(std::move(d.values), {d.nfreq, d.nsrc, d.nrec});
}

std::vector<py::ssize_t> realShape(const em::EmConfig& c) {
  return {2, py::ssize_t(c.frequencies.size()), c.sourceCount(), py::ssize_t(c.receivers.size())};
}

py::array_t<double> realArray(std::vector<double>&& v, const em::EmConfig& c) { return adopt(std::move(v), realShape(c)); }

std::vector<double> realValues(const py::array& a, const em::EmConfig& c, const std::string& what) {
  return shapedValues(a, realShape(c), what, "[part, frequency, source, receiver]");
}

py::dict forward(const py::array& sigma, const py::dict& settings) {
  CollectedWarnings warnings;
  const Problem p = problem(sigma, settings);
  em::EmSimulation r;
  {
    py::gil_scoped_release free;
    r = em::simulateEm(PETSC_COMM_WORLD, p.sigma.view(), p.config);
  }
  warnings.raise();
  py::dict out;
  out["data"] = realArray(em::realData(r, p.config), p.config);
  out["impedance"] = r.impedance.size() ? py::object(complexArray(std::move(r.impedance))) : py::none();
  out["field"] = complexArray(std::move(r.field));
  out["secondary"] = complexArray(std::move(r.secondary));
  return out;
}

py::tuple misfitAndGradient(const py::array& sigma, const py::array& observed, const py::object& weights,
                            const py::dict& settings) {
  CollectedWarnings warnings;
  const Problem p = problem(sigma, settings);
  const std::vector<double> d = realValues(observed, p.config, "observed");
  std::vector<double> w;
  if (!weights.is_none()) w = realValues(weights.cast<py::array>(), p.config, "weights");
  em::EmGradientResult r;
  {
    py::gil_scoped_release free;
    r = em::emGradient(PETSC_COMM_WORLD, p.sigma.view(), p.config, d, w.empty() ? nullptr : &w);
  }
  warnings.raise();
  return py::make_tuple(r.objective, adopt(std::move(r.gradient)));
}

py::array_t<double> jacobianApply(const py::array& sigma, const py::array& dm, const py::dict& settings) {
  CollectedWarnings warnings;
  const Problem p = problem(sigma, settings);
  const Grid2D& grid = p.sigma.view().grid;
  const ModelArray perturbation(dm, grid.dx, grid.dz, "the perturbation dm of ln sigma");
  const Grid2D& g = perturbation.view().grid;
  require(g.nz == grid.nz && g.nx == grid.nx, "the perturbation dm has shape (", g.nz, ", ", g.nx,
          "); the model's is (", grid.nz, ", ", grid.nx, ")");
  std::vector<double> jdm;
  {
    py::gil_scoped_release free;
    jdm = em::emJacobianApply(PETSC_COMM_WORLD, p.sigma.view(), p.config, perturbation.view());
  }
  warnings.raise();
  return realArray(std::move(jdm), p.config);
}

py::array_t<double> jacobianAdjoint(const py::array& sigma, const py::array& w, const py::dict& settings) {
  CollectedWarnings warnings;
  const Problem p = problem(sigma, settings);
  const std::vector<double> v = realValues(w, p.config, "the data-space vector");
  Field2D g;
  {
    py::gil_scoped_release free;
    g = em::emJacobianAdjoint(PETSC_COMM_WORLD, p.sigma.view(), p.config, v);
  }
  warnings.raise();
  return adopt(std::move(g));
}

}  // namespace

void bindEm(py::module_& m) {
  m.def("forward", &forward, py::arg("sigma"), py::arg("settings"),
        "Fields, secondary fields, impedances [frequency, source, receiver] and the real data of sigma [nz, nx]");
  m.def("misfit_and_gradient", &misfitAndGradient, py::arg("sigma"), py::arg("observed"), py::arg("weights"),
        py::arg("settings"), "(phi, d phi / d ln sigma) for phi = 1/2 |W (g(d(sigma)) - observed)|^2");
  m.def("jacobian_apply", &jacobianApply, py::arg("sigma"), py::arg("dm"), py::arg("settings"),
        "J dm: the real data's derivative along a perturbation dm of ln sigma");
  m.def("jacobian_adjoint", &jacobianAdjoint, py::arg("sigma"), py::arg("w"), py::arg("settings"),
        "J^T w: the adjoint of the real data's Jacobian in ln sigma applied to w [part, frequency, source, receiver]");
}

}  // namespace pairinv::python
