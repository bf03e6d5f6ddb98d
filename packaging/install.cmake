# Install layout: bin/llmhost, lib/llmhost/plugins/*.so, include/llmhost/*, the CMake package
# llmhost-sdk (find_package(llmhost-sdk) → llmhost::sdk and llmhost_add_provider()) and a
# pkg-config files, llmhost-abi.pc (C plugins: headers, hidden visibility, the version script),
# llmhost-sdk.pc (C++ plugins: the same and Boost.JSON) and llmhost-c-helpers.pc (C plugins
# using the optional helpers: llmhost-abi and libllmhost-c-helpers.a with what it links).
include(CMakePackageConfigHelpers)

set(LLMHOST_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/llmhost-sdk)

install(DIRECTORY ${PROJECT_SOURCE_DIR}/sdk/include/llmhost DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# Two export sets, so that a C project finds llmhost::abi without needing Boost.
install(TARGETS llmhost_abi EXPORT llmhost-abi-targets)
install(EXPORT llmhost-abi-targets NAMESPACE llmhost:: DESTINATION ${LLMHOST_CMAKE_INSTALL_DIR})
install(TARGETS llmhost_sdk EXPORT llmhost-sdk-targets)
install(EXPORT llmhost-sdk-targets NAMESPACE llmhost:: DESTINATION ${LLMHOST_CMAKE_INSTALL_DIR})
# The optional C helpers (llmhost::c_helpers, libllmhost-c-helpers.a): a third set, which needs
# no Boost lookup either (it links boost_json by name).
install(TARGETS llmhost_c_helpers EXPORT llmhost-c-helpers-targets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(EXPORT llmhost-c-helpers-targets NAMESPACE llmhost:: DESTINATION ${LLMHOST_CMAKE_INSTALL_DIR})

configure_package_config_file(${PROJECT_SOURCE_DIR}/sdk/cmake/llmhost-sdk-config.cmake.in
  ${PROJECT_BINARY_DIR}/llmhost-sdk-config.cmake
  INSTALL_DESTINATION ${LLMHOST_CMAKE_INSTALL_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/llmhost-sdk-config-version.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/llmhost-sdk-config.cmake
  ${PROJECT_BINARY_DIR}/llmhost-sdk-config-version.cmake
  ${PROJECT_SOURCE_DIR}/sdk/cmake/llmhost-sdk-functions.cmake
  ${PROJECT_SOURCE_DIR}/sdk/cmake/llmhost-plugin.map
  DESTINATION ${LLMHOST_CMAKE_INSTALL_DIR})

configure_file(${PROJECT_SOURCE_DIR}/sdk/cmake/llmhost-abi.pc.in ${PROJECT_BINARY_DIR}/llmhost-abi.pc @ONLY)
configure_file(${PROJECT_SOURCE_DIR}/sdk/cmake/llmhost-sdk.pc.in ${PROJECT_BINARY_DIR}/llmhost-sdk.pc @ONLY)
configure_file(${PROJECT_SOURCE_DIR}/sdk/cmake/llmhost-c-helpers.pc.in ${PROJECT_BINARY_DIR}/llmhost-c-helpers.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/llmhost-abi.pc ${PROJECT_BINARY_DIR}/llmhost-sdk.pc
              ${PROJECT_BINARY_DIR}/llmhost-c-helpers.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
