import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord, AttributeValue as StreamValue } from 'aws-lambda';
import { type Item, readNumber } from '../dynamodb/attribute-values.js';
import { ATTR, decodeTransaction } from '../dynamodb/item-codec.js';
import { StreamRecordError } from './errors.js';
import { CHANGE_KINDS, type ChangeKind, type TransactionChange } from './state-change.js';

/**
 * Lambda delivers stream images in the JSON wire shape (binary as base64 text); the item codec
 * reads the SDK's shape. Converted rather than cast, so the codec sees exactly what was stored.
 */
const toAttributeValue = (value: StreamValue): AttributeValue => {
  if (value.S !== undefined) return { S: value.S };
  if (value.N !== undefined) return { N: value.N };
  if (value.BOOL !== undefined) return { BOOL: value.BOOL };
  if (value.M !== undefined) return { M: toItem(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toAttributeValue) };
  if (value.SS !== undefined) return { SS: value.SS };
  if (value.NS !== undefined) return { NS: value.NS };
  if (value.B !== undefined) return { B: Buffer.from(value.B, 'base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b, 'base64')) };
  // NULL, or a type newer than this code: the codec reads either as absent.
  return { NULL: true };
};

const toItem = (image: Record<string, StreamValue>): Item =>
  Object.fromEntries(Object.entries(image).map(([key, value]) => [key, toAttributeValue(value)]));

const isChangeKind = (name: string | undefined): name is ChangeKind =>
  (Object.values(CHANGE_KINDS) as readonly (string | undefined)[]).includes(name);

/** One Lambda stream record as the change it describes, both images decoded. */
export const changeOfRecord = (record: DynamoDBRecord): TransactionChange => {
  const kind = record.eventName;
  if (!isChangeKind(kind)) {
    throw new StreamRecordError('A stream record without a known event name', {
      context: { sequenceNumber: record.dynamodb?.SequenceNumber ?? '' },
    });
  }
  const oldImage = record.dynamodb?.OldImage;
  const newImage =
    record.dynamodb?.NewImage === undefined ? undefined : toItem(record.dynamodb.NewImage);
  return {
    kind,
    before: oldImage === undefined ? undefined : decodeTransaction(toItem(oldImage)),
    after: newImage === undefined ? undefined : decodeTransaction(newImage),
    // Read from the image the write produced, never from a later read of the table.
    version: readNumber(newImage, ATTR.version) ?? 0,
  };
};
