#include "core/progress.hpp"

#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <iostream>

namespace pairinv {

std::string formatDuration(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "?";
  const long s = std::lround(seconds);
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, (s / 60) % 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

std::string ProgressLine::format(const std::string& label, std::size_t done, std::size_t total,
                                 const std::string& unit, double elapsed) {
  const double rate = elapsed > 0 ? double(done) / elapsed : 0.0;
  const double pct = total ? 100.0 * double(done) / double(total) : 100.0;
  char buf[256];
  std::snprintf(buf, sizeof buf, "%s: %zu/%zu %s (%.0f%%) %.3g %s/s ETA %s", label.c_str(), done,
                total, unit.c_str(), pct, rate, unit.c_str(),
                done >= total ? "0:00"
                : rate > 0    ? formatDuration(double(total - done) / rate).c_str()
                              : "?");
  return buf;
}

ProgressLine::ProgressLine(std::string label, std::size_t total, std::string unit, bool enabled)
    : label_(std::move(label)), unit_(std::move(unit)), total_(total), enabled_(enabled),
      tty_(::isatty(STDERR_FILENO) != 0), start_(std::chrono::steady_clock::now()),
      lastPrint_(start_) {}

ProgressLine::~ProgressLine() {
  try {
    finish();
  } catch (...) {
  }
}

void ProgressLine::update(std::size_t done) {
  done_ = done;
  const auto now = std::chrono::steady_clock::now();
  const double sinceLast = std::chrono::duration<double>(now - lastPrint_).count();
  if (done_ >= total_) return finish();
  if (sinceLast >= (tty_ ? 0.2 : 5.0)) print(false);
}

void ProgressLine::finish() {
  if (finished_) return;
  finished_ = true;
  print(true);
}

void ProgressLine::print(bool final) {
  lastPrint_ = std::chrono::steady_clock::now();
  if (!enabled_) return;
  const double elapsed = std::chrono::duration<double>(lastPrint_ - start_).count();
  std::string line = format(label_, done_, total_, unit_, elapsed);
  if (final) line += " in " + formatDuration(elapsed);
  if (tty_)
    std::cerr << '\r' << line << "\033[K" << (final ? "\n" : "") << std::flush;
  else
    std::cerr << line << '\n' << std::flush;
}

}  // namespace pairinv
