/**
 * Inputs the wasi_nn fuzz target found (npm run fuzz -- wasi_nn), kept as
 * regression tests against the plain build: the host answers with an error
 * number and goes on working.
 */
import { expect, it } from 'vitest';
import { describeWithPytorch, Errno, NnGuest, readModel } from './nn-guest.ts';

describeWithPytorch('fuzz findings', () => {
  // linear.pt with 98 bytes changed by the fuzzer: libtorch asks for a 59 GB
  // buffer while reading it (under ASan an abort; here a std::bad_alloc the
  // backend turns into an error number).
  it('refuses a corrupted model that makes libtorch ask for 59 GB, then loads a good one', async () => {
    const guest = await NnGuest.create();
    expect(guest.load([readModel('fuzz/huge-declared-size.pt')]).err).toBe(Errno.invalidArgument);
    expect(guest.load([readModel('linear.pt')]).err).toBe(Errno.success);
  });
});
