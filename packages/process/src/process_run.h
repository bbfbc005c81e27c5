/*
 * wasmedge_process_run: checks the inputs and the allow list, runs the
 * program, captures its output and exit code, then clears the inputs.
 */
#ifndef PROCESS_RUN_H
#define PROCESS_RUN_H

#include "process_state.h"

#include <stdint.h>

/* Runs what `state` describes; returns (and stores) the exit code. The
 * caller holds state->lock. */
int32_t process_run(process_state *state);

#endif /* PROCESS_RUN_H */
