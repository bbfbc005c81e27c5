/*
 * Feeding the child's stdin and capturing its stdout/stderr until all three
 * pipes are closed and the command has ended, or the deadline passes. The
 * end of the command is seen on the child's exit fd (a pidfd, or the
 * watcher's status pipe) in the same poll(), so no sleeping is involved.
 */
#ifndef PROCESS_IO_H
#define PROCESS_IO_H

#include <wasmedge/plugin_support.h>
#include "process_spawn.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef enum io_outcome {
  IO_FINISHED,  /* all three pipes closed */
  IO_TIMED_OUT, /* deadline reached with a pipe still open */
  IO_FAILED     /* out of memory or poll() failure; errno in *io_error */
} io_outcome;

/* Milliseconds on CLOCK_MONOTONIC (immune to wall-clock changes). */
int64_t process_monotonic_ms(void);

/* What the exchange saw besides its outcome. */
typedef struct io_report {
  bool command_ended; /* the exit fd fired before the deadline */
  bool have_status;   /* watcher mode: `status` is the command's */
  int status;         /* wait status sent by the watcher */
  int error;          /* errno for IO_FAILED */
} io_report;

/* Writes all of `input` to the child's stdin while appending its output to
 * `out` and `err`, each capped at `max_output` bytes (the rest is read and
 * dropped so the child never blocks on a full pipe). Closes each fd as it
 * finishes; on return the caller closes any still open. Never raises
 * SIGPIPE in the host. */
io_outcome process_exchange_io(spawned_child *child, const wpl_buffer *input,
                               wpl_buffer *out, wpl_buffer *err,
                               size_t max_output, int64_t deadline,
                               io_report *report);

#endif /* PROCESS_IO_H */
