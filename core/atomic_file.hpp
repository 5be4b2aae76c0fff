// Atomic file output: write to a temporary name beside the target, rename when complete. The
// data are flushed to disk (fsync) before the rename and the folder after it.
// An interrupted run therefore never leaves a file that looks whole.
#pragma once

#include <filesystem>
#include <functional>

namespace pairinv {

class AtomicFile {
 public:
  /// Prepares to write `target`; the data goes to tempPath() until commit().
  explicit AtomicFile(std::filesystem::path target);
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;
  /// Removes the temporary file unless commit() succeeded. Never throws.
  ~AtomicFile();

  const std::filesystem::path& tempPath() const { return temp_; }
  const std::filesystem::path& target() const { return target_; }
  /// Renames the temporary file onto the target (atomic on POSIX within one file system).
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  bool committed_ = false;
};

/// Calls write(tempPath) and then commits; on an exception the temporary file is removed.
void writeAtomically(const std::filesystem::path& target,
                     const std::function<void(const std::filesystem::path&)>& write);

/// Creates `dir` (and parents) or throws InputError naming it.
void ensureDirectory(const std::filesystem::path& dir);

/// fsync of a file or a folder (its entries), so that it survives a power cut. Error if the
/// system refuses.
void flushToDisk(const std::filesystem::path& path);

}  // namespace pairinv
