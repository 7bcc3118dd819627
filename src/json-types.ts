/** JSON values as the API bodies carry them: a leaf type every layer (plan, cloud, emulator) may import. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };
