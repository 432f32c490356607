// descent-native: the native command-line engine (placeholder grows into the CLI).
#include <cstdio>
#include <cstring>
#include "core/simd/arch.hpp"
int main(int argc, char** argv) {
  std::printf("descent %s (%s)\n", DESCENT_VERSION, descent::simd::arch_name());
  return 0;
}
