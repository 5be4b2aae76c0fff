// Choices as types: an enum and the names of its values, in one table per enum (as PETSc's
// XxxTypes[] arrays). A choice is parsed once (OptionsBlock::choice, or valueOf for a file's
// attribute) and compared as an enum afterwards; nameOf writes it back. PETSc-free.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "core/error.hpp"

namespace pairinv {

/// The names of an enum's values, as PETSc's XxxTypes[] tables: parse a choice once into its
/// enum, compare enums afterwards.
template <class E>
using EnumNames = std::vector<std::pair<E, const char*>>;

/// The name of `value` in `names` (an internal fault if it has none).
template <class E>
const char* nameOf(E value, const EnumNames<E>& names) {
  for (const auto& [v, n] : names)
    if (v == value) return n;
  throw std::logic_error("internal: an enum value without a name");
}

/// The value named `text`; InputError naming `what` and the choices otherwise.
template <class E>
E valueOf(const std::string& text, const EnumNames<E>& names, const std::string& what) {
  std::string list;
  for (const auto& [v, n] : names) {
    if (text == n) return v;
    list += (list.empty() ? "" : ", ") + std::string(n);
  }
  throw InputError(concat(what, " = '", text, "' is not one of: ", list));
}

}  // namespace pairinv
