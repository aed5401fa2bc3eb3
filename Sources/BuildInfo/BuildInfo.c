#include "BuildInfo.h"

#ifndef INFRACTL_COMMIT
#define INFRACTL_COMMIT ""
#endif

const char *infractl_build_commit(void) { return INFRACTL_COMMIT; }
