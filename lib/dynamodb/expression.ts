import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * Collects placeholders while an expression is written, so every attribute name goes through
 * `#name` (several of ours, like `state`, are reserved words) and every value through `:value`.
 */
export class ExpressionBuilder {
  public readonly names: Record<string, string> = {};
  public readonly values: Record<string, AttributeValue> = {};
  private counter = 0;

  public name(attribute: string): string {
    const placeholder = `#${attribute}`;
    this.names[placeholder] = attribute;
    return placeholder;
  }

  public value(value: AttributeValue): string {
    const placeholder = `:v${this.counter++}`;
    this.values[placeholder] = value;
    return placeholder;
  }
}
