// Exceptions of pairinv. Library code throws; main() catches, prints, exits non-zero.
//
// Error       : anything that stops a computation.
// InputError  : a problem the user can fix (an option, a file, a shape, a value); the message
//               names the option/file/value and says what is allowed.
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

}  // namespace pairinv
