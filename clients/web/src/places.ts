// Place names for titles, from what the books hold: no gazetteer, nothing from outside.

import { OrganizationLevel } from "./gen/sanzi/v1/organization_pb";

/** What a name is read from: an organisation's level, codes and names. */
export type Place = { level: OrganizationLevel; regionCode: string; displayName: string; regionName: string };

/** A township's or county's name for the board's title: its own organisation's, else read from a
 * village's 所在地 (江西省新余市渝水区良山镇下保村 gives 良山镇 or 渝水区), with its code. */
export function scopeName(scope: string, all: Place[]): string {
  const own = all.find((o) => o.level === OrganizationLevel.TOWNSHIP && o.regionCode === scope.padEnd(12, "0"));
  if (own) return `${own.displayName}（${scope}）`;
  const place = all.map((o) => o.regionName).find((n) => n) ?? "";
  // The township: the last 镇/乡/街道/苏木 before the village's own name; the county: the level
  // before the township (a county-level city under its province, like 天门市, included). A name
  // this cannot read (no gazetteer here) leaves the code alone.
  const township = place.match(/^.*(?:区|县|旗|市)([^区县旗]+?(?:镇|乡|街道|苏木))[^镇乡]*$/)?.[1];
  const before = township ? place.slice(0, place.lastIndexOf(township)) : place;
  const county = before.match(/([^省市州盟]+?(?:区|县|旗|市))$/)?.[1];
  const name = scope.length === 9 ? township : scope.length === 6 ? county : undefined;
  return name ? `${name}（${scope}）` : scope;
}
