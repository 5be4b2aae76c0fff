// Numbers as text that reads back exactly (family options in survey files, attribute
// differences in messages, the small records that let a rerun keep finished work).
// PETSc-free.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace pairinv {

/// The shortest text that reads back as exactly `v` (whole numbers without exponent).
std::string shortestExact(double v);

/// `values` one per line, each as shortestExact (NaN and infinities included): what
/// parseValuesText reads back to the same doubles.
std::string valuesText(const std::vector<double>& values);

/// The numbers of valuesText's lines (also "nan", "-nan", "inf"). Throws InputError naming
/// `what` (a file, say) on a line that is not one number.
std::vector<double> parseValuesText(const std::string& text, const std::string& what);

/// valuesText(values) written to `file` atomically (core/atomic_file.hpp): a record of finished
/// work that a killed run either has whole or not at all.
void writeValuesFile(const std::filesystem::path& file, const std::vector<double>& values);

/// The values of a file written by writeValuesFile; InputError naming the file if it cannot be
/// read or holds anything else.
std::vector<double> readValuesFile(const std::filesystem::path& file);

}  // namespace pairinv
