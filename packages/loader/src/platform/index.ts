/** Platform detection: this machine's facts and the release platforms it runs. */
export { detectPlatform, listRunnablePlatforms, readPlatformFacts } from './detect.ts';
export type { LibcFamily, Platform, PlatformFacts } from './detect.ts';
export { describeMachine, explainNoPlatform, listSupportedPlatforms } from './explain.ts';
