/* fuzz_yamlread.c - libFuzzer target: bytes as a YAML file, loaded with
 * the parser reading the checked text in place and through libyaml's
 * reader; any difference in the tree or the diagnostics is a failure. */
#include <stdint.h>
#include <stdlib.h>

#include "../unit/yamlsame.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char why[512];
    if (!yamlsame((const char *)data, size, why, sizeof why)) {
        fprintf(stderr, "yamlread: %s\n", why);
        abort();
    }
    return 0;
}
