// A real SMTP server for the tests (smtp-server on 127.0.0.1, port 0): it keeps what arrives, parsed
// with mailparser, and can be slow or down and back on the same port. Unit, PostgreSQL and browser
// tests read the alert emails from it.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser } from 'mailparser';

export interface ReceivedEmail {
  /** The envelope's recipients. */
  to: string[];
  from: string;
  subject: string;
  text: string;
  /** The message as it came over the wire, headers and all. */
  raw: string;
}

export class Mailbox {
  readonly received: ReceivedEmail[] = [];
  /** How long to wait before accepting each message (a slow server). */
  delayMs = 0;
  #server: SMTPServer | undefined;
  #port = 0;

  static async start(): Promise<Mailbox> {
    const mailbox = new Mailbox();
    await mailbox.up();
    return mailbox;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.#port}`;
  }

  /** Listens (again, on the same port once it has one). */
  async up(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          void simpleParser(raw).then((parsed) => {
            const keep = () => {
              this.received.push({
                to: session.envelope.rcptTo.map((r) => r.address),
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                raw,
              });
              callback();
            };
            if (this.delayMs > 0) setTimeout(keep, this.delayMs);
            else keep();
          }, callback);
        });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, '127.0.0.1', () => resolve());
    });
    this.#port = (server.server.address() as AddressInfo).port;
    this.#server = server;
  }

  /** Stops listening and drops open connections: the server is down. */
  async down(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Waits until at least `count` emails have arrived, or fails after timeoutMs. */
  async waitFor(count: number, timeoutMs = 10_000): Promise<ReceivedEmail[]> {
    const until = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > until) throw new Error(`Expected ${count} emails, got ${this.received.length}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return this.received;
  }

  /** Empties what has arrived so far, and returns it. */
  take(): ReceivedEmail[] {
    return this.received.splice(0);
  }
}
