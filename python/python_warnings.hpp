// pairinv's warnings (core/log.hpp) as Python warnings: collected while a solve runs without
// the GIL, then raised through Python's `warnings` module (RuntimeWarning), which shows a
// repeated warning once by default and lets users filter them.
#pragma once

#include <string>
#include <vector>

namespace pairinv::python {

class CollectedWarnings {
 public:
  CollectedWarnings();   // pairinv's warnings go here from now on
  ~CollectedWarnings();  // and back to stderr
  CollectedWarnings(const CollectedWarnings&) = delete;
  CollectedWarnings& operator=(const CollectedWarnings&) = delete;
  /// Raises each collected warning in Python (call with the GIL held).
  void raise();

 private:
  std::vector<std::string> messages_;
};

}  // namespace pairinv::python
