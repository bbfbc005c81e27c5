/**
 * One request from a separate Node process, so that a test can read what
 * the plug-in prints on stderr (the test process's own stderr cannot be
 * captured: the plug-in writes to file descriptor 2 directly).
 *
 * argv[2]: JSON { commandLine, host, port, request } (request as latin1).
 * stdout: JSON { resultCode } (null on success) and { response } (latin1).
 */
import { HostFunctionError } from '@wasmedge-plugins/loader';
import { HttpsreqGuest } from './httpsreq-guest.ts';

const { commandLine, host, port, request } = JSON.parse(process.argv[2]!) as {
  commandLine: string[];
  host: string;
  port: number;
  request: string;
};
const guest = await HttpsreqGuest.create(commandLine);
let resultCode: number | null = null;
let response = '';
try {
  response = guest.request(host, port, Buffer.from(request, 'latin1')).toString('latin1');
} catch (error) {
  if (!(error instanceof HostFunctionError)) throw error;
  resultCode = error.resultCode;
}
process.stdout.write(JSON.stringify({ resultCode, response }));
