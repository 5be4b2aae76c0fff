// pairinv survey: make N (model, data) pairs from a model family and write one HDF5 file.
//
// Sample runs:
//   pairinv survey -survey_family flatvel -survey_samples 100 -output flatvel.h5
//   pairinv survey -survey_family curvefault-b -survey_samples 500 -acoustic_preset openfwi -output cf.h5
//   mpiexec -n 2 pairinv survey -survey_family flatfault -survey_samples 1000 -acoustic_record_every 4
//       -survey_noise_snr 20 -survey_png 16 -survey_vtk 0,1 -survey_segy 0 -output out/flatfault.h5
//   pairinv survey -survey_family em-blocks -survey_physics none -survey_samples 1000 -output em.h5
//   pairinv survey -survey_family em-blocks -survey_physics em -survey_samples 1000 -em_frequencies 0.1,1,10
//       -output em_mt.h5        (MT impedances at the earth's surface, below the family's air rows)
// (tests/apps/test_survey_app.cpp and test_em_survey_app.cpp run these at tiny sizes.) The file
// layout, the attributes and the family parameters (-family_*) are in core/survey_file.hpp and
// docs/survey_format.md.
//
// Sample i depends only on (family, options, seed, i): every rank simulates whole samples on
// its own (PETSC_COMM_SELF), rank 0 collects each batch in index order and writes it. An
// interrupted run (kill -9 included) continues when the same command is run again, and the
// finished file equals that of an uninterrupted run bit for bit.
#include <chrono>
#include <climits>
#include <filesystem>
#include <limits>
#include <memory>

#include "apps/command_record.hpp"
#include "apps/commands.hpp"
#include "apps/family_options.hpp"
#include "core/survey_file.hpp"
#include "apps/survey_quicklook.hpp"
#include "apps/survey_setup.hpp"
#include "core/root_errors.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "core/log.hpp"
#include "core/options.hpp"
#include "core/progress.hpp"

namespace fs = std::filesystem;

namespace pairinv::apps {

namespace {

struct SurveyOptions {
  std::string family;
  std::size_t samples = 0;
  std::uint64_t seed = 0;
  std::optional<Physics> physics;  // none: models only
  DataDegradation degradation;
  bool degraded = false;  // any of the -survey_ degradation options given
  int batch = 1;
  int png = 0;
  std::vector<std::size_t> vtk, segy;
  fs::path output;
};

SurveyOptions readSurveyOptions(MPI_Comm comm) {
  SurveyOptions o;
  {
    OptionsBlock opts(comm, "", "pairinv survey: make a training set of (model, data) pairs");
    o.output = opts.string("-output", "Survey file (HDF5); the work file -output.partial is continued when the "
                           "same command runs again", "out/survey.h5");
  }
  OptionsBlock opts(comm, "survey_", "Survey generation");
  std::string names;
  for (const std::string& n : modelFamilyNames()) names += (names.empty() ? "" : ", ") + n;
  o.family = opts.string("-family", concat("Model family: ", names, " (flatvel etc. mean the -a variants); "
                                           "its parameters are -family_*").c_str(), "flatvel-a");
  o.samples = std::size_t(opts.integer("-samples", "Number of samples (required)", 0, 0));
  o.seed = std::uint64_t(opts.integer("-seed", "Seed: sample i depends only on (family, options, seed, i)", 0, 0));
  std::vector<std::string> physics;
  for (const auto& entry : kPhysicsNames) physics.push_back(entry.second);
  physics.push_back("none");
  const std::string name = opts.choice("-physics", "Physics of the data: acoustic (velocity families), em "
                                       "(conductivity families; options -em_*) or none (models only)", "acoustic",
                                       physics);
  if (name != "none") o.physics = valueOf(name, kPhysicsNames, "-survey_physics");
  DataDegradation& d = o.degradation;
  d.snrDb = opts.real("-noise_snr", "Add Gaussian noise at this signal-to-noise ratio in dB (mean signal power over "
                      "noise power; not given: noise-free)", 0.0);
  o.degraded = opts.lastWasSet();
  if (!o.degraded) d.snrDb = std::numeric_limits<double>::infinity();
  const auto band = opts.realList("-noise_band", "FMIN,FMAX: band-pass the noise to these frequencies in Hz "
                                  "(acoustic; not given: white noise)", {}, 2);
  require(band.empty() || band.size() == 2, "-survey_noise_band takes two values, FMIN,FMAX in Hz");
  if (band.size() == 2) d.band = {band[0], band[1]};
  o.degraded = o.degraded || opts.lastWasSet();
  d.deadTraceFraction = opts.real("-dead_traces", "Fraction of the receivers of every shot whose traces are zeroed "
                                  "(acoustic; drawn per sample)", 0.0);
  o.degraded = o.degraded || opts.lastWasSet();
  d.deadShots = int(opts.integer("-dead_shots", "Whole shots zeroed per sample (acoustic; drawn per sample)", 0, 0,
                                 100000));
  o.degraded = o.degraded || opts.lastWasSet();
  d.relativeNoise = opts.real("-noise_relative", "EM: Gaussian noise on Re and Im of every datum with a standard "
                              "deviation of this fraction of |d| (0.05: 5% noise)", 0.0);
  o.degraded = o.degraded || opts.lastWasSet();
  d.staticShift = opts.real("-static_shift", "EM (TM data): rms in decades of a galvanic shift of the TM apparent "
                            "resistivity, drawn per site and sample (phases unchanged)", 0.0);
  o.degraded = o.degraded || opts.lastWasSet();
  const auto missing = opts.realList("-missing_band", "FMIN,FMAX: EM frequencies in this band (Hz) are not measured; "
                                     "their data are interpolated in log frequency from the measured ones", {}, 2);
  require(missing.empty() || missing.size() == 2, "-survey_missing_band takes two values, FMIN,FMAX in Hz");
  if (missing.size() == 2) d.missingBand = {missing[0], missing[1]};
  o.degraded = o.degraded || opts.lastWasSet();
  o.batch = int(opts.integer("-batch", "Samples per rank between writes to the file", 1, 1, 100000));
  o.png = int(opts.integer("-png", "Write PNG contact sheets of the first K models and gathers (0: none)", 0, 0,
                           10000));
  for (PetscInt i : opts.intList("-vtk", "Write VTK (.vti) files of these samples' models", {}))
    o.vtk.push_back(std::size_t(i));
  for (PetscInt i : opts.intList("-segy", "Write SEG-Y files of these samples' gathers (acoustic)", {}))
    o.segy.push_back(std::size_t(i));
  return o;
}


/// Makes the samples `pending` in batches of `batch` per rank: sample pending[start + j] of a batch is
/// made by rank j % ranks, the batch is gathered on rank 0 and written there in index order.
/// Returns the seconds taken.
double makeAndWriteSamples(MPI_Comm comm, const SurveySetup& setup, const SurveyLayout& layout,
                           const std::vector<std::size_t>& pending, int batch, SurveyWriter* writer) {
  int rank = 0, ranks = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &ranks);
  const std::size_t R = std::size_t(ranks), floatsPerSample = layout.modelSize() + layout.dataSize();
  ProgressLine progress("survey", pending.size(), "samples", rank == 0);
  const auto started = std::chrono::steady_clock::now();
  std::vector<float> mine, all;
  std::vector<int> counts(R), offsets(R);
  for (std::size_t start = 0; start < pending.size(); start += R * std::size_t(batch)) {
    const std::size_t n = std::min(R * std::size_t(batch), pending.size() - start);
    mine.clear();
    for (std::size_t j = std::size_t(rank); j < n; j += R) {
      const SurveySample sample = makeSurveySample(setup, pending[start + j]);
      mine.insert(mine.end(), sample.model.begin(), sample.model.end());
      mine.insert(mine.end(), sample.data.begin(), sample.data.end());
    }
    for (std::size_t r = 0, offset = 0; r < R; ++r) {
      const std::size_t made = n > r ? (n - r + R - 1) / R : 0;  // j < n with j % R == r
      counts[r] = int(made * floatsPerSample);
      offsets[r] = int(offset);
      offset += made * floatsPerSample;
    }
    if (rank == 0) all.resize(std::size_t(offsets.back()) + std::size_t(counts.back()));
    MPI_Gatherv(mine.data(), int(mine.size()), MPI_FLOAT, all.data(), counts.data(), offsets.data(), MPI_FLOAT, 0,
                comm);
    if (rank != 0) continue;
    for (std::size_t j = 0; j < n; ++j) {
      const float* sample = all.data() + std::size_t(offsets[j % R]) + (j / R) * floatsPerSample;
      writer->writeSample(pending[start + j], sample, sample + layout.modelSize());
    }
    progress.update(start + n);
  }
  progress.finish();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
}

/// The setup the options describe (family, its options, physics and its options). Under -help
/// an unknown family must not stop the listing.
SurveySetup readSurveySetup(MPI_Comm comm, const SurveyOptions& options, bool help) {
  const ModelFamily* family = nullptr;
  try {
    family = &findModelFamily(options.family);
  } catch (const InputError&) {
    if (!help) throw;
    family = &findModelFamily("flatvel-a");
  }
  SurveySetup setup;
  if (options.physics) setup.physics = PhysicsApp::create(*options.physics);
  setup.family = family;
  setup.familyOptions = readFamilyOptions(comm, *family);
  setup.seed = options.seed;
  setup.samples = options.samples;
  setup.degradation = options.degradation;
  if (!help) validateFamilyOptions(*family, setup.familyOptions);
  if (setup.physics) setup.physics->readOptions(comm, familyGrid(setup.familyOptions), Use::Survey);
  return setup;
}

/// The output: finished already, to be continued, or new (rank 0 looks, all ranks learn).
struct SurveyOutput {
  SurveyState state = SurveyState::Missing;
  std::unique_ptr<SurveyWriter> writer;  // rank 0, unless complete
  std::vector<std::size_t> pending;      // the samples still to make
};

SurveyOutput openSurveyOutput(MPI_Comm comm, const fs::path& output, const SurveyLayout& layout,
                              std::size_t samples) {
  SurveyOutput o;
  std::vector<std::uint8_t> done;  // sized only once the disk space is known to suffice
  runOnRoot(comm, [&] {
    if (output.has_parent_path()) ensureDirectory(output.parent_path());
    o.state = inspectSurveyOutput(output, layout);
    if (o.state == SurveyState::Complete) return;
    if (o.state == SurveyState::Missing) requireDiskSpace(output, layout, samples);
    o.writer = std::make_unique<SurveyWriter>(output, layout);
    if (o.state == SurveyState::Partial) requireDiskSpace(output, layout, samples - o.writer->completedCount());
    done = o.writer->completed();
  });
  MPI_Bcast(&o.state, sizeof o.state, MPI_BYTE, 0, comm);
  if (o.state != SurveyState::Complete) {
    done.resize(samples, 0);
    MPI_Bcast(done.data(), int(done.size()), MPI_BYTE, 0, comm);
    for (std::size_t i = 0; i < samples; ++i)
      if (!done[i]) o.pending.push_back(i);
  }
  return o;
}

}  // namespace

int runSurvey(const PetscSession& session) {
  const MPI_Comm comm = session.comm();
  const bool root = session.rank() == 0;
  const int ranks = session.size();

  // 1. Options.
  const SurveyOptions options = readSurveyOptions(comm);
  SurveySetup setup = readSurveySetup(comm, options, session.helpRequested());
  if (session.helpRequested()) return 0;
  rejectUnusedOptions();

  // 2. Everything checked before anything is written.
  require(setup.physics || !options.degraded,
          "-survey_noise_snr applies to data, as do -survey_noise_band, -survey_dead_traces and -survey_dead_shots; "
          "-survey_physics none makes models only");
  validateSurveySetup(setup);  // the physics' checks for the family (the acoustic time step is set there)
  for (const auto& [name, list] : {std::pair{"-survey_vtk", &options.vtk}, {"-survey_segy", &options.segy}})
    for (std::size_t i : *list)
      require(i < setup.samples, name, ": sample ", i, " does not exist (the survey has ", setup.samples,
              " samples, 0 to ", setup.samples - 1, ")");
  require(options.segy.empty() || (setup.physics && setup.physics->physics() == Physics::Acoustic),
          "-survey_segy writes seismic gathers: it needs -survey_physics acoustic");
  const SurveyLayout layout = surveyLayout(setup);
  const std::size_t floatsPerSample = layout.modelSize() + layout.dataSize();
  require(floatsPerSample * std::size_t(options.batch) * std::size_t(ranks) < std::size_t(INT_MAX), "-survey_batch ",
          options.batch, " is too large for samples of ", floatsPerSample, " values on ", ranks, " ranks");

  // 3. The output: finished already, to be continued, or new.
  SurveyOutput out = openSurveyOutput(comm, options.output, layout, setup.samples);
  const std::vector<std::size_t>& pending = out.pending;
  const SurveyState state = out.state;
  const std::size_t before = setup.samples - pending.size();

  if (state == SurveyState::Complete) {
    logInfo(concat("survey: '", options.output.string(), "' is already complete (", setup.samples,
                   " samples); nothing to simulate"));
  } else {
    logInfo(concat("survey: ", setup.family->name, ", ", pending.size(), " of ", setup.samples, " samples to make",
                   before ? concat(" (", before, " done before)") : std::string(), ", ", layout.nz, " x ",
                   layout.nx, " grid", setup.physics ? setup.physics->surveyDataText() : ", models only",
                   ", ", ranks, " rank(s) -> ", options.output.string()));

    // 4. The samples, in batches; rank 0 writes each batch in index order.
    const double seconds = makeAndWriteSamples(comm, setup, layout, pending, options.batch, out.writer.get());

    // 5. All samples are in: the work file becomes the survey file.
    if (root) out.writer->finish();
    logInfo(concat("survey: made ", pending.size(), " samples in ", formatDuration(seconds), " (",
                   seconds > 0 ? double(pending.size()) / seconds : 0.0, " samples/s on ", ranks, " rank(s)); wrote ",
                   options.output.string()));
  }

  // 6. Quick-looks of the finished file.
  if (root) {
    for (const fs::path& file : writeSurveyContactSheets(options.output, options.png))
      logInfo(concat("survey: wrote ", file.string()));
    const auto vtk = writeSurveyVtk(options.output, options.vtk);
    if (!vtk.empty()) logInfo(concat("survey: wrote ", vtk.size(), " VTK file(s) in ", vtk.front().parent_path().string()));
    const auto segy = writeSurveySegy(options.output, options.segy);
    if (!segy.empty())
      logInfo(concat("survey: wrote ", segy.size(), " SEG-Y file(s) in ", segy.front().parent_path().string()));
  }
  writeCommandRecord(session.comm(), "survey", options.output, false);
  return 0;
}

}  // namespace pairinv::apps
