const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are uuids; anything else names nothing, so it is not found rather than invalid. */
export const isEntityId = (value: string): boolean => UUID.test(value);
