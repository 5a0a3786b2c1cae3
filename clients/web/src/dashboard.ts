// 驾驶舱: the pictures of the books, drawn in the browser from the same replies the statements
// and reports give (every figure on a chart is also in the table beside it, exact, in 元).
// - VillageBoard: cash and bank by day over the last 90 days; income and expense by month of the
//   year (bars) with the year's cumulative 净收益 (line), from each month's 收益及收益分配表;
//   receivables by age; assets by category with 原值 and 净值; land by class and state (亩).
// - RegionBoard (a township's clerk, a county's supervisor): the villages side by side — cash,
//   bank (each village's 科目余额表), income this year, overdue rent, months not closed,
//   disclosures due, sortable; the alerts map (each village's parcels red, yellow or green) and
//   the alerts list; the listings on the map; a click opens the village.
// Charts are uPlot on canvas (floating point only to place pixels); figures stay bigint fen.

import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { html } from "htm/preact";
import uPlot from "uplot";
import { createClient } from "@connectrpc/connect";
import { OrganizationLevel, type Organization } from "./gen/sanzi/v1/organization_pb";
import { StatementKind, type Statement } from "./gen/sanzi/v1/report_pb";
import { BalanceDirection, ChartVersion } from "./gen/sanzi/v1/common_pb";
import { AlertService, AlertSeverity, AlertKind, type Alert } from "./gen/sanzi/v1/alert_pb";
import { AssetCategory, AssetService, AssetStatus, type Asset } from "./gen/sanzi/v1/asset_pb";
import { type Parcel } from "./gen/sanzi/v1/resource_pb";
import { type Listing, ListingStatus } from "./gen/sanzi/v1/listing_pb";
import { scopeName } from "./places";
import { explain, lang, me, orgs, periods, reports, t, today, transport, yuan, named } from "./common";
import { CLASSES, Legend, ParcelCard, ShapesSvg, type Shape, type Label, allContracts, allListings, allParcels, contractsApi, resources } from "./map";
import { STATES, extent, hoverText, rings, stateOf } from "./parcels";
import { type Contract } from "./gen/sanzi/v1/contract_pb";

const alerts = createClient(AlertService, transport);
const assets = createClient(AssetService, transport);

/** 收益及收益分配表 rows (行次) that are income, those that are expense, and the row that is their
 * difference, by the form of the books' chart:
 * - 2023: 1 经营收入, 2 投资收益, 7 补助收入, 8 其他收入; 3 经营支出, 4 税金及附加, 5 管理费用,
 *   9 公益支出, 10 其他支出, 12 所得税费用; 13 净收益.
 * - 2004: 1 经营收入, 2 发包及上交收入, 3 投资收益, 7 农业税附加返还收入, 8 补助收入, 9 其他收入;
 *   4 经营支出, 5 管理费用, 10 其他支出; 11 本年收益. */
export function incomeRows(chart: ChartVersion): { income: number[]; expense: number[]; net: number } {
  return chart === ChartVersion.CHART_VERSION_2004
    ? { income: [1, 2, 3, 7, 8, 9], expense: [4, 5, 10], net: 11 }
    : { income: [1, 2, 7, 8], expense: [3, 4, 5, 9, 10, 12], net: 13 };
}

/** The sum of a statement's rows in one column (0 本期数, 1 本年累计数). */
export function rowsSum(s: Statement, rows: number[], column: number): bigint {
  return s.lines.filter((l) => rows.includes(l.row)).reduce((sum, l) => sum + (l.valuesFen[column] ?? 0n), 0n);
}

const dayOf = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const yuanFloat = (fen: bigint) => Number(fen) / 100;
/** Months `from`..`to` (YYYY-MM) inclusive. */
function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))];
  while (`${y}-${String(m).padStart(2, "0")}` <= to) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return out;
}
const previousMonth = (month: string) => {
  const [y, m] = [Number(month.slice(0, 4)), Number(month.slice(5, 7))];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, "0")}`;
};

/** A uPlot chart in a div, redrawn when its data change. */
function Chart(props: { options: Omit<uPlot.Options, "width" | "height">; data: uPlot.AlignedData; className: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return;
    const plot = new uPlot({ ...props.options, width: 720, height: 260 } as uPlot.Options, props.data, box.current);
    return () => plot.destroy();
  }, [JSON.stringify(props.data), lang]);
  return html`<div class=${`chart ${props.className}`} ref=${box}></div>`;
}

const yuanAxis = { values: (_u: uPlot, ticks: number[]) => ticks.map((v) => v.toLocaleString("zh-CN")) };

type Daily = { days: string[]; cash: bigint[]; bank: bigint[] };
/** Day-end balances of an account (with its sub-accounts) over `days`, debit positive. */
async function dailyBalances(organizationId: string, code: string, days: string[]): Promise<bigint[]> {
  const signed = (d: BalanceDirection, fen: bigint) => (d === BalanceDirection.CREDIT ? -fen : fen);
  let balance: bigint | null = null;
  const endOf = new Map<string, bigint>();
  let pageToken = "";
  do {
    const page = await reports.getAccountLedger({ organizationId, accountCode: code, dateFrom: days[0], dateTo: days[days.length - 1], pageSize: 1000, pageToken });
    if (balance === null) balance = signed(page.openingDirection, page.openingBalanceFen);
    for (const e of page.entries) endOf.set(e.date, signed(e.direction, e.balanceFen));
    pageToken = page.nextPageToken;
  } while (pageToken);
  return days.map((d) => {
    if (endOf.has(d)) balance = endOf.get(d)!;
    return balance ?? 0n;
  });
}

const AGES: [number, number, string, string][] = [
  [-Infinity, 0, "今日到期", "due today"],
  [1, 30, "逾期 1–30 天", "1–30 days overdue"],
  [31, 90, "逾期 31–90 天", "31–90 days"],
  [91, 180, "逾期 91–180 天", "91–180 days"],
  [181, 365, "逾期 181–365 天", "181–365 days"],
  [366, Infinity, "逾期一年以上", "over a year"],
];
export const CATEGORIES: Record<number, [string, string]> = {
  [AssetCategory.BUILDING]: ["房屋及建筑物", "buildings"],
  [AssetCategory.MACHINERY]: ["机器设备", "machinery"],
  [AssetCategory.VEHICLE]: ["运输工具", "vehicles"],
  [AssetCategory.INFRASTRUCTURE]: ["农业基础设施", "farm infrastructure"],
  [AssetCategory.ROAD_BRIDGE]: ["道路桥梁", "roads and bridges"],
  [AssetCategory.PUBLIC_FACILITY]: ["公益设施", "public facilities"],
  [AssetCategory.OTHER]: ["其他", "other"],
};

/** Every asset card of an organisation, all pages. */
export async function allAssets(organizationId: string): Promise<Asset[]> {
  const all: Asset[] = [];
  let pageToken = "";
  do {
    const page = await assets.listAssets({ organizationId, pageSize: 500, pageToken });
    all.push(...page.assets);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return all;
}

type Monthly = { month: string; income: bigint; expense: bigint; cumulative: bigint };

export function VillageBoard(props: { org: Organization }) {
  const [daily, setDaily] = useState<Daily | null>(null);
  const [monthly, setMonthly] = useState<Monthly[] | null>(null);
  const [ages, setAges] = useState<bigint[] | null>(null);
  const [cards, setCards] = useState<Asset[] | null>(null);
  const [land, setLand] = useState<Awaited<ReturnType<typeof resources.getParcelSummary>> | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    const id = props.org.id;
    const now = today();
    const opening = props.org.booksOpeningDate;
    (async () => {
      try {
        // Cash and bank by day: the last 90 days, from the opening date at the earliest.
        const first = Math.max(dayOf(now) - 89 * 86_400_000, dayOf(opening));
        const days: string[] = [];
        for (let d = first; d <= dayOf(now); d += 86_400_000) days.push(dateOf(d));
        const [cash, bank] = await Promise.all([dailyBalances(id, "101", days), dailyBalances(id, "102", days)]);
        setDaily({ days, cash, bank });
        // Income and expense by month of this year, each month's 收益及收益分配表.
        const year = now.slice(0, 4);
        const from = opening.slice(0, 4) === year ? opening.slice(0, 7) : `${year}-01`;
        const months = monthsBetween(from, now.slice(0, 7));
        const statements = await Promise.all(months.map((period) =>
          reports.getStatement({ kind: StatementKind.INCOME_STATEMENT, organizationId: id, period })));
        setMonthly(statements.map((s, i) => {
          const rows = incomeRows(s.chartVersion);
          return { month: months[i], income: rowsSum(s, rows.income, 0), expense: rowsSum(s, rows.expense, 0), cumulative: rowsSum(s, [rows.net], 1) };
        }));
        const r = await contractsApi.listReceivables({ organizationId: id });
        setAges(AGES.map(([lo, hi]) => r.receivables.filter((x) => x.daysOverdue >= lo && x.daysOverdue <= hi)
          .reduce((s, x) => s + x.outstandingFen, 0n)));
        setCards(await allAssets(id));
        setLand(await resources.getParcelSummary({ organizationId: id }));
      } catch (err) {
        setError(explain(err));
      }
    })();
  }, [props.org.id]);
  const byCategory = cards && Object.keys(CATEGORIES).map(Number).map((c) => {
    const mine = cards.filter((a) => a.category === c && a.status !== AssetStatus.DISPOSED);
    return { c, count: mine.length, original: mine.reduce((s, a) => s + a.originalValueFen, 0n), net: mine.reduce((s, a) => s + a.netValueFen, 0n) };
  }).filter((x) => x.count > 0);
  const agesTotal = ages?.reduce((s, x) => s + x, 0n) ?? 0n;
  const monthLabel = (m: string) => t(`${Number(m.slice(5))}月`, m);
  return html`<section class="village-board">
    <h2>${t("驾驶舱", "Dashboard")} · ${props.org.displayName}</h2>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    <div class="board-grid">
      <div class="panel cash-panel">
        <h3>${t("现金和银行存款（近 90 天，日终余额）", "Cash and bank, day-end, last 90 days")}</h3>
        ${daily && html`<${Chart} className="cash-chart" data=${[daily.days.map((d) => dayOf(d) / 1000), daily.cash.map(yuanFloat), daily.bank.map(yuanFloat)]}
          options=${{
            // Cash on its own scale (right), bank on the left: a few thousand 元 of cash would lie
            // flat beside hundreds of thousands in the bank. The figures are under the chart.
            series: [{}, { label: t("库存现金（右轴，元）", "cash (right axis, yuan)"), stroke: "#e76f51", width: 2, scale: "cash" },
              { label: t("银行存款（左轴，元）", "bank (left axis, yuan)"), stroke: "#264653", width: 2, scale: "bank" }],
            legend: { live: false },
            axes: [{ space: 80, values: (_u: uPlot, ticks: number[]) => ticks.map((v) => { const d = dateOf(v * 1000); return t(`${Number(d.slice(5, 7))}月${Number(d.slice(8))}日`, d.slice(5)); }) },
              { ...yuanAxis, scale: "bank", size: 80 }, { ...yuanAxis, scale: "cash", side: 1, size: 70, grid: { show: false } }],
          }} />
          <p class="panel-figures">${t("今日余额", "Today")}：${t("库存现金", "cash")} <b class="cash-today">${yuan(daily.cash[daily.cash.length - 1])}</b>　${t("银行存款", "bank")} <b class="bank-today">${yuan(daily.bank[daily.bank.length - 1])}</b></p>`}
      </div>
      <div class="panel income-panel">
        <h3>${t("本年收入和支出（按月）及本年累计净收益", "Income and expense by month, and the year's net income")}</h3>
        ${monthly && html`<${Chart} className="income-chart" data=${[monthly.map((_, i) => i + 1), monthly.map((m) => yuanFloat(m.income)), monthly.map((m) => yuanFloat(m.expense)), monthly.map((m) => yuanFloat(m.cumulative))]}
          options=${{
            scales: { x: { time: false, range: [0.5, monthly.length + 0.5] } },
            // The figures are in the table under the chart; the legend only names the series.
            legend: { live: false },
            series: [{ label: t("月份", "Month"), value: (_u: uPlot, v: number) => (v != null && monthly[v - 1] ? monthly[v - 1].month : "--") },
              { label: t("收入（元）", "income (yuan)"), fill: "#2a9d8fcc", stroke: "#2a9d8f", paths: uPlot.paths.bars!({ size: [0.35, 60], align: -1 }), points: { show: false } },
              { label: t("支出（元）", "expense (yuan)"), fill: "#e76f51cc", stroke: "#e76f51", paths: uPlot.paths.bars!({ size: [0.35, 60], align: 1 }), points: { show: false } },
              { label: t("本年累计净收益", "net income, year to date"), stroke: "#264653", width: 2 }],
            axes: [{ values: (_u: uPlot, ticks: number[]) => ticks.map((v) => (Number.isInteger(v) && monthly[v - 1] ? monthLabel(monthly[v - 1].month) : "")) }, { ...yuanAxis, size: 80 }],
          }} />
          <table class="monthly"><thead><tr><th>${t("月份", "Month")}</th><th class="amount">${t("收入", "Income")}</th><th class="amount">${t("支出", "Expense")}</th><th class="amount">${t("本年累计净收益", "Net, year to date")}</th></tr></thead>
            <tbody>${monthly.map((m) => html`<tr data-month=${m.month}><td>${m.month}</td><td class="amount income">${yuan(m.income)}</td>
              <td class="amount expense">${yuan(m.expense)}</td><td class="amount cumulative">${yuan(m.cumulative)}</td></tr>`)}</tbody></table>`}
      </div>
      <div class="panel ages-panel">
        <h3>${t("应收租金账龄（合同租金，已到期未收）", "Rent receivable by age (contract rent due and unpaid)")}</h3>
        ${ages && html`<table class="ages"><tbody>${AGES.map(([, , zh, en], i) => html`<tr class="age" data-age=${i}><td>${t(zh, en)}</td><td class="amount">${yuan(ages[i])}</td>
          <td class="bar-cell"><span class="hbar" style=${{ width: `${agesTotal ? Number((ages[i] * 100n) / agesTotal) : 0}%` }}></span></td></tr>`)}
          <tr class="total"><td>${t("合计", "Total")}</td><td class="amount ages-total">${yuan(agesTotal)}</td><td></td></tr></tbody></table>`}
      </div>
      <div class="panel assets-panel">
        <h3>${t("固定资产（按类别，不含已处置）", "Fixed assets by category (not disposed)")}</h3>
        ${byCategory && (byCategory.length === 0 ? html`<p>${t("无", "None")}</p>` : html`<table class="by-category"><thead><tr><th>${t("类别", "Category")}</th><th class="amount">${t("张数", "Cards")}</th><th class="amount">${t("原值", "Cost")}</th><th class="amount">${t("净值", "Net")}</th></tr></thead>
          <tbody>${byCategory.map((x) => html`<tr class="category"><td>${named(CATEGORIES[x.c])}</td><td class="amount count">${x.count}</td><td class="amount original">${yuan(x.original)}</td><td class="amount net">${yuan(x.net)}</td></tr>`)}</tbody></table>`)}
      </div>
      <div class="panel land-panel">
        <h3>${t("土地（亩）", "Land (mu)")}</h3>
        ${land && html`<table class="land by-class"><thead><tr><th>${t("地类", "Class")}</th><th class="amount">${t("块数", "Parcels")}</th><th class="amount">${t("亩", "mu")}</th></tr></thead>
          <tbody>${land.byLandClass.map((a) => html`<tr class="land-row"><td>${a.label}</td><td class="amount">${a.parcels}</td><td class="amount">${a.areaMu}</td></tr>`)}</tbody></table>
          <table class="land by-state"><thead><tr><th>${t("状态", "State")}</th><th class="amount">${t("块数", "Parcels")}</th><th class="amount">${t("亩", "mu")}</th></tr></thead>
          <tbody>${land.byUseStatus.map((a) => html`<tr class="land-row"><td>${a.label}</td><td class="amount">${a.parcels}</td><td class="amount">${a.areaMu}</td></tr>`)}</tbody></table>`}
      </div>
    </div>
  </section>`;
}

const SEVERITY: Record<string, [string, string, string]> = {
  red: ["红色", "red", "#e63946"],
  yellow: ["黄色", "yellow", "#f4d35e"],
  green: ["绿色", "green", "#52b788"],
};
const worst = (list: Alert[]) =>
  list.some((a) => a.severity === AlertSeverity.RED) ? "red" : list.some((a) => a.severity === AlertSeverity.YELLOW) ? "yellow" : "green";

type Row = {
  org: Organization; cash: bigint; bank: bigint; income: bigint; overdue: bigint; notClosed: number; disclosuresDue: number; colour: string;
};
type Column = [keyof Row, string, string];
const COLUMNS: Column[] = [
  ["cash", "库存现金", "Cash"], ["bank", "银行存款", "Bank"], ["income", "本年收入", "Income this year"],
  ["overdue", "逾期租金", "Overdue rent"], ["notClosed", "未结账月数", "Months not closed"],
  ["disclosuresDue", "待公开", "Disclosures due"], ["colour", "预警", "Alerts"],
];
const RANK: Record<string, number> = { red: 2, yellow: 1, green: 0 };

/** One village's row: its trial balance (101, 102 closing today), this year's income, overdue
 * rent, months not closed and disclosures due. */
async function villageRow(org: Organization, alertsOf: Alert[]): Promise<Row> {
  const now = today();
  const monthStart = `${now.slice(0, 7)}-01`;
  const from = org.booksOpeningDate > monthStart ? org.booksOpeningDate : monthStart;
  const [tb, statement, receivables, status] = await Promise.all([
    reports.getTrialBalance({ organizationId: org.id, dateFrom: from, dateTo: now }),
    reports.getStatement({ kind: StatementKind.INCOME_STATEMENT, organizationId: org.id, period: now.slice(0, 4) }),
    contractsApi.listReceivables({ organizationId: org.id, minDaysOverdue: 1 }),
    periods.getPeriodStatus({ organizationId: org.id }),
  ]);
  const closing = (code: string) => {
    const r = tb.rows.find((x) => x.code === code);
    return r ? r.closingDebitFen - r.closingCreditFen : 0n;
  };
  const lastFull = previousMonth(now.slice(0, 7));
  const next = status.nextToClose || lastFull;
  return {
    org,
    cash: closing("101"),
    bank: closing("102"),
    income: rowsSum(statement, incomeRows(statement.chartVersion).income, 1),
    overdue: receivables.outstandingTotalFen,
    notClosed: next <= lastFull ? monthsBetween(next, lastFull).length : 0,
    disclosuresDue: alertsOf.filter((a) => a.kind === AlertKind.DISCLOSURE_NOT_PUBLISHED).length,
    colour: worst(alertsOf),
  };
}

/** `work` for each item, four at a time (a county has hundreds of villages), telling `progress`
 * how many are done; `null` once `fresh` says the answers are no longer wanted. */
async function inTurn<T, R>(items: T[], fresh: () => boolean, work: (item: T) => Promise<R>, progress: (done: number) => void): Promise<R[] | null> {
  const out: R[] = new Array(items.length);
  let next = 0;
  let done = 0;
  const worker = async () => {
    while (next < items.length && fresh()) {
      const i = next++;
      out[i] = await work(items[i]);
      done += 1;
      if (fresh()) progress(done);
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return fresh() ? out : null;
}

/** Prints only the township's map (title, date, legend) on an A4 landscape page: the page is
 * marked while the print dialog is up, and the print style hides the rest of the board. */
function printMap() {
  document.body.classList.add("print-map");
  window.addEventListener("afterprint", () => document.body.classList.remove("print-map"), { once: true });
  window.print();
}

/** The township's (or county's) villages side by side, the map of their parcels (coloured by
 * alert light, land class or state), the alerts list. */
export function RegionBoard(props: { onOpen: (o: Organization) => void; onBack: () => void }) {
  const scopes = me?.scopes ?? [];
  const [scope, setScope] = useState(scopes[0] ?? "");
  const [title, setTitle] = useState("");
  const [rows, setRows] = useState<Row[] | null>(null);
  const [alertList, setAlertList] = useState<Alert[]>([]);
  const [parcels, setParcels] = useState<Map<string, Parcel[]>>(new Map());
  const [contracts, setContracts] = useState<Map<string, Contract[]>>(new Map());
  const [listings, setListings] = useState<Listing[]>([]);
  const [sortBy, setSortBy] = useState<[keyof Row, boolean]>(["colour", true]);
  const [by, setBy] = useState<"alerts" | "class" | "state">("alerts");
  const [chosen, setChosen] = useState<[Parcel, Organization] | null>(null);
  const [progress, setProgress] = useState("");
  const [error, setError] = useState("");
  useEffect(() => {
    // A scope chosen while another loads: the older load stops writing (and stops reading).
    let current = true;
    const fresh = () => current;
    setTitle(scope);
    setRows(null);
    setAlertList([]);
    setParcels(new Map());
    setContracts(new Map());
    setListings([]);
    setChosen(null);
    setError("");
    setProgress("");
    (async () => {
      try {
        const all: Organization[] = [];
        let pageToken = "";
        do {
          const page = await orgs.listOrganizations({ regionPrefix: scope, pageSize: 1000, pageToken });
          all.push(...page.organizations);
          pageToken = page.nextPageToken;
        } while (pageToken && fresh());
        if (!fresh()) return;
        const villages = all.filter((o) => o.level !== OrganizationLevel.TOWNSHIP);
        setTitle(scopeName(scope, all));
        const found = (await alerts.listAlerts({ scope })).alerts.filter((a) => !a.acknowledged);
        if (!fresh()) return;
        setAlertList(found);
        const out = await inTurn(villages, fresh, (v) => villageRow(v, found.filter((a) => a.organizationId === v.id)),
          (done) => setProgress(t(`正在读取各村账簿 ${done}/${villages.length}`, `Reading the villages' books ${done}/${villages.length}`)));
        if (!out) return;
        setRows(out);
        const held = await inTurn(villages, fresh, async (v) => [await allParcels(v.id), await allContracts(v.id)] as const,
          (done) => setProgress(t(`正在读取各村地块 ${done}/${villages.length}`, `Reading the villages' parcels ${done}/${villages.length}`)));
        if (!held) return;
        const offered = await allListings(scope);
        if (!fresh()) return;
        setProgress("");
        setListings(offered);
        setContracts(new Map(villages.map((v, i) => [v.id, held[i][1]])));
        setParcels(new Map(villages.map((v, i) => [v.id, held[i][0]])));
      } catch (err) {
        if (fresh()) setError(explain(err));
      }
    })();
    return () => {
      current = false;
    };
  }, [scope]);
  // Each parcel's outline, read once when the parcels arrive (not at every redraw).
  const outlines = useMemo(() => new Map([...parcels].map(([id, list]) => [id, list.map((p) => ({ p, rings: rings(p.boundaryGeojson) }))])), [parcels]);
  const [key, descending] = sortBy;
  const sorted = rows && [...rows].sort((a, b) => {
    const [x, y] = key === "colour" ? [RANK[a.colour], RANK[b.colour]] : [a[key], b[key]];
    const order = x < y ? -1 : x > y ? 1 : a.org.regionCode.localeCompare(b.org.regionCode);
    return descending ? -order : order;
  });
  const sortOn = (k: keyof Row) => setSortBy([k, k === key ? !descending : true]);
  const figure = (r: Row, k: keyof Row) =>
    typeof r[k] === "bigint" ? yuan(r[k] as bigint)
      : k === "colour" ? html`<span class=${`light light-${r.colour}`} title=${named(SEVERITY[r.colour])}></span> ${named(SEVERITY[r.colour])}`
      : String(r[k]);
  // The map: every village's parcels, coloured by its alert light, by land class or by state; the
  // parcels listed for transfer outlined; each village's name above its parcels; a click opens
  // the parcel's card, and from it the village.
  const live = new Set(listings.filter((l) => l.status === ListingStatus.LISTED).map((l) => l.subjectId));
  const shapes: Shape[] = [];
  const labels: Label[] = [];
  const without: [Parcel, Organization, string][] = [];
  const used = new Set<string>();
  let listedDrawn = 0;
  const now = today();
  for (const r of rows ?? []) {
    const uses = { contracts: contracts.get(r.org.id) ?? [], listings, today: now };
    const mine = outlines.get(r.org.id) ?? [];
    without.push(...mine.filter((s) => s.rings.length === 0).map((s): [Parcel, Organization, string] => [s.p, r.org, stateOf(s.p, uses)]));
    const drawn = mine.filter((s) => s.rings.length > 0);
    for (const { p, rings: rs } of drawn) {
      const state = stateOf(p, uses);
      used.add(by === "class" ? String(p.landClass) : by === "state" ? state : r.colour);
      if (live.has(p.id)) listedDrawn += 1;
      shapes.push({
        key: p.id, code: p.code, rings: rs,
        fill: (by === "alerts" ? SEVERITY[r.colour][2] : by === "class" ? CLASSES[p.landClass]?.[2] : STATES[state][2]) ?? "#ccc",
        title: `${r.org.displayName}\n${hoverText(p, lang)}${live.has(p.id) ? t("\n挂牌中", "\nlisted") : ""}`,
        className: `village-${r.colour}${live.has(p.id) ? " listed" : ""}${p.retired ? " retired" : ""}${chosen?.[0].id === p.id ? " chosen" : ""}`,
        onClick: () => setChosen([p, r.org]),
      });
    }
    if (drawn.length) {
      const box = extent((function* () {
        for (const s of drawn) for (const ring of s.rings) yield* ring;
      })());
      // The village's name above its parcels (at the middle it read as one parcel's name).
      labels.push({ key: r.org.id, text: r.org.displayName.replace(/^.*?(?:镇|乡|街道)/, "").replace(/(?:股份)?经济(?:合作社|联合社)$/, ""), at: [(box.minX + box.maxX) / 2, box.maxY], above: true });
    }
  }
  const legend: [string, string][] = by === "alerts"
    ? Object.values(SEVERITY).map((s) => [named(s), s[2]])
    : by === "class"
      ? Object.entries(CLASSES).filter(([c]) => used.has(c)).map(([, c]) => [named(c), c[2]])
      : Object.entries(STATES).filter(([s]) => used.has(s)).map(([, s]) => [named(s), s[2]]);
  const byName = { alerts: t("预警（红黄绿）", "alerts"), class: t("地类", "land class"), state: t("状态", "state") };
  return html`<section class="region-board">
    <p class="no-print"><button onClick=${props.onBack}>← ${t("选择单位", "Organisations")}</button>
      ${scopes.length > 1 && html` <label>${t("范围", "Scope")} <select class="board-scope" onChange=${(e: Event) => setScope((e.target as HTMLSelectElement).value)}>
        ${scopes.map((s) => html`<option value=${s} selected=${s === scope}>${s === scope && title ? title : s}</option>`)}</select></label>`}</p>
    <h2>${t("驾驶舱", "Dashboard")} · <span class="board-title">${title || scope || t("全部", "all")}</span></h2>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${progress && html`<p class="progress">${progress}</p>`}
    ${sorted && html`<table class="villages"><thead><tr><th>${t("单位", "Organisation")}</th>
      ${COLUMNS.map(([k, zh, en]) => html`<th class=${`sortable amount col-${k}${k === key ? (descending ? " down" : " up") : ""}`} onClick=${() => sortOn(k)}>${t(zh, en)}</th>`)}</tr></thead>
      <tbody>${sorted.map((r) => html`<tr class="village" data-region=${r.org.regionCode + r.org.groupCode}>
        <td><a href="#" onClick=${(e: Event) => { e.preventDefault(); props.onOpen(r.org); }}>${r.org.displayName}</a></td>
        ${COLUMNS.map(([k]) => html`<td class=${`amount col-${k}`}>${figure(r, k)}</td>`)}</tr>`)}</tbody></table>`}
    ${(shapes.length > 0 || without.length > 0) && html`<div class="region-map">
      <h3 class="print-only">${t("资源一张图", "Parcel map")} · ${title || scope}</h3>
      <p class="print-only map-printed">${t("打印日期", "Printed")}：${today()}　${t("着色", "Colour by")}：${byName[by]}</p>
      <div class="map-and-list">
      <div>
        <p class="no-print"><label>${t("着色", "Colour by")} <select class="board-colour" onChange=${(e: Event) => setBy((e.target as HTMLSelectElement).value as "alerts" | "class" | "state")}>
          ${(["alerts", "class", "state"] as const).map((k) => html`<option value=${k} selected=${by === k}>${byName[k]}</option>`)}</select></label>
          <button class="print-map-button" onClick=${printMap}>${t("打印地图", "Print the map")}</button></p>
        ${shapes.length > 0 ? html`<${ShapesSvg} shapes=${shapes} labels=${labels} ariaLabel=${t("各村地块分布图", "map of the villages' parcels")} />`
          : html`<p class="no-shapes">${t("各村地块都还没有边界，无图可画；地块列在右边。", "No parcel has a boundary yet: nothing to draw; the parcels are listed beside.")}</p>`}
      </div>
      <div class="map-side">
        <${Legend} items=${legend} listed=${`${t("挂牌中的地块", "listed parcels")}（${listedDrawn}）`} />
        ${without.length > 0 && html`<div class="no-boundary"><h3>${t("无边界的地块", "Parcels without a boundary")}</h3>
          <ul>${without.map(([p, o, state]) => html`<li><a href="#" onClick=${(e: Event) => { e.preventDefault(); setChosen([p, o]); }}>${p.code} ${p.name}</a>
            <span class="no-boundary-state">（${named(STATES[state])}）</span></li>`)}</ul></div>`}
        ${chosen && html`<div class="region-card">
          <p class="no-print"><b>${chosen[1].displayName}</b> <button class="open-village" onClick=${() => props.onOpen(chosen[1])}>${t("打开本村账簿", "Open its books")}</button></p>
          <${ParcelCard} parcel=${chosen[0]} parcels=${parcels.get(chosen[1].id) ?? []} contracts=${contracts.get(chosen[1].id) ?? []} listings=${listings} /></div>`}
      </div>
      </div>
    </div>`}
    <div class="alerts-block">
    <h3>${t("预警", "Alerts")}</h3>
    ${alertList.length === 0 ? html`<p>${t("无未处理的预警。", "No open alerts.")}</p>` : html`<table class="alerts"><thead><tr><th>${t("级别", "Level")}</th><th>${t("单位", "Organisation")}</th><th>${t("预警", "Alert")}</th></tr></thead>
      <tbody>${[...alertList].sort((a, b) => b.severity - a.severity).map((a) => html`<tr class="alert" data-org=${a.organizationId} data-severity=${a.severity === AlertSeverity.RED ? "red" : "yellow"}>
        <td class="level"><span class=${`light light-${a.severity === AlertSeverity.RED ? "red" : "yellow"}`}></span> ${named(SEVERITY[a.severity === AlertSeverity.RED ? "red" : "yellow"])}</td>
        <td><a href="#" onClick=${(e: Event) => { e.preventDefault(); const r = rows?.find((x) => x.org.id === a.organizationId); if (r) props.onOpen(r.org); }}>${a.organizationName}</a></td>
        <td>${a.title}</td></tr>`)}</tbody></table>`}
    </div>
  </section>`;
}
