import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/** Small typed helpers between AttributeValue and plain values; absent or NULL reads as null. */

export type Item = Record<string, AttributeValue>;

export const s = (value: string): AttributeValue => ({ S: value });
export const n = (value: number): AttributeValue => ({ N: String(value) });
export const bool = (value: boolean): AttributeValue => ({ BOOL: value });
export const list = (values: AttributeValue[]): AttributeValue => ({ L: values });
export const map = (entries: Record<string, AttributeValue>): AttributeValue => ({ M: entries });

/** A map of only the string fields that are set: DynamoDB stores no undefined. */
export const stringMap = (entries: Record<string, string | null | undefined>): Item =>
  Object.fromEntries(
    Object.entries(entries)
      .filter((entry): entry is [string, string] => typeof entry[1] === 'string')
      .map(([key, value]) => [key, s(value)]),
  );

export const readString = (item: Item | undefined, key: string): string | null => {
  const value = item?.[key];
  return value !== undefined && 'S' in value && value.S !== undefined ? value.S : null;
};

export const readNumber = (item: Item | undefined, key: string): number | null => {
  const value = item?.[key];
  return value !== undefined && 'N' in value && value.N !== undefined ? Number(value.N) : null;
};

export const readBool = (item: Item | undefined, key: string): boolean | null => {
  const value = item?.[key];
  return value !== undefined && 'BOOL' in value && value.BOOL !== undefined ? value.BOOL : null;
};

export const readMaps = (item: Item | undefined, key: string): Item[] => {
  const value = item?.[key];
  if (value === undefined || !('L' in value) || value.L === undefined) return [];
  return value.L.flatMap((entry) => ('M' in entry && entry.M !== undefined ? [entry.M] : []));
};

export const readMap = (item: Item | undefined, key: string): Item | null => {
  const value = item?.[key];
  return value !== undefined && 'M' in value && value.M !== undefined ? value.M : null;
};
