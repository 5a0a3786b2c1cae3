// 账簿: 明细账, 现金日记账 and 银行存款日记账 in the three-column form (日期 | 凭证号 | 摘要 | 借方 |
// 贷方 | 借或贷 | 余额), 总账 by month, and the 科目余额表. Books come in numbered pages; a full
// page ends with 过次页 carrying the month's running totals and the balance, and the next begins
// with them as 承前页. Each month ends with 本月合计 and 本年累计 (bookkeeping-forms.md). The screen
// shows the very pages the printer gets.

import { useState } from "preact/hooks";
import { html } from "htm/preact";
import { type Organization } from "./gen/sanzi/v1/organization_pb";
import { BalanceDirection } from "./gen/sanzi/v1/common_pb";
import { type Kind, type Row, bookRows, paginate } from "./book-pages";
import { type GetTrialBalanceResponse } from "./gen/sanzi/v1/report_pb";
import { explain, reports, t, today, value, yuan } from "./common";

const side = (balance: bigint) => (balance > 0n ? "借" : balance < 0n ? "贷" : "平");
const money = (fen: bigint | null) => (fen === null || fen === 0n ? "" : yuan(fen));
const signed = (dir: BalanceDirection, fen: bigint) => (dir === BalanceDirection.CREDIT ? -fen : fen);

const TITLES: Record<Kind, [string, string]> = {
  detail: ["明细账", "Detail ledger"],
  cash: ["现金日记账", "Cash journal"],
  bank: ["银行存款日记账", "Bank journal"],
  general: ["总账", "General ledger"],
};

export function Books(props: { org: Organization }) {
  const [kind, setKind] = useState<Kind>("detail");
  const [code, setCode] = useState("101");
  const [year, setYear] = useState(today().slice(0, 4));
  const [pages, setPages] = useState<Row[][] | null>(null);
  const [title, setTitle] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const show = async (e: Event) => {
    e.preventDefault();
    setError("");
    setBusy(true);
    const account = kind === "cash" ? "101" : kind === "bank" ? "102" : code.trim();
    try {
      const entries: { date: string; number: string; summary: string; debit: bigint; credit: bigint }[] = [];
      let pageToken = "";
      let opening = 0n;
      let name = "";
      do {
        const page = await reports.getAccountLedger({
          organizationId: props.org.id,
          accountCode: account,
          dateFrom: `${year}-01-01`,
          dateTo: `${year}-12-31`,
          pageSize: 1000,
          pageToken,
        });
        opening = signed(page.openingDirection, page.openingBalanceFen);
        name = page.accountName;
        for (const x of page.entries) {
          entries.push({ date: x.date, number: x.voucherNumber, summary: x.memo || x.summary, debit: x.debitFen, credit: x.creditFen });
        }
        pageToken = page.nextPageToken;
      } while (pageToken);
      setTitle(`${account} ${name}`);
      setPages(paginate(bookRows(kind, year, opening, entries)));
    } catch (err) {
      setPages(null);
      setError(explain(err));
    } finally {
      setBusy(false);
    }
  };

  return html`<section class="books">
    <form class="filters no-print" onSubmit=${show}>
      <label>${t("账簿", "Book")} <select class="book-kind" onChange=${(e: Event) => setKind(value(e) as Kind)}>
        ${(Object.keys(TITLES) as Kind[]).map((k) => html`<option value=${k} selected=${kind === k}>${t(...TITLES[k])}</option>`)}
      </select></label>
      ${(kind === "detail" || kind === "general") &&
        html`<label>${t("科目编码", "Account code")} <input class="book-account short" value=${code} onInput=${(e: Event) => setCode(value(e))} /></label>`}
      <label>${t("年度", "Year")} <input class="book-year short" value=${year} onInput=${(e: Event) => setYear(value(e))} /></label>
      <button type="submit" class="show-book" disabled=${busy}>${t("查看", "Show")}</button>
      ${pages && html`<button type="button" onClick=${() => window.print()}>${t("打印", "Print")}</button>`}
    </form>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${pages && pages.map((rows, p) => html`<article class="book-page">
      <h1>${TITLES[kind][0]}</h1>
      <div class="sheet-head"><span>单位：${props.org.displayName}</span><span>科目：${title}</span><span>${year} 年度</span>
        <span class="page-number">第 ${p + 1} 页 共 ${pages.length} 页</span></div>
      <table>
        <thead><tr><th>日期</th><th>凭证号</th><th>摘要</th><th class="amount">借方</th><th class="amount">贷方</th><th>借或贷</th><th class="amount">余额</th></tr></thead>
        <tbody>${rows.map((r) => html`<tr class=${r.rule ? `rule-${r.rule}` : r.summary === "承前页" || r.summary === "过次页" ? "carry" : ""}>
          <td>${r.date.slice(5)}</td><td>${r.number}</td><td>${r.summary}</td>
          <td class="amount">${money(r.debit)}</td><td class="amount">${money(r.credit)}</td>
          <td>${side(r.balance)}</td><td class="amount">${yuan(r.balance < 0n ? -r.balance : r.balance)}</td></tr>`)}</tbody>
      </table>
    </article>`)}
  </section>`;
}

export function TrialBalance(props: { org: Organization }) {
  const month = today().slice(0, 7);
  const [from, setFrom] = useState(`${month}-01`);
  const [to, setTo] = useState(today());
  const [tb, setTb] = useState<GetTrialBalanceResponse | null>(null);
  const [error, setError] = useState("");
  const show = async (e: Event) => {
    e.preventDefault();
    setError("");
    try {
      setTb(await reports.getTrialBalance({ organizationId: props.org.id, dateFrom: from, dateTo: to }));
    } catch (err) {
      setError(explain(err));
    }
  };
  const pair = (d: bigint, c: bigint) => html`<td class="amount">${money(d)}</td><td class="amount">${money(c)}</td>`;
  return html`<section class="trial-balance">
    <form class="filters no-print" onSubmit=${show}>
      <label>${t("起始日期", "From")} <input type="date" value=${from} onInput=${(e: Event) => setFrom(value(e))} /></label>
      <label>${t("截止日期", "To")} <input type="date" value=${to} onInput=${(e: Event) => setTo(value(e))} /></label>
      <button type="submit" class="show-tb">${t("查看", "Show")}</button>
      ${tb && html`<button type="button" onClick=${() => window.print()}>${t("打印", "Print")}</button>`}
    </form>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${tb && html`<article class="book-page">
      <h1>科目余额表</h1>
      <div class="sheet-head"><span>单位：${props.org.displayName}</span><span>${from} 至 ${to}</span><span>单位：元</span></div>
      <table>
        <thead>
          <tr><th rowspan="2">科目编码</th><th rowspan="2">科目名称</th><th colspan="2">期初余额</th><th colspan="2">本期发生额</th><th colspan="2">期末余额</th></tr>
          <tr><th>借方</th><th>贷方</th><th>借方</th><th>贷方</th><th>借方</th><th>贷方</th></tr>
        </thead>
        <tbody>${tb.rows.map((r) => html`<tr>
          <td>${r.code}</td><td class=${`depth-${r.depth}`}>${r.name}</td>
          ${pair(r.openingDebitFen, r.openingCreditFen)}${pair(r.periodDebitFen, r.periodCreditFen)}${pair(r.closingDebitFen, r.closingCreditFen)}</tr>`)}</tbody>
        ${tb.totals && html`<tfoot><tr><th colspan="2">合计</th>
          ${pair(tb.totals.openingDebitFen, tb.totals.openingCreditFen)}${pair(tb.totals.periodDebitFen, tb.totals.periodCreditFen)}${pair(tb.totals.closingDebitFen, tb.totals.closingCreditFen)}</tr></tfoot>`}
      </table>
    </article>`}
  </section>`;
}
