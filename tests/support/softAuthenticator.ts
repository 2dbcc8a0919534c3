// A passkey in software, for tests that have no browser (unit tests, and request contexts in the
// browser tests): an ES256 key pair that answers WebAuthn registration and authentication options
// exactly as an authenticator does (W3C WebAuthn Level 3, sections 6.1 and 6.5), so the server's
// real checks run on it. Its private key can also be handed to Chromium's virtual authenticator.
import { createECDH, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { isoCBOR } from '@simplewebauthn/server/helpers';
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';

const b64url = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

// Authenticator data flags: user present, user verified, attested credential data included.
const UP = 0x01;
const UV = 0x04;
const AT = 0x40;

/** The same P-256 key every time for one seed: its private scalar is the seed's SHA-256. */
function keysFrom(seed: string): { privateKey: KeyObject; publicKey: KeyObject } {
  const d = sha256(`voices-soft-authenticator:${seed}`);
  const ecdh = createECDH('prime256v1');
  ecdh.setPrivateKey(d);
  const point = ecdh.getPublicKey();
  const privateKey = createPrivateKey({ key: { kty: 'EC', crv: 'P-256', d: b64url(d), x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33)) }, format: 'jwk' });
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

export class SoftAuthenticator {
  readonly credentialId: Buffer;
  readonly #privateKey: KeyObject;
  readonly #publicKey: KeyObject;
  /** The signature counter it reports (the next one, if it counts); 0 if it keeps none, as synced passkeys do. */
  counter = 0;
  readonly #counts: boolean;

  /** A new authenticator; with a seed, the same key and credential id every time (so any test process can use it). */
  constructor(options: { counts?: boolean; seed?: string } = {}) {
    const { privateKey, publicKey } = options.seed === undefined ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : keysFrom(options.seed);
    this.#privateKey = privateKey;
    this.#publicKey = publicKey;
    this.credentialId = options.seed === undefined ? randomBytes(16) : sha256(`voices-soft-credential:${options.seed}`).subarray(0, 16);
    this.#counts = options.counts ?? false;
  }

  get id(): string {
    return b64url(this.credentialId);
  }

  /** The public key as COSE (RFC 9053: EC2, P-256, ES256), base64url, as the store keeps it. */
  get publicKeyCose(): string {
    const jwk = this.#publicKey.export({ format: 'jwk' });
    const cose = new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]);
    return b64url(isoCBOR.encode(cose));
  }

  /** The private key as PKCS#8 in base64, as Chromium's WebAuthn.addCredential takes it. */
  get privateKeyPkcs8(): string {
    return (this.#privateKey.export({ format: 'der', type: 'pkcs8' }) as Buffer).toString('base64');
  }

  #authData(rpId: string, flags: number, attested?: Uint8Array): Buffer {
    if (this.#counts) this.counter++;
    const counter = Buffer.alloc(4);
    counter.writeUInt32BE(this.counter);
    return Buffer.concat([sha256(rpId), Buffer.from([flags]), counter, ...(attested ? [attested] : [])]);
  }

  /** Answers navigator.credentials.create() for these options, from origin. */
  register(options: PublicKeyCredentialCreationOptionsJSON, origin: string): RegistrationResponseJSON {
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(this.credentialId.length);
    const attested = Buffer.concat([Buffer.alloc(16), idLength, this.credentialId, Buffer.from(this.publicKeyCose, 'base64url')]);
    const authData = this.#authData(options.rp.id ?? new URL(origin).hostname, UP | UV | AT, attested);
    const clientData = JSON.stringify({ type: 'webauthn.create', challenge: options.challenge, origin, crossOrigin: false });
    const attestation = isoCBOR.encode(new Map<string, string | Uint8Array | Map<string, never>>([['fmt', 'none'], ['attStmt', new Map<string, never>()], ['authData', authData]]));
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: { clientDataJSON: b64url(Buffer.from(clientData)), attestationObject: b64url(attestation), transports: ['internal'] },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** Answers navigator.credentials.get() for these options, from origin. */
  authenticate(options: PublicKeyCredentialRequestOptionsJSON, origin: string, rpId = options.rpId ?? new URL(origin).hostname): AuthenticationResponseJSON {
    const authData = this.#authData(rpId, UP | UV);
    const clientData = Buffer.from(JSON.stringify({ type: 'webauthn.get', challenge: options.challenge, origin, crossOrigin: false }));
    const signature = sign('sha256', Buffer.concat([authData, sha256(clientData)]), this.#privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: { clientDataJSON: b64url(clientData), authenticatorData: b64url(authData), signature: b64url(signature) },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }
}
