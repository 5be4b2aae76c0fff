// Where pairinv's warnings (core/log.hpp) go instead of stderr: the Python module turns them
// into Python warnings (python/python_warnings.hpp). PETSc-free.
#pragma once

#include <functional>
#include <string>

namespace pairinv {

/// Sends every later logWarning message to `sink`; an empty function sends them to stderr again.
void setWarningSink(std::function<void(const std::string&)> sink);

}  // namespace pairinv
