// The few DynamoDB expressions the projectors write, applied to an item in memory (memory-table.ts):
// update expressions of SET path = :value, ADD path :number and REMOVE path clauses, and condition
// expressions of attribute_exists / attribute_not_exists / path = :value joined by AND. Paths are top-level names or #placeholders. Anything else throws UnsupportedExpression, so a
// projection that starts writing another form fails a rebuild loudly instead of being misread.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Item } from './event-item';

export class UnsupportedExpression extends Error {
  override readonly name = 'UnsupportedExpression';
  constructor(expression: string, reason: string) {
    super(`in-memory table cannot evaluate "${expression}": ${reason}`);
  }
}

export interface ExpressionContext {
  names?: Record<string, string> | undefined;
  values?: Record<string, AttributeValue> | undefined;
}

const PATH = '(#?[A-Za-z_][A-Za-z0-9_]*)';
const VALUE = '(:[A-Za-z0-9_]+)';
const SET_ACTION = new RegExp(`^${PATH}\\s*=\\s*${VALUE}$`);
const ADD_ACTION = new RegExp(`^${PATH}\\s+${VALUE}$`);
const REMOVE_ACTION = new RegExp(`^${PATH}$`);
const EXISTS = new RegExp(`^(attribute_exists|attribute_not_exists)\\(\\s*${PATH}\\s*\\)$`);
const EQUALS = new RegExp(`^${PATH}\\s*=\\s*${VALUE}$`);

const nameOf = (expression: string, path: string, { names }: ExpressionContext): string => {
  if (!path.startsWith('#')) return path;
  const name = names?.[path];
  if (name === undefined) throw new UnsupportedExpression(expression, `${path} has no ExpressionAttributeNames entry`);
  return name;
};

const valueOf = (expression: string, placeholder: string, { values }: ExpressionContext): AttributeValue => {
  const value = values?.[placeholder];
  if (value === undefined) throw new UnsupportedExpression(expression, `${placeholder} has no ExpressionAttributeValues entry`);
  return value;
};

const INTEGER = /^-?\d+$/;

/** ADD on a number: integers only (money is integer fen), summed exactly as DynamoDB would. */
const addNumbers = (expression: string, current: AttributeValue | undefined, delta: AttributeValue): AttributeValue => {
  if (delta.N === undefined) throw new UnsupportedExpression(expression, 'ADD of anything but a number');
  if (current === undefined) return { N: BigInt(delta.N).toString() };
  if (current.N === undefined || !INTEGER.test(current.N) || !INTEGER.test(delta.N)) throw new UnsupportedExpression(expression, 'ADD of a non-integer number');
  return { N: (BigInt(current.N) + BigInt(delta.N)).toString() };
};

/** The clauses of an update expression by keyword, each a list of comma-separated actions. */
const clausesOf = (expression: string): { keyword: string; actions: string[] }[] => {
  const parts = expression.split(/\b(SET|ADD|REMOVE|DELETE)\b/i).map((part) => part.trim());
  if (parts[0] !== '') throw new UnsupportedExpression(expression, 'it does not start with SET, ADD or REMOVE');
  const clauses: { keyword: string; actions: string[] }[] = [];
  for (let i = 1; i < parts.length; i += 2) clauses.push({ keyword: (parts[i] as string).toUpperCase(), actions: (parts[i + 1] ?? '').split(',').map((a) => a.trim()) });
  return clauses;
};

/** The item after the update (a new object; `item` is not changed). */
export const applyUpdate = (item: Item, expression: string, context: ExpressionContext): Item => {
  const next: Item = { ...item };
  for (const { keyword, actions } of clausesOf(expression)) {
    for (const action of actions) {
      const set = keyword === 'SET' ? SET_ACTION.exec(action) : null;
      const add = keyword === 'ADD' ? ADD_ACTION.exec(action) : null;
      const remove = keyword === 'REMOVE' ? REMOVE_ACTION.exec(action) : null;
      if (set !== null) next[nameOf(expression, set[1] as string, context)] = valueOf(expression, set[2] as string, context);
      else if (add !== null) {
        const name = nameOf(expression, add[1] as string, context);
        next[name] = addNumbers(expression, next[name], valueOf(expression, add[2] as string, context));
      } else if (remove !== null) delete next[nameOf(expression, remove[1] as string, context)];
      else throw new UnsupportedExpression(expression, `the action "${action}" of ${keyword}`);
    }
  }
  return next;
};

/** DynamoDB compares numbers by value ("1.0" = "1"), everything else by its exact encoding. */
const sameValue = (a: AttributeValue | undefined, b: AttributeValue): boolean => {
  if (a === undefined) return false;
  if (a.N !== undefined && b.N !== undefined) return INTEGER.test(a.N) && INTEGER.test(b.N) ? BigInt(a.N) === BigInt(b.N) : Number(a.N) === Number(b.N);
  return JSON.stringify(a) === JSON.stringify(b);
};

/** Whether the condition holds on `item` (undefined: no such item). */
export const conditionHolds = (item: Item | undefined, expression: string, context: ExpressionContext): boolean =>
  expression.split(/\s+AND\s+/i).every((part) => {
    const term = part.trim();
    const exists = EXISTS.exec(term);
    if (exists !== null) {
      const present = item?.[nameOf(expression, exists[2] as string, context)] !== undefined;
      return exists[1] === 'attribute_exists' ? present : !present;
    }
    const equals = EQUALS.exec(term);
    if (equals === null) throw new UnsupportedExpression(expression, `the term "${term}"`);
    return sameValue(item?.[nameOf(expression, equals[1] as string, context)], valueOf(expression, equals[2] as string, context));
  });
