// Atomic output: a committed file appears whole and alone; a failed write leaves the old
// target as it was and no temporary behind; a missing directory is the user's error.
#include <gtest/gtest.h>

#include <stdexcept>

#include "core/atomic_file.hpp"
#include "test_support.hpp"

namespace pairinv {
namespace {

using testing::TempDir;

std::size_t entries(const std::filesystem::path& dir) {
  std::size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

TEST(AtomicFile, CommitLeavesOnlyTheTarget) {
  TempDir dir;
  const auto target = dir / "out.txt";

  writeAtomically(target, [](const std::filesystem::path& tmp) {
    EXPECT_NE(tmp.filename(), "out.txt");
    testing::writeText(tmp, "complete");
  });

  EXPECT_EQ(testing::readText(target), "complete");
  EXPECT_EQ(entries(dir.path()), 1u);
}

TEST(AtomicFile, TargetDoesNotExistBeforeCommit) {
  TempDir dir;
  const auto target = dir / "late.txt";
  AtomicFile file(target);
  testing::writeText(file.tempPath(), "data");

  EXPECT_FALSE(std::filesystem::exists(target));
  file.commit();

  EXPECT_TRUE(std::filesystem::exists(target));
  EXPECT_FALSE(std::filesystem::exists(file.tempPath()));
}

TEST(AtomicFile, ThrowingWriterLeavesTargetUntouchedAndNoTemp) {
  TempDir dir;
  const auto target = dir / "keep.txt";
  testing::writeText(target, "old contents");

  EXPECT_THROW(writeAtomically(target,
                               [](const std::filesystem::path& tmp) {
                                 testing::writeText(tmp, "half-written new contents");
                                 throw std::runtime_error("simulated failure");
                               }),
               std::runtime_error);

  EXPECT_EQ(testing::readText(target), "old contents");
  EXPECT_EQ(entries(dir.path()), 1u);
}

TEST(AtomicFile, UncommittedFileIsRemovedByDestructor) {
  TempDir dir;
  std::filesystem::path temp;
  {
    AtomicFile file(dir / "never.txt");
    temp = file.tempPath();
    testing::writeText(temp, "abandoned");
    ASSERT_TRUE(std::filesystem::exists(temp));
  }
  EXPECT_FALSE(std::filesystem::exists(temp));
  EXPECT_EQ(entries(dir.path()), 0u);
}

TEST(AtomicFile, MissingDirectoryIsAnInputErrorNamingIt) {
  TempDir dir;
  const auto target = dir / "no_such_dir" / "out.txt";

  const std::string msg = testing::inputErrorMessage([&] { AtomicFile file(target); });

  EXPECT_NE(msg.find("no_such_dir"), std::string::npos) << msg;
  EXPECT_FALSE(std::filesystem::exists(dir / "no_such_dir"));
}

TEST(AtomicFile, EnsureDirectoryCreatesParentsAndRejectsAFile) {
  TempDir dir;
  const auto nested = dir / "a" / "b" / "c";
  testing::writeText(dir / "plain", "x");

  ensureDirectory(nested);
  const std::string msg = testing::inputErrorMessage([&] { ensureDirectory(dir / "plain"); });

  EXPECT_TRUE(std::filesystem::is_directory(nested));
  EXPECT_NE(msg.find("plain"), std::string::npos) << msg;
}

}  // namespace
}  // namespace pairinv
