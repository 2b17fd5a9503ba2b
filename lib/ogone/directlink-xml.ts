import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { upperAscii } from './ascii.js';
import { ANSWER_PROBLEMS, DirectLinkAnswerError } from './errors.js';

/**
 * Strict reading of a DirectLink answer (docs/protocol.md §6). The validator refuses what is not
 * well-formed XML (an unterminated element, an attribute repeated in the same case, a bare `&`
 * in text); the parser gives the element tree with comments dropped, so an `<ncresponse` inside
 * a comment is never read. Entities are not processed by the parser: a DTD is refused outright,
 * and the five predefined entities and character references are decoded here, by one linear
 * pass that refuses anything else.
 */
const PARSER = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  allowBooleanAttributes: false,
  processEntities: false,
  htmlEntities: false,
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

type OrderedNode = Readonly<Record<string, unknown>>;

const ATTRIBUTES = ':@';
const TEXT = '#text';
const ELEMENT = 'NCRESPONSE';

const elementName = (node: OrderedNode): string | undefined =>
  Object.keys(node).find((key) => key !== ATTRIBUTES && key !== TEXT);

const children = (node: OrderedNode, name: string): readonly OrderedNode[] => {
  const value = node[name];
  return Array.isArray(value) ? (value as OrderedNode[]) : [];
};

const codePoint = (text: string, radix: number): string => {
  const value = Number.parseInt(text, radix);
  // Outside Unicode, or a lone surrogate: not text Ogone could have meant.
  if (!(value <= 0x10ffff) || (value >= 0xd800 && value <= 0xdfff)) {
    throw new DirectLinkAnswerError(
      ANSWER_PROBLEMS.invalidReference,
      'DirectLink answered with an invalid character reference',
    );
  }
  return String.fromCodePoint(value);
};

const PREDEFINED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};

const REFERENCE = /&(?:#x([0-9a-fA-F]+)|#([0-9]+)|(amp|lt|gt|quot|apos));|[&<]/g;

/** An attribute value as XML defines it without a DTD: any other `&` or a raw `<` is refused. */
const decodeValue = (raw: string, attribute: string): string =>
  raw.replace(REFERENCE, (match, hex?: string, decimal?: string, named?: string) => {
    if (hex !== undefined) return codePoint(hex, 16);
    if (decimal !== undefined) return codePoint(decimal, 10);
    if (named !== undefined) return PREDEFINED[named] ?? match;
    throw new DirectLinkAnswerError(
      ANSWER_PROBLEMS.invalidReference,
      `DirectLink answered with an unescaped ${match === '&' ? 'ampersand' : 'angle bracket'}`,
      { attribute },
    );
  });

const parseTree = (xml: string): readonly OrderedNode[] => {
  // Ogone sends no DTD; one could only define entities or expand them (billion laughs).
  if (/<!DOCTYPE/i.test(xml)) {
    throw new DirectLinkAnswerError(ANSWER_PROBLEMS.doctype, 'DirectLink answered with a DTD');
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    // The validator's message can quote the answer; its code and line cannot.
    throw new DirectLinkAnswerError(
      ANSWER_PROBLEMS.malformed,
      'DirectLink answered with malformed XML',
      { xmlError: valid.err.code, line: valid.err.line },
    );
  }
  try {
    return PARSER.parse(xml) as OrderedNode[];
  } catch (error) {
    throw new DirectLinkAnswerError(
      ANSWER_PROBLEMS.malformed,
      'DirectLink answered with XML that cannot be read',
      { xmlError: error instanceof Error ? error.name : 'UnknownError' },
    );
  }
};

/** Every element named ncresponse (ASCII case folded), at any depth. */
const ncResponses = (roots: readonly OrderedNode[]): OrderedNode[] => {
  const found: OrderedNode[] = [];
  const pending = [...roots];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    const name = elementName(node);
    if (name === undefined) continue;
    if (upperAscii(name) === ELEMENT) found.push(node);
    pending.push(...children(node, name));
  }
  return found;
};

/**
 * The attributes of the answer's one element, `<ncresponse …/>`, names uppercased (ASCII only)
 * and values decoded. Refused: anything but exactly one such element as the document's root, and
 * an attribute given twice in any letter case (`orderID="X" ORDERID="Y"`: which did Ogone mean?).
 * The parser keeps names as written, so a repeat in another case is seen here as two names that
 * fold to one; a repeat in the same case is already malformed XML for the validator.
 */
export const readNcResponse = (xml: string): ReadonlyMap<string, string> => {
  const roots = parseTree(xml).filter((node) => elementName(node) !== undefined);
  const found = ncResponses(roots);
  if (found.length !== 1 || roots.length !== 1 || found[0] !== roots[0]) {
    throw new DirectLinkAnswerError(
      ANSWER_PROBLEMS.elementCount,
      'DirectLink answered without exactly one <ncresponse> root element',
      { elements: found.length, roots: roots.length },
    );
  }
  const raw = (found[0]?.[ATTRIBUTES] ?? {}) as Readonly<Record<string, string>>;
  const attributes = new Map<string, string>();
  for (const [written, value] of Object.entries(raw)) {
    const name = upperAscii(written);
    if (attributes.has(name)) {
      throw new DirectLinkAnswerError(
        ANSWER_PROBLEMS.repeatedAttribute,
        `DirectLink answered with ${name} more than once`,
        { attribute: name },
      );
    }
    attributes.set(name, decodeValue(value, name));
  }
  return attributes;
};
