// Rank-aware messages on stderr. Only the rank set by setLogRoot(true) prints info lines;
// warnings print on every rank that raises them.
#pragma once

#include <string>

namespace pairinv {

void setLogRoot(bool isRoot);
bool isLogRoot();
void logInfo(const std::string& message);
void logWarning(const std::string& message);

}  // namespace pairinv
