// libFuzzer harness of the .npy reader (core/npy.hpp): any bytes named .npy are read, or refused
// with an InputError.
#include "core/npy.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path file = pairinv::fuzz::scratchFile("input.npy");
  pairinv::fuzz::writeBytes(file, data, size);
  pairinv::fuzz::expectInputErrorsOnly([&] {
    const pairinv::NpyArray a = pairinv::readNpy(file);
    std::size_t n = 1;
    for (std::size_t d : a.shape) n *= d;
    if (n != a.data.size()) std::abort();  // the values must be what the shape says
  });
  return 0;
}
