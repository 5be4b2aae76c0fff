#include "core/log.hpp"

#include <iostream>

namespace pairinv {

namespace {
bool logRoot = true;
}

void setLogRoot(bool isRoot) { logRoot = isRoot; }
bool isLogRoot() { return logRoot; }

void logInfo(const std::string& message) {
  if (logRoot) std::cerr << message << '\n' << std::flush;
}

void logWarning(const std::string& message) {
  std::cerr << "pairinv: warning: " << message << '\n' << std::flush;
}

}  // namespace pairinv
