// 导出: the exchange partner's one page — take a bundle (挂牌清单 listing-export/1, or 资源资产清单
// inventory-export/1) for a region, from scratch or since the last bundle's `next` cursor, with
// a progress bar while it streams, then save each file, and see the bundle's parcels on a map
// (drawn from its own GeoJSON: the listed parcels, or the inventory's). The same ExportService the
// partner's Python client and `sanzi export` use; the server records every bundle handed out.

import { useMemo, useState } from "preact/hooks";
import { html } from "htm/preact";
import { ExportService } from "./gen/sanzi/v1/export_pb";
import { createClient } from "@connectrpc/connect";
import { explain, lang, t, transport, value } from "./common";
import { CLASSES, Legend, ShapesSvg, type Shape } from "./map";
import { hoverText, rings } from "./parcels";

/** A listing's state in a bundle: its fill, and its name in the legend. */
const LISTING_FILLS: Record<string, [string, string, string]> = {
  listed: ["挂牌中", "listed", "#f4a261"],
  withdrawn: ["已撤回", "withdrawn", "#dddddd"],
  transacted: ["已成交", "transacted", "#2a9d8f"],
};

/** The bundle's parcels as shapes with their legend: each Feature of its GeoJSON — a listing
 * coloured by its state (listings.geojson), an inventory parcel by its land class, a retired one
 * dashed (parcels.geojson) — with the code, name, area and 四至 of its properties on hover. An
 * unreadable file draws nothing. */
export function bundleShapes(files: { name: string; bytes: Uint8Array }[]): { shapes: Shape[]; legend: [string, string][] } {
  const geo = files.find((f) => f.name.endsWith(".geojson"));
  if (!geo) return { shapes: [], legend: [] };
  let features: { geometry: unknown; properties: Record<string, string> }[];
  try {
    features = JSON.parse(new TextDecoder().decode(geo.bytes)).features ?? [];
  } catch {
    return { shapes: [], legend: [] };
  }
  const listings = geo.name === "listings.geojson";
  const byName = new Map(Object.values(CLASSES).map((c) => [c[0], c]));
  const legend = new Map<string, string>();
  const shapes = features.map((f, i): Shape => {
    const p = f.properties ?? {};
    const code = p.subject_code ?? p.parcel_code ?? "";
    const [label, fill] = listings
      ? (([zh, en, colour]) => [t(zh, en), colour])(LISTING_FILLS[p.status] ?? ["", "", "#ccc"])
      : (([zh, en, colour]) => [t(zh, en), colour])(byName.get(p.land_class) ?? [p.land_class ?? "", p.land_class ?? "", "#ccc"]);
    if (label) legend.set(label, fill);
    const hover = hoverText({
      code, name: p.subject_name ?? p.name ?? "", areaMu: p.area_mu ?? "", areaM2: p.area_m2 ?? "",
      east: p.boundary_east ?? "", west: p.boundary_west ?? "", south: p.boundary_south ?? "", north: p.boundary_north ?? "",
    }, lang);
    return {
      key: `${i}`, code, rings: rings(JSON.stringify(f.geometry)), fill,
      className: `${p.status === "listed" ? "listed" : ""}${p.status === "retired" ? "retired" : ""}`,
      title: `${p.org_name}${listings ? `　${label}` : ""}\n${hover}`,
    };
  }).filter((s) => s.rings.length > 0);
  if (!listings && features.some((f) => f.properties?.status === "retired")) legend.set(t("已注销（虚线）", "retired (dashed)"), "#ffffff");
  return { shapes, legend: [...legend] };
}

const exporter = createClient(ExportService, transport);

type Kind = "listings" | "inventory";
type File = { name: string; bytes: Uint8Array; url: string };

export function Exports() {
  const [kind, setKind] = useState<Kind>("listings");
  const [scope, setScope] = useState("");
  const [since, setSince] = useState("");
  const [progress, setProgress] = useState<[bigint, bigint] | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const [next, setNext] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const take = async (e: Event) => {
    e.preventDefault();
    setError("");
    setBusy(true);
    files.forEach((f) => URL.revokeObjectURL(f.url));
    setFiles([]);
    setNext("");
    const parts = new Map<string, Uint8Array[]>();
    try {
      const request = { scope: scope.trim(), since: since.trim() };
      const stream = kind === "listings" ? exporter.exportListings(request) : exporter.exportInventory(request);
      for await (const chunk of stream) {
        if (!parts.has(chunk.file)) parts.set(chunk.file, []);
        parts.get(chunk.file)!.push(chunk.data);
        setProgress([chunk.progressDone, chunk.progressTotal]);
      }
      const done: File[] = [...parts].map(([name, chunks]) => {
        const bytes = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
        let at = 0;
        for (const c of chunks) {
          bytes.set(c, at);
          at += c.length;
        }
        return { name, bytes, url: URL.createObjectURL(new Blob([bytes])) };
      });
      setFiles(done);
      const manifest = done.find((f) => f.name === "manifest.json");
      if (manifest) setNext(JSON.parse(new TextDecoder().decode(manifest.bytes)).next ?? "");
    } catch (err) {
      setError(explain(err));
    } finally {
      setBusy(false);
    }
  };
  const { shapes, legend } = useMemo(() => bundleShapes(files), [files]);
  const percent = progress && progress[1] > 0n ? Number((progress[0] * 100n) / progress[1]) : progress ? 100 : 0;
  return html`<section class="exports">
    <h2>${t("导出（交易平台）", "Exports (exchange partner)")}</h2>
    <form class="filters" onSubmit=${take}>
      <label>${t("内容", "Bundle")} <select class="export-kind" onChange=${(e: Event) => setKind(value(e) as Kind)}>
        <option value="listings" selected=${kind === "listings"}>${t("挂牌清单（listing-export/1）", "Listings (listing-export/1)")}</option>
        <option value="inventory" selected=${kind === "inventory"}>${t("资源资产清单（inventory-export/1）", "Inventory (inventory-export/1)")}</option>
      </select></label>
      <label>${t("区划前缀（空：全部范围）", "Region prefix (empty: all in scope)")} <input class="export-scope short" value=${scope}
        onInput=${(e: Event) => setScope(value(e))} /></label>
      <label>${t("上次的 next（空：全量）", "Previous next (empty: full)")} <input class="export-since" value=${since}
        onInput=${(e: Event) => setSince(value(e))} /></label>
      <button type="submit" class="take-export" disabled=${busy}>${t("导出", "Export")}</button>
    </form>
    ${progress && html`<p><progress max="100" value=${percent}></progress> ${percent}%</p>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${files.length > 0 && html`<ul class="export-files">${files.map(
      (f) => html`<li><a download=${f.name} href=${f.url}>${f.name}</a>（${f.bytes.length.toLocaleString()} ${t("字节", "bytes")}）</li>`,
    )}</ul>
    <p class="export-next">${t("下次增量导出请填 next：", "For the next increment, pass next: ")}<code>${next}</code></p>
    ${shapes.length > 0 && html`<div class="bundle-map"><h3>${t(`本批地块分布（${shapes.length} 块有边界）`, `The bundle's parcels (${shapes.length} with a boundary)`)}</h3>
      <div class="map-and-list"><${ShapesSvg} shapes=${shapes} ariaLabel=${t("本批地块分布图", "map of the bundle's parcels")} />
        <div class="map-side"><${Legend} items=${legend} />
        <ul class="bundle-list">${shapes.map((s) => html`<li>${s.title.split("\n").slice(0, 3).join("　")}</li>`)}</ul></div></div></div>`}`}
  </section>`;
}
