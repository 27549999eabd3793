/**
 * A lean HTTP/1.1 load client for `pnpm bench:api`: keep-alive sockets, one request in flight per
 * socket, responses read by counting Content-Length bytes. `node:http`'s client parses every
 * header into objects and streams every body, and on a 2-CPU machine that work (and its garbage)
 * would be measured as the servers' latency.
 */
import { connect, type Socket } from 'node:net';

export interface Endpoint {
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
}

interface Waiting {
  readonly resolve: (status: number) => void;
  readonly reject: (error: Error) => void;
}

const HEADER_END = Buffer.from('\r\n\r\n');

class Connection {
  readonly #socket: Socket;
  readonly #request: Buffer;
  readonly #idle: (connection: Connection) => void;
  #current: Waiting | undefined;
  #head: Buffer | undefined;
  #remaining = -1;
  #status = 0;

  constructor(endpoint: Endpoint, request: Buffer, idle: (connection: Connection) => void) {
    this.#request = request;
    this.#idle = idle;
    this.#socket = connect(endpoint.port, endpoint.host);
    this.#socket.setNoDelay(true);
    this.#socket.on('data', (chunk: Buffer) => this.#read(chunk));
    this.#socket.on('error', (error) => this.#fail(error));
    this.#socket.on('close', () => this.#fail(new Error('the server closed the connection')));
  }

  send(waiting: Waiting): void {
    this.#current = waiting;
    this.#head = undefined;
    this.#remaining = -1;
    this.#socket.write(this.#request);
  }

  #read(chunk: Buffer): void {
    if (this.#remaining < 0) {
      const head = this.#head === undefined ? chunk : Buffer.concat([this.#head, chunk]);
      const end = head.indexOf(HEADER_END);
      if (end === -1) {
        this.#head = head;
        return;
      }
      const header = head.toString('latin1', 0, end);
      this.#status = Number(header.slice(9, 12));
      const length = /\r\ncontent-length: *(\d+)/i.exec(header)?.[1];
      if (length === undefined) {
        this.#fail(new Error('a response without Content-Length'));
        return;
      }
      this.#head = undefined;
      this.#remaining = Number(length) - (head.length - end - HEADER_END.length);
    } else {
      this.#remaining -= chunk.length;
    }
    if (this.#remaining <= 0) {
      const done = this.#current;
      this.#current = undefined;
      this.#remaining = -1;
      done?.resolve(this.#status);
      this.#idle(this);
    }
  }

  #fail(error: Error): void {
    const done = this.#current;
    this.#current = undefined;
    done?.reject(error);
  }

  close(): void {
    this.#socket.destroy();
  }
}

/** A pool of keep-alive connections; requests beyond them wait for the first one free. */
export class LoadClient {
  readonly #idle: Connection[] = [];
  readonly #queue: Waiting[] = [];
  readonly #all: Connection[] = [];

  constructor(endpoint: Endpoint, connections: number) {
    const request = Buffer.from(
      `GET ${endpoint.path} HTTP/1.1\r\nHost: ${endpoint.host}:${endpoint.port}\r\n${Object.entries(
        endpoint.headers,
      )
        .map(([name, value]) => `${name}: ${value}\r\n`)
        .join('')}\r\n`,
    );
    for (let i = 0; i < connections; i++) {
      const connection = new Connection(endpoint, request, (free) => this.#free(free));
      this.#all.push(connection);
      this.#idle.push(connection);
    }
  }

  #free(connection: Connection): void {
    const next = this.#queue.shift();
    if (next === undefined) this.#idle.push(connection);
    else connection.send(next);
  }

  /** Sends the request; resolves with the response's status once its body has arrived. */
  get(): Promise<number> {
    return new Promise((resolve, reject) => {
      const waiting = { resolve, reject };
      const connection = this.#idle.pop();
      if (connection === undefined) this.#queue.push(waiting);
      else connection.send(waiting);
    });
  }

  close(): void {
    for (const connection of this.#all) connection.close();
  }
}
