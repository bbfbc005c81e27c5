/**
 * The wasmedge_httpsreq fuzz target's seeds (fuzz/wasmedge_httpsreq/
 * seeds.json), replayed through the libFuzzer driver and the asan build:
 * inside the target's network namespace the TLS peer (tls_peer.c) answers,
 * so the seeds reach the handshake, the response reading and its limits.
 * Only in the sanitized suite (test-asan): the driver opens the asan build.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { replayFuzzSeeds, testVariant, type SeedReplay } from '@wasmedge-plugins/test-support';

const SEND = 'wasmedge_httpsreq_send_data(0, 9, 443, 64, 55)';
const received = (length: number) => [`${SEND} -> 0`, `wasmedge_httpsreq_get_rcv_len() -> ${length}`, 'wasmedge_httpsreq_get_rcv(1024) -> 0'];
const failed = (code: number) => [`${SEND} -> trap ${code}`, 'wasmedge_httpsreq_get_rcv_len() -> 0', 'wasmedge_httpsreq_get_rcv(1024) -> 0'];

describe.skipIf(testVariant() !== 'asan')('the fuzz target reaches its TLS peer', () => {
  let replays: Record<string, SeedReplay>;
  beforeAll(async () => {
    replays = await replayFuzzSeeds('wasmedge_httpsreq');
  });

  /** The calls of a seed's first run, after checking the run found nothing. */
  function calls(seed: string): string[] {
    const replay = replays[seed];
    expect(replay, `seed ${seed}`).toBeDefined();
    expect(replay!.status, replay!.output).toBe(0);
    return replay!.trace.filter((line) => !line.startsWith('peer script'));
  }

  it('runs every seed without a finding', () => {
    for (const [seed, replay] of Object.entries(replays)) expect(replay.status, `${seed}:\n${replay.output}`).toBe(0);
  });

  // Lengths are those of the scripts' response bytes, control bytes left out.
  it.each([
    ['peer-response', 69], // status line, two headers, "hello"
    ['peer-chunked', 73], // three chunks in records of their own, a pause between
    ['peer-bad-status', 34], // an 11-digit status, a NUL and a 0x04 escaped in a header
    ['peer-truncated', 47], // closed without close_notify: not an error, the bytes so far count
    ['peer-key-update', 40], // a TLS 1.3 key update in the middle of the response
    ['peer-tls12', 40], // the peer capped at TLS 1.2
  ])('%s: the plug-in receives the %i bytes the peer sent', (seed, length) => {
    expect(calls(seed).slice(0, 3)).toEqual(received(length));
  });

  it('peer-ipv6: the peer answers on [::1] too', () => {
    expect(calls('peer-ipv6').slice(0, 3)).toEqual([
      'wasmedge_httpsreq_send_data(0, 5, 443, 64, 55) -> 0',
      'wasmedge_httpsreq_get_rcv_len() -> 27',
      'wasmedge_httpsreq_get_rcv(1024) -> 0',
    ]);
  });

  // The finding of a long run, in the peer rather than the plug-in: after the client refused the
  // certificate, the script's read made the peer start a second TLS object and leak the first.
  it('peer-certificate-refused: "127.1" reaches 127.0.0.1 but is no name the certificate carries: certificate-rejected, and nothing leaks', () => {
    expect(calls('peer-certificate-refused').slice(0, 3)).toEqual([
      'wasmedge_httpsreq_send_data(0, 5, 443, 64, 50) -> trap 7',
      'wasmedge_httpsreq_get_rcv_len() -> 0',
      'wasmedge_httpsreq_get_rcv(1024) -> 0',
    ]);
  });

  it('peer-redirect: a second request, to 127.0.0.1, gets the second script', () => {
    expect(calls('peer-redirect').slice(0, 6)).toEqual([...received(91), ...received(40)]);
  });

  it.each([
    ['peer-huge-content-length', 11, '64 KiB of body and more: response-too-large'],
    ['peer-reset', 9, 'a TCP reset mid-response: read-failed'],
    ['peer-stall', 10, 'the peer silent for 125 ms mid-response: read-timeout'],
    ['peer-plaintext-server', 6, 'plain HTTP where the ServerHello belongs: tls-handshake-failed'],
    ['peer-silent-close', 6, 'closed before the handshake: tls-handshake-failed'],
  ])('%s traps with code %i (%s)', (seed, code) => {
    expect(calls(seed).slice(0, 3)).toEqual(failed(code));
  });
});
