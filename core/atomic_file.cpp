#include "core/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <system_error>

#include "core/error.hpp"

namespace fs = std::filesystem;

namespace pairinv {

AtomicFile::AtomicFile(fs::path target) : target_(std::move(target)) {
  require(!target_.filename().empty(), "output path '", target_.string(), "' names no file");
  const fs::path dir = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  std::error_code ec;
  require(fs::is_directory(dir, ec), "cannot write '", target_.string(), "': directory '",
          dir.string(), "' does not exist");
  temp_ = dir / concat(target_.filename().string(), ".tmp.", ::getpid());
}

AtomicFile::~AtomicFile() {
  if (committed_) return;
  std::error_code ec;
  fs::remove(temp_, ec);  // best effort: a destructor never throws
}

void flushToDisk(const fs::path& path) {
  std::error_code ec;
  const bool folder = fs::is_directory(path, ec);
  const int fd = ::open(path.c_str(), folder ? (O_RDONLY | O_DIRECTORY) : O_RDONLY);
  if (fd < 0) throw Error(concat("cannot open '", path.string(), "' to flush it to disk: ", std::strerror(errno)));
  const int status = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (status != 0) throw Error(concat("cannot flush '", path.string(), "' to disk: ", std::strerror(error)));
}

void AtomicFile::commit() {
  std::error_code ec;
  ensure(fs::exists(temp_, ec), "nothing was written to '", temp_.string(), "'");
  // The data reach the disk before the rename makes them the target, and the folder's entry
  // after it: a power cut leaves the old file or the whole new one.
  const fs::path dir = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  flushToDisk(temp_);
  fs::rename(temp_, target_, ec);
  if (ec) throw Error(concat("cannot rename '", temp_.string(), "' to '", target_.string(), "': ", ec.message()));
  committed_ = true;
  flushToDisk(dir);
}

void writeAtomically(const fs::path& target, const std::function<void(const fs::path&)>& write) {
  AtomicFile file(target);
  write(file.tempPath());
  file.commit();
}

void ensureDirectory(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  require(!ec && fs::is_directory(dir), "cannot create output directory '", dir.string(), "': ",
          ec ? ec.message() : std::string("a file of that name exists"));
}

}  // namespace pairinv
