#include "python/python_warnings.hpp"

#include <pybind11/pybind11.h>

#include "core/log_sink.hpp"

namespace py = pybind11;

namespace pairinv::python {

CollectedWarnings::CollectedWarnings() {
  setWarningSink([this](const std::string& m) { messages_.push_back(m); });
}

CollectedWarnings::~CollectedWarnings() { setWarningSink({}); }

void CollectedWarnings::raise() {
  setWarningSink({});
  const py::object warn = py::module_::import("warnings").attr("warn");
  for (const std::string& m : messages_) warn(py::str("pairinv: " + m), py::handle(PyExc_RuntimeWarning), 2);
  messages_.clear();
}

}  // namespace pairinv::python
