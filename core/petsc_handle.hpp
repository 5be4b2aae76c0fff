// Move-only RAII owners for PETSc objects. Create them after PetscInitialize and let them go
// out of scope before PetscFinalize (PetscSession outlives everything in main()).
#pragma once

#include <petscdm.h>
#include <petscksp.h>
#include <petscvec.h>

#include <utility>

namespace pairinv {

template <typename T, PetscErrorCode (*Destroy)(T*)>
class PetscHandle {
 public:
  PetscHandle() = default;
  explicit PetscHandle(T object) : object_(object) {}
  PetscHandle(const PetscHandle&) = delete;
  PetscHandle& operator=(const PetscHandle&) = delete;
  PetscHandle(PetscHandle&& other) noexcept : object_(std::exchange(other.object_, nullptr)) {}
  PetscHandle& operator=(PetscHandle&& other) noexcept {
    if (this != &other) {
      reset();
      object_ = std::exchange(other.object_, nullptr);
    }
    return *this;
  }
  ~PetscHandle() { reset(); }

  T get() const { return object_; }
  operator T() const { return object_; }  // NOLINT: pass straight to PETSc calls
  /// Destroys any held object and returns the slot for a PETSc *Create() call.
  T* out() {
    reset();
    return &object_;
  }
  void reset() noexcept {
    if (object_) Destroy(&object_);  // errors cannot be reported from here; PETSc logs them
    object_ = nullptr;
  }

 private:
  T object_ = nullptr;
};

using DMHandle = PetscHandle<DM, DMDestroy>;
using VecHandle = PetscHandle<Vec, VecDestroy>;
using MatHandle = PetscHandle<Mat, MatDestroy>;
using KSPHandle = PetscHandle<KSP, KSPDestroy>;
using VecScatterHandle = PetscHandle<VecScatter, VecScatterDestroy>;

}  // namespace pairinv
