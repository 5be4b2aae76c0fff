// pairinv fwi: classical model-space inversion with TAO (L-BFGS), the baseline of latent-space
// inversion, with the physics of -physics (apps/physics.hpp): acoustic full-waveform inversion
// of velocity (frequency stages, -fwi_frequencies), or EM inversion of log-conductivity.
//
// Sample runs:
//   pairinv fwi -model_true T.npy -acoustic_preset openfwi -fwi_iterations 20 -output out/fwi
//   pairinv fwi -output out/fwi_demo -fwi_iterations 5 -fwi_frequencies 4,0 -acoustic_nt 700
//   mpiexec -n 2 pairinv fwi -data obs.npy -model_true T.npy -fwi_initial gradient -output DIR
//   pairinv fwi -physics em -fwi_iterations 10 -output out/fwi_em     (built-in demo model, MT)
//   pairinv fwi -physics em -data DIR/data.npy -model_true S.npy -fwi_initial halfspace -output DIR2
//   pairinv fwi -physics acoustic3d -fwi_frequencies 6,0 -fwi_iterations 8 -output out/fwi3d  (3D demo model)
// (tests/apps/test_fwi_app.cpp and test_em_fwi_app.cpp run these at tiny sizes.)
//
// Observed data: -data FILE.npy as `pairinv forward` writes data.npy with the same options, a
// SEG-Y file (acoustic; geometry in the trace headers, checked against the options), or
// modelled from -model_true. Without either, the physics' built-in demo model is the truth. The
// starting model (-fwi_initial): smooth (the truth smoothed over -fwi_smoothing m), file
// (-fwi_initial_model), or the physics' own (acoustic: gradient; EM: halfspace).
//
// Writes history.csv, iterations/ with models.pvd, model_final.npy/.vti, figures and state/ to the
// output folder as it runs; rerunning the same command continues from the last iterate.
#include <filesystem>

#include "apps/command_record.hpp"
#include "apps/commands.hpp"
#include "apps/physics.hpp"
#include "core/atomic_file.hpp"
#include "core/error.hpp"
#include "meshes/field_view.hpp"
#include "core/log.hpp"
#include "core/options.hpp"
#include "meshes/model_io.hpp"

namespace fs = std::filesystem;

namespace pairinv::apps {

namespace {

struct FwiAppOptions {
  std::unique_ptr<PhysicsApp> physics;
  ModelArgument truth;
  std::string data, initialFile;
  FwiInitial initial = FwiInitial::Smooth;
  fs::path output;
};

FwiAppOptions readFwiAppOptions(MPI_Comm comm) {
  FwiAppOptions o;
  OptionsBlock opts(comm, "", "pairinv fwi: model-space inversion");
  o.physics = PhysicsApp::create(opts.choice("-physics", "Physics of the inversion", Physics::Acoustic, kPhysicsNames));
  const PhysicsApp& p = *o.physics;
  o.truth = readModelArgument(opts, p, "-model_true", "True model: makes the data if -data is not given, and gives "
                              "the model error");
  o.data = opts.string("-data", "Observed data: .npy as pairinv forward writes data.npy with the same options, or "
                       "(acoustic) SEG-Y .sgy/.segy whose geometry matches them (default: modelled from the truth)", "");
  o.output = opts.string("-output", "Output directory", p.defaultOutput("fwi"));
  o.initial = opts.choice("-fwi_initial", "Starting model", FwiInitial::Smooth, p.fwiStarts());
  o.initialFile = opts.string("-fwi_initial_model", "Starting model file (with -fwi_initial file)", "");
  require((o.initial == FwiInitial::File) == !o.initialFile.empty(),
          o.initial == FwiInitial::File ? "-fwi_initial file needs -fwi_initial_model PATH"
                                        : "-fwi_initial_model is only used with -fwi_initial file");
  return o;
}

Model startingModel(const FwiAppOptions& o, const Model& truth) {
  if (o.initial != FwiInitial::File) return o.physics->startingModel(o.initial, truth);
  const Model initial = o.truth.readOther(*o.physics, o.initialFile);
  require(shapeText(initial) == shapeText(truth), "the starting model '", o.initialFile, "' is ", shapeText(initial),
          " but the true model is ", shapeText(truth));
  return initial;
}

}  // namespace

int runFwi(const PetscSession& session) {
  // 1. Options, models and acquisition; everything is checked before anything is written.
  const MPI_Comm comm = session.comm();
  const FwiAppOptions o = readFwiAppOptions(comm);
  PhysicsApp& physics = *o.physics;
  const Model truth = o.truth.read(comm, physics, session.helpRequested());
  physics.readOptions(comm, gridOf(truth), Use::Fwi);
  if (session.helpRequested()) return 0;
  rejectUnusedOptions();
  physics.prepare(comm, truth);

  // 2. The starting model (EM: the solver's mesh is fixed there for the whole inversion).
  const Model initial = startingModel(o, truth);
  requireValidModel(initial, "the starting model");
  physics.check(initial);

  // 3. Observed data: from a file, or modelled from the truth.
  if (!o.data.empty())
    physics.readObserved(o.data);
  else
    physics.modelObserved(comm, truth);
  if (session.rank() == 0) ensureDirectory(o.output);

  // 4. Invert; history, iterates and quick-looks go to the output folder as it runs.
  physics.fwi(comm, initial, &truth, o.output);
  writeCommandRecord(comm, "fwi", o.output, true);
  logInfo(concat("fwi: done; see ", (o.output / "history.csv").string(), " and ", (o.output / "models.pvd").string()));
  return 0;
}

}  // namespace pairinv::apps
