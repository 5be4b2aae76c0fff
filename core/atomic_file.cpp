#include "core/atomic_file.hpp"

#include <unistd.h>

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

void AtomicFile::commit() {
  std::error_code ec;
  require(fs::exists(temp_, ec), "internal: nothing was written to '", temp_.string(), "'");
  fs::rename(temp_, target_, ec);
  if (ec) throw Error(concat("cannot rename '", temp_.string(), "' to '", target_.string(), "': ", ec.message()));
  committed_ = true;
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
