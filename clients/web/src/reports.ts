// 报表 and 结账: the two statements on screen (资产负债表, 收益及收益分配表) with their checks, the
// XLSX and CSV downloads (rendered by the server, as the CLI writes them) and print; the month status, close
// the next month (a refusal lists the vouchers in the way, each a link), the supervisor's reopen
// with a reason, and the year-end close.

import { useEffect, useState } from "preact/hooks";
import { html } from "htm/preact";
import { ConnectError } from "@connectrpc/connect";
import { ErrorInfoSchema } from "./gen/google/rpc/error_details_pb";
import { type Organization } from "./gen/sanzi/v1/organization_pb";
import { type Voucher } from "./gen/sanzi/v1/ledger_pb";
import { PeriodAction, type PeriodStatus } from "./gen/sanzi/v1/period_pb";
import { FileFormat, StatementKind, type Statement } from "./gen/sanzi/v1/report_pb";
import {
  explain,
  isSupervisor,
  lang,
  ledger,
  mayWrite,
  newRequestId,
  periods,
  reports,
  t,
  today,
  value,
  yuan,
} from "./common";

export function Statements(props: { org: Organization }) {
  const [kind, setKind] = useState<StatementKind>(StatementKind.BALANCE_SHEET);
  const [period, setPeriod] = useState(today().slice(0, 7));
  const [statement, setStatement] = useState<Statement | null>(null);
  const [error, setError] = useState("");
  const wanted = () => ({ kind, organizationId: props.org.id, period: period.trim() });
  const show = async (e: Event) => {
    e.preventDefault();
    setError("");
    try {
      setStatement(await reports.getStatement(wanted()));
    } catch (err) {
      setStatement(null);
      setError(explain(err));
    }
  };
  /** The server renders the file (the same the CLI writes); the browser saves it. */
  const download = async (format: FileFormat) => {
    setError("");
    try {
      const file = await reports.getStatementFile({ statement: wanted(), format, language: lang });
      const url = URL.createObjectURL(new Blob([new Uint8Array(file.content)], { type: file.contentType }));
      const a = document.createElement("a");
      a.href = url;
      a.download = file.fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (err) {
      setError(explain(err));
    }
  };
  return html`<section class="statements">
    <form class="filters no-print" onSubmit=${show}>
      <label>${t("报表", "Statement")} <select class="statement-kind" onChange=${(e: Event) => setKind(Number(value(e)))}>
        <option value=${StatementKind.BALANCE_SHEET} selected=${kind === StatementKind.BALANCE_SHEET}>${t("资产负债表", "Balance sheet")}</option>
        <option value=${StatementKind.INCOME_STATEMENT} selected=${kind === StatementKind.INCOME_STATEMENT}>${t("收益及收益分配表", "Income statement")}</option>
      </select></label>
      <label>${t("期间（2026-10、2026Q4 或 2026）", "Period (2026-10, 2026Q4 or 2026)")} <input class="period short" value=${period}
        onInput=${(e: Event) => setPeriod(value(e))} /></label>
      <button type="submit" class="show-statement">${t("查看", "Show")}</button>
      ${statement && html`<button type="button" class="download-xlsx" onClick=${() => download(FileFormat.XLSX)}>${t("下载 Excel（XLSX）", "Download XLSX")}</button>
        <button type="button" class="download-csv" onClick=${() => download(FileFormat.CSV)}>${t("下载 CSV", "Download CSV")}</button>
        <button type="button" onClick=${() => window.print()}>${t("打印", "Print")}</button>`}
    </form>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${statement && html`<article class="book-page">
      <h1>${statement.title}</h1>
      <div class="sheet-head"><span>编制单位：${statement.entity}</span><span>${statement.period}</span><span>单位：元</span></div>
      <table>
        <thead><tr><th>项目</th><th>行次</th>${statement.columns.map((c) => html`<th class="amount">${c}</th>`)}</tr></thead>
        <tbody>${statement.lines.map((l) => html`<tr class=${l.heading ? "heading" : ""}>
          <td class=${`indent-${l.indent}`}>${l.label}</td><td>${l.row || ""}</td>
          ${l.valuesFen.map((v) => html`<td class="amount">${l.heading ? "" : yuan(v)}</td>`)}</tr>`)}</tbody>
      </table>
      <ul class="checks">${statement.checks.map((c) => html`<li class=${c.holds ? "holds" : "error"}>${c.holds ? "✓" : "✗"} ${c.text}</li>`)}</ul>
    </article>`}
  </section>`;
}

const ACTIONS: Record<number, [string, string]> = {
  [PeriodAction.CLOSE]: ["结账", "closed"],
  [PeriodAction.REOPEN]: ["反结账", "reopened"],
  [PeriodAction.CLOSE_YEAR]: ["年终结转", "year closed"],
  [PeriodAction.REOPEN_REQUEST]: ["申请反结账", "reopen requested"],
};

export function Closing(props: { org: Organization; onOpen: (v: Voucher) => void }) {
  const [status, setStatus] = useState<PeriodStatus | null>(null);
  const [error, setError] = useState("");
  const [blocking, setBlocking] = useState<Voucher[]>([]);
  const [reopenMonth, setReopenMonth] = useState("");
  const [reason, setReason] = useState("");
  const [askMonth, setAskMonth] = useState("");
  const [askReason, setAskReason] = useState("");
  const [answers, setAnswers] = useState<Map<string, string>>(new Map());
  const [year, setYear] = useState(String(Number(today().slice(0, 4)) - 1));
  const [done, setDone] = useState("");
  const load = async () => {
    try {
      setStatus(await periods.getPeriodStatus({ organizationId: props.org.id }));
    } catch (err) {
      setError(explain(err));
    }
  };
  useEffect(() => {
    load();
  }, [props.org.id]);
  const act = async (what: () => Promise<unknown>, message: string) => {
    setError("");
    setDone("");
    setBlocking([]);
    try {
      await what();
      await load();
      setDone(message);
    } catch (err) {
      setError(explain(err));
      const info = ConnectError.from(err).findDetails(ErrorInfoSchema)[0];
      const ids = (info?.metadata["voucher_ids"] ?? "").split(/[,，;；\s]+/).filter(Boolean);
      if (ids.length) {
        const found = await Promise.all(
          ids.slice(0, 20).map((id) => ledger.getVoucher({ organizationId: props.org.id, voucherId: id }).catch(() => null)),
        );
        setBlocking(found.filter((v): v is Voucher => v !== null));
      }
    }
  };
  const rid = newRequestId;
  const next = status?.nextToClose ?? "";
  return html`<section class="closing">
    <h2>${t("结账", "Period close")} · ${props.org.displayName}</h2>
    ${status && html`<p class="period-status">${t("已结账至", "Closed through")}：<b>${status.closedThrough || t("（尚无）", "(none)")}</b>　
      ${t("下一个待结月份", "Next to close")}：<b>${next}</b>　${t("已年结至", "Year closed")}：<b>${status.yearClosed || t("（尚无）", "(none)")}</b></p>`}
    ${mayWrite() && next && html`<p><button class="close-month" onClick=${() =>
      act(() => periods.closePeriod({ requestId: rid(), organizationId: props.org.id, month: next }), t(`${next} 已结账`, `${next} closed`))}>
      ${t(`结账 ${next}`, `Close ${next}`)}</button></p>`}
    ${mayWrite() && html`<p><label>${t("年终结转年度", "Year to close")} <input class="close-year-input short" value=${year} onInput=${(e: Event) => setYear(value(e))} /></label>
      <button class="close-year" onClick=${() =>
        act(() => periods.closeYear({ requestId: rid(), organizationId: props.org.id, year: Number(year) }), t(`${year} 年已年终结转`, `${year} closed`))}>
        ${t("年终结转", "Close the year")}</button></p>`}
    ${mayWrite() && status?.closedThrough && html`<p class="ask-reopen"><label>${t("申请反结账月份", "Ask to reopen")} <input class="ask-month short"
        placeholder=${status.closedThrough} value=${askMonth} onInput=${(e: Event) => setAskMonth(value(e))} /></label>
      <label>${t("原因", "Reason")} <input class="ask-reason" value=${askReason} onInput=${(e: Event) => setAskReason(value(e))} /></label>
      <button class="ask-button" onClick=${() => {
        const month = askMonth.trim() || status.closedThrough;
        act(() => periods.requestReopen({ requestId: rid(), organizationId: props.org.id, month, reason: askReason }),
          t(`已申请反结账 ${month}，等待监管人员处理`, `asked to reopen ${month}; a supervisor will answer`));
      }}>${t("申请反结账", "Ask")}</button></p>`}
    ${status && status.openReopenRequests.length > 0 && html`<div class="requests">
      <h3>${t("待处理的反结账申请", "Open reopen requests")}</h3>
      <table><thead><tr><th>${t("月份", "Month")}</th><th>${t("申请人", "By")}</th><th>${t("原因", "Reason")}</th><th>${t("时间", "Time")}</th>
        ${isSupervisor() && html`<th>${t("处理意见", "Answer")}</th><th></th>`}</tr></thead>
      <tbody>${status.openReopenRequests.map((r) => html`<tr class="request">
        <td>${r.month}</td><td>${r.by}</td><td>${r.reason}</td><td>${r.time.slice(0, 16).replace("T", " ")}</td>
        ${isSupervisor() && html`<td><input class="answer" value=${answers.get(r.id) ?? [...`同意：${r.reason}`].slice(0, 200).join("")}
            onInput=${(e: Event) => setAnswers(new Map(answers).set(r.id, value(e)))} /></td>
          <td><button class="approve" onClick=${() =>
            act(() => periods.reopenPeriod({ requestId: rid(), organizationId: props.org.id, month: r.month, reason: answers.get(r.id) ?? [...`同意：${r.reason}`].slice(0, 200).join("") }),
              t(`${r.month} 及其后各月已反结账`, `${r.month} and later months reopened`))}>${t("同意并反结账", "Reopen")}</button></td>`}
      </tr>`)}</tbody></table></div>`}
    ${isSupervisor() && html`<p class="reopen"><label>${t("反结账月份", "Month to reopen")} <input class="reopen-month short" placeholder="2026-10" value=${reopenMonth}
        onInput=${(e: Event) => setReopenMonth(value(e))} /></label>
      <label>${t("原因", "Reason")} <input class="reopen-reason" value=${reason} onInput=${(e: Event) => setReason(value(e))} /></label>
      <button class="reopen-button" onClick=${() =>
        act(() => periods.reopenPeriod({ requestId: rid(), organizationId: props.org.id, month: reopenMonth.trim(), reason }), t(`${reopenMonth} 已反结账`, `${reopenMonth} reopened`))}>
        ${t("反结账", "Reopen")}</button></p>`}
    ${done && html`<p class="saved" role="status">${done}</p>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${blocking.length > 0 && html`<div class="blocking"><p>${t("以下凭证尚未记账，请先处理：", "These vouchers are not posted yet:")}</p><ul>${blocking.map(
      (v) => html`<li><a href=${`#/org/${props.org.id}/voucher/${v.id}`} onClick=${(e: Event) => { e.preventDefault(); props.onOpen(v); }}>${v.date} ${v.summary}（${yuan(v.debitTotalFen)}）</a></li>`,
    )}</ul></div>`}
    ${status && status.events.length > 0 && html`<table class="events"><thead><tr><th>${t("时间", "Time")}</th><th>${t("操作", "Action")}</th><th>${t("月份", "Month")}</th>
      <th>${t("操作人", "By")}</th><th>${t("原因", "Reason")}</th></tr></thead>
      <tbody>${[...status.events].reverse().map((e) => html`<tr><td>${e.time.slice(0, 16).replace("T", " ")}</td>
        <td>${t(...(ACTIONS[e.action] ?? ["", ""]))}</td><td>${e.month}</td><td>${e.by}</td><td>${e.reason}</td></tr>`)}</tbody></table>`}
  </section>`;
}
