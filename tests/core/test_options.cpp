// OptionsBlock (core/options.hpp) on PETSc's public options API: values under a prefix, defaults,
// range and choice checks, lists given without values, options nobody read, and the -help text
// (each block's title once, every option with its value and default).
#include <gtest/gtest.h>
#include <petscsys.h>

#include <cstdarg>
#include <string>
#include <vector>

#include "core/error.hpp"
#include "core/options.hpp"

namespace pairinv {
namespace {

class PetscEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { ASSERT_EQ(PetscInitializeNoArguments(), 0); }
  void TearDown() override { PetscFinalize(); }
};
const auto* const kEnvironment = ::testing::AddGlobalTestEnvironment(new PetscEnvironment);

std::string helpText;
PetscErrorCode captureHelp(MPI_Comm, const char format[], ...) {
  char buffer[4096];
  va_list args;
  va_start(args, format);
  std::vsnprintf(buffer, sizeof(buffer), format, args);
  va_end(args);
  helpText += buffer;
  return 0;
}

class Options : public ::testing::Test {
 protected:
  void SetUp() override { PetscOptionsClear(nullptr); }
  void TearDown() override { PetscOptionsClear(nullptr); }
  static void set(const char* name, const char* value) { ASSERT_EQ(PetscOptionsSetValue(nullptr, name, value), 0); }
};

TEST_F(Options, ReadsValuesUnderThePrefixAndDefaultsTheRest) {
  set("-comp_order", "8");
  set("-comp_cfl", "0.25");
  set("-comp_free_surface", "false");
  set("-comp_wavelet", "file");
  set("-comp_frequencies", "2.5,5,10");
  set("-comp_shots", "0,3");
  OptionsBlock o(PETSC_COMM_WORLD, "comp_", "A component");
  EXPECT_EQ(o.integer("-order", "order", 4), 8);
  EXPECT_TRUE(o.lastWasSet());
  EXPECT_EQ(o.integer("-nt", "steps", 700), 700);
  EXPECT_FALSE(o.lastWasSet());
  EXPECT_DOUBLE_EQ(o.real("-cfl", "cfl", 0.5), 0.25);
  EXPECT_FALSE(o.flag("-free_surface", "free surface", true));
  EXPECT_EQ(o.choice("-wavelet", "wavelet", "ricker", {"ricker", "file"}), "file");
  EXPECT_EQ(o.string("-output", "output", "out"), "out");
  EXPECT_EQ(o.realList("-frequencies", "f", {1.0}), (std::vector<PetscReal>{2.5, 5.0, 10.0}));
  EXPECT_EQ(o.intList("-shots", "s", {}), (std::vector<PetscInt>{0, 3}));
  EXPECT_EQ(o.intList("-receivers", "r", {7}), (std::vector<PetscInt>{7}));
  EXPECT_EQ(o.fullName("-order"), "-comp_order");
  EXPECT_NO_THROW(rejectUnusedOptions());
}

TEST_F(Options, RefusesValuesOutOfRangeNotAChoiceNonFiniteAndListsWithoutValues) {
  set("-order", "3");
  set("-cfl", "nan");
  set("-wavelet", "gabor");
  set("-frequencies", nullptr);
  OptionsBlock o(PETSC_COMM_WORLD, "", "Checks");
  try {
    o.integer("-order", "order", 4, 4, 8);
    FAIL() << "an order below the range was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("-order = 3 is out of range [4, 8]"), std::string::npos) << e.what();
  }
  EXPECT_THROW(o.real("-cfl", "cfl", 0.5), InputError);
  try {
    o.choice("-wavelet", "wavelet", "ricker", {"ricker", "file"});
    FAIL() << "an unknown choice was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("'gabor' is not one of: ricker, file"), std::string::npos) << e.what();
  }
  EXPECT_THROW(o.realList("-frequencies", "f", {1.0}), InputError);
}

TEST_F(Options, ValuesPetscCannotParseAreBadInputNamingTheOption) {
  // Found by fuzz/fuzz_options.cpp: PETSc's parse errors used to surface as internal faults.
  PetscPushErrorHandler(PetscReturnErrorHandler, nullptr);
  set("-s_dt", "1een");
  set("-s_n", "12x");
  set("-s_free", "maybe");
  set("-s_ix", "3,x");
  set("-s_f", "1.5,y");
  set("-s_range", "4,4-");
  OptionsBlock o(PETSC_COMM_SELF, "s_", "solver");
  const auto message = [](const auto& read) {
    try {
      read();
    } catch (const InputError& e) {
      return std::string(e.what());
    }
    return std::string("no InputError");
  };
  EXPECT_EQ(message([&] { o.real("-dt", "dt", 0.1); }), "option -s_dt = '1een' is not a real number");
  EXPECT_EQ(message([&] { o.integer("-n", "n", 1); }), "option -s_n = '12x' is not an integer");
  EXPECT_EQ(message([&] { o.flag("-free", "free", false); }), "option -s_free = 'maybe' is not true or false");
  EXPECT_EQ(message([&] { o.intList("-ix", "ix", {}); }),
            "option -s_ix = '3,x' is not a comma-separated list of integers");
  EXPECT_EQ(message([&] { o.intList("-range", "range", {}); }),
            "option -s_range = '4,4-' is not a comma-separated list of integers");
  EXPECT_EQ(message([&] { o.realList("-f", "f", {}); }),
            "option -s_f = '1.5,y' is not a comma-separated list of real numbers");
  PetscPopErrorHandler();
}

TEST_F(Options, AnOptionNobodyReadIsRefusedByName) {
  set("-acoustic_ordre", "4");
  OptionsBlock o(PETSC_COMM_WORLD, "acoustic_", "Acoustic");
  o.integer("-order", "order", 4);
  try {
    rejectUnusedOptions();
    FAIL() << "a misspelt option was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("-acoustic_ordre"), std::string::npos) << e.what();
  }
}

TEST_F(Options, HelpListsEachBlockOnceWithValuesAndDefaults) {
  set("-help", nullptr);
  set("-demo_order", "8");
  helpText.clear();
  const auto saved = PetscHelpPrintf;
  PetscHelpPrintf = captureHelp;
  for (int pass = 0; pass < 2; ++pass) {
    OptionsBlock o(PETSC_COMM_WORLD, "demo_", "Demo solver");
    o.integer("-order", "Spatial order", 4);
    o.realList("-frequencies", "Frequencies in Hz", {2.0, 4.0});
  }
  PetscHelpPrintf = saved;
  EXPECT_NE(helpText.find("Demo solver:\n"), std::string::npos) << helpText;
  EXPECT_EQ(helpText.find("Demo solver:"), helpText.rfind("Demo solver:")) << "printed twice:\n" << helpText;
  EXPECT_NE(helpText.find("  -demo_order <now 8 : default 4>: Spatial order\n"), std::string::npos) << helpText;
  EXPECT_NE(helpText.find("  -demo_frequencies <now 2,4 : default 2,4>: Frequencies in Hz\n"), std::string::npos)
      << helpText;
}

}  // namespace
}  // namespace pairinv
