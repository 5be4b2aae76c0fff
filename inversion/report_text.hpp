// Text helpers of the reports (evaluation_report, repair_report): numbers in tables and whole
// text files written atomically.
#pragma once

#include <filesystem>
#include <string>

namespace pairinv::inversion {

/// `v` with `digits` significant digits ("nan" for a non-finite value).
std::string significant(double v, int digits = 4);

/// Writes `text` to `file` through a temporary name; Error naming the file if writing fails.
void writeTextFile(const std::filesystem::path& file, const std::string& text);

}  // namespace pairinv::inversion
