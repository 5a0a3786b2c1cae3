// 资产: the fixed-asset cards of an organisation — the list, a card with its history (the
// address `#/org/<org>/asset/<id>`, which a label's QR code holds), a new card, the month's
// depreciation run, 清查 (a counted value), disposal — and 二维码标签: a sheet of labels
// (organisation, 资产编码, 名称, 取得日期, a QR code of the card's address), A4, 3 × 8; a label
// printed for a disposed asset says so.

import { useEffect, useState } from "preact/hooks";
import { html } from "htm/preact";
import QRCode from "qrcode";
import { createClient } from "@connectrpc/connect";
import { type Organization } from "./gen/sanzi/v1/organization_pb";
import { AssetCategory, AssetService, AssetStatus, AssetUse, DepreciationMethod, type Asset, type AssetEvent } from "./gen/sanzi/v1/asset_pb";
import { ChartVersion } from "./gen/sanzi/v1/common_pb";
import { addresses, explain, fieldErrors, mayWrite, newRequestId, parseYuan, t, today, transport, value, yuan, named } from "./common";
import { CATEGORIES, allAssets } from "./dashboard";

const assets = createClient(AssetService, transport);

export const STATUS_NAMES: Record<number, [string, string]> = {
  [AssetStatus.IN_USE]: ["在用", "in use"],
  [AssetStatus.LEASED]: ["出租经营", "leased"],
  [AssetStatus.LENT]: ["出借", "lent"],
  [AssetStatus.IDLE]: ["闲置", "idle"],
  [AssetStatus.SCRAPPED]: ["报废", "scrapped"],
  [AssetStatus.DISPOSED]: ["已处置", "disposed"],
};
const EVENTS: Record<string, [string, string]> = {
  registered: ["建卡", "registered"],
  updated: ["修改", "changed"],
  status: ["状态变更", "status"],
  count: ["清查", "counted"],
  disposed: ["处置", "disposed"],
  depreciation: ["计提折旧", "depreciation"],
};

/** A card's address in the console under `base`: what its label's QR code holds. */
export const assetAddress = (base: string, orgId: string, assetId: string) => `${base}/#/org/${orgId}/asset/${assetId}`;

/** The label sheet: one label per card, each with its QR code (made here, as a PNG data URL). */
export function LabelSheet(props: { org: Organization; cards: Asset[]; onBack: () => void }) {
  const [codes, setCodes] = useState<Map<string, string> | null>(null);
  const [base, setBase] = useState("");
  useEffect(() => {
    (async () => {
      const made = new Map<string, string>();
      const reached = (await addresses()).console;
      for (const a of props.cards) {
        made.set(a.id, await QRCode.toDataURL(assetAddress(reached, props.org.id, a.id), { errorCorrectionLevel: "M", margin: 2, scale: 4 }));
      }
      setBase(reached);
      setCodes(made);
    })();
  }, [props.cards.map((a) => a.id).join()]);
  return html`<section class="labels">
    <p class="no-print"><button onClick=${props.onBack}>← ${t("返回", "Back")}</button>
      <button class="print-labels" onClick=${() => window.print()}>${t("打印", "Print")}</button>
      ${t(`共 ${props.cards.length} 张标签（A4，每页 3 × 8）`, `${props.cards.length} labels (A4, 3 × 8 a page)`)}</p>
    ${base && html`<p class="no-print label-base">${t(`二维码指向 ${base}（手机须能打开此地址；由服务器的 SANZI_CONSOLE_URL 设定）`, `The QR codes point at ${base} (phones must reach it; the server's SANZI_CONSOLE_URL sets it)`)}</p>`}
    ${codes && html`<div class="label-sheet">${props.cards.map((a) => html`<div class=${`label${a.status === AssetStatus.DISPOSED ? " disposed" : ""}`} data-asset=${a.id}>
      <div class="label-text">
        <div class="label-org">${props.org.displayName}</div>
        <div><b class="label-code">${a.code}</b></div>
        <div class="label-name">${a.name}</div>
        <div>${t("取得", "Acquired")} ${a.acquiredDate}</div>
        ${a.status === AssetStatus.DISPOSED && html`<div class="label-disposed">${t(`已处置 ${a.disposedDate}`, `disposed ${a.disposedDate}`)}</div>`}
      </div>
      <img class="label-qr" src=${codes.get(a.id)} alt=${assetAddress(base, props.org.id, a.id)} />
    </div>`)}</div>`}
  </section>`;
}

function AssetCard(props: { org: Organization; assetId: string; onBack: () => void; onChanged: () => void }) {
  const [asset, setAsset] = useState<Asset | null>(null);
  const [history, setHistory] = useState<AssetEvent[]>([]);
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  const [counted, setCounted] = useState("");
  const [countNote, setCountNote] = useState("");
  const [disposeDate, setDisposeDate] = useState(today());
  const [proceeds, setProceeds] = useState("");
  const [proceedsAccount, setProceedsAccount] = useState("102");
  const [disposeNote, setDisposeNote] = useState("");
  const load = async () => {
    try {
      const r = await assets.getAsset({ organizationId: props.org.id, assetId: props.assetId });
      setAsset(r.asset ?? null);
      setHistory(r.history);
    } catch (err) {
      setError(explain(err));
    }
  };
  useEffect(() => {
    load();
  }, [props.assetId]);
  const act = async (what: () => Promise<unknown>, message: string) => {
    setError("");
    setDone("");
    try {
      await what();
      setDone(message);
      await load();
      props.onChanged();
    } catch (err) {
      const fields = [...fieldErrors(err).entries()].map(([f, m]) => `${f}：${m}`);
      setError(fields.length ? fields.join("；") : explain(err));
    }
  };
  if (!asset) return html`<section class="asset-card"><p><button onClick=${props.onBack}>← ${t("资产", "Assets")}</button></p>
    ${error ? html`<p class="error" role="alert">${error}</p>` : html`<p>${t("正在读取……", "Loading…")}</p>`}</section>`;
  const disposed = asset.status === AssetStatus.DISPOSED;
  return html`<section class="asset-card">
    <p class="no-print"><button onClick=${props.onBack}>← ${t("资产", "Assets")}</button></p>
    <h2>${asset.code} ${asset.name}</h2>
    ${disposed && html`<p class="error disposed-note">${t(`该资产已于 ${asset.disposedDate} 处置`, `Disposed on ${asset.disposedDate}`)}</p>`}
    <table class="card-facts"><tbody>
      <tr><th>${t("单位", "Organisation")}</th><td>${props.org.displayName}</td><th>${t("类别", "Category")}</th><td>${named(CATEGORIES[asset.category])}</td></tr>
      <tr><th>${t("数量", "Quantity")}</th><td>${asset.quantity}</td><th>${t("坐落", "Location")}</th><td>${asset.location}</td></tr>
      <tr><th>${t("取得日期", "Acquired")}</th><td>${asset.acquiredDate}</td><th>${t("状态", "Status")}</th><td class="asset-status">${named(STATUS_NAMES[asset.status])}</td></tr>
      <tr><th>${t("原值", "Cost")}</th><td class="amount">${yuan(asset.originalValueFen)}</td><th>${t("累计折旧", "Depreciation")}</th><td class="amount">${yuan(asset.accumulatedDepreciationFen)}</td></tr>
      <tr><th>${t("净值", "Net value")}</th><td class="amount net-value">${yuan(asset.netValueFen)}</td><th>${t("已提折旧至", "Charged through")}</th><td>${asset.lastDepreciatedMonth || "—"}</td></tr>
      ${asset.hasVerifiedValue && html`<tr><th>${t("清查价值", "Counted value")}</th><td class="amount">${yuan(asset.verifiedValueFen)}</td><th></th><td></td></tr>`}
    </tbody></table>
    <h3>${t("变动记录", "History")}</h3>
    <table class="asset-history"><thead><tr><th>${t("日期", "Date")}</th><th>${t("事项", "Event")}</th><th class="amount">${t("金额", "Amount")}</th><th>${t("说明", "Note")}</th><th>${t("经办人", "By")}</th></tr></thead>
      <tbody>${history.map((e) => html`<tr><td>${e.date || e.time.slice(0, 10)}</td><td>${named(EVENTS[e.kind]) || e.kind}${e.kind === "status" ? `：${named(STATUS_NAMES[e.fromStatus])} → ${named(STATUS_NAMES[e.toStatus])}` : ""}</td>
        <td class="amount">${e.amountFen ? yuan(e.amountFen) : ""}${e.differenceFen ? `（${t("差额", "difference")} ${yuan(e.differenceFen)}）` : ""}</td><td>${e.note}</td><td>${e.userName}</td></tr>`)}</tbody></table>
    ${mayWrite() && !disposed && html`<div class="asset-actions no-print">
      <h3>${t("清查", "Count")}</h3>
      <p><label>${t("清查价值（元）", "Counted value (yuan)")} <input class="count-value short" value=${counted} onInput=${(e: Event) => setCounted(value(e))} /></label>
        <label>${t("说明", "Note")} <input class="count-note" value=${countNote} onInput=${(e: Event) => setCountNote(value(e))} /></label>
        <button class="count-button" onClick=${() => {
          const fen = parseYuan(counted);
          if (fen === null) return setError(t("清查价值：请输入金额", "Counted value: an amount"));
          act(() => assets.recordInventoryCount({ requestId: newRequestId(), organizationId: props.org.id, assetId: asset.id, verifiedValueFen: fen, date: today(), note: countNote }),
            t("清查结果已记录", "Count recorded"));
        }}>${t("记录清查", "Record")}</button></p>
      <h3>${t("处置", "Dispose")}</h3>
      <p><label>${t("处置日期", "Date")} <input class="dispose-date" type="date" value=${disposeDate} onInput=${(e: Event) => setDisposeDate(value(e))} /></label>
        <label>${t("变价收入（元，可空）", "Proceeds (yuan, optional)")} <input class="dispose-proceeds short" value=${proceeds} onInput=${(e: Event) => setProceeds(value(e))} /></label>
        <label>${t("收入科目", "Into")} <input class="short" value=${proceedsAccount} onInput=${(e: Event) => setProceedsAccount(value(e))} /></label>
        <label>${t("说明", "Note")} <input class="dispose-note" value=${disposeNote} onInput=${(e: Event) => setDisposeNote(value(e))} /></label>
        <button class="dispose-button" onClick=${() => {
          const fen = proceeds.trim() ? parseYuan(proceeds) : 0n;
          if (fen === null) return setError(t("变价收入：请输入金额", "Proceeds: an amount"));
          act(() => assets.disposeAsset({ requestId: newRequestId(), organizationId: props.org.id, assetId: asset.id, date: disposeDate, proceedsFen: fen,
            proceedsAccount: fen ? proceedsAccount : "", note: disposeNote }), t("已处置，处置凭证已生成", "Disposed; its voucher is posted"));
        }}>${t("处置", "Dispose")}</button></p>
    </div>`}
    ${done && html`<p class="saved" role="status">${done}</p>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
  </section>`;
}

const EMPTY = { code: "", name: "", category: String(AssetCategory.MACHINERY), use: String(AssetUse.OPERATING), quantity: "1 台", acquired: today(),
  value: "", salvage: "5", life: "120", expense: "", pay: "102" };
/** 管理费用, where depreciation is charged unless the clerk names another account. */
const adminExpense = (org: Organization) => (org.chartVersion === ChartVersion.CHART_VERSION_2004 ? "541" : "513");
const USES: Record<number, [string, string]> = {
  [AssetUse.OPERATING]: ["经营性", "operating"],
  [AssetUse.NON_OPERATING]: ["非经营性", "non-operating"],
  [AssetUse.UNDETERMINED]: ["待界定", "undetermined"],
};

function NewAsset(props: { org: Organization; onSaved: () => void }) {
  const [form, setForm] = useState({ ...EMPTY });
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  const set = (k: keyof typeof EMPTY) => (e: Event) => setForm({ ...form, [k]: value(e) });
  const save = async (e: Event) => {
    e.preventDefault();
    setError("");
    setDone("");
    setErrors(new Map());
    const fen = parseYuan(form.value);
    if (fen === null) return setErrors(new Map([["asset.original_value_fen", t("请输入金额", "an amount")]]));
    const salvage = Number(form.salvage);
    if (!/^\d{1,2}(\.\d{1,2})?$/.test(form.salvage.trim()) || salvage >= 100) {
      return setErrors(new Map([["asset.salvage_rate_bp", t("残值率：0 到 99.99 之间的百分数", "salvage: a percentage under 100")]]));
    }
    if (!/^\d{1,4}$/.test(form.life.trim())) return setErrors(new Map([["asset.useful_life_months", t("请输入月数", "a number of months")]]));
    try {
      const r = await assets.createAsset({
        requestId: newRequestId(), organizationId: props.org.id, payAccount: form.pay.trim(),
        asset: {
          code: form.code.trim(), name: form.name.trim(), category: Number(form.category), use: Number(form.use), quantity: form.quantity,
          acquiredDate: form.acquired, originalValueFen: fen, salvageRateBp: Math.round(salvage * 100),
          method: DepreciationMethod.STRAIGHT_LINE, usefulLifeMonths: Number(form.life), expenseAccount: form.expense.trim() || adminExpense(props.org),
        },
      });
      setDone(t(`已建卡 ${r.asset?.code}${r.acquisitionVoucher ? `，购置凭证 ${r.acquisitionVoucher.number}` : ""}`, `Registered ${r.asset?.code}`));
      setForm({ ...EMPTY });
      props.onSaved();
    } catch (err) {
      setErrors(fieldErrors(err));
      setError(explain(err));
    }
  };
  const field = (k: string) => errors.get(`asset.${k}`) && html`<span class="field-error">${errors.get(`asset.${k}`)}</span>`;
  return html`<form class="new-asset no-print" onSubmit=${save}>
    <h3>${t("新建资产卡片", "New asset card")}</h3>
    <label>${t("资产编码", "Code")} <input name="code" class="short" value=${form.code} onInput=${set("code")} />${field("code")}</label>
    <label>${t("名称", "Name")} <input name="name" value=${form.name} onInput=${set("name")} />${field("name")}</label>
    <label>${t("类别", "Category")} <select name="category" onChange=${set("category")}>${Object.entries(CATEGORIES).map(([k, v]) =>
      html`<option value=${k} selected=${form.category === k}>${named(v)}</option>`)}</select></label>
    <label>${t("用途", "Use")} <select name="use" onChange=${set("use")}>${Object.entries(USES).map(([k, v]) =>
      html`<option value=${k} selected=${form.use === k}>${named(v)}</option>`)}</select></label>
    <label>${t("数量", "Quantity")} <input name="quantity" class="short" value=${form.quantity} onInput=${set("quantity")} /></label>
    <label>${t("取得日期", "Acquired")} <input name="acquired" type="date" value=${form.acquired} onInput=${set("acquired")} />${field("acquired_date")}</label>
    <label>${t("原值（元）", "Cost (yuan)")} <input name="value" class="short" value=${form.value} onInput=${set("value")} />${field("original_value_fen")}</label>
    <label>${t("残值率 %", "Salvage %")} <input name="salvage" class="short" value=${form.salvage} onInput=${set("salvage")} />${field("salvage_rate_bp")}</label>
    <label>${t("使用月数", "Life (months)")} <input name="life" class="short" value=${form.life} onInput=${set("life")} />${field("useful_life_months")}</label>
    <label>${t("折旧费用科目", "Charged to")} <input name="expense" class="short" placeholder=${adminExpense(props.org)} value=${form.expense} onInput=${set("expense")} />${field("expense_account")}</label>
    <label>${t("付款科目（空则不生成购置凭证）", "Paid from (empty: no voucher)")} <input name="pay" class="short" value=${form.pay} onInput=${set("pay")} /></label>
    <button type="submit" class="save-asset">${t("建卡", "Register")}</button>
    ${done && html`<p class="saved" role="status">${done}</p>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
  </form>`;
}

export function Assets(props: { org: Organization; assetId: string | null; onOpenAsset: (id: string | null) => void }) {
  const [cards, setCards] = useState<Asset[] | null>(null);
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [labels, setLabels] = useState<Asset[] | null>(null);
  const [month, setMonth] = useState(today().slice(0, 7));
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  const load = async () => {
    try {
      setCards(await allAssets(props.org.id));
    } catch (err) {
      setError(explain(err));
    }
  };
  useEffect(() => {
    load();
  }, [props.org.id]);
  if (props.assetId) return html`<${AssetCard} org=${props.org} assetId=${props.assetId} onBack=${() => props.onOpenAsset(null)} onChanged=${load} />`;
  if (labels) return html`<${LabelSheet} org=${props.org} cards=${labels} onBack=${() => setLabels(null)} />`;
  const depreciate = async () => {
    setError("");
    setDone("");
    try {
      const r = await assets.runDepreciation({ requestId: newRequestId(), organizationId: props.org.id, month });
      setDone(r.alreadyRun ? t(`${month} 已计提过折旧，本次未再计提`, `${month} was already run`)
        : r.voucher ? t(`${month} 折旧 ${yuan(r.totalFen)} 元，凭证 ${r.voucher.number}`, `${month}: ${yuan(r.totalFen)}, voucher ${r.voucher.number}`)
        : t(`${month} 无应提折旧`, `${month}: nothing due`));
      await load();
    } catch (err) {
      setError(explain(err));
    }
  };
  const toggle = (id: string) => {
    const next = new Set(chosen);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setChosen(next);
  };
  return html`<section class="assets">
    <h2>${t("资产", "Assets")} · ${props.org.displayName}</h2>
    <p class="no-print">
      <button class="print-chosen-labels" disabled=${!cards || chosen.size === 0} onClick=${() => setLabels(cards!.filter((a) => chosen.has(a.id)))}>
        ${t(`打印所选标签（${chosen.size}）`, `Labels for the chosen (${chosen.size})`)}</button>
      <button class="print-all-labels" disabled=${!cards?.length} onClick=${() => setLabels(cards!)}>${t("打印全部标签", "Labels for all")}</button>
      ${mayWrite() && html`　<label>${t("计提折旧月份", "Depreciation month")} <input class="dep-month short" value=${month} onInput=${(e: Event) => setMonth(value(e))} /></label>
        <button class="run-depreciation" onClick=${depreciate}>${t("计提折旧", "Run depreciation")}</button>`}
    </p>
    ${done && html`<p class="saved" role="status">${done}</p>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${cards && html`<table class="asset-list"><thead><tr><th><input type="checkbox" class="select-all-assets" checked=${cards.length > 0 && chosen.size === cards.length}
        onChange=${() => setChosen(chosen.size === cards.length ? new Set() : new Set(cards.map((a) => a.id)))} /></th>
      <th>${t("资产编码", "Code")}</th><th>${t("名称", "Name")}</th><th>${t("类别", "Category")}</th><th>${t("取得日期", "Acquired")}</th>
      <th class="amount">${t("原值", "Cost")}</th><th class="amount">${t("累计折旧", "Depreciation")}</th><th class="amount">${t("净值", "Net")}</th><th>${t("状态", "Status")}</th></tr></thead>
      <tbody>${cards.map((a) => html`<tr class="asset" data-code=${a.code}>
        <td><input type="checkbox" class="select-asset" checked=${chosen.has(a.id)} onChange=${() => toggle(a.id)} /></td>
        <td><a href=${`#/org/${props.org.id}/asset/${a.id}`} onClick=${(e: Event) => { e.preventDefault(); props.onOpenAsset(a.id); }}>${a.code}</a></td>
        <td>${a.name}</td><td>${named(CATEGORIES[a.category])}</td><td>${a.acquiredDate}</td>
        <td class="amount">${yuan(a.originalValueFen)}</td><td class="amount">${yuan(a.accumulatedDepreciationFen)}</td><td class="amount">${yuan(a.netValueFen)}</td>
        <td>${named(STATUS_NAMES[a.status])}</td></tr>`)}</tbody></table>`}
    ${mayWrite() && html`<${NewAsset} org=${props.org} onSaved=${load} />`}
  </section>`;
}
