// Base64URL (RFC 4648 §5, no padding) for token bytes kept in string-valued stores, through btoa/atob.

export function encodeBase64Url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** Decodes Base64URL; also accepts standard Base64 characters and padding. Returns null on bad input. */
export function decodeBase64Url(text: string): Uint8Array | null {
  const s = text.replace(/=+$/, '');
  if (s.length % 4 === 1 || !/^[\w+/-]*$/.test(s)) return null;
  return Uint8Array.from(atob(s.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
}
