// libFuzzer harness of the OpenFWI import's file checks (core/openfwi_files.hpp). The input is a
// model file and a data file: its first two bytes say where the model's bytes end. The files are
// read and checked as `pairinv openfwi` does, or refused with an InputError.
#include "core/openfwi_files.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path model = pairinv::fuzz::scratchFile("model.npy"),
                                     gathers = pairinv::fuzz::scratchFile("data.npy");
  if (size < 2) return 0;
  const std::size_t split = std::min(size - 2, std::size_t(data[0]) << 8 | data[1]);
  pairinv::fuzz::writeBytes(model, data + 2, split);
  pairinv::fuzz::writeBytes(gathers, data + 2 + split, size - 2 - split);
  pairinv::fuzz::expectInputErrorsOnly([&] {
    const auto models = pairinv::readOpenfwiModels({model});
    const auto& s = models.front().shape;
    const pairinv::NpyArray d = pairinv::readOpenfwiData(gathers, {s[0], 2, 16, s[3]});
    if (d.data.size() != s[0] * 2 * 16 * s[3]) std::abort();
  });
  return 0;
}
