// 资源一张图 (issue 18, first part): an organisation's parcels drawn as SVG from their stored
// boundaries — longitude/latitude projected to the page (x scaled by the cosine of the middle
// latitude, so shapes keep their proportions), coloured by land class or by state, with a legend,
// a scale bar and a north arrow; hovering shows 地块编码, 名称, 面积 and 四至, a click opens the
// parcel's card. Parcels without a boundary are listed beside the map. No tiles, nothing from
// outside the server.

import { useEffect, useState } from "preact/hooks";
import { html } from "htm/preact";
import { createClient } from "@connectrpc/connect";
import { type Organization } from "./gen/sanzi/v1/organization_pb";
import { LandClass, ResourceService, UseStatus, type Parcel } from "./gen/sanzi/v1/resource_pb";
import { explain, lang, t, transport, value } from "./common";

const resources = createClient(ResourceService, transport);

const WIDTH = 760;
const HEIGHT = 520;
const MARGIN = 40;
/** Metres per degree of latitude (CGCS2000's mean, near enough for a village's scale bar). */
const METRES_PER_DEGREE = 111_320;

const CLASSES: Record<number, [string, string, string]> = {
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
const STATES: Record<string, [string, string, string]> = {
  idle: ["闲置", "idle", "#adb5bd"],
  leased: ["已出租/已流转", "leased", "#2a9d8f"],
  transfer: ["待流转", "for transfer", "#f4a261"],
  own: ["集体经营/承包到户", "collective or household", "#e9c46a"],
  retired: ["已注销", "retired", "#ffffff"],
};
const stateOf = (p: Parcel) =>
  p.retired ? "retired"
    : p.useStatus === UseStatus.IDLE ? "idle"
    : p.useStatus === UseStatus.LEASED ? "leased"
    : p.useStatus === UseStatus.FOR_TRANSFER ? "transfer"
    : "own";

type Ring = [number, number][];
/** The rings of a GeoJSON Polygon or MultiPolygon, as [longitude, latitude]. */
function rings(geojson: string): Ring[] {
  try {
    const g = JSON.parse(geojson);
    const polygons: number[][][][] = g.type === "Polygon" ? [g.coordinates] : g.type === "MultiPolygon" ? g.coordinates : [];
    return polygons.flatMap((p) => p.map((r) => r.map(([x, y]) => [Number(x), Number(y)] as [number, number])));
  } catch {
    return [];
  }
}

/** A round length for the scale bar: the largest 1, 2 or 5 × 10ⁿ metres under `most`. */
function roundMetres(most: number): number {
  const p = 10 ** Math.floor(Math.log10(most));
  return [5, 2, 1].map((k) => k * p).find((m) => m <= most) ?? p;
}

export function ParcelMap(props: { org: Organization }) {
  const [parcels, setParcels] = useState<Parcel[] | null>(null);
  const [error, setError] = useState("");
  const [by, setBy] = useState<"class" | "state">("class");
  const [chosen, setChosen] = useState<Parcel | null>(null);
  useEffect(() => {
    (async () => {
      const all: Parcel[] = [];
      let pageToken = "";
      try {
        do {
          const page = await resources.listParcels({ organizationId: props.org.id, includeRetired: true, pageSize: 1000, pageToken });
          all.push(...page.parcels);
          pageToken = page.nextPageToken;
        } while (pageToken);
        setParcels(all);
      } catch (err) {
        setError(explain(err));
      }
    })();
  }, [props.org.id]);
  if (error) return html`<p class="error" role="alert">${error}</p>`;
  if (!parcels) return html`<p>${t("正在读取……", "Loading…")}</p>`;

  const shaped = parcels.map((p) => ({ p, rings: rings(p.boundaryGeojson) })).filter((s) => s.rings.length > 0);
  const without = parcels.filter((p) => !shaped.some((s) => s.p.id === p.id));
  const points = shaped.flatMap((s) => s.rings.flat());
  const [minX, maxX] = [Math.min(...points.map((q) => q[0])), Math.max(...points.map((q) => q[0]))];
  const [minY, maxY] = [Math.min(...points.map((q) => q[1])), Math.max(...points.map((q) => q[1]))];
  const cos = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxX - minX) * cos, 1e-9);
  const spanY = Math.max(maxY - minY, 1e-9);
  const scale = Math.min((WIDTH - 2 * MARGIN) / spanX, (HEIGHT - 2 * MARGIN) / spanY);
  const px = ([x, y]: [number, number]) =>
    `${(MARGIN + (x - minX) * cos * scale).toFixed(1)},${(HEIGHT - MARGIN - (y - minY) * scale).toFixed(1)}`;
  const path = (rs: Ring[]) => rs.map((r) => `M${r.map(px).join("L")}Z`).join("");
  const metresPerPixel = METRES_PER_DEGREE / scale;
  const bar = roundMetres(metresPerPixel * 150);
  const barPx = bar / metresPerPixel;
  const colour = (p: Parcel) => (by === "class" ? CLASSES[p.landClass]?.[2] : STATES[stateOf(p)][2]) ?? "#ccc";
  const name = (row: [string, string, string] | undefined) => (row ? (lang === "zh" ? row[0] : row[1]) : "");
  const legend = by === "class"
    ? [...new Set(parcels.map((p) => p.landClass))].map((c) => [name(CLASSES[c]), CLASSES[c]?.[2] ?? "#ccc"])
    : [...new Set(parcels.map(stateOf))].map((s) => [name(STATES[s]), STATES[s][2]]);
  const hover = (p: Parcel) =>
    `${p.code} ${p.name}\n${p.areaMu} 亩（${p.areaM2} m²）\n东：${p.east} 西：${p.west} 南：${p.south} 北：${p.north}`;

  return html`<section class="parcel-map">
    <h2>${t("资源一张图", "Parcel map")} · ${props.org.displayName}</h2>
    <p class="no-print"><label>${t("着色", "Colour by")} <select class="map-colour" onChange=${(e: Event) => setBy(value(e) as "class" | "state")}>
      <option value="class" selected=${by === "class"}>${t("地类", "land class")}</option>
      <option value="state" selected=${by === "state"}>${t("状态", "state")}</option>
    </select></label> <button onClick=${() => window.print()}>${t("打印", "Print")}</button></p>
    <div class="map-and-list">
      ${shaped.length > 0 && html`<svg class="map" viewBox=${`0 0 ${WIDTH} ${HEIGHT}`} width=${WIDTH} height=${HEIGHT} role="img"
          aria-label=${t("地块分布图", "map of the parcels")}>
        <rect x="0" y="0" width=${WIDTH} height=${HEIGHT} class="map-ground" />
        ${shaped.map(({ p, rings: rs }) => html`<path class=${`parcel${chosen?.id === p.id ? " chosen" : ""}${p.retired ? " retired" : ""}`}
            data-code=${p.code} d=${path(rs)} fill=${colour(p)} fill-rule="evenodd" onClick=${() => setChosen(p)}>
          <title>${hover(p)}</title></path>`)}
        <g class="north" transform=${`translate(${WIDTH - 40},48)`}>
          <path d="M0,-28 L9,6 L0,0 L-9,6 Z" /><text x="0" y="22" text-anchor="middle">北</text>
        </g>
        <g class="scale" transform=${`translate(${(WIDTH - 16 - barPx).toFixed(1)},${HEIGHT - 10})`}>
          <path d=${`M0,-6 L0,0 L${barPx.toFixed(1)},0 L${barPx.toFixed(1)},-6`} />
          <text x=${(barPx / 2).toFixed(1)} y="-9" text-anchor="middle">${bar >= 1000 ? `${bar / 1000} km` : `${bar} m`}</text>
        </g>
      </svg>`}
      <div class="map-side">
        <ul class="legend">${legend.map(([label, fill]) => html`<li><span class="swatch" data-fill=${fill}>
          <svg width="14" height="14"><rect width="14" height="14" fill=${fill} stroke="#333" /></svg></span> ${label}</li>`)}</ul>
        ${without.length > 0 && html`<div class="no-boundary"><h3>${t("无边界的地块", "Parcels without a boundary")}</h3>
          <ul>${without.map((p) => html`<li><a href="#" onClick=${(e: Event) => { e.preventDefault(); setChosen(p); }}>${p.code} ${p.name}</a></li>`)}</ul></div>`}
        ${chosen && html`<div class="parcel-card">
          <h3>${chosen.name}</h3>
          <p>${t("地块编码", "Code")}：<span class="card-code">${chosen.code}</span></p>
          <p>${t("面积", "Area")}：${chosen.areaMu} 亩（${chosen.areaM2} m²）　${t("地类", "Class")}：${name(CLASSES[chosen.landClass])}</p>
          ${chosen.boundaryAreaM2 && html`<p class=${chosen.boundaryAreaDiffers ? "error area-differs" : "area-agrees"}>
            ${t("边界自身面积约", "The boundary's own area is about")} ${chosen.boundaryAreaM2} m²${chosen.boundaryAreaDiffers
              ? t("，与登记面积相差超过 5%，请核对", ", more than 5 % from the recorded area: check it") : ""}</p>`}
          <p>${t("状态", "State")}：${name(STATES[stateOf(chosen)])}　${t("坐落", "Location")}：${chosen.location}</p>
          <p>${t("四至", "Bounds")}：东 ${chosen.east}；西 ${chosen.west}；南 ${chosen.south}；北 ${chosen.north}</p>
          ${chosen.derivedFrom.length > 0 && html`<p>${t("由以下地块分出或合并而来", "Made from")}：${chosen.derivedFrom.length} ${t("块", "parcels")}</p>`}
          ${chosen.retired && html`<p>${t("已注销", "Retired")}：${chosen.retiredDate} ${chosen.retireNote}</p>`}
        </div>`}
      </div>
    </div>
    <p class="count">${t(`共 ${parcels.length} 块，其中 ${shaped.length} 块有边界`, `${parcels.length} parcels, ${shaped.length} with a boundary`)}</p>
  </section>`;
}
