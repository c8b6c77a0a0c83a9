# Locates Eigen 3.4 without vendoring it.
#
# Order: an Eigen3 CMake package already visible to CMake (a system Eigen such
# as Debian's libeigen3-dev, or one named in CMAKE_PREFIX_PATH), after adding
# the `cmeel.prefix` folder of the `cmeel-eigen` PyPI package, which CMake does
# not search by itself. scikit-build-core installs cmeel-eigen into the
# isolated build environment, which is on the build Python's sys.path (not
# necessarily its own site-packages), so every sys.path entry is searched.

if(NOT Eigen3_FOUND)
  find_package(Python COMPONENTS Interpreter QUIET)
  if(Python_EXECUTABLE)
    execute_process(
      COMMAND "${Python_EXECUTABLE}" -c
              "import os, sys; print(next((os.path.join(p, 'cmeel.prefix') for p in sys.path if os.path.isdir(os.path.join(p, 'cmeel.prefix'))), ''))"
      OUTPUT_VARIABLE _pydeep_cmeel_prefix
      OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(_pydeep_cmeel_prefix)
      list(APPEND CMAKE_PREFIX_PATH "${_pydeep_cmeel_prefix}")
    endif()
  endif()
  find_package(Eigen3 3.4 NO_MODULE)
endif()

if(NOT Eigen3_FOUND)
  message(FATAL_ERROR
    "pydeep needs Eigen 3.4. Install it with `pip install cmeel-eigen` (it is a "
    "build requirement of `pip install .`) or your system package "
    "(e.g. `apt install libeigen3-dev`), or point CMAKE_PREFIX_PATH at it.")
endif()
message(STATUS "pydeep: Eigen ${Eigen3_VERSION} from ${Eigen3_DIR}")
