#include "core/number_text.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace pairinv {

std::string shortestExact(double v) {
  char buf[64];
  if (v == std::floor(v) && std::abs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof buf, "%.*g", precision, v);
    if (std::strtod(buf, nullptr) == v) break;
  }
  return buf;
}

std::string valuesText(const std::vector<double>& values) {
  std::string text;
  for (double v : values) text += shortestExact(v) + '\n';
  return text;
}

std::vector<double> parseValuesText(const std::string& text, const std::string& what) {
  std::vector<double> values;
  std::istringstream lines(text);
  std::size_t number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++number;
    char* end = nullptr;
    const double v = std::strtod(line.c_str(), &end);  // strtod, unlike operator>>, reads nan and inf
    require(!line.empty() && end == line.c_str() + line.size(), what, ": line ", number, " ('", line,
            "') is not one number");
    values.push_back(v);
  }
  return values;
}

void writeValuesFile(const std::filesystem::path& file, const std::vector<double>& values) {
  writeAtomically(file, [&](const std::filesystem::path& tmp) {
    std::ofstream out(tmp, std::ios::binary);
    out << valuesText(values);
    out.close();
    require(bool(out), "cannot write '", tmp.string(), "'");
  });
}

std::vector<double> readValuesFile(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  require(bool(in), "cannot read '", file.string(), "'");
  std::ostringstream text;
  text << in.rdbuf();
  return parseValuesText(text.str(), "'" + file.string() + "'");
}

}  // namespace pairinv
