# _llmhost_plugin_target(<target> <PUBLIC|PRIVATE> <libs>...): what every target holding plugin
# code gets. A C project gets the C ABI alone; C++ gets the wrapper and its helpers too; the
# code is compiled with hidden visibility, so only the entry point can be exported.
function(_llmhost_plugin_target target scope)
  if(TARGET llmhost::sdk)
    target_link_libraries(${target} ${scope} llmhost::sdk ${ARGN})
  else()
    target_link_libraries(${target} ${scope} llmhost::abi ${ARGN})
  endif()
  set_target_properties(${target} PROPERTIES
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
endfunction()

# llmhost_add_provider_code(<target> SOURCES <files>... [LIBRARIES <libs>...])
#
# A plugin's code as an OBJECT library, compiled once with the flags a plugin module needs
# (position-independent, hidden visibility), for the module and the plugin's own tests to share:
# pass <target> in the module's LIBRARIES and link the tests with it.
function(llmhost_add_provider_code target)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "llmhost_add_provider_code(${target}): SOURCES is required")
  endif()
  add_library(${target} OBJECT ${ARG_SOURCES})
  _llmhost_plugin_target(${target} PUBLIC ${ARG_LIBRARIES})
  target_include_directories(${target} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
  set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()

# llmhost_add_provider(<name> SOURCES <files>... [LIBRARIES <libs>...] [OUTPUT_DIRECTORY <dir>]
#                      [INSTALL_DESTINATION <dir>] [NO_INSTALL])
#
# Builds a provider plugin as a MODULE library named llmhost-<name>.so with the flags every
# plugin needs: hidden visibility, a version script that exports only the entry point, and
# the SDK headers. Used in-tree and by third parties through find_package(llmhost-sdk).
set(_LLMHOST_SDK_CMAKE_DIR "${CMAKE_CURRENT_LIST_DIR}")

function(llmhost_add_provider name)
  cmake_parse_arguments(ARG "NO_INSTALL" "OUTPUT_DIRECTORY;INSTALL_DESTINATION" "SOURCES;LIBRARIES" ${ARGN})
  if(NOT ARG_SOURCES)
    message(FATAL_ERROR "llmhost_add_provider(${name}): SOURCES is required")
  endif()
  add_library(${name} MODULE ${ARG_SOURCES})
  _llmhost_plugin_target(${name} PRIVATE ${ARG_LIBRARIES})
  set_target_properties(${name} PROPERTIES PREFIX "" OUTPUT_NAME "llmhost-${name}")
  target_link_options(${name} PRIVATE
    "-Wl,--version-script=${_LLMHOST_SDK_CMAKE_DIR}/llmhost-plugin.map"
    "-Wl,--exclude-libs,ALL")
  if(ARG_OUTPUT_DIRECTORY)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${ARG_OUTPUT_DIRECTORY}")
  elseif(DEFINED LLMHOST_PLUGIN_OUTPUT_DIR)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY "${LLMHOST_PLUGIN_OUTPUT_DIR}")
  endif()
  if(NOT ARG_NO_INSTALL)
    if(NOT ARG_INSTALL_DESTINATION)
      # Always lib/ (not the multiarch libdir): the host looks in ../lib/llmhost/plugins.
      set(ARG_INSTALL_DESTINATION "lib/llmhost/plugins")
    endif()
    install(TARGETS ${name} LIBRARY DESTINATION "${ARG_INSTALL_DESTINATION}")
  endif()
endfunction()
