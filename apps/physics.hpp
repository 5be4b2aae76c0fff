// One physics behind the commands. `pairinv forward` and `pairinv fwi` have one body each
// (apps/forward_command.cpp, apps/fwi_command.cpp) that reads -physics and then asks a
// PhysicsApp for everything that depends on the PDE:
//
//   models       the quantity and its units, the default cell size, the built-in demo model;
//   options      the solver's and the acquisition's (-acoustic_ / -em_), FWI's (-fwi_) and the
//                physics' starting models (-fwi_initial and its parameters);
//   forward      simulate a model and write the data, VTK and figures;
//   FWI          starting models, observed data from a file or modelled from the truth, and the
//                inversion itself (history, iterates, resume; inversion/acoustic_fwi.hpp,
//                inversion/em_fwi.hpp);
//   surveys      checks for a model family, the data's shapes and attributes in a survey file,
//                one sample's data as stored (apps/survey_setup.hpp, `pairinv survey`);
//   samples      one survey sample as an inverse problem (apps/sample_problem.hpp: the LSI data
//                term, misfit and gradient, FWI of the sample, model error and SSIM's quantity)
//                for `pairinv invert`, `repair` and `evaluate`.
//
// Acoustic: apps/acoustic/ (acoustic_physics.cpp, acoustic_survey.cpp); EM: apps/em/; 3D
// acoustics: apps/acoustic3d/ (forward and FWI of velocity volumes; surveys and learning are
// 2D). A new physics is a new implementation of this interface; no command file changes.
// Models are 2D sections or 3D volumes (Model); a physics takes those of its dimensions().
#pragma once

#include <mpi.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "apps/data_degradation.hpp"
#include "core/survey_file.hpp"
#include "core/options.hpp"
#include "meshes/grid2d.hpp"
#include "meshes/grid3d.hpp"
#include "meshes/model_families.hpp"

namespace pairinv::apps {

class SampleProblem;
struct FwiOptions;

enum class Physics { Acoustic, Em, Acoustic3D };
inline const EnumNames<Physics> kPhysicsNames = {
    {Physics::Acoustic, "acoustic"}, {Physics::Em, "em"}, {Physics::Acoustic3D, "acoustic3d"}};

/// A model of either dimension: a 2D section [nz][nx] or a 3D volume [nz][ny][nx], and its grid.
using Model = std::variant<Field2D, Field3D>;
using ModelGrid = std::variant<Grid2D, Grid3D>;
ModelGrid gridOf(const Model& model);
/// The model as a 2D section / 3D volume; an internal fault if it is the other (a physics only
/// receives models of its own dimensions: ModelArgument reads them so).
const Field2D& plane(const Model& model);
const Field3D& volume(const Model& model);
const Grid2D& planeGrid(const ModelGrid& grid);
const Grid3D& volumeGrid(const ModelGrid& grid);
/// "70 x 70" or "40 x 30 x 50" (nz x [ny x] nx).
std::string shapeText(const Model& model);
/// InputError naming `what` unless every value is positive and finite.
void requireValidModel(const Model& model, const std::string& what);

/// Starting models of FWI (-fwi_initial). Smooth and File exist for every physics; Gradient is
/// acoustic (a 1D velocity gradient), HalfSpace EM (a homogeneous earth under the air).
enum class FwiInitial { Smooth, File, Gradient, HalfSpace };
inline const EnumNames<FwiInitial> kFwiInitialNames = {
    {FwiInitial::Smooth, "smooth"}, {FwiInitial::File, "file"}, {FwiInitial::Gradient, "gradient"},
    {FwiInitial::HalfSpace, "halfspace"}};

/// What a command needs of the physics' options.
enum class Use { Forward, Fwi, Survey };

class PhysicsApp {
 public:
  virtual ~PhysicsApp() = default;
  static std::unique_ptr<PhysicsApp> create(Physics physics);

  virtual Physics physics() const = 0;
  const char* name() const { return nameOf(physics(), kPhysicsNames); }
  /// A command's default output folder: out/COMMAND, with _NAME for physics other than acoustic.
  std::string defaultOutput(const std::string& command) const {
    return "out/" + command + (physics() == Physics::Acoustic ? "" : "_" + std::string(name()));
  }
  /// The physics in reports' titles ("acoustic", "EM").
  virtual std::string label() const = 0;
  /// The model's quantity with its units, for help texts ("velocity in m/s").
  virtual std::string quantity() const = 0;
  /// What the model_error column of reports measures.
  virtual std::string modelErrorDefinition() const = 0;
  /// The same, short, for a figure's axis: "relative model error".
  virtual std::string modelErrorLabel() const = 0;
  /// The cell size (m) of .npy models without -model_dx.
  virtual double defaultCellSize() const = 0;
  /// 2 (sections) or 3 (volumes): the models this physics takes.
  virtual int dimensions() const { return 2; }
  /// The model of the commands when no file is named; InputError if an option for it is bad.
  virtual Model demoModel(MPI_Comm comm) const = 0;

  /// Reads the options of `use` for models on `grid` (listed by -help; nothing is checked against
  /// a model yet).
  virtual void readOptions(MPI_Comm comm, const ModelGrid& grid, Use use) = 0;
  /// After the options: settles what the model decides (EM: receivers at the earth's surface
  /// below any air rows) and checks the settings against it. InputError; nothing written.
  virtual void prepare(MPI_Comm comm, const Model& model) = 0;
  /// Checks another model the solver will run on (a starting model of FWI).
  virtual void check(const Model& model) = 0;

  /// Simulates `model` and writes data, VTK and figures to `output` (rank 0 writes).
  virtual void forward(MPI_Comm comm, const Model& model, const std::filesystem::path& output) = 0;

  /// The -fwi_initial kinds this physics offers; the default is Smooth.
  virtual EnumNames<FwiInitial> fwiStarts() const = 0;
  /// The starting model of `kind` (not File) made from the truth, with the -fwi_ parameters read.
  virtual Model startingModel(FwiInitial kind, const Model& truth) const = 0;
  /// Observed data from a file (their shape checked against the acquisition), or modelled from
  /// the truth (on every rank).
  virtual void readObserved(const std::filesystem::path& file) = 0;
  virtual void modelObserved(MPI_Comm comm, const Model& truth) = 0;
  /// FWI from `initial` into `output` (resumable); `truth` (may be null) gives the model error.
  virtual void fwi(MPI_Comm comm, const Model& initial, const Model* truth, const std::filesystem::path& output) = 0;

  /// The quantity of the models a family must draw for this physics (ModelFamily::quantity).
  virtual std::string familyQuantity() const = 0;
  /// After the options of Use::Survey: checks them for every model `family` can draw and fixes
  /// what all samples share (acoustic: one time step for the family's value range; EM: the
  /// receivers on the earth's surface below the family's air rows), and checks `degradation`
  /// against this physics' data. InputError; nothing written.
  virtual void prepareSurvey(const ModelFamily& family, const FamilyOptions& options, std::uint64_t seed,
                             const DataDegradation& degradation) = 0;
  /// Sets the data's shapes in a survey file and adds their attributes (docs/survey_format.md);
  /// returns the text of the file's layout attribute.
  virtual std::string describeSurveyData(SurveyLayout& layout) const = 0;
  /// ", 5 shots x 1000 time samples x 70 receivers" and the like, for the log.
  virtual std::string surveyDataText() const = 0;
  /// One sample's data as stored (float32), made on the calling rank alone from `model`, then
  /// degraded by the sample's own draw (seed, index).
  virtual std::vector<float> simulateSample(const Field2D& model, const DataDegradation& degradation,
                                            std::uint64_t seed, std::size_t index) const = 0;
  /// The -fwi_ options of FWI of survey samples (the polish, evaluate's FWI rows; the caller sets
  /// the iteration counts) into this physics' part of `options`; acoustic frequency stages
  /// (-fwi_frequencies) only with `stages`.
  virtual void readSampleFwiOptions(MPI_Comm comm, bool stages, FwiOptions& options) const = 0;
  /// Sample `index` of a survey of this physics as an inverse problem. InputError for a survey of
  /// another physics, without data, or an index out of range.
  virtual std::unique_ptr<SampleProblem> readSample(const std::filesystem::path& survey, std::size_t index) const = 0;
};

/// The physics of a survey file's data (its physics attribute); none for a survey of models
/// only. InputError for a missing file or one that is not a pairinv survey.
std::optional<Physics> surveyPhysics(const std::filesystem::path& survey);

/// A model named on the command line (-model, -model_true) with -model_dx / -model_dy /
/// -model_dz, the cell size of .npy files (.h5 and .vti files carry theirs).
struct ModelArgument {
  std::string file;
  double dx = 10.0, dy = 10.0, dz = 10.0;
  /// The model; the physics' demo model when no file is named (or, under -help, a missing one).
  /// InputError for a model of the other dimensions than the physics takes, naming the physics
  /// that would take it.
  Model read(MPI_Comm comm, const PhysicsApp& physics, bool help) const;
  /// Another model file (a starting model) with the same cell sizes and dimensions.
  Model readOther(const PhysicsApp& physics, const std::string& other) const;
};
ModelArgument readModelArgument(OptionsBlock& opts, const PhysicsApp& physics, const char* name,
                                const std::string& help);

}  // namespace pairinv::apps
