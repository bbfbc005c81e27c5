/*
 * Waiting on one socket with a bound: every blocking step of a request
 * (connect, handshake, write, read) waits here, so none can outlast its
 * timeout. Time is CLOCK_MONOTONIC milliseconds.
 *
 * Two bounds apply to every wait: the step's own (connect timeout for
 * connect and handshake, read timeout for each wait for data) and the
 * deadline of the whole request. A wait_bound is the earlier of the two,
 * with what to report when it is reached.
 */
#ifndef HTTPSREQ_SOCKET_WAIT_H
#define HTTPSREQ_SOCKET_WAIT_H

#include "httpsreq_errors.h"

#include <stdint.h>

typedef struct wait_bound {
  uint64_t deadline_ms;
  httpsreq_error code; /* CONNECT_TIMEOUT, READ_TIMEOUT or REQUEST_TIMEOUT */
  uint32_t timeout_ms; /* the option's value, for the message */
} wait_bound;

/* A bound `timeout_ms` from now that fails with `code`. */
wait_bound wait_bound_from_now(uint32_t timeout_ms, httpsreq_error code);

/* The one of `step` and `request` that expires first (the request on a tie,
 * so the whole-request limit is the one named). */
wait_bound wait_bound_earlier(wait_bound step, wait_bound request);

/* Fills `failure` for a bound that was reached while doing `activity`
 * ("connecting to localhost:443", "receiving the response", ...) and
 * returns its code. */
httpsreq_error wait_bound_fail(const wait_bound *bound, const char *activity,
                               httpsreq_failure *failure);

typedef enum socket_wait_status {
  SOCKET_READY,   /* an event, a hang-up or an error is pending */
  SOCKET_TIMEOUT, /* nothing happened before the time ran out */
  SOCKET_FAILED   /* poll itself failed; errno says why */
} socket_wait_status;

uint64_t monotonic_now_ms(void);

/* Waits until `fd` reports one of `events` (POLLIN/POLLOUT) or the clock
 * reaches `deadline_ms`. Interrupted waits resume with the time left. */
socket_wait_status wait_for_socket(int fd, short events, uint64_t deadline_ms);

#endif /* HTTPSREQ_SOCKET_WAIT_H */
