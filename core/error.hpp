// Exceptions of pairinv. Library code throws; main() catches, prints, exits non-zero.
//
// Error         : anything that stops a computation.
// InputError    : a problem the user can fix (an option, a file, a shape, a value); the message
//                 names the option/file/value and says what is allowed. Exit status 2.
// InternalError : a broken invariant of pairinv itself (a bug, not the user's input). Exit
//                 status 1; under MPI the whole job is aborted, so no rank is left waiting.
#pragma once

#include <sstream>
#include <stdexcept>
#include <string>

namespace pairinv {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class InputError : public Error {
 public:
  using Error::Error;
};

class InternalError : public Error {
 public:
  explicit InternalError(const std::string& what) : Error("internal error: " + what) {}
};

/// Concatenates any streamable values into one string, for building messages.
template <typename... Parts>
std::string concat(const Parts&... parts) {
  std::ostringstream out;
  (out << ... << parts);
  return out.str();
}

/// Throws InputError(concat(parts...)) unless `condition` holds.
template <typename... Parts>
void require(bool condition, const Parts&... parts) {
  if (!condition) throw InputError(concat(parts...));
}

/// Throws InternalError(concat(parts...)) unless `condition`, an invariant of pairinv's own
/// code, holds.
template <typename... Parts>
void ensure(bool condition, const Parts&... parts) {
  if (!condition) throw InternalError(concat(parts...));
}

}  // namespace pairinv
