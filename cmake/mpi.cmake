# Optional MPI build: `mpirun -n K ccsim run|sweep ...` spreads replications over K ranks
# (plan/mpi.hpp). CCSIM_WITH_MPI is ON, OFF or AUTO (the default): AUTO is on whenever an MPI
# is found (Debian: libopenmpi-dev openmpi-bin), decided afresh at each configure, so a build
# directory configured before Open MPI was installed picks it up on the next cmake run.
# Without it plan/mpi.cpp compiles to the single-process path. `ccsim --version` ends in "(MPI)"
# when it is on: that is how tests/plan/test_mpi.cpp knows whether to run.
set(CCSIM_WITH_MPI AUTO CACHE STRING "Build ccsim with MPI: ON, OFF or AUTO (on when MPI is found)")
set_property(CACHE CCSIM_WITH_MPI PROPERTY STRINGS AUTO ON OFF)
set(MPI_CXX_SKIP_MPICXX ON CACHE BOOL "Skip the deprecated MPI C++ bindings")

set(ccsim_mpi OFF)
if(CCSIM_WITH_MPI STREQUAL "AUTO")
  find_package(MPI COMPONENTS CXX QUIET)
  set(ccsim_mpi ${MPI_CXX_FOUND})
elseif(CCSIM_WITH_MPI)
  find_package(MPI COMPONENTS CXX)
  if(NOT MPI_CXX_FOUND)
    message(FATAL_ERROR "CCSIM_WITH_MPI=ON but no MPI found (Debian: apt-get install libopenmpi-dev openmpi-bin)")
  endif()
  set(ccsim_mpi ON)
endif()

if(ccsim_mpi)
  # MPI's include directories come in as SYSTEM, which keeps its headers out of our warnings.
  target_link_libraries(ccsim_plan PRIVATE MPI::MPI_CXX)
  set_source_files_properties(${PROJECT_SOURCE_DIR}/plan/mpi.cpp PROPERTIES COMPILE_DEFINITIONS CCSIM_WITH_MPI)
  message(STATUS "ccsim: MPI on (MPI ${MPI_CXX_VERSION}): mpirun -n K ccsim sweep ...")
else()
  message(STATUS "ccsim: MPI off (CCSIM_WITH_MPI=${CCSIM_WITH_MPI})")
endif()
