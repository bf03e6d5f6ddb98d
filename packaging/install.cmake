# Install layout: bin/llmhost, lib/llmhost/plugins/*.so, include/llmhost/*, the CMake package
# llmhost-sdk and a pkg-config file.
