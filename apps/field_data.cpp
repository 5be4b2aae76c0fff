#include "apps/field_data.hpp"

#include "apps/acoustic/acoustic_output.hpp"
#include "apps/acoustic/acoustic_physics.hpp"
#include "apps/survey_setup.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/root_errors.hpp"
#include "core/segy_file.hpp"
#include "core/survey_file.hpp"

namespace fs = std::filesystem;

namespace pairinv::apps {

namespace {

/// The survey layout of one field record: the acquisition survey's grid and acquisition, no models.
SurveyLayout fieldLayout(const fs::path& segy, const acoustic::AcousticConfig& config, const Grid2D& grid) {
  SurveyIdentity id;
  id.quantity = "velocity", id.units = "m/s";
  id.family = "field";
  id.familyOptions = concat("field data from the SEG-Y file '", segy.filename().string(), "' (no true models)");
  id.samples = 1;
  id.grid = grid;
  AcousticPhysics physics(config);
  SurveyLayout layout = makeSurveyLayout(id, &physics, DataDegradation());
  layout.hasModels = false;
  for (SurveyAttribute& a : layout.attributes) {
    if (a.name == "degradation") a.value = std::string("unknown (field data)");
    if (a.name == "layout")
      a.value = std::string("data[sample, shot, time, receiver], time j at first_sample_time + j * dt; no models "
                            "(field data)");
  }
  return layout;
}

}  // namespace

void writeFieldSurvey(const fs::path& segy, const fs::path& acquisition, const fs::path& output) {
  // 1. Everything checked before anything is written.
  require(fs::exists(acquisition), "-acquisition: '", acquisition.string(), "' does not exist");
  require(surveyPhysics(acquisition) == Physics::Acoustic, "-acquisition: '", acquisition.string(),
          "' is not an acoustic survey; SEG-Y gathers are seismic data, recorded with an acoustic acquisition");
  Grid2D grid;
  const acoustic::AcousticConfig config = readAcousticSurveyAcquisition(acquisition, grid);
  const acoustic::ShotGathers gathers = readSegyObserved(segy, config, grid);
  const SurveyLayout layout = fieldLayout(segy, config, grid);
  // 2. A fresh file every time: the same SEG-Y gives the same bits.
  if (output.has_parent_path()) ensureDirectory(output.parent_path());
  fs::remove(output);
  fs::remove(partialSurveyPath(output));
  const std::vector<float> data(gathers.data.begin(), gathers.data.end());
  SurveyWriter writer(output, layout);
  writer.writeSample(0, nullptr, data.data());
  writer.finish();
}

FieldSurveyInput::FieldSurveyInput(MPI_Comm comm, const fs::path& input, const fs::path& acquisition,
                                   const fs::path& output)
    : survey_(input), output_(output) {
  if (!isSegyFile(input)) {
    require(acquisition.empty(), "-acquisition applies to SEG-Y -input only (a survey file records its own "
            "acquisition); '", input.string(), "' is not .sgy or .segy");
    return;
  }
  require(!acquisition.empty(), "-input '", input.string(), "' is SEG-Y: name the survey file whose acquisition "
          "recorded it with -acquisition SURVEY.h5 (typically the training survey)");
  int rank = 0;
  MPI_Comm_rank(comm, &rank);
  root_ = rank == 0;
  field_ = true;
  survey_ = output / "observed.h5";
  runOnRoot(comm, [&] {
    madeOutput_ = !fs::exists(output);
    writeFieldSurvey(input, acquisition, survey_);
  });
}

FieldSurveyInput::~FieldSurveyInput() {
  if (!field_ || kept_ || !root_) return;
  std::error_code ec;
  fs::remove(survey_, ec);
  if (madeOutput_ && fs::is_empty(output_, ec)) fs::remove(output_, ec);
}

}  // namespace pairinv::apps
