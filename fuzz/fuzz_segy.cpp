// libFuzzer harness of the SEG-Y reader (core/segy_file.hpp): any bytes named .sgy are read as
// consistent shot gathers, or refused with an InputError.
#include "core/segy_file.hpp"
#include "fuzz_input.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::filesystem::path file = pairinv::fuzz::scratchFile("input.sgy");
  pairinv::fuzz::writeBytes(file, data, size);
  pairinv::fuzz::expectInputErrorsOnly([&] {
    const pairinv::SegyGathers g = pairinv::readSegy(file);
    const std::size_t n = std::size_t(g.nshots) * std::size_t(g.nsamples) * std::size_t(g.nreceivers);
    if (g.data.size() != n || g.sourceX.size() != std::size_t(g.nshots) ||
        g.receiverX.size() != std::size_t(g.nreceivers))
      std::abort();
  });
  return 0;
}
