// ignoreBOM keeps a leading U+FEFF: the stored text must be what was signed, byte for byte.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * How a received value becomes stored text (docs/protocol.md §3, Encoding): UTF-8 when it is valid
 * UTF-8, otherwise ISO-8859-1, which some payment methods send even on UTF-8 accounts. Signature
 * checks never go through here: they hash the bytes as received.
 */
export const decodeText = (bytes: Uint8Array): string => {
  try {
    return utf8.decode(bytes);
  } catch {
    return Buffer.from(bytes).toString('latin1');
  }
};
