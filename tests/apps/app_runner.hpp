// Runs the pairinv executable as a user would and captures its exit status and output.
#pragma once

#include <filesystem>
#include <string>

namespace pairinv::testing {

struct AppResult {
  int exitCode = -1;
  std::string output;  // stdout and stderr together
};

/// Runs `PAIRINV_EXE args` (or under mpiexec -n ranks when ranks > 1) in a shell.
AppResult runPairinv(const std::string& args, int ranks = 1);

/// A fresh empty directory under the system temp dir, removed by the destructor.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& name);
  ~ScratchDir();
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& leaf) const { return path_ / leaf; }

 private:
  std::filesystem::path path_;
};

}  // namespace pairinv::testing
