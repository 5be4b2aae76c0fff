// libFuzzer harness of the options as a YAML file (-options_file_yaml, the form of every output's
// options.yaml): the input is inserted into a fresh PETSc options database as YAML, then read by
// pairinv's typed readers (core/options.hpp: integers, reals, flags, strings, choices and lists,
// as the commands read them) and checked for unused options. PETSc may refuse the YAML (an error
// code), and pairinv's readers may refuse a value (InputError); nothing may crash.
#include <petscsys.h>

#include "core/options.hpp"
#include "fuzz_input.hpp"

namespace {

enum class Color { Red, Green };
const pairinv::EnumNames<Color> kColorNames = {{Color::Red, "red"}, {Color::Green, "green"}};

void readLikeACommand() {
  pairinv::OptionsBlock o(PETSC_COMM_SELF, "fuzz_", "fuzz");
  o.integer("-n", "an integer", 3, 1);
  o.real("-x", "a real", 1.0, 0.0);
  o.flag("-f", "a flag", false);
  o.string("-s", "a string", "");
  o.choice("-c", "a choice", Color::Red, kColorNames);
  o.realList("-r", "reals", {1.0, 2.0});
  o.intList("-i", "integers", {});
  pairinv::rejectUnusedOptions();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool initialised = [] {
    // MPI's and PETSc's start-up allocations live until exit: not the harness's leaks.
    pairinv::fuzz::ignoreLeaks([] { PetscInitializeNoArguments(); });
    PetscPushErrorHandler(PetscReturnErrorHandler, nullptr);  // errors as codes, not messages
    return true;
  }();
  (void)initialised;
  const std::string yaml(reinterpret_cast<const char*>(data), size);
  PetscOptions options = nullptr;
  PetscOptionsCreate(&options);
  PetscOptionsPush(options);
  if (PetscOptionsInsertStringYAML(nullptr, yaml.c_str()) == 0)
    pairinv::fuzz::expectInputErrorsOnly(readLikeACommand);
  PetscOptionsPop();
  PetscOptionsDestroy(&options);
  return 0;
}
