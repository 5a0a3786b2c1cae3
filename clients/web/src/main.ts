// 三资 网页工作台: the clerk's console. One more gRPC client of sanzi-server (gRPC-Web, same
// origin): the same tokens, roles, scopes, validation and audit as the CLI.
//
// So far: the sign-in with a token, 选择单位 (the organisations in the user's scope, searchable
// by name or region code), and 凭证列表 (an organisation's vouchers, filtered by date, status and
// words of the 摘要, each opened with its lines; select many and 审核 / 记账 / 作废 them in one go,
// with progress and each voucher's own result). The token lives in sessionStorage, never in a URL.

import { Code, ConnectError, createClient, type Interceptor } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { html } from "htm/preact";
import { ErrorInfoSchema } from "./gen/google/rpc/error_details_pb";
import {
  OrganizationLevel,
  OrganizationService,
  type Organization,
} from "./gen/sanzi/v1/organization_pb";
import {
  LedgerService,
  VoucherStatus,
  type Voucher,
} from "./gen/sanzi/v1/ledger_pb";
import reasons from "../../reasons.json";

type Lang = "zh" | "en";
const TOKEN_KEY = "sanzi.token";
const LANG_KEY = "sanzi.lang";

let lang: Lang = localStorage.getItem(LANG_KEY) === "en" ? "en" : "zh";
const t = (zh: string, en: string) => (lang === "zh" ? zh : en);

const bearer: Interceptor = (next) => async (req) => {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) req.header.set("authorization", `Bearer ${token}`);
  return next(req);
};
const transport = createGrpcWebTransport({
  baseUrl: location.origin,
  interceptors: [bearer],
});
const orgs = createClient(OrganizationService, transport);
const ledger = createClient(LedgerService, transport);

/** Fen as yuan with two decimals and thousands separators, in integers only. */
function yuan(fen: bigint): string {
  const minus = fen < 0n ? "-" : "";
  const abs = fen < 0n ? -fen : fen;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${minus}${whole}.${(abs % 100n).toString().padStart(2, "0")}`;
}

const STATUSES: [VoucherStatus, string, string][] = [
  [VoucherStatus.DRAFT, "草稿", "draft"],
  [VoucherStatus.REVIEWED, "已审核", "reviewed"],
  [VoucherStatus.POSTED, "已记账", "posted"],
  [VoucherStatus.VOID, "作废", "void"],
];
const statusName = (s: VoucherStatus) => {
  const row = STATUSES.find(([v]) => v === s);
  return row ? (lang === "zh" ? row[1] : row[2]) : "";
};

/** A refusal as a clerk reads it: the reason's text from the server's table, or its message. */
function explain(e: unknown): string {
  const err = ConnectError.from(e);
  const info = err.findDetails(ErrorInfoSchema)[0];
  const row = info && (reasons as { reason: string; zh: string; en: string }[]).find(
    (r) => r.reason === info.reason,
  );
  if (row) return lang === "zh" ? row.zh : row.en;
  if (err.code === Code.Unauthenticated) return t("令牌无效或已过期", "the token is not valid");
  return err.rawMessage;
}

const LEVELS: Record<number, [string, string]> = {
  [OrganizationLevel.TOWNSHIP]: ["乡镇", "township"],
  [OrganizationLevel.VILLAGE]: ["村", "village"],
  [OrganizationLevel.GROUP]: ["组", "group"],
};

function SignIn(props: { onSignedIn: () => void }) {
  const [token, setToken] = useState("");
  const [error, setError] = useState("");
  const submit = async (e: Event) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, token.trim());
    try {
      await orgs.listOrganizations({ pageSize: 1 });
      props.onSignedIn();
    } catch (err) {
      sessionStorage.removeItem(TOKEN_KEY);
      setError(explain(err));
    }
  };
  return html`<form class="sign-in" onSubmit=${submit}>
    <h2>${t("登录", "Sign in")}</h2>
    <label>${t("令牌", "Token")}
      <input type="password" autocomplete="off" value=${token}
        onInput=${(e: Event) => setToken((e.target as HTMLInputElement).value)} /></label>
    <button type="submit">${t("登录", "Sign in")}</button>
    ${error && html`<p class="error" role="alert">${error}</p>`}
  </form>`;
}

function ChooseOrganization(props: { onChoose: (o: Organization) => void }) {
  const [list, setList] = useState<Organization[] | null>(null);
  const [error, setError] = useState("");
  const [query, setQuery] = useState("");
  useEffect(() => {
    (async () => {
      const all: Organization[] = [];
      let pageToken = "";
      try {
        do {
          const page = await orgs.listOrganizations({ pageSize: 1000, pageToken });
          all.push(...page.organizations);
          pageToken = page.nextPageToken;
        } while (pageToken);
        setList(all);
      } catch (err) {
        setError(explain(err));
      }
    })();
  }, []);
  if (error) return html`<p class="error" role="alert">${error}</p>`;
  if (!list) return html`<p>${t("正在读取……", "Loading…")}</p>`;
  const q = query.trim();
  const shown = list.filter(
    (o) => !q || o.displayName.includes(q) || `${o.regionCode}${o.groupCode}`.startsWith(q),
  );
  return html`<section>
    <h2>${t("选择单位", "Choose an organisation")}</h2>
    <input class="search" placeholder=${t("名称或区划代码", "name or region code")}
      value=${query} onInput=${(e: Event) => setQuery((e.target as HTMLInputElement).value)} />
    <table>
      <thead><tr>
        <th>${t("名称", "Name")}</th><th>${t("区划代码", "Region code")}</th>
        <th>${t("层级", "Level")}</th><th>${t("所在地", "Place")}</th>
      </tr></thead>
      <tbody>${shown.map(
        (o) => html`<tr class="pick" onClick=${() => props.onChoose(o)}>
          <td><a href="#" onClick=${(e: Event) => e.preventDefault()}>${o.displayName}</a></td><td>${o.regionCode}${o.groupCode}</td>
          <td>${(LEVELS[o.level] ?? ["", ""])[lang === "zh" ? 0 : 1]}</td>
          <td>${o.regionName}</td>
        </tr>`,
      )}</tbody>
    </table>
    <p class="count">${t(`共 ${shown.length} 个单位`, `${shown.length} organisations`)}</p>
  </section>`;
}

function VoucherList(props: { org: Organization; onBack: () => void }) {
  const [all, setAll] = useState<Voucher[] | null>(null);
  const [error, setError] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [status, setStatus] = useState<VoucherStatus>(VoucherStatus.UNSPECIFIED);
  const [words, setWords] = useState("");
  const [open, setOpen] = useState<Voucher | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [results, setResults] = useState<Map<string, string>>(new Map());
  const [progress, setProgress] = useState("");
  const [voidReason, setVoidReason] = useState("");
  const [reload, setReload] = useState(0);
  useEffect(() => {
    (async () => {
      setAll(null);
      setError("");
      const list: Voucher[] = [];
      let pageToken = "";
      try {
        do {
          const page = await ledger.listVouchers({
            organizationId: props.org.id,
            dateFrom: from,
            dateTo: to,
            status,
            pageSize: 1000,
            pageToken,
          });
          list.push(...page.vouchers);
          pageToken = page.nextPageToken;
        } while (pageToken);
        setAll(list);
      } catch (err) {
        setError(explain(err));
      }
    })();
  }, [props.org.id, from, to, status, reload]);

  /** Applies one action to every selected voucher in turn, showing progress and each result. */
  const apply = async (action: "review" | "post" | "void") => {
    if (action === "void" && !voidReason.trim()) {
      setProgress(t("作废须写明原因", "a void needs a reason"));
      return;
    }
    const ids = [...selected];
    const done = new Map(results);
    for (const [i, id] of ids.entries()) {
      setProgress(t(`正在处理 ${i + 1} / ${ids.length}`, `working: ${i + 1} of ${ids.length}`));
      const common = { requestId: crypto.randomUUID(), organizationId: props.org.id, voucherId: id };
      try {
        if (action === "review") await ledger.reviewVoucher(common);
        else if (action === "post") await ledger.postVoucher(common);
        else await ledger.voidVoucher({ ...common, reason: voidReason.trim() });
        done.set(id, "✓");
      } catch (err) {
        done.set(id, explain(err));
      }
      setResults(new Map(done));
    }
    const ok = ids.filter((id) => done.get(id) === "✓").length;
    setProgress(t(`完成：${ok} 张成功，${ids.length - ok} 张未成`, `done: ${ok} succeeded, ${ids.length - ok} did not`));
    setSelected(new Set());
    setReload((n) => n + 1);
  };
  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  const open_ = (v: Voucher) => (e: Event) => {
    if ((e.target as HTMLElement).tagName !== "INPUT") setOpen(v);
  };
  const value = (e: Event) => (e.target as HTMLInputElement).value;
  if (open) return html`<${VoucherView} voucher=${open} onBack=${() => setOpen(null)} />`;
  const w = words.trim();
  const shown = (all ?? []).filter((v) => !w || v.summary.includes(w));
  return html`<section>
    <p><button onClick=${props.onBack}>← ${t("选择单位", "Organisations")}</button></p>
    <h2>${t("凭证列表", "Vouchers")} · ${props.org.displayName}</h2>
    <div class="filters">
      <label>${t("起始日期", "From")} <input type="date" value=${from} onInput=${(e: Event) => setFrom(value(e))} /></label>
      <label>${t("截止日期", "To")} <input type="date" value=${to} onInput=${(e: Event) => setTo(value(e))} /></label>
      <label>${t("状态", "Status")} <select class="status" onChange=${(e: Event) => setStatus(Number(value(e)))}>
        <option value="0">${t("全部", "all")}</option>
        ${STATUSES.map(([v, zh, en]) => html`<option value=${v} selected=${status === v}>${lang === "zh" ? zh : en}</option>`)}
      </select></label>
      <label>${t("摘要", "Summary")} <input class="words" value=${words} onInput=${(e: Event) => setWords(value(e))} /></label>
    </div>
    <div class="actions">
      <button class="review" disabled=${!selected.size} onClick=${() => apply("review")}>${t("审核", "Review")}</button>
      <button class="post" disabled=${!selected.size} onClick=${() => apply("post")}>${t("记账", "Post")}</button>
      <input class="void-reason" placeholder=${t("作废原因", "reason to void")} value=${voidReason}
        onInput=${(e: Event) => setVoidReason(value(e))} />
      <button class="void" disabled=${!selected.size} onClick=${() => apply("void")}>${t("作废", "Void")}</button>
      <span class="progress" role="status">${progress}</span>
    </div>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${!all && !error && html`<p>${t("正在读取……", "Loading…")}</p>`}
    ${all && html`<table class="vouchers">
      <thead><tr>
        <th></th><th>${t("日期", "Date")}</th><th>${t("凭证号", "Number")}</th><th>${t("摘要", "Summary")}</th>
        <th class="amount">${t("金额", "Amount")}</th><th>${t("状态", "Status")}</th><th>${t("制单", "Prepared by")}</th>
        <th>${t("结果", "Result")}</th>
      </tr></thead>
      <tbody>${shown.map(
        (v) => html`<tr class="pick" onClick=${open_(v)}>
          <td>${(v.status === VoucherStatus.DRAFT || v.status === VoucherStatus.REVIEWED) &&
            html`<input type="checkbox" class="select" checked=${selected.has(v.id)} onChange=${() => toggle(v.id)} />`}</td>
          <td>${v.date}</td><td>${v.number || "—"}</td><td class="summary">${v.summary}</td>
          <td class="amount">${yuan(v.debitTotalFen)}</td><td class="status">${statusName(v.status)}</td><td>${preparerText(v)}</td>
          <td class="result">${results.get(v.id) ?? ""}</td>
        </tr>`,
      )}</tbody>
    </table>
    <p class="count">${t(`共 ${shown.length} 张凭证`, `${shown.length} vouchers`)}</p>`}
  </section>`;
}

/** Who sits in the 审核 place: a person, the old system's reviewer, or the generating operation. */
const reviewerText = (v: Voucher) =>
  v.origin
    ? `${t("系统生成：", "generated: ")}${v.origin}`
    : v.originalReviewer
      ? `${v.originalReviewer}${t("（原系统审核）", " (old system)")}`
      : v.reviewer;

/** Who sits in the 制单 place: a person, or the old system's preparer. */
const preparerText = (v: Voucher) =>
  v.originalPreparer ? `${v.originalPreparer}${t("（原系统制单）", " (old system)")}` : v.preparer;

function VoucherView(props: { voucher: Voucher; onBack: () => void }) {
  const v = props.voucher;
  return html`<section class="voucher">
    <p><button onClick=${props.onBack}>← ${t("凭证列表", "Vouchers")}</button></p>
    <h2>${t("记账凭证", "Voucher")} ${v.number}</h2>
    <p>${t("日期", "Date")}：${v.date}　${t("附单据", "Attachments")}：${v.attachmentCount} ${t("张", "")}　${t("状态", "Status")}：${statusName(v.status)}</p>
    <table>
      <thead><tr>
        <th>${t("摘要", "Summary")}</th><th>${t("科目", "Account")}</th>
        <th class="amount">${t("借方金额", "Debit")}</th><th class="amount">${t("贷方金额", "Credit")}</th>
      </tr></thead>
      <tbody>${v.lines.map(
        (l) => html`<tr>
          <td>${l.memo || v.summary}</td><td>${l.accountCode} ${l.accountName}</td>
          <td class="amount">${l.debitFen ? yuan(l.debitFen) : ""}</td>
          <td class="amount">${l.creditFen ? yuan(l.creditFen) : ""}</td>
        </tr>`,
      )}</tbody>
      <tfoot><tr>
        <th colspan="2">${t("合计", "Total")}</th>
        <th class="amount total-debit">${yuan(v.debitTotalFen)}</th>
        <th class="amount total-credit">${yuan(v.creditTotalFen)}</th>
      </tr></tfoot>
    </table>
    <p class="people">${t("制单", "Prepared by")}：${preparerText(v)}　${t("审核", "Reviewed by")}：${reviewerText(v)}　${t("记账", "Posted by")}：${v.poster}</p>
  </section>`;
}

function Console() {
  const [signedIn, setSignedIn] = useState(!!sessionStorage.getItem(TOKEN_KEY));
  const [org, setOrg] = useState<Organization | null>(null);
  const [, redraw] = useState(0);
  const switchLang = () => {
    lang = lang === "zh" ? "en" : "zh";
    localStorage.setItem(LANG_KEY, lang);
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    redraw((n) => n + 1);
  };
  const signOut = () => {
    sessionStorage.removeItem(TOKEN_KEY);
    setOrg(null);
    setSignedIn(false);
  };
  return html`<header>
      <h1>${t("三资 · 网页工作台", "Sanzi · console")}</h1>
      <nav>
        <button onClick=${switchLang}>${lang === "zh" ? "English" : "中文"}</button>
        ${signedIn && html`<button onClick=${signOut}>${t("退出", "Sign out")}</button>`}
      </nav>
    </header>
    <main>${!signedIn
      ? html`<${SignIn} onSignedIn=${() => setSignedIn(true)} />`
      : org
        ? html`<${VoucherList} org=${org} onBack=${() => setOrg(null)} />`
        : html`<${ChooseOrganization} onChoose=${setOrg} />`}</main>`;
}

render(html`<${Console} />`, document.getElementById("app")!);
