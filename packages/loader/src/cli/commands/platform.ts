/** wasmedge-plugins platform: this machine and the release platforms it runs. */
import { detectPlatform } from '../../platform/index.ts';
import { defineCommand, OUTPUT_OPTIONS } from '../options.ts';

export const command = defineCommand({
  summary: 'show this machine and the release platforms it runs',
  args: '',
  maxPositionals: 0,
  options: { ...OUTPUT_OPTIONS },
  examples: ['wasmedge-plugins platform', 'wasmedge-plugins platform --json'],
  async run(_input, out) {
    const platform = detectPlatform();
    out.result(platform, () =>
      [
        `os:        ${platform.os} (${platform.distro.prettyName ?? `${platform.distro.id} ${platform.distro.versionId}`})`,
        `arch:      ${platform.arch}`,
        `libc:      ${platform.libc.family} ${platform.libc.version ?? ''}`.trimEnd(),
        `platforms: ${platform.platforms.join(', ') || 'none'}`,
      ].join('\n'),
    );
  },
});
