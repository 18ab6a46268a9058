import type { ServerType } from '@hono/node-server';

/** The server could not take its address; the message is one line an operator can act on. */
export class ListenError extends Error {}

/**
 * Resolves once `server` listens. A bind failure is an 'error' event, which without a listener crashes the
 * process with Node's "Unhandled 'error' event" stack; here it becomes a ListenError naming the address, the
 * cause and the variable that changes it.
 */
export function whenListening(server: ServerType, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off('listening', onListening);
      reject(new ListenError(listenErrorMessage(error, host, port)));
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
  });
}

export function listenErrorMessage(error: NodeJS.ErrnoException, host: string, port: number): string {
  const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  switch (error.code) {
    case 'EADDRINUSE':
      return `cannot listen on ${address}: the port is already in use (another Signpost, or another program); set SIGNPOST_PORT to a free port.`;
    case 'EACCES':
      return `cannot listen on ${address}: permission denied (ports below 1024 need privileges); set SIGNPOST_PORT to a port above 1023.`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${address}: ${host} is not an address of this machine; set SIGNPOST_HOST (127.0.0.1 for this machine only, 0.0.0.0 for all interfaces).`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot listen on ${address}: the host name ${host} does not resolve; set SIGNPOST_HOST to an address of this machine.`;
    default:
      return `cannot listen on ${address}: ${error.code ?? 'error'} ${error.message}; check SIGNPOST_HOST and SIGNPOST_PORT.`;
  }
}
