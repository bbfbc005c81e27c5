# The PyTorch backend: TorchScript models through libtorch (C++ API).
# Included by ../../CMakeLists.txt when WASMEDGE_PLUGIN_BACKEND names
# pytorch; adds to WASI_NN_BACKEND_SOURCES and WASI_NN_BACKEND_LIBRARIES.
#
# libtorch is found with find_package(Torch): Debian's libtorch-dev puts
# TorchConfig.cmake in /usr/lib/<multiarch>/cmake/Torch; another libtorch
# (e.g. the pytorch.org zip) is found with -DTorch_DIR=<libtorch>/share/cmake/Torch
# or CMAKE_PREFIX_PATH=<libtorch>.

# Not REQUIRED: CMake's own message would not say what to install.
find_package(Torch QUIET)
if(NOT Torch_FOUND)
  message(FATAL_ERROR
    "The pytorch backend of wasi_nn needs libtorch (C++), and CMake found "
    "no TorchConfig.cmake. On Debian or Ubuntu install it with "
    "`apt-get install libtorch-dev`, or unpack a libtorch from pytorch.org "
    "and pass -DTorch_DIR=<libtorch>/share/cmake/Torch (or set "
    "CMAKE_PREFIX_PATH=<libtorch>).")
endif()

# TorchScript files are zip archives: the core checks them before libtorch
# parses them (src/model_checks.cpp).
set(WASI_NN_CHECK_ZIP_ARCHIVES ON)

list(APPEND WASI_NN_BACKEND_SOURCES
  "${CMAKE_CURRENT_LIST_DIR}/pytorch_backend.cpp"
  "${CMAKE_CURRENT_LIST_DIR}/torch_tensors.cpp")
list(APPEND WASI_NN_BACKEND_LIBRARIES ${TORCH_LIBRARIES})
list(APPEND WASI_NN_BACKEND_INCLUDE_DIRS ${TORCH_INCLUDE_DIRS})
# -D_GLIBCXX_USE_CXX11_ABI=<0|1>: our C++ must use the std::string ABI the
# libtorch build used, or calls that pass strings (torch::jit::load) break.
# The manifest records it as the backend's cxxAbi.
separate_arguments(_torch_flags UNIX_COMMAND "${TORCH_CXX_FLAGS}")
list(APPEND WASI_NN_BACKEND_COMPILE_OPTIONS ${_torch_flags})
