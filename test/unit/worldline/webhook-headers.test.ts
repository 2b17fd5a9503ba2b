import { describe, expect, it } from 'vitest';
import { DuplicateWebhookHeaderError } from '../../../lib/worldline/errors.js';
import { webhookHeaders } from '../../../lib/worldline/webhook-signature.js';

describe('webhook headers from an HTTP API header map', () => {
  it('finds both headers whatever their case', () => {
    expect(webhookHeaders({ 'x-gcs-signature': 's', 'X-GCS-KeyId': 'k', other: 'o' })).toEqual({
      signature: 's',
      keyId: 'k',
    });
  });

  it('reports absent headers as undefined', () => {
    expect(webhookHeaders({ 'content-type': 'application/json' })).toEqual({
      signature: undefined,
      keyId: undefined,
    });
  });

  it('two spellings of one header are that header given twice', () => {
    expect(() => webhookHeaders({ 'x-gcs-keyid': 'a', 'X-GCS-KEYID': 'b' })).toThrow(
      DuplicateWebhookHeaderError,
    );
  });
});
