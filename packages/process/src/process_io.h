/*
 * Feeding the child's stdin and capturing its stdout/stderr until all three
 * pipes are closed or the deadline passes.
 */
#ifndef PROCESS_IO_H
#define PROCESS_IO_H

#include <wasmedge/plugin_support.h>
#include "process_spawn.h"

#include <stdint.h>

typedef enum io_outcome {
  IO_FINISHED,  /* all three pipes closed */
  IO_TIMED_OUT, /* deadline reached with a pipe still open */
  IO_FAILED     /* out of memory or poll() failure; errno in *io_error */
} io_outcome;

/* Milliseconds on CLOCK_MONOTONIC (immune to wall-clock changes). */
int64_t process_monotonic_ms(void);

/* Writes all of `input` to the child's stdin while appending its output to
 * `out` and `err` (each capped at UINT32_MAX bytes). Closes each pipe as it
 * finishes; on return the caller closes any still open. Never raises
 * SIGPIPE in the host. */
io_outcome process_exchange_io(spawned_child *child, const wpl_buffer *input,
                               wpl_buffer *out, wpl_buffer *err,
                               int64_t deadline, int *io_error);

#endif /* PROCESS_IO_H */
