// The CSV history of an iterative inversion (one row per iteration), rewritten atomically on
// every append so that a killed run leaves a whole file, and reloaded when a run resumes.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace pairinv::inversion {

class HistoryLog {
 public:
  HistoryLog(std::filesystem::path file, std::vector<std::string> columns);

  /// Loads the rows of an existing file with the same header; InputError if the header differs.
  /// Returns the number of rows loaded (0 if there is no file).
  std::size_t resume();
  void append(const std::vector<double>& row);
  /// Forgets the rows whose first column (the iteration) exceeds `iteration` (rows written after
  /// the state a resumed run continues from); the file follows at the next append.
  void dropRowsAfter(double iteration);

  const std::vector<std::vector<double>>& rows() const { return rows_; }
  std::vector<double> column(const std::string& name) const;
  const std::filesystem::path& path() const { return file_; }

 private:
  void write() const;
  std::filesystem::path file_;
  std::vector<std::string> columns_;
  std::vector<std::vector<double>> rows_;
};

}  // namespace pairinv::inversion
