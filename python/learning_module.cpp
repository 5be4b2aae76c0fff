// The compiled part of pairinv.Run (python/pairinv/run.py): a trained run of `pairinv train` in
// Python, on learning/ alone (LibTorch and the PETSc-free core; no PETSc, so that importing it
// needs no MPI). pairinv's InputError becomes ValueError.
//
//   estimate(b)        q_hat, the linear baseline's estimate, the quality scores and the flag of
//                      raw data [N, nshots, nsamples, nrec] (learning/run_estimator.hpp)
//   decode, decode_vjp, encode_model, encode_data, estimate_latent
//                      the paired network's maps for users who write their own LSI
//                      (learning/latent_decoder.hpp, in double precision)
//   read_checkpoint(f) what best.pt or checkpoint.pt holds, as numpy arrays in the tensors' own
//                      dtypes (learning/checkpoint.hpp)
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>

#include "core/error.hpp"
#include "learning/checkpoint.hpp"
#include "learning/latent_decoder.hpp"
#include "learning/run_estimator.hpp"
#include "python/array_checks.hpp"
#include "python/python_warnings.hpp"

namespace py = pybind11;
using namespace pairinv;

namespace {

class Run {
 public:
  Run(const std::string& dir, const std::string& device, std::int64_t threads)
      : dir_(dir), device_(device), threads_(threads), estimator_(dir, device, threads) {}

  py::dict estimate(const py::array& b) {
    python::CollectedWarnings warnings;
    const bool one = b.ndim() == 3;
    const auto d = estimator_.dataShape();
    require(one || b.ndim() == 4, "b must be [nshots, nsamples, nrec] or [N, nshots, nsamples, nrec], not ", b.ndim(),
            " dimensions");
    const py::ssize_t n = one ? 1 : b.shape(0), k = one ? 0 : 1;
    require(b.shape(k) == d[0] && b.shape(k + 2) == d[2], "the data b have ", b.shape(k), " shots and ",
            b.shape(k + 2), " receivers; the run was trained on ", d[0], " and ", d[2]);
    const python::FloatArray f = python::floats(b, int(b.ndim()), "the data b");
    const std::vector<double> values(f.data(), f.data() + f.size());
    learning::DataEstimates e;
    {
      py::gil_scoped_release free;  // LibTorch's autograd engine refuses to run under the GIL
      e = estimator_.estimate(values, n, f.shape(k + 1));
    }
    warnings.raise();
    py::dict out;
    const auto models = [&](const std::vector<double>& v) -> py::object {
      if (v.empty()) return py::none();
      std::vector<py::ssize_t> shape = {n, estimator_.nz(), estimator_.nx()};
      if (one) shape.erase(shape.begin());
      py::array_t<double> a(shape);
      std::copy(v.begin(), v.end(), a.mutable_data());
      return a;
    };
    const auto perSample = [&](const std::vector<double>& v) -> py::object {
      return one ? py::object(py::float_(v[0])) : py::object(py::array_t<double>(n, v.data()));
    };
    out["estimate"] = models(e.estimates);
    out["baseline"] = models(e.baseline);
    for (std::size_t s = 0; s < e.scoreNames.size(); ++s) out[py::str(e.scoreNames[s])] = perSample(e.scores[s]);
    out["flag_statistic"] = perSample(e.statistic);
    out["flagged"] = one ? py::object(py::bool_(e.flagged[0] == 1.0))
                         : py::object(py::array_t<double>(n, e.flagged.data()).attr("astype")("bool"));
    return out;
  }

  const learning::LatentDecoder& decoder() {
    if (!decoder_) decoder_ = std::make_unique<learning::LatentDecoder>(dir_, device_, true, threads_);
    return *decoder_;
  }

  /// f(decoder) without the GIL (LibTorch's autograd engine refuses to run under it).
  template <class F>
  std::vector<double> withoutGil(F&& f) {
    const learning::LatentDecoder& d = decoder();
    py::gil_scoped_release free;
    return f(d);
  }

  py::array_t<double> vector(const std::vector<double>& v) { return py::array_t<double>(py::ssize_t(v.size()), v.data()); }
  py::array_t<double> model(const std::vector<double>& v) {
    py::array_t<double> a({decoder().nz(), decoder().nx()});
    std::copy(v.begin(), v.end(), a.mutable_data());
    return a;
  }
  std::vector<double> values(const py::array& a, int ndim, const std::string& what) {
    const python::FloatArray f = python::floats(a, ndim, what);
    return {f.data(), f.data() + f.size()};
  }
  std::int64_t samples(const py::array& b) {
    require(b.ndim() == 3, "b must be one sample [nshots, nsamples, nrec], not ", b.ndim(), " dimensions");
    return std::int64_t(b.shape(1));
  }

  learning::RunEstimator& estimator() { return estimator_; }

 private:
  std::string dir_, device_;
  std::int64_t threads_;
  learning::RunEstimator estimator_;
  std::unique_ptr<learning::LatentDecoder> decoder_;  // loaded on first use (paired runs only)
};

/// A CPU tensor as a numpy array of the same dtype and shape (a copy).
py::array numpyOf(const torch::Tensor& t) {
  const torch::Tensor c = t.detach().cpu().contiguous();
  const std::vector<py::ssize_t> shape(c.sizes().begin(), c.sizes().end());
  switch (c.scalar_type()) {
    case torch::kFloat32: return py::array_t<float>(shape, c.data_ptr<float>());
    case torch::kFloat64: return py::array_t<double>(shape, c.data_ptr<double>());
    case torch::kInt64: return py::array_t<std::int64_t>(shape, c.data_ptr<std::int64_t>());
    default: return numpyOf(c.to(torch::kFloat64));  // half precision and the like
  }
}

py::dict namedArrays(const learning::NamedTensors& tensors) {
  py::dict d;
  for (const auto& [name, t] : tensors) d[py::str(name)] = numpyOf(t);
  return d;
}

py::dict readCheckpoint(const std::string& file) {
  learning::CheckpointContents c;
  {
    py::gil_scoped_release free;
    c = learning::readCheckpointContents(file);
  }
  const learning::RunRecord& r = c.record;
  py::dict out;
  out["parameters"] = namedArrays(c.parameters);
  out["buffers"] = namedArrays(c.buffers);
  out["options"] = learning::toText(r.options);
  out["model_shape"] = py::make_tuple(r.modelShape[0], r.modelShape[1], r.modelShape[2]);
  out["data_shape"] = py::make_tuple(r.dataShape[0], r.dataShape[1], r.dataShape[2]);
  const learning::NormalizationStats& n = r.stats;
  out["normalization"] = py::dict(py::arg("model_transform") = n.modelTransform(), py::arg("model_min") = n.model_min,
                                  py::arg("model_max") = n.model_max, py::arg("data_log") = n.data_log,
                                  py::arg("log_scale") = n.log_scale, py::arg("data_min") = n.data_min,
                                  py::arg("data_max") = n.data_max);
  out["split"] = py::dict(py::arg("train") = r.split.train, py::arg("validation") = r.split.validation,
                          py::arg("test") = r.split.test);
  out["input"] = r.input;
  out["geometry"] = r.geometry;
  if (!c.training) return out;
  const learning::TrainingState& s = *c.training;
  out["training"] = py::dict(py::arg("next_epoch") = s.nextEpoch, py::arg("best_epoch") = s.bestEpoch,
                             py::arg("best_validation_loss") = s.bestValidationLoss,
                             py::arg("epochs_since_best") = s.epochsSinceBest, py::arg("stopped_early") = s.stoppedEarly,
                             py::arg("history") = learning::trainingHistoryHeader() + s.history);
  out["optimizer"] = namedArrays(c.optimizer);
  return out;
}

}  // namespace

PYBIND11_MODULE(_learning, m) {
  m.doc() = "pairinv's trained runs (the compiled part of pairinv.Run)";
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const InputError& e) {
      PyErr_SetString(PyExc_ValueError, e.what());
    } catch (const Error& e) {
      PyErr_SetString(PyExc_RuntimeError, e.what());
    }
  });
  m.def("read_checkpoint", &readCheckpoint, py::arg("file"), "What best.pt or checkpoint.pt holds, as numpy arrays");
  py::class_<Run>(m, "Run")
      .def(py::init<const std::string&, const std::string&, std::int64_t>(), py::arg("run_dir"),
           py::arg("device") = "cpu", py::arg("threads") = 0)
      .def_property_readonly("data_shape", [](Run& r) { return r.estimator().dataShape(); })
      .def_property_readonly("time_stride", [](Run& r) { return r.estimator().timeStride(); })
      .def_property_readonly("model_shape", [](Run& r) { return std::array<std::int64_t, 2>{r.estimator().nz(), r.estimator().nx()}; })
      .def_property_readonly("flag", [](Run& r) { return r.estimator().flag(); })
      .def_property_readonly("latent_size", [](Run& r) { return r.decoder().latentSize(); })
      .def("estimate", &Run::estimate, py::arg("b"))
      .def("decode", [](Run& r, const py::array& z) {
             const auto v = r.values(z, 1, "z");
             return r.model(r.withoutGil([&](const learning::LatentDecoder& d) { return d.decode(v); }));
           }, py::arg("z"))
      .def("decode_vjp", [](Run& r, const py::array& z, const py::array& g) {
             const auto zv = r.values(z, 1, "z"), gv = r.values(g, 2, "g");
             return r.vector(r.withoutGil([&](const learning::LatentDecoder& d) { return d.decoderVjp(zv, gv); }));
           }, py::arg("z"), py::arg("g"))
      .def("encode_model", [](Run& r, const py::array& q) {
             const auto v = r.values(q, 2, "q");
             return r.vector(r.withoutGil([&](const learning::LatentDecoder& d) { return d.encode(v); }));
           }, py::arg("q"))
      .def("encode_data", [](Run& r, const py::array& b) {
             const auto v = r.values(b, 3, "b");
             const std::int64_t n = r.samples(b);
             return r.vector(r.withoutGil([&](const learning::LatentDecoder& d) { return d.encodeData(v, n); }));
           }, py::arg("b"))
      .def("estimate_latent", [](Run& r, const py::array& b) {
             const auto v = r.values(b, 3, "b");
             const std::int64_t n = r.samples(b);
             return r.vector(r.withoutGil([&](const learning::LatentDecoder& d) { return d.estimateLatent(v, n); }));
           }, py::arg("b"));
}
