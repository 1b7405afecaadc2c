// A PostgreSQL wire-protocol server over one PGlite instance, for many client connections.
//
// PGlite is a single session. Clients that use the extended query protocol (node-postgres with
// parameters, and so Prisma) send Parse, Bind, Describe, Execute and Sync as separate messages; if
// another connection's messages run between them, the unnamed statement is replaced under it
// ("unnamed prepared statement does not exist"). So each connection's messages are run together,
// as one unit, up to the message that ends a round trip (Sync, a simple Query, Flush, copy end);
// and while a transaction is open, only the connection that opened it is served.
import { createServer, type Server, type Socket } from "node:net";
import type { PGlite } from "@electric-sql/pglite";

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const GSS_REQUEST = 80877104;
const PROTOCOL_3 = 196608;
/** message types after which the client waits for an answer */
const ROUND_TRIP_END = new Set(["S", "Q", "H", "c", "f"]);

type Unit = { connection: Connection; messages: Uint8Array[] };

class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private pending: Uint8Array[] = [];
  private started = false;
  closed = false;

  constructor(
    readonly id: number,
    readonly socket: Socket,
    private readonly enqueue: (unit: Unit) => void,
  ) {}

  receive(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    for (;;) {
      if (!this.started) {
        if (this.buffer.length < 8) return;
        const length = this.buffer.readInt32BE(0);
        const code = this.buffer.readInt32BE(4);
        if (this.buffer.length < length) return;
        const message = this.buffer.subarray(0, length);
        this.buffer = this.buffer.subarray(length);
        if (code === SSL_REQUEST || code === GSS_REQUEST) {
          this.socket.write("N"); // no encryption on loopback
          continue;
        }
        if (code === CANCEL_REQUEST) continue; // nothing to cancel in PGlite
        if (code !== PROTOCOL_3) {
          this.socket.destroy();
          return;
        }
        this.started = true;
        this.enqueue({ connection: this, messages: [new Uint8Array(message)] });
        continue;
      }
      if (this.buffer.length < 5) return;
      const length = 1 + this.buffer.readInt32BE(1);
      if (this.buffer.length < length) return;
      const type = String.fromCharCode(this.buffer[0]!);
      if (type === "X") {
        // Terminate ends this client, not the shared session.
        this.socket.end();
        return;
      }
      this.pending.push(new Uint8Array(this.buffer.subarray(0, length)));
      this.buffer = this.buffer.subarray(length);
      if (ROUND_TRIP_END.has(type)) {
        this.enqueue({ connection: this, messages: this.pending });
        this.pending = [];
      }
    }
  }
}

export class PGliteServer {
  private server?: Server;
  private queue: Unit[] = [];
  private running = false;
  /** the connection whose transaction is open: nobody else runs until it ends */
  private owner?: Connection;
  private nextId = 1;
  private readonly connections = new Set<Connection>();

  constructor(private readonly db: PGlite) {}

  async listen(port: number, host = "127.0.0.1"): Promise<number> {
    await this.db.waitReady;
    this.server = createServer((socket) => this.accept(socket));
    await new Promise<void>((resolve, reject) => {
      this.server!.once("error", reject);
      this.server!.listen(port, host, () => resolve());
    });
    const address = this.server.address();
    return typeof address === "object" && address ? address.port : port;
  }

  async close(): Promise<void> {
    for (const c of this.connections) c.socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    const connection = new Connection(this.nextId++, socket, (unit) => {
      this.queue.push(unit);
      void this.drain();
    });
    this.connections.add(connection);
    socket.on("data", (chunk) => connection.receive(chunk));
    socket.on("error", () => socket.destroy());
    socket.on("close", () => {
      connection.closed = true;
      this.connections.delete(connection);
      this.queue = this.queue.filter((u) => u.connection !== connection);
      if (this.owner === connection) {
        // A client that vanished mid-transaction must not leave it open for everyone else.
        this.owner = undefined;
        void this.db.exec("ROLLBACK").catch(() => undefined).finally(() => void this.drain());
      }
    });
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const index = this.owner ? this.queue.findIndex((u) => u.connection === this.owner) : 0;
        if (index < 0 || this.queue.length === 0) return;
        const [unit] = this.queue.splice(index, 1);
        await this.run(unit!);
      }
    } finally {
      this.running = false;
    }
  }

  private async run(unit: Unit): Promise<void> {
    const { connection } = unit;
    if (connection.closed) return;
    await this.db.runExclusive(async () => {
      for (const message of unit.messages) {
        await this.db.execProtocolRawStream(message, {
          onRawData: (data) => {
            if (!connection.closed && data.length) connection.socket.write(data);
          },
        });
      }
    });
    this.owner = this.db.isInTransaction() ? connection : undefined;
  }
}
