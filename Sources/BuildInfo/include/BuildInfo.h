#ifndef INFRACTL_BUILD_INFO_H
#define INFRACTL_BUILD_INFO_H

/// The git commit this binary was built from (INFRACTL_COMMIT when Package.swift was read),
/// or an empty string. Only the .c file sees the value, so a new commit recompiles one file.
const char *infractl_build_commit(void);

#endif
