// The error kinds (core/error.hpp) and durable output (flushToDisk, core/atomic_file.hpp):
// a broken invariant is an InternalError, never bad input; fsync works on files and folders
// and refuses a missing path.
#include <gtest/gtest.h>

#include <fstream>

#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "test_support.hpp"

namespace pairinv {
namespace {

TEST(ErrorKinds, EnsureThrowsAnInternalErrorThatIsNotBadInput) {
  EXPECT_NO_THROW(ensure(true, "never"));
  try {
    ensure(1 + 1 == 3, "arithmetic gave ", 3);
    FAIL() << "nothing thrown";
  } catch (const InputError&) {
    FAIL() << "an internal fault became bad input";
  } catch (const InternalError& e) {
    EXPECT_STREQ(e.what(), "internal error: arithmetic gave 3");
  }
  EXPECT_THROW(require(false, "bad option"), InputError);
}

TEST(DurableOutput, FlushesFilesAndFoldersAndRefusesMissingOnes) {
  testing::TempDir dir;
  std::ofstream(dir / "a.txt") << "data";
  EXPECT_NO_THROW(flushToDisk(dir / "a.txt"));
  EXPECT_NO_THROW(flushToDisk(dir.path()));
  EXPECT_THROW(flushToDisk(dir / "missing.txt"), Error);
  writeAtomically(dir / "b.txt", [](const std::filesystem::path& tmp) { std::ofstream(tmp) << "whole"; });
  EXPECT_EQ(testing::readText(dir / "b.txt"), "whole");
}

}  // namespace
}  // namespace pairinv
