import { loadOrCreateSecret, resolveDataDir } from './dataDir.ts';

let secret: Buffer | undefined;

/** The server secret in DATA_DIR (created on first start): keys receipt hashes and form tokens. */
export function serverSecret(): Buffer {
  secret ??= loadOrCreateSecret(resolveDataDir());
  return secret;
}
