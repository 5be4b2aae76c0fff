// pairinv forward: simulate data for one model, with the physics of -physics
// (apps/physics.hpp): acoustic shot gathers of a velocity model, or frequency-domain EM data of a
// conductivity model.
//
// Sample runs:
//   pairinv forward -output out/forward -acoustic_snapshot_every 50    (built-in layered model)
//   pairinv forward -model model.npy -acoustic_preset openfwi -output DIR  (DIR/data.npy: 5x1000x70)
//   mpiexec -n 2 pairinv forward -acoustic_order 8 -acoustic_free_surface -output out/order8
//   pairinv forward -physics em -output out/em                    (built-in demo model, MT)
//   pairinv forward -physics em -model S.npy -model_dx 100 -em_frequencies 0.1,1,10 -output DIR
//   pairinv forward -physics em -em_source line -em_src_x 500,1500 -em_src_z 0 -output out/csem
//   pairinv forward -physics acoustic3d -output out/forward3d     (built-in 3D layered model with a body)
//   mpiexec -n 2 pairinv forward -physics acoustic3d -model V.npy -model_dy 20 -acoustic3d_order 8 -output DIR
// (tests/apps/test_forward_app.cpp and test_em_forward_app.cpp run these.)
//
// Models: .npy (cells of -model_dz x -model_dx metres), .h5 or .vti (they carry their spacing),
// [nz, nx], row 0 at the top; for -physics acoustic3d [nz, ny, nx] with -model_dy
// (apps/acoustic3d/acoustic3d_physics.hpp: data.npy, gathers.h5, model.vti, figures, snapshots). Acoustic output (apps/acoustic/acoustic_output.hpp): data.npy
// [shots, samples, receivers], gathers.h5, model.vti, model.png, gathers.png and, with
// -acoustic_snapshot_every K, snapshots/ with wavefield.pvd. EM output (apps/em/em_output.hpp):
// data.npy [2, nfreq, nsrc, nrec], em_data.h5, mt.csv (MT), model.vti, fields.vti and plots.
#include <filesystem>

#include "apps/command_record.hpp"
#include "apps/commands.hpp"
#include "apps/physics.hpp"
#include "core/atomic_file.hpp"
#include "core/options.hpp"

namespace fs = std::filesystem;

namespace pairinv::apps {

namespace {

struct ForwardOptions {
  std::unique_ptr<PhysicsApp> physics;
  ModelArgument model;
  fs::path output;
};

ForwardOptions readForwardOptions(MPI_Comm comm) {
  ForwardOptions o;
  OptionsBlock opts(comm, "", "pairinv forward: simulate data for a model");
  o.physics = PhysicsApp::create(opts.choice("-physics", "Physics of the simulation", Physics::Acoustic, kPhysicsNames));
  const PhysicsApp& p = *o.physics;
  o.model = readModelArgument(opts, p, "-model", "Model to simulate");
  o.output = opts.string("-output", "Output directory", p.defaultOutput("forward"));
  return o;
}

}  // namespace

int runForward(const PetscSession& session) {
  // 1. Options and model: everything is read and checked before anything is written.
  ForwardOptions o = readForwardOptions(session.comm());
  PhysicsApp& physics = *o.physics;
  const Model model = o.model.read(session.comm(), physics, session.helpRequested());
  physics.readOptions(session.comm(), gridOf(model), Use::Forward);
  if (session.helpRequested()) return 0;
  rejectUnusedOptions();
  physics.prepare(session.comm(), model);
  physics.check(model);

  // 2. Output folder; 3. simulate, and write data, VTK and figures.
  if (session.rank() == 0) ensureDirectory(o.output);
  physics.forward(session.comm(), model, o.output);
  writeCommandRecord(session.comm(), "forward", o.output, true);
  return 0;
}

}  // namespace pairinv::apps
