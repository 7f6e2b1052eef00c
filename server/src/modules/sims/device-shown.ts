/**
 * MOB-5: one side of a device change, as far as it may be shown: the device of a BYOD line keeps
 * only its marking (no IMEI, make or model). So do the devices the line had before it was last
 * marked BYOD: the IMEI history shown is that of the devices the customer marked as its own since.
 */
export function shownDeviceSide(value: unknown, beforeByod: boolean): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const side = value as Record<string, unknown>;
  if (Object.keys(side).length === 0 || (side.ownership === 'customer' && !beforeByod)) return side;
  return { ownership: side.ownership === 'byod' || side.ownership === 'customer' ? side.ownership : null };
}
