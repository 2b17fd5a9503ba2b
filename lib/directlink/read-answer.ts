import { DirectLinkAnswerTooLargeError } from './errors.js';

/**
 * The answer's body as UTF-8 text (the `_utf8` endpoints), read as a stream and dropped as soon
 * as it passes `limit` bytes, so a hostile or broken server cannot make us buffer more.
 */
export const readAnswer = async (response: Response, limit: number): Promise<string> => {
  const tooLarge = () =>
    new DirectLinkAnswerTooLargeError(`DirectLink answered more than ${limit} bytes`, {
      context: { limit },
    });
  if (Number(response.headers.get('content-length')) > limit) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  while (reader !== undefined) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(Buffer.from(value));
  }
  // TextDecoder, as response.text() does: a leading BOM dropped, a broken sequence as U+FFFD.
  return new TextDecoder().decode(Buffer.concat(chunks, size));
};
