/** @wasmedge-plugins/loader: install WasmEdge plug-ins and run them from Node. */
export * from './host/index.ts';
export { LoaderError, HostFunctionError, ERROR_KINDS } from './errors.ts';
export type { ErrorKind } from './errors.ts';
