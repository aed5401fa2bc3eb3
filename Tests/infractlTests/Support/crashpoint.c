// Preloaded into `infractl` by the crash tests (LD_PRELOAD, see CrashPoint.swift): kills the
// process with SIGKILL on entering the N-th file-system call of its write, before the call
// runs. A write's on-disk effects happen only in these calls, so killing before each of them in
// turn reaches every state a crash can leave.
//
// Counting starts at the `mkdir` of the journal folder (nothing on disk has changed before it)
// and follows that thread only, so the numbering is the same in every run.
//
//   INFRACTL_CRASH_AT=N       kill on entering call N (1-based); 0 or unset: only count
//   INFRACTL_CRASH_COUNT=FILE write the number of calls counted to FILE at exit
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

static _Atomic long writer = 0;
static _Atomic long counted = 0;

static long thread_id(void) { return (long)syscall(SYS_gettid); }

// Counts one call, and kills the process when it is the chosen one.
static void step(void) {
    long tid = atomic_load(&writer);
    if (tid == 0 || tid != thread_id()) return;
    long n = atomic_fetch_add(&counted, 1) + 1;
    const char *at = getenv("INFRACTL_CRASH_AT");
    if (at != NULL && atol(at) == n) kill(getpid(), SIGKILL);
}

static void start_if_journal(const char *path) {
    long none = 0;
    if (path != NULL && strstr(path, "/.infractl-journal") != NULL) atomic_compare_exchange_strong(&writer, &none, thread_id());
}

__attribute__((destructor)) static void report(void) {
    const char *file = getenv("INFRACTL_CRASH_COUNT");
    if (file == NULL) return;
    FILE *out = fopen(file, "w");
    if (out == NULL) return;
    fprintf(out, "%ld\n", atomic_load(&counted));
    fclose(out);
}

#define NEXT(name) ((__typeof__(&name))dlsym(RTLD_NEXT, #name))

int mkdir(const char *path, mode_t mode) {
    start_if_journal(path);
    step();
    return NEXT(mkdir)(path, mode);
}

int open(const char *path, int flags, ...) {
    va_list args;
    va_start(args, flags);
    mode_t mode = (flags & (O_CREAT | O_TMPFILE)) ? va_arg(args, mode_t) : 0;
    va_end(args);
    step();
    return NEXT(open)(path, flags, mode);
}

int open64(const char *path, int flags, ...) {
    va_list args;
    va_start(args, flags);
    mode_t mode = (flags & (O_CREAT | O_TMPFILE)) ? va_arg(args, mode_t) : 0;
    va_end(args);
    step();
    return NEXT(open64)(path, flags, mode);
}

int openat(int dir, const char *path, int flags, ...) {
    va_list args;
    va_start(args, flags);
    mode_t mode = (flags & (O_CREAT | O_TMPFILE)) ? va_arg(args, mode_t) : 0;
    va_end(args);
    step();
    return NEXT(openat)(dir, path, flags, mode);
}

ssize_t write(int fd, const void *buffer, size_t count) {
    step();
    return NEXT(write)(fd, buffer, count);
}

int fsync(int fd) {
    step();
    return NEXT(fsync)(fd);
}

int close(int fd) {
    step();
    return NEXT(close)(fd);
}

int rename(const char *from, const char *to) {
    step();
    return NEXT(rename)(from, to);
}

int renameat(int from_dir, const char *from, int to_dir, const char *to) {
    step();
    return NEXT(renameat)(from_dir, from, to_dir, to);
}

int unlink(const char *path) {
    step();
    return NEXT(unlink)(path);
}

int unlinkat(int dir, const char *path, int flags) {
    step();
    return NEXT(unlinkat)(dir, path, flags);
}

int rmdir(const char *path) {
    step();
    return NEXT(rmdir)(path);
}
