# WasmEdgePlugin.cmake: declares a WasmEdge C plug-in target the way the
# runtime needs it.
#
#   wasmedge_add_plugin(<target> SOURCES <file>... [LINK_LIBRARIES <lib>...])
#
# What it guarantees:
#  - a position-independent shared library named exactly
#    ${WASMEDGE_PLUGIN_FILE_NAME} (the release manifest's file name, passed in
#    by the orchestration; there is no default so that nothing repeats it);
#  - hidden visibility by default and a version script that exports only
#    WasmEdge_Plugin_GetDescriptor (static dependencies such as OpenSSL carry
#    assembly symbols that ignore -fvisibility, so the script is what counts);
#  - the WasmEdge_* host API left undefined, for the host to provide;
#  - each symbol of ${WASMEDGE_PLUGIN_KEEP_SYMBOLS} linked in (-Wl,-u): the
#    orchestration names the function that returns a bundled library's
#    version text (OpenSSL_version), so that the text stays in the library,
#    where the release audit reads which version is inside;
#  - the shared helpers (plugin_support.c) compiled in;
#  - WPL_PLUGIN_VERSION_{MAJOR,MINOR,PATCH} from ${WASMEDGE_PLUGIN_VERSION};
#  - an install rule: the library and its license notice at the prefix root,
#    which is the layout of a release tarball.
include_guard(GLOBAL)

set(WASMEDGE_PLUGIN_API_DIR "${CMAKE_CURRENT_LIST_DIR}/.." CACHE INTERNAL "")
set(WASMEDGE_PLUGIN_FILE_NAME "" CACHE STRING
    "File name of the plug-in library, from the release manifest")
set(WASMEDGE_PLUGIN_VERSION "0.0.0" CACHE STRING
    "Plug-in version reported in its descriptor (MAJOR.MINOR.PATCH)")
set(WASMEDGE_PLUGIN_KEEP_SYMBOLS "" CACHE STRING
    "Symbols linked in even if nothing calls them (;-separated list)")
set(WASMEDGE_PLUGIN_LICENSE_FILE "${CMAKE_CURRENT_LIST_DIR}/../../../LICENSE"
    CACHE FILEPATH "License notice shipped next to the library")

function(wasmedge_add_plugin target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "" "SOURCES;LINK_LIBRARIES")
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "wasmedge_add_plugin(${target}): SOURCES is empty")
  endif()
  if(WASMEDGE_PLUGIN_FILE_NAME STREQUAL "")
    message(FATAL_ERROR
      "wasmedge_add_plugin(${target}): WASMEDGE_PLUGIN_FILE_NAME is not set. "
      "Build through the orchestration (npx nx run <package>:build), which "
      "passes the file name from release-manifest.json, or pass "
      "-DWASMEDGE_PLUGIN_FILE_NAME=<libwasmedgePluginX.so> yourself.")
  endif()
  if(NOT WASMEDGE_PLUGIN_VERSION MATCHES "^([0-9]+)\\.([0-9]+)\\.([0-9]+)")
    message(FATAL_ERROR
      "WASMEDGE_PLUGIN_VERSION '${WASMEDGE_PLUGIN_VERSION}' is not MAJOR.MINOR.PATCH")
  endif()

  add_library(${target} SHARED ${ARG_SOURCES}
              "${WASMEDGE_PLUGIN_API_DIR}/src/plugin_support.c")
  target_include_directories(${target} PRIVATE "${WASMEDGE_PLUGIN_API_DIR}/include")
  target_compile_definitions(${target} PRIVATE
    WPL_PLUGIN_VERSION_MAJOR=${CMAKE_MATCH_1}
    WPL_PLUGIN_VERSION_MINOR=${CMAKE_MATCH_2}
    WPL_PLUGIN_VERSION_PATCH=${CMAKE_MATCH_3})
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    SUFFIX ""
    OUTPUT_NAME "${WASMEDGE_PLUGIN_FILE_NAME}"
    POSITION_INDEPENDENT_CODE ON
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON
    C_STANDARD 11
    C_STANDARD_REQUIRED ON)

  set(exports "${CMAKE_CURRENT_BINARY_DIR}/${target}.exports.map")
  file(WRITE "${exports}"
    "{\n  global: WasmEdge_Plugin_GetDescriptor;\n  local: *;\n};\n")
  target_link_options(${target} PRIVATE "-Wl,--version-script=${exports}")
  set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS "${exports}")
  foreach(symbol IN LISTS WASMEDGE_PLUGIN_KEEP_SYMBOLS)
    target_link_options(${target} PRIVATE "-Wl,-u,${symbol}")
  endforeach()
  if(ARG_LINK_LIBRARIES)
    target_link_libraries(${target} PRIVATE ${ARG_LINK_LIBRARIES})
  endif()

  install(TARGETS ${target} LIBRARY DESTINATION .)
  if(EXISTS "${WASMEDGE_PLUGIN_LICENSE_FILE}")
    install(FILES "${WASMEDGE_PLUGIN_LICENSE_FILE}" DESTINATION .)
  endif()
endfunction()
