// JSON shapes of stored event data. Mirrors functions/store/types.ts (events/ imports nothing outside events/).
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
