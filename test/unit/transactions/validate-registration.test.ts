import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../lib/transactions/errors.js';
import { validateRegistration } from '../../../lib/transactions/validate-registration.js';

const VALID = { reference: 'ORDER-1', amount: '15.10', currency: 'EUR' };

const fieldsOf = (body: unknown): Record<string, string> => {
  try {
    validateRegistration(body);
  } catch (error) {
    if (error instanceof ValidationError) return { ...error.fields };
    throw error;
  }
  throw new Error('expected a ValidationError');
};

describe('validateRegistration: one bad field', () => {
  it.each<[string, string, unknown]>([
    ['reference', 'empty', ''],
    ['reference', 'only spaces', '   '],
    ['reference', '41 characters', 'R'.repeat(41)],
    ['reference', 'a control character', 'ORDER\u00011'],
    ['reference', 'a newline', 'ORDER\n1'],
    ['reference', 'DEL', 'ORDER\u007f'],
    ['reference', 'non-ASCII', 'COMMANDE-É'],
    ['reference', 'a number', 42],
    ['reference', 'missing', undefined],
    ['amount', 'zero', '0'],
    ['amount', 'zero with decimals', '0.00'],
    ['amount', 'three decimals', '1.234'],
    ['amount', 'a number', 15],
    ['amount', 'negative', '-1'],
    ['amount', 'an exponent', '1e3'],
    ['amount', 'a comma', '15,10'],
    ['amount', 'a leading zero', '015'],
    ['amount', 'surrounded by spaces', ' 15 '],
    ['amount', 'empty', ''],
    ['amount', 'missing', undefined],
    ['currency', 'four letters', 'EURO'],
    ['currency', 'lowercase', 'eur'],
    ['currency', 'not ISO 4217', 'ABC'],
    ['currency', 'missing', undefined],
    ['country', 'not ISO 3166', 'XX'],
    ['country', 'lowercase', 'be'],
    ['country', 'alpha-3', 'BEL'],
    ['language', 'a word', 'english'],
    ['language', 'a hyphen', 'en-US'],
    ['language', 'wrong case', 'en_us'],
    ['operation', 'unknown', 'BUY'],
    ['operation', 'lowercase', 'sal'],
    ['saveCard', 'a string', 'yes'],
    ['saveCard', 'a number', 1],
    ['name', '36 characters', 'N'.repeat(36)],
    ['name', 'a control character', 'Jane\tDoe'],
    ['email', 'not an address', 'jane.example.com'],
    ['email', '51 characters', `${'j'.repeat(39)}@example.com`],
    ['zip', '11 characters', '12345678901'],
    ['town', 'a number', 1000],
  ])('%s: %s', (field, _label, value) => {
    const body: Record<string, unknown> = { ...VALID };
    if (value === undefined) delete body[field];
    else body[field] = value;
    const fields = fieldsOf(body);
    expect(Object.keys(fields)).toEqual([field]);
    expect(fields[field]).toEqual(expect.any(String));
    expect(fields[field]?.length).toBeGreaterThan(0);
  });

  it('an unknown field is named as such', () => {
    expect(fieldsOf({ ...VALID, amout: '15' })).toEqual({ amout: 'is not a known field' });
  });

  it('an unknown field called __proto__ (as JSON.parse builds it) is named too', () => {
    const body = JSON.parse(
      '{"reference":"ORDER-1","amount":"15.10","currency":"EUR","__proto__":"x"}',
    );
    expect(Object.keys(body)).toContain('__proto__');
    expect(Object.keys(fieldsOf(body))).toEqual(['__proto__']);
  });

  it.each([null, [], 'text', 15, true])('a body that is not an object (%j) is refused', (body) => {
    expect(Object.keys(fieldsOf(body))).toEqual(['body']);
  });
});

describe('validateRegistration: several bad fields', () => {
  it('reports every bad field together', () => {
    const fields = fieldsOf({
      reference: '',
      amount: '0',
      currency: 'eur',
      country: 'XX',
      language: 'english',
      operation: 'BUY',
      saveCard: 'yes',
      extra: 1,
    });
    expect(Object.keys(fields).sort()).toEqual(
      [
        'amount',
        'country',
        'currency',
        'extra',
        'language',
        'operation',
        'reference',
        'saveCard',
      ].sort(),
    );
  });

  it('names the bad fields in the error message, not their values', () => {
    try {
      validateRegistration({ reference: 'R'.repeat(41), amount: '1.234', currency: 'EUR' });
      expect.unreachable('invalid input must be refused');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      const message = (error as Error).message;
      expect(message).toContain('reference');
      expect(message).toContain('amount');
      expect(message).not.toContain('1.234');
    }
  });
});

describe('validateRegistration: valid input', () => {
  it('accepts the minimum and applies defaults', () => {
    expect(validateRegistration(VALID)).toEqual({
      account: 'default',
      reference: 'ORDER-1',
      amount: '15.1',
      currency: 'EUR',
      registration: { operation: 'SAL', saveCard: false },
    });
  });

  it('accepts every field, with the amount in canonical form', () => {
    const input = validateRegistration({
      reference: 'R'.repeat(40),
      amount: '1111.10',
      currency: 'CHF',
      name: 'Jérôme Dupont',
      email: 'jerome@example.com',
      address: 'Rue de la Loi 16',
      zip: '1000',
      town: 'Bruxelles',
      country: 'BE',
      phone: '+32 2 000 00 00',
      language: 'fr_BE',
      operation: 'RES',
      saveCard: true,
    });
    expect(input).toEqual({
      account: 'default',
      reference: 'R'.repeat(40),
      amount: '1111.1',
      currency: 'CHF',
      registration: {
        name: 'Jérôme Dupont',
        email: 'jerome@example.com',
        address: 'Rue de la Loi 16',
        zip: '1000',
        town: 'Bruxelles',
        country: 'BE',
        phone: '+32 2 000 00 00',
        language: 'fr_BE',
        operation: 'RES',
        saveCard: true,
      },
    });
  });

  it.each([
    ['15', '15'],
    ['15.00', '15'],
    ['0.01', '0.01'],
    ['0.5', '0.5'],
  ])('amount %s is stored as %s', (amount, canonical) => {
    expect(validateRegistration({ ...VALID, amount }).amount).toBe(canonical);
  });

  it('leaves out empty optional text fields', () => {
    expect(validateRegistration({ ...VALID, name: '', phone: '' }).registration).toEqual({
      operation: 'SAL',
      saveCard: false,
    });
  });
});
