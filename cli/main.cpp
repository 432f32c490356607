// descent-native: the native engine of the `descent` CLI (bindings/cli.js runs it for
// --engine native). Placeholder commands until the spec lands: version, probe.
#include <cstdio>
#include <cstring>

#include "core/simd/arch.hpp"
#include "core/simd/probe.hpp"

int main(int argc, char** argv) {
  if (argc >= 2 && std::strcmp(argv[1], "probe") == 0) {
    std::printf("%s\n", descent::kernel_probe().hash.c_str());
    return 0;
  }
  std::printf("descent %s (%s)\n", DESCENT_VERSION, descent::simd::arch_name());
  return 0;
}
