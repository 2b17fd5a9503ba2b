import type { AttributeValue } from '@aws-sdk/client-dynamodb';

// Placeholders are made once per process, not on every write: a notification's write names
// about 25 of each, and building the strings showed in the handler's profile (bench/README.md).
const NAME_PLACEHOLDERS = new Map<string, string>();
const VALUE_PLACEHOLDERS = Array.from({ length: 64 }, (_, index) => `:v${index}`);

/**
 * Collects placeholders while an expression is written, so every attribute name goes through
 * `#name` (several of ours, like `state`, are reserved words) and every value through `:value`.
 */
export class ExpressionBuilder {
  public readonly names: Record<string, string> = {};
  public readonly values: Record<string, AttributeValue> = {};
  private counter = 0;

  public name(attribute: string): string {
    let placeholder = NAME_PLACEHOLDERS.get(attribute);
    if (placeholder === undefined) {
      placeholder = `#${attribute}`;
      NAME_PLACEHOLDERS.set(attribute, placeholder);
    }
    this.names[placeholder] = attribute;
    return placeholder;
  }

  public value(value: AttributeValue): string {
    const index = this.counter++;
    const placeholder = VALUE_PLACEHOLDERS[index] ?? `:v${index}`;
    this.values[placeholder] = value;
    return placeholder;
  }
}
