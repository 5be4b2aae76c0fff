// Numbers as text that reads back exactly (family options in survey files, attribute
// differences in messages). PETSc-free.
#pragma once

#include <string>

namespace pairinv {

/// The shortest text that reads back as exactly `v` (whole numbers without exponent).
std::string shortestExact(double v);

}  // namespace pairinv
