/*
 * Waiting on one socket with a bound: every blocking step of a request
 * (connect, handshake, write, read) waits here, so none can outlast its
 * timeout. Time is CLOCK_MONOTONIC milliseconds.
 */
#ifndef HTTPSREQ_SOCKET_WAIT_H
#define HTTPSREQ_SOCKET_WAIT_H

#include <stdint.h>

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
