// What the fuzz harnesses share: the input as a file (the readers take paths), and the rule that
// bad input may only ever end in an InputError.
#pragma once

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "core/error.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define PAIRINV_FUZZ_LSAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PAIRINV_FUZZ_LSAN 1
#endif
#endif
#ifdef PAIRINV_FUZZ_LSAN
#include <sanitizer/lsan_interface.h>
#endif

namespace pairinv::fuzz {

/// Runs `work` with LeakSanitizer looking away (one-time start-up of libraries).
template <typename F>
void ignoreLeaks(F&& work) {
#ifdef PAIRINV_FUZZ_LSAN
  __lsan_disable();
  work();
  __lsan_enable();
#else
  work();
#endif
}

/// A per-process scratch file name in the temp directory with the given extension.
inline std::filesystem::path scratchFile(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("pairinv_fuzz_" + std::to_string(::getpid()) + "_" + name);
}

inline void writeBytes(const std::filesystem::path& file, const std::uint8_t* data, std::size_t size) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
}

/// Runs `work`: InputError is the expected answer to bad input; any other exception is a bug,
/// reported and turned into a crash for the fuzzer.
template <typename F>
void expectInputErrorsOnly(F&& work) {
  try {
    work();
  } catch (const InputError&) {
  } catch (const std::exception& e) {
    std::cerr << "fuzz: not an InputError: " << e.what() << std::endl;
    std::abort();
  }
}

}  // namespace pairinv::fuzz
