/**
 * CometBFT's ABCI socket server. CometBFT opens four connections (consensus, mempool, query,
 * snapshot) and sends length-prefixed requests on each, pipelined; answers go back on the same
 * connection in request order. Each request is handed to the application, which runs all of
 * them one at a time.
 *
 * Listens on a unix socket (`unix:///path/app.sock`) or on loopback TCP
 * (`tcp://127.0.0.1:PORT`) only — the ABCI connection is unauthenticated and must never be
 * reachable from another machine.
 */
import { createServer, type Server, type Socket } from 'node:net';
import { existsSync, rmSync } from 'node:fs';
import { InvalidRequestError, isWesError } from '../../../pkg/errors.js';
import type { AbciCodec } from './abci-codec.js';
import type { AbciRequest, AbciResponse } from './abci-messages.js';
import { encodeFrame, FrameReader } from './varint-framing.js';

export type AbciListenAddress = { readonly kind: 'unix'; readonly path: string } | { readonly kind: 'tcp'; readonly host: '127.0.0.1'; readonly port: number };

export function parseAbciAddress(text: string): AbciListenAddress {
  if (text.startsWith('unix://')) {
    const path = text.slice('unix://'.length);
    if (!path.startsWith('/')) throw new InvalidRequestError('BAD_ABCI_ADDRESS', `--abci ${text}: a unix socket needs an absolute path (unix:///…)`);
    return { kind: 'unix', path };
  }
  const m = /^tcp:\/\/127\.0\.0\.1:([0-9]{1,5})$/.exec(text);
  if (m && Number(m[1]) > 0 && Number(m[1]) < 65536) return { kind: 'tcp', host: '127.0.0.1', port: Number(m[1]) };
  throw new InvalidRequestError('BAD_ABCI_ADDRESS', `--abci ${text}: use unix:///path/app.sock or tcp://127.0.0.1:PORT (loopback only)`);
}

export interface AbciHandler {
  handle(req: AbciRequest): Promise<AbciResponse>;
}

export class AbciServer {
  private readonly sockets = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly address: AbciListenAddress,
  ) {}

  static async listen(address: AbciListenAddress, app: AbciHandler, codec: AbciCodec, log: (line: string) => void = () => undefined): Promise<AbciServer> {
    if (address.kind === 'unix' && existsSync(address.path)) rmSync(address.path); // stale socket of a killed process
    let self: AbciServer | undefined;
    const server = createServer((socket) => {
      self?.sockets.add(socket);
      socket.on('close', () => self?.sockets.delete(socket));
      serveConnection(socket, app, codec, log);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      if (address.kind === 'unix') server.listen(address.path, resolve);
      else server.listen(address.port, address.host, resolve);
    });
    self = new AbciServer(server, address);
    return self;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function serveConnection(socket: Socket, app: AbciHandler, codec: AbciCodec, log: (line: string) => void): void {
  const reader = new FrameReader();
  let answered: Promise<void> = Promise.resolve();
  const send = (r: AbciResponse): void => {
    if (!socket.destroyed) socket.write(encodeFrame(codec.encodeResponse(r)));
  };
  const fail = (e: unknown): void => {
    const message = isWesError(e) ? `${e.code}: ${e.message}` : String((e as Error)?.stack ?? e);
    log(`ABCI error: ${message}`);
    send({ kind: 'exception', error: message });
  };
  socket.on('data', (chunk: Buffer) => {
    let frames: Uint8Array[];
    try {
      frames = reader.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } catch (e) {
      fail(e);
      socket.end();
      return;
    }
    for (const frame of frames) {
      let req: AbciRequest;
      try {
        req = codec.decodeRequest(frame);
      } catch (e) {
        answered = answered.then(() => fail(e));
        continue;
      }
      const response = app.handle(req);
      // Answer in request order, whatever order the application finishes in.
      answered = answered.then(() => response.then(send, (e: unknown) => {
        fail(e);
        // The consensus connection cannot go on after a failed block: CometBFT halts on the exception.
        if (req.kind === 'finalizeBlock' || req.kind === 'commit' || req.kind === 'initChain') socket.end();
      }));
    }
  });
  socket.on('error', (e) => log(`ABCI connection error: ${e.message}`));
}

