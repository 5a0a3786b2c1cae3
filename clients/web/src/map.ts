// 资源一张图 (issue 18, first part): an organisation's parcels drawn as SVG from their stored
// boundaries — longitude/latitude projected to the page (x scaled by the cosine of the middle
// latitude, so shapes keep their proportions), coloured by land class or by state, with a legend,
// a scale bar and a north arrow; hovering shows 地块编码, 名称, 面积 and 四至, a click opens the
// parcel's card. Parcels without a boundary are listed beside the map. No tiles, nothing from
// outside the server.

import { useEffect, useMemo, useState } from "preact/hooks";
import { html } from "htm/preact";
import { createClient } from "@connectrpc/connect";
import { type Organization } from "./gen/sanzi/v1/organization_pb";
import { LandClass, ResourceService, type Parcel } from "./gen/sanzi/v1/resource_pb";
import { ContractService, type Contract } from "./gen/sanzi/v1/contract_pb";
import { ListingService, ListingStatus, type Listing } from "./gen/sanzi/v1/listing_pb";
import { explain, lang, t, today, transport, value, named } from "./common";
import { STATES, extent, hoverText, rings, stateOf, type Ring, type Uses } from "./parcels";

export const resources = createClient(ResourceService, transport);
export const contractsApi = createClient(ContractService, transport);
export const listingsApi = createClient(ListingService, transport);

const WIDTH = 760;
const HEIGHT = 520;
const MARGIN = 40;
/** Metres per degree of latitude (CGCS2000's mean, near enough for a village's scale bar). */
const METRES_PER_DEGREE = 111_320;

export const CLASSES: Record<number, [string, string, string]> = {
  [LandClass.CULTIVATED]: ["耕地", "cultivated", "#e9c46a"],
  [LandClass.GARDEN]: ["园地", "garden", "#a7c957"],
  [LandClass.FOREST]: ["林地", "forest", "#2a9d8f"],
  [LandClass.GRASSLAND]: ["草地", "grassland", "#b5e48c"],
  [LandClass.AQUACULTURE]: ["养殖水面", "aquaculture", "#48cae4"],
  [LandClass.FACILITY_FARMING]: ["设施农用地", "facility farming", "#f4a261"],
  [LandClass.WASTELAND]: ["四荒地", "wasteland", "#bdb2a7"],
  [LandClass.COMMERCIAL_CONSTRUCTION]: ["集体经营性建设用地", "commercial construction", "#e76f51"],
  [LandClass.HOMESTEAD]: ["宅基地", "homestead", "#cdb4db"],
  [LandClass.OTHER]: ["其他", "other", "#adb5bd"],
};
/** A map's legend: a swatch per colour drawn (`data-fill` names it), then, when `listed` is
 * given, the outline of the parcels listed for transfer with that label. */
export function Legend(props: { items: [string, string][]; listed?: string }) {
  return html`<ul class="legend">${props.items.map(([label, fill]) => html`<li><span class="swatch" data-fill=${fill}>
      <svg width="14" height="14"><rect width="14" height="14" fill=${fill} stroke="#333" /></svg></span> ${label}</li>`)}
    ${props.listed && html`<li><svg width="14" height="14"><rect width="14" height="14" fill="none" stroke="#6a1b9a" stroke-width="3" /></svg> ${props.listed}</li>`}</ul>`;
}

/** A round length for the scale bar: the largest 1, 2 or 5 × 10ⁿ metres under `most`. */
function roundMetres(most: number): number {
  const p = 10 ** Math.floor(Math.log10(most));
  return [5, 2, 1].map((k) => k * p).find((m) => m <= most) ?? p;
}

/** One shape to draw: its rings, fill, hover text and what a click does. */
export type Shape = { key: string; code: string; rings: Ring[]; fill: string; title: string; className?: string; onClick?: () => void };
/** A label placed at a shape group's centre (a village's name on the township map). */
export type Label = { key: string; text: string; at: [number, number]; above?: boolean };

/** The shapes as one SVG: projected to the page (x scaled by the cosine of the middle latitude),
 * with a scale bar and a north arrow. */
export function ShapesSvg(props: { shapes: Shape[]; labels?: Label[]; width?: number; height?: number; ariaLabel: string }) {
  const width = props.width ?? WIDTH;
  const height = props.height ?? HEIGHT;
  const { minX, maxX, minY, maxY } = extent((function* () {
    for (const s of props.shapes) for (const r of s.rings) yield* r;
  })());
  const cos = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxX - minX) * cos, 1e-9);
  const spanY = Math.max(maxY - minY, 1e-9);
  const scale = Math.min((width - 2 * MARGIN) / spanX, (height - 2 * MARGIN) / spanY);
  const xy = ([x, y]: [number, number]): [number, number] => [MARGIN + (x - minX) * cos * scale, height - MARGIN - (y - minY) * scale];
  const px = (q: [number, number]) => xy(q).map((v) => v.toFixed(1)).join(",");
  const path = (rs: Ring[]) => rs.map((r) => `M${r.map(px).join("L")}Z`).join("");
  const metresPerPixel = METRES_PER_DEGREE / scale;
  const bar = roundMetres(metresPerPixel * 150);
  const barPx = bar / metresPerPixel;
  return html`<svg class="map" viewBox=${`0 0 ${width} ${height}`} width=${width} height=${height} role="img" aria-label=${props.ariaLabel}>
    <rect x="0" y="0" width=${width} height=${height} class="map-ground" />
    ${props.shapes.map((s) => html`<path key=${s.key} class=${`parcel${s.className ? ` ${s.className}` : ""}`}
        data-code=${s.code} d=${path(s.rings)} fill=${s.fill} fill-rule="evenodd" onClick=${s.onClick}>
      <title>${s.title}</title></path>`)}
    ${(props.labels ?? []).map((l) => {
      const [x, y] = xy(l.at);
      return html`<text key=${l.key} class="map-label" x=${x.toFixed(1)} y=${(l.above ? y - 8 : y).toFixed(1)} text-anchor="middle">${l.text}</text>`;
    })}
    <g class="north" transform=${`translate(${width - 40},48)`}>
      <path d="M0,-28 L9,6 L0,0 L-9,6 Z" /><text x="0" y="22" text-anchor="middle">北</text>
    </g>
    <g class="scale" transform=${`translate(${(width - 16 - barPx).toFixed(1)},${height - 10})`}>
      <path d=${`M0,-6 L0,0 L${barPx.toFixed(1)},0 L${barPx.toFixed(1)},-6`} />
      <text x=${(barPx / 2).toFixed(1)} y="-9" text-anchor="middle">${bar >= 1000 ? `${bar / 1000} km` : `${bar} m`}</text>
    </g>
  </svg>`;
}

/** Every parcel of an organisation, all pages. */
export async function allParcels(organizationId: string): Promise<Parcel[]> {
  const all: Parcel[] = [];
  let pageToken = "";
  do {
    const page = await resources.listParcels({ organizationId, includeRetired: true, pageSize: 1000, pageToken });
    all.push(...page.parcels);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return all;
}

/** A parcel's card: its facts, its history (made from, split or merged into, retired), its
 * contracts and its listings. */
export function ParcelCard(props: { parcel: Parcel; parcels: Parcel[]; contracts: Contract[]; listings: Listing[] }) {
  const p = props.parcel;
  const code = (id: string) => props.parcels.find((q) => q.id === id)?.code ?? id.slice(0, 8);
  const children = props.parcels.filter((q) => q.derivedFrom.includes(p.id));
  const contracts = props.contracts.filter((c) => c.subjects.some((s) => s.parcelId === p.id));
  const listings = props.listings.filter((l) => l.subjectId === p.id);
  return html`<div class="parcel-card">
    <h3>${p.name}</h3>
    <p>${t("地块编码", "Code")}：<span class="card-code">${p.code}</span></p>
    <p>${t("面积", "Area")}：${p.areaMu} 亩（${p.areaM2} m²）　${t("地类", "Class")}：${named(CLASSES[p.landClass])}</p>
    ${p.boundaryAreaM2 && html`<p class=${p.boundaryAreaDiffers ? "error area-differs" : "area-agrees"}>
      ${t("按边界图形计算面积约", "The area of the drawn boundary is about")} ${p.boundaryAreaM2} m²${p.boundaryAreaDiffers
        ? t("，与登记面积相差超过 5%，请核对", ", more than 5 % from the recorded area: check it") : ""}</p>`}
    <p>${t("状态", "State")}：${named(STATES[stateOf(p, { ...props, today: today() })])}　${t("坐落", "Location")}：${p.location}</p>
    <p>${t("四至", "Bounds")}：${t("东", "E")} ${p.east}；${t("西", "W")} ${p.west}；${t("南", "S")} ${p.south}；${t("北", "N")} ${p.north}</p>
    <h4>${t("沿革", "History")}</h4>
    <ul class="card-history">
      ${p.derivedFrom.length > 0 && html`<li>${t("由", "Made from")} ${p.derivedFrom.map(code).join("、")} ${t(p.derivedFrom.length > 1 ? "合并而来" : "分出", p.derivedFrom.length > 1 ? "(merged)" : "(split off)")}</li>`}
      ${children.length > 0 && html`<li>${p.retiredDate} ${t(children.length > 1 ? "分为" : "并入", children.length > 1 ? "split into" : "merged into")} ${children.map((q) => q.code).join("、")}${p.retireNote ? ` ${p.retireNote}` : ""}</li>`}
      ${p.retired && children.length === 0 && html`<li>${t("已注销", "Retired")} ${p.retiredDate} ${p.retireNote}</li>`}
      ${p.derivedFrom.length === 0 && children.length === 0 && !p.retired && html`<li>${t("原始登记，无分割、合并或注销", "As first registered")}</li>`}
    </ul>
    <h4>${t("合同", "Contracts")}</h4>
    ${contracts.length === 0 ? html`<p class="card-none">${t("无", "None")}</p>` : html`<ul class="card-contracts">${contracts.map((c) => html`<li>
      ${c.code} ${c.counterpartyName} ${c.startDate} ${t("至", "to")} ${c.endDate}${c.terminated ? t("（已终止）", " (terminated)") : ""}</li>`)}</ul>`}
    <h4>${t("挂牌", "Listings")}</h4>
    ${listings.length === 0 ? html`<p class="card-none">${t("无", "None")}</p>` : html`<ul class="card-listings">${listings.map((l) => html`<li>
      ${LISTING_STATES[l.status]?.[lang === "zh" ? 0 : 1] ?? ""} ${l.createTime.slice(0, 10)}</li>`)}</ul>`}
  </div>`;
}

export const LISTING_STATES: Record<number, [string, string]> = {
  [ListingStatus.LISTED]: ["挂牌中", "listed"],
  [ListingStatus.WITHDRAWN]: ["已撤回", "withdrawn"],
  [ListingStatus.TRANSACTED]: ["已成交", "transacted"],
};

/** Every contract of an organisation, all pages. */
export async function allContracts(organizationId: string): Promise<Contract[]> {
  const all: Contract[] = [];
  let pageToken = "";
  do {
    const page = await contractsApi.listContracts({ organizationId, pageSize: 500, pageToken });
    all.push(...page.contracts);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return all;
}

/** Every listing under a region prefix, all pages. */
export async function allListings(regionPrefix: string): Promise<Listing[]> {
  const all: Listing[] = [];
  let pageToken = "";
  do {
    const page = await listingsApi.listListings({ regionPrefix, pageSize: 500, pageToken });
    all.push(...page.listings);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return all;
}

export function ParcelMap(props: { org: Organization }) {
  const [parcels, setParcels] = useState<Parcel[] | null>(null);
  const [contracts, setContracts] = useState<Contract[]>([]);
  const [listings, setListings] = useState<Listing[]>([]);
  const [error, setError] = useState("");
  const [by, setBy] = useState<"class" | "state">("class");
  const [chosen, setChosen] = useState<Parcel | null>(null);
  useEffect(() => {
    (async () => {
      try {
        setParcels(await allParcels(props.org.id));
        setContracts(await allContracts(props.org.id));
        setListings((await allListings(props.org.regionCode + props.org.groupCode)).filter((l) => l.organizationId === props.org.id));
      } catch (err) {
        setError(explain(err));
      }
    })();
  }, [props.org.id]);
  // Each parcel's outline, read once when the parcels arrive (not at every redraw).
  const outlines = useMemo(() => (parcels ?? []).map((p) => ({ p, rings: rings(p.boundaryGeojson) })), [parcels]);
  if (error) return html`<p class="error" role="alert">${error}</p>`;
  if (!parcels) return html`<p>${t("正在读取……", "Loading…")}</p>`;

  const shaped = outlines.filter((s) => s.rings.length > 0);
  const without = outlines.filter((s) => s.rings.length === 0).map((s) => s.p);
  const drawn = new Set(shaped.map((s) => s.p.id));
  const uses: Uses = { contracts, listings, today: today() };
  const colour = (p: Parcel) => (by === "class" ? CLASSES[p.landClass]?.[2] : STATES[stateOf(p, uses)][2]) ?? "#ccc";
  // The legend names what is drawn; a parcel without a boundary says its state in the list.
  const legend = by === "class"
    ? Object.entries(CLASSES).filter(([c]) => shaped.some((s) => String(s.p.landClass) === c)).map(([, c]) => [named(c), c[2]])
    : Object.keys(STATES).filter((k) => shaped.some((s) => stateOf(s.p, uses) === k)).map((k) => [named(STATES[k]), STATES[k][2]]);
  const listedIds = new Set(listings.filter((l) => l.status === ListingStatus.LISTED && drawn.has(l.subjectId)).map((l) => l.subjectId));
  const shapes: Shape[] = shaped.map(({ p, rings: rs }) => ({
    key: p.id, code: p.code, rings: rs, fill: colour(p), title: hoverText(p, lang),
    className: `${chosen?.id === p.id ? "chosen" : ""}${p.retired ? " retired" : ""}${listedIds.has(p.id) ? " listed" : ""}`.trim(),
    onClick: () => setChosen(p),
  }));

  return html`<section class="parcel-map">
    <h2>${t("资源一张图", "Parcel map")} · ${props.org.displayName}</h2>
    <p class="count">${t(`共 ${parcels.length} 块，其中 ${shaped.length} 块有边界`, `${parcels.length} parcels, ${shaped.length} with a boundary`)}</p>
    <p class="print-only map-printed">${t("打印日期", "Printed")}：${today()}　${t("着色", "Colour by")}：${by === "class" ? t("地类", "land class") : t("状态", "state")}</p>
    <p class="no-print"><label>${t("着色", "Colour by")} <select class="map-colour" onChange=${(e: Event) => setBy(value(e) as "class" | "state")}>
      <option value="class" selected=${by === "class"}>${t("地类", "land class")}</option>
      <option value="state" selected=${by === "state"}>${t("状态", "state")}</option>
    </select></label> <button onClick=${() => window.print()}>${t("打印", "Print")}</button></p>
    <div class="map-and-list">
      ${shaped.length > 0 && html`<${ShapesSvg} shapes=${shapes} ariaLabel=${t("地块分布图", "map of the parcels")} />`}
      <div class="map-side">
        <${Legend} items=${legend} listed=${listedIds.size > 0 ? t("挂牌中", "listed") : undefined} />
        ${without.length > 0 && html`<div class="no-boundary"><h3>${t("无边界的地块", "Parcels without a boundary")}</h3>
          <ul>${without.map((p) => html`<li><a href="#" onClick=${(e: Event) => { e.preventDefault(); setChosen(p); }}>${p.code} ${p.name}</a>
            <span class="no-boundary-state">（${named(STATES[stateOf(p, uses)])}）</span></li>`)}</ul></div>`}
        ${chosen && html`<${ParcelCard} parcel=${chosen} parcels=${parcels} contracts=${contracts} listings=${listings} />`}
      </div>
    </div>
  </section>`;
}
