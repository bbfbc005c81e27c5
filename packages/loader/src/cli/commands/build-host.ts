/** wasmedge-plugins build-host: build the native plug-in host from the sources in this package. */
import { buildNativeHost } from '../../native-build/build-host.ts';
import { defineCommand, OUTPUT_OPTIONS } from '../options.ts';

export const command = defineCommand({
  summary: 'build the native plug-in host from source, for a platform with no prebuilt (needs cmake and a C++ compiler)',
  args: '',
  maxPositionals: 0,
  options: { ...OUTPUT_OPTIONS },
  examples: ['npx wasmedge-plugins build-host'],
  async run({ values }, out) {
    out.info('building the native plug-in host from source with cmake-js');
    const files = await buildNativeHost({ stdio: values.quiet || values.json ? 'ignore' : 'inherit' });
    out.result({ files }, () => `built ${files.join(', ')}`);
  },
});
