// Pure functions about parcels for the maps (no clients, no page): a parcel's state, what
// hovering over it shows, its rings, and the extent of a set of points. Tested in Node
// (tests/units.test.mjs).

import { ContractMethod, type Contract } from "./gen/sanzi/v1/contract_pb";
import { ListingStatus, type Listing } from "./gen/sanzi/v1/listing_pb";
import { UseStatus, type Parcel } from "./gen/sanzi/v1/resource_pb";

/** A parcel's state on the map. The books keep one use status for 已出租/已流转; the map tells
 * them apart by the contract the parcel is under today: one made through the exchange (a
 * transacted listing names it) or by 入股/出让 is 已流转, a direct lease or contracting 已出租. */
export const STATES: Record<string, [string, string, string]> = {
  idle: ["闲置", "idle", "#adb5bd"],
  leased: ["已出租", "leased", "#2a9d8f"],
  transferred: ["已流转", "transferred", "#457b9d"],
  transfer: ["待流转", "for transfer", "#f4a261"],
  collective: ["集体统一经营", "run by the collective", "#e9c46a"],
  household: ["承包到户", "contracted to households", "#c9e4ca"],
  retired: ["已注销", "retired", "#ffffff"],
};

/** What tells 已出租 from 已流转: the organisation's contracts and listings, and today's date. */
export type Uses = { contracts: Contract[]; listings: Listing[]; today: string };

export function stateOf(p: Parcel, uses: Uses): string {
  if (p.retired) return "retired";
  switch (p.useStatus) {
    case UseStatus.IDLE: return "idle";
    case UseStatus.FOR_TRANSFER: return "transfer";
    case UseStatus.HOUSEHOLD: return "household";
    case UseStatus.LEASED: {
      const current = uses.contracts.filter((c) => !c.terminated && c.startDate <= uses.today && uses.today <= c.endDate &&
        c.subjects.some((s) => s.parcelId === p.id));
      const exchanged = (c: Contract) => uses.listings.some((l) => l.status === ListingStatus.TRANSACTED && l.contractId === c.id);
      const ceded = (c: Contract) => c.method === ContractMethod.SHAREHOLDING || c.method === ContractMethod.GRANT;
      return current.some((c) => exchanged(c) || ceded(c)) ? "transferred" : "leased";
    }
    default: return "collective";
  }
}

/** What a parcel's hover text is made of: a stored parcel, or a row of the partner's bundle. */
export type Described = Pick<Parcel, "code" | "name" | "areaMu" | "areaM2" | "east" | "west" | "south" | "north">;

/** What hovering over a parcel shows: 地块编码, 名称, 面积 (亩) and the 四至 it has. */
export function hoverText(p: Described, lang: "zh" | "en"): string {
  const sides = lang === "zh" ? ["东", "西", "南", "北"] : ["E", "W", "S", "N"];
  const bounds = [p.east, p.west, p.south, p.north].map((b, i) => (b.trim() ? `${sides[i]} ${b.trim()}` : "")).filter(Boolean);
  const area = lang === "zh" ? `${p.areaMu} 亩（${p.areaM2} m²）` : `${p.areaMu} mu (${p.areaM2} m²)`;
  const label = lang === "zh" ? "四至：" : "Bounds: ";
  return `${p.code} ${p.name}\n${area}${bounds.length ? `\n${label}${bounds.join(lang === "zh" ? "；" : "; ")}` : ""}`;
}

export type Ring = [number, number][];
/** The rings of a GeoJSON Polygon or MultiPolygon, as [longitude, latitude]. */
export function rings(geojson: string): Ring[] {
  try {
    const g = JSON.parse(geojson);
    const polygons: number[][][][] = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    return polygons.flatMap((p) => p.map((r) => r.map(([x, y]) => [Number(x), Number(y)] as [number, number])));
  } catch {
    return [];
  }
}

/** The least and greatest longitude and latitude of `points`, by a loop (a county's map has
 * too many vertices to spread into Math.min). */
export function extent(points: Iterable<[number, number]>): { minX: number; maxX: number; minY: number; maxY: number } {
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const [x, y] of points) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return { minX, maxX, minY, maxY };
}
