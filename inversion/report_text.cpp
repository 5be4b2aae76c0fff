#include "inversion/report_text.hpp"

#include <cmath>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace pairinv::inversion {

std::string significant(double v, int digits) {
  if (!std::isfinite(v)) return "nan";
  std::ostringstream s;
  s << std::setprecision(digits) << v;
  return s.str();
}

void writeTextFile(const std::filesystem::path& file, const std::string& text) {
  writeAtomically(file, [&](const std::filesystem::path& tmp) {
    std::ofstream out(tmp);
    out << text;
    out.close();
    require(!out.fail(), "error while writing '", file.string(), "' (disk full?)");
  });
}

}  // namespace pairinv::inversion
