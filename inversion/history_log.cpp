#include "inversion/history_log.hpp"

#include <algorithm>
#include <fstream>
#include <iomanip>
#include <sstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"

namespace pairinv::inversion {

HistoryLog::HistoryLog(std::filesystem::path file, std::vector<std::string> columns)
    : file_(std::move(file)), columns_(std::move(columns)) {}

std::size_t HistoryLog::resume() {
  rows_.clear();
  std::ifstream in(file_);
  if (!in) return 0;
  std::string header, expected;
  std::getline(in, header);
  for (const auto& c : columns_) expected += (expected.empty() ? "" : ",") + c;
  require(header == expected, "cannot resume: '", file_.string(), "' has columns '", header, "', expected '",
          expected, "'");
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::stringstream fields(line);
    std::string cell;
    std::vector<double> row;
    while (std::getline(fields, cell, ',')) row.push_back(std::stod(cell));
    require(row.size() == columns_.size(), "cannot resume: a row of '", file_.string(), "' has ", row.size(),
            " values, expected ", columns_.size());
    rows_.push_back(row);
  }
  return rows_.size();
}

void HistoryLog::append(const std::vector<double>& row) {
  ensure(row.size() == columns_.size(), "history row of ", row.size(), " values for ",
          columns_.size(), " columns");
  rows_.push_back(row);
  write();
}

void HistoryLog::dropRowsAfter(double iteration) {
  rows_.erase(std::remove_if(rows_.begin(), rows_.end(),
                             [&](const std::vector<double>& r) { return !r.empty() && r[0] > iteration; }),
              rows_.end());
}

std::vector<double> HistoryLog::column(const std::string& name) const {
  const auto it = std::find(columns_.begin(), columns_.end(), name);
  ensure(it != columns_.end(), "no history column '", name, "'");
  const std::size_t k = std::size_t(it - columns_.begin());
  std::vector<double> values;
  for (const auto& r : rows_) values.push_back(r[k]);
  return values;
}

void HistoryLog::write() const {
  writeAtomically(file_, [&](const std::filesystem::path& tmp) {
    std::ofstream out(tmp);
    for (std::size_t k = 0; k < columns_.size(); ++k) out << (k ? "," : "") << columns_[k];
    out << '\n' << std::setprecision(10);
    for (const auto& r : rows_) {
      for (std::size_t k = 0; k < r.size(); ++k) out << (k ? "," : "") << r[k];
      out << '\n';
    }
    require(out.good(), "error while writing '", file_.string(), "'");
  });
}

}  // namespace pairinv::inversion
