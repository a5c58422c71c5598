// WebCrypto types that hold both in the browser (DOM lib) and in the CLI (Node's types, which do
// not declare the DOM's global CryptoKey names): taken from the global `crypto` itself.

/** `crypto.subtle`. */
export type Subtle = typeof globalThis.crypto.subtle;
/** A WebCrypto key. */
export type Key = Awaited<ReturnType<Subtle['importKey']>>;
/** A public/private pair. */
export interface KeyPair {
  privateKey: Key;
  publicKey: Key;
}
/** An EC JSON Web Key, as far as P-256 needs. */
export interface EcJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
  d?: string;
  ext?: boolean;
}
