import { describe, expect, it } from 'vitest';
import { MalformedParametersError } from '../../../lib/ogone/errors.js';
import { parseParameters, type RawParameter } from '../../../lib/ogone/parse-parameters.js';

const parse = (text: string): RawParameter[] => parseParameters(Buffer.from(text, 'latin1'));

const pairs = (text: string): [string, number[]][] =>
  parse(text).map((parameter) => [parameter.name, [...parameter.value]]);

const bytes = (text: string): number[] => [...Buffer.from(text, 'utf8')];

const brokenEncoding = (text: string): MalformedParametersError | undefined => {
  try {
    parse(text);
  } catch (error) {
    if (error instanceof MalformedParametersError) return error;
    throw error;
  }
  return undefined;
};

describe('parseParameters', () => {
  it('reads name=value pairs in order', () => {
    expect(pairs('orderID=12&STATUS=9')).toEqual([
      ['orderID', bytes('12')],
      ['STATUS', bytes('9')],
    ]);
  });

  it('decodes + as a space, in values and names', () => {
    expect(pairs('CN=Jane+Doe&a+b=1')).toEqual([
      ['CN', bytes('Jane Doe')],
      ['a b', bytes('1')],
    ]);
  });

  it('decodes %20 as a space and %2B as a literal plus', () => {
    expect(pairs('CN=Jane%20Doe&X=1%2B1')).toEqual([
      ['CN', bytes('Jane Doe')],
      ['X', bytes('1+1')],
    ]);
  });

  it('keeps %E9 as the single byte 0xE9 (ISO-8859-1), without a text decoder', () => {
    expect(pairs('CN=J%E9r%F4me')).toEqual([['CN', [0x4a, 0xe9, 0x72, 0xf4, 0x6d, 0x65]]]);
  });

  it('keeps UTF-8 percent-encoded sequences as their bytes', () => {
    expect(pairs('CN=J%C3%A9r%C3%B4me')).toEqual([['CN', bytes('Jérôme')]]);
  });

  it('accepts lowercase hex digits in percent-encodings', () => {
    expect(pairs('CN=%c3%a9')).toEqual([['CN', bytes('é')]]);
  });

  it('keeps raw non-ASCII bytes as they are', () => {
    const input = Buffer.concat([Buffer.from('CN='), Buffer.from('é', 'utf8')]);
    expect(parseParameters(input).map((p) => [...p.value])).toEqual([bytes('é')]);
  });

  it.each([
    ['a lone % at the end', 'CN=abc%'],
    ['a % with one hex digit at the end', 'CN=abc%4'],
    ['a % with one hex digit before the next pair', 'CN=%4&STATUS=9'],
    ['a % with non-hex digits', 'CN=%ZZ'],
    ['a % with a non-hex first digit', 'CN=%G1'],
    ['a % with a non-hex second digit', 'CN=%1G'],
    ['a broken encoding in a name', 'C%N=1'],
    ['a % followed by a space', 'CN=% 1'],
  ])('rejects %s with reason broken_encoding', (_label, text) => {
    const error = brokenEncoding(text);
    expect(error).toBeInstanceOf(MalformedParametersError);
    expect(error?.reason).toBe('broken_encoding');
  });

  it('does not let a percent-encoding borrow digits from the next pair', () => {
    // "%4" ends its pair; the "1" after "&" belongs to another name.
    expect(brokenEncoding('A=%4&1=x')?.reason).toBe('broken_encoding');
  });

  it('skips empty segments', () => {
    expect(pairs('&&orderID=12&&STATUS=9&')).toEqual([
      ['orderID', bytes('12')],
      ['STATUS', bytes('9')],
    ]);
  });

  it('returns nothing for empty input', () => {
    expect(parseParameters(new Uint8Array(0))).toEqual([]);
  });

  it('reads a name without = as a name with an empty value', () => {
    expect(pairs('flag&STATUS=9')).toEqual([
      ['flag', []],
      ['STATUS', bytes('9')],
    ]);
  });

  it('reads name= as an empty value', () => {
    expect(pairs('COMPLUS=&STATUS=9')).toEqual([
      ['COMPLUS', []],
      ['STATUS', bytes('9')],
    ]);
  });

  it('splits at the first = only: later ones belong to the value', () => {
    expect(pairs('COMPLUS=a=b==')).toEqual([['COMPLUS', bytes('a=b==')]]);
  });

  it('keeps repeated names, in order, for the caller to judge', () => {
    expect(pairs('x=1&X=2&x=3')).toEqual([
      ['x', bytes('1')],
      ['X', bytes('2')],
      ['x', bytes('3')],
    ]);
  });

  it('does not change the case of names or values', () => {
    expect(pairs('orderId=aBc')).toEqual([['orderId', bytes('aBc')]]);
  });

  it('does not trim values', () => {
    expect(pairs('CN=+Jane+')).toEqual([['CN', bytes(' Jane ')]]);
  });

  it('decodes percent-encoded & and = inside a value', () => {
    expect(pairs('COMPLUS=a%26b%3Dc&STATUS=9')).toEqual([
      ['COMPLUS', bytes('a&b=c')],
      ['STATUS', bytes('9')],
    ]);
  });
});
