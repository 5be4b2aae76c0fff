#include "core/log.hpp"
#include "core/log_sink.hpp"

#include <iostream>
#include <utility>

namespace pairinv {

namespace {
bool logRoot = true;
std::function<void(const std::string&)> warningSink;
}  // namespace

void setLogRoot(bool isRoot) { logRoot = isRoot; }
bool isLogRoot() { return logRoot; }

void logInfo(const std::string& message) {
  if (logRoot) std::cerr << message << '\n' << std::flush;
}

void setWarningSink(std::function<void(const std::string&)> sink) { warningSink = std::move(sink); }

void logWarning(const std::string& message) {
  if (warningSink) return warningSink(message);
  std::cerr << "pairinv: warning: " << message << '\n' << std::flush;
}

}  // namespace pairinv
