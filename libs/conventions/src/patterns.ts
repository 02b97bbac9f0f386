/** Ids the graph hands out and accepts: UUIDs and the directory's readable ids. */
export const ID_PATTERN = /^[A-Za-z0-9-]{1,36}$/;

/** A BCP 47 language tag as the graph accepts it: `en`, `es-MX`, `zh-Hant`, `sr-Latn-RS`. */
export const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8}){0,3}$/;

export const isId = (value: string): boolean => ID_PATTERN.test(value);
export const isLanguageTag = (value: string): boolean => LANGUAGE_TAG.test(value);

/** A UUID, the form of every record id the graph hands out (references to another subgraph's records must have it). */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
export const isUuid = (value: string): boolean => UUID_PATTERN.test(value);
