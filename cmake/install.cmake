# cmake --install BUILD [--prefix DIR]: what a C++ user builds against (docs/install.md).
#   DIR/bin                    pairinv, pairinv-learn (apps/CMakeLists.txt)
#   DIR/include/pairinv/...    the headers, included as "solvers/acoustic/shot_simulation.hpp"
#   DIR/lib/libpairinv_*.a     the static libraries
#   DIR/lib/cmake/pairinv      find_package(pairinv): pairinv::core, pairinv::core_petsc,
#                              pairinv::meshes, pairinv::solvers, pairinv::inversion,
#                              pairinv::learning (each with its dependencies)
#   DIR/lib/pkgconfig          pairinv.pc (the PETSc side) and pairinv-core.pc (the PETSc-free
#                              core); the learning library needs LibTorch's CMake package, which
#                              has no pkg-config file.
include(CMakePackageConfigHelpers)

set(PAIRINV_HEADER_DIRS core)
if(PAIRINV_WITH_TORCH)
  list(APPEND PAIRINV_HEADER_DIRS learning)
endif()
if(PAIRINV_WITH_PETSC)
  list(APPEND PAIRINV_HEADER_DIRS meshes solvers inversion)
endif()
foreach(dir ${PAIRINV_HEADER_DIRS})
  install(DIRECTORY ${dir} DESTINATION include/pairinv FILES_MATCHING PATTERN "*.hpp")
endforeach()

install(EXPORT pairinvTargets NAMESPACE pairinv:: DESTINATION lib/cmake/pairinv)
configure_package_config_file(cmake/pairinvConfig.cmake.in ${PROJECT_BINARY_DIR}/pairinvConfig.cmake
                              INSTALL_DESTINATION lib/cmake/pairinv)
write_basic_package_version_file(${PROJECT_BINARY_DIR}/pairinvConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/pairinvConfig.cmake ${PROJECT_BINARY_DIR}/pairinvConfigVersion.cmake
        DESTINATION lib/cmake/pairinv)

# pkg-config: the prefix is found from the file's own place, so --prefix at install time works.
# Dependencies with a .pc file go in Requires; segyio and VTK (none on Debian) by library path.
set(PAIRINV_PKGCONFIG_HDF5 "hdf5" CACHE STRING "pkg-config name of the HDF5 that pairinv links")
set(PAIRINV_PC_HEAD "prefix=\${pcfiledir}/../..\nlibdir=\${prefix}/lib\nincludedir=\${prefix}/include/pairinv\n\n")
file(GENERATE OUTPUT ${PROJECT_BINARY_DIR}/pkgconfig/pairinv-core.pc CONTENT
"${PAIRINV_PC_HEAD}Name: pairinv-core
Description: pairinv's PETSc-free core: .npy, HDF5 surveys, SEG-Y, figures, atomic output
Version: ${PROJECT_VERSION}
Requires: cairo libpng ${PAIRINV_PKGCONFIG_HDF5}
Cflags: -I\${includedir} -std=c++17
Libs: -L\${libdir} -lpairinv_core ${SEGYIO_LIBRARY}
")
install(FILES ${PROJECT_BINARY_DIR}/pkgconfig/pairinv-core.pc DESTINATION lib/pkgconfig)
if(PAIRINV_WITH_PETSC)
  file(GENERATE OUTPUT ${PROJECT_BINARY_DIR}/pkgconfig/pairinv.pc CONTENT
"${PAIRINV_PC_HEAD}Name: pairinv
Description: pairinv's PDE solvers (acoustic, EM) with exact adjoints, FWI and its meshes, on PETSc
Version: ${PROJECT_VERSION}
Requires: pairinv-core PETSc ompi-cxx eigen3
Cflags: -I\${includedir} -std=c++17
Libs: -L\${libdir} -lpairinv_inversion -lpairinv_solvers -lpairinv_meshes -lpairinv_core_petsc \
$<TARGET_LINKER_FILE:VTK::IOXML> $<TARGET_LINKER_FILE:VTK::CommonDataModel> $<TARGET_LINKER_FILE:VTK::CommonCore>
")
  install(FILES ${PROJECT_BINARY_DIR}/pkgconfig/pairinv.pc DESTINATION lib/pkgconfig)
endif()
