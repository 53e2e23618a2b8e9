/**
 * Product and order ids are Postgres uuids. Anything that is not one cannot name a row, so lookups treat it as
 * "not found" instead of letting the database reject the cast (which would surface as a 500).
 */
const ENTITY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isEntityId = (value: string): boolean => ENTITY_ID.test(value);
