/**
 * What a release target lets a plug-in need from the system. The library
 * list is the manylinux2014 policy (PEP 599), which manylinux_2_28 keeps;
 * the ceilings come from the target table in packages/common.
 */
export const MANYLINUX_ALLOWED_LIBRARIES = [
  'libgcc_s.so.1',
  'libstdc++.so.6',
  'libm.so.6',
  'libdl.so.2',
  'librt.so.1',
  'libc.so.6',
  'libnsl.so.1',
  'libutil.so.1',
  'libpthread.so.0',
  'libresolv.so.2',
  'libX11.so.6',
  'libXext.so.6',
  'libXrender.so.1',
  'libICE.so.6',
  'libSM.so.6',
  'libGL.so.1',
  'libgobject-2.0.so.0',
  'libgthread-2.0.so.0',
  'libglib-2.0.so.0',
  // The dynamic loaders: a DT_NEEDED on them is harmless.
  'ld-linux-x86-64.so.2',
  'ld-linux-aarch64.so.1',
] as const;

/** The one symbol a plug-in may export. */
export const PLUGIN_EXPORT = 'WasmEdge_Plugin_GetDescriptor';

/** Symbol-version families whose highest need is capped per target. */
export const VERSIONED_FAMILIES = [
  { prefix: 'GLIBC', library: 'glibc', ceiling: 'glibc' },
  { prefix: 'GLIBCXX', library: 'libstdc++', ceiling: 'glibcxx' },
  { prefix: 'CXXABI', library: 'libstdc++', ceiling: 'cxxabi' },
] as const;
