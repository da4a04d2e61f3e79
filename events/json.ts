// JSON shapes of stored event data; functions/store/types.ts re-exports them.
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
