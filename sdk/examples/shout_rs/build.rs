// Links the plugin with a version script that exports its entry point and nothing else, as
// every llmhost plugin must (`llmhost plugins check` warns about any other exported symbol).
// The SDK installs the same script (lib/cmake/llmhost-sdk/llmhost-plugin.map, or
// `pkg-config --variable=versionscript llmhost-abi`); it is written here so that the example
// builds without the SDK installed.
use std::env;
use std::fs;
use std::path::PathBuf;

fn main() {
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let map = out.join("llmhost-plugin.map");
    fs::write(&map, "{\n  global: llmh_plugin_v1;\n  local: *;\n};\n").expect("cannot write the version script");
    println!("cargo:rustc-cdylib-link-arg=-Wl,--version-script={}", map.display());
    println!("cargo:rerun-if-changed=build.rs");
}
