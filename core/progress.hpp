// A progress line with count, rate and ETA for long jobs (shots, samples, epochs).
// On a terminal it redraws one line; otherwise it prints a line at most every few seconds.
#pragma once

#include <chrono>
#include <cstddef>
#include <iosfwd>
#include <string>

namespace pairinv {

class ProgressLine {
 public:
  /// `unit` names what is counted ("shots", "samples"); `enabled` is false on non-root ranks.
  ProgressLine(std::string label, std::size_t total, std::string unit, bool enabled = true);
  ~ProgressLine();  // finishes the line; never throws

  /// Reports that `done` of `total` items are finished.
  void update(std::size_t done);
  /// Prints the final line (called by the destructor if not called before).
  void finish();

  /// "label: 3/10 shots (30%) 2.5 shots/s ETA 0:03" for the given state; exposed for tests.
  static std::string format(const std::string& label, std::size_t done, std::size_t total,
                            const std::string& unit, double elapsedSeconds);

 private:
  void print(bool final);
  std::string label_, unit_;
  std::size_t total_, done_ = 0;
  bool enabled_, finished_ = false, tty_;
  std::chrono::steady_clock::time_point start_, lastPrint_;
};

/// Formats seconds as H:MM:SS or M:SS.
std::string formatDuration(double seconds);

}  // namespace pairinv
