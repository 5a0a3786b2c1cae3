// 凭证列表 and one voucher: filter by number range, date range, status, account, amount and words
// of the 摘要; open a voucher; select many (or all shown) and 审核 / 记账 / 作废 them in one go,
// with progress and each voucher's own result. Readers see the same list without the actions.

import { useEffect, useState } from "preact/hooks";
import { html } from "htm/preact";
import { type Organization } from "./gen/sanzi/v1/organization_pb";
import { VoucherStatus, type Voucher } from "./gen/sanzi/v1/ledger_pb";
import {
  STATUSES,
  explain,
  lang,
  ledger,
  mayWrite,
  parseYuan,
  statusName,
  t,
  value,
  yuan,
  newRequestId,
} from "./common";

/** The sequence part of a posted voucher's number (记-2026-10-0008 → 8), 0 before posting. */
export const numberSeq = (v: Voucher) => Number(v.number.split("-").pop() || 0);

/** Who sits in the 审核 place: a person, the old system's reviewer, or the generating operation. */
export const reviewerText = (v: Voucher) =>
  v.origin
    ? `${t("系统生成：", "generated: ")}${v.origin}`
    : v.originalReviewer
      ? `${v.originalReviewer}${t("（原系统审核）", " (old system)")}`
      : v.reviewer;

/** Who sits in the 制单 place: a person, or the old system's preparer. */
export const preparerText = (v: Voucher) =>
  v.originalPreparer ? `${v.originalPreparer}${t("（原系统制单）", " (old system)")}` : v.preparer;

type ListProps = {
  org: Organization;
  onOpen: (v: Voucher) => void;
  onPrint: (vs: Voucher[]) => void;
};

export function VoucherList(props: ListProps) {
  const [all, setAll] = useState<Voucher[] | null>(null);
  const [error, setError] = useState("");
  const [from, setFrom] = useState("");
  const [to, setTo] = useState("");
  const [status, setStatus] = useState<VoucherStatus>(VoucherStatus.UNSPECIFIED);
  const [account, setAccount] = useState("");
  const [numFrom, setNumFrom] = useState("");
  const [numTo, setNumTo] = useState("");
  const [amountMin, setAmountMin] = useState("");
  const [amountMax, setAmountMax] = useState("");
  const [words, setWords] = useState("");
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [results, setResults] = useState<Map<string, string>>(new Map());
  const [progress, setProgress] = useState("");
  const [voidReason, setVoidReason] = useState("");
  const [reload, setReload] = useState(0);
  const writer = mayWrite();
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
            accountCode: account.trim(),
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
  }, [props.org.id, from, to, status, account, reload]);

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
      const common = { requestId: newRequestId(), organizationId: props.org.id, voucherId: id };
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
  const open = (v: Voucher) => (e: Event) => {
    if ((e.target as HTMLElement).tagName !== "INPUT") props.onOpen(v);
  };
  const w = words.trim();
  const lo = numFrom.trim() ? Number(numFrom) : 0;
  const hi = numTo.trim() ? Number(numTo) : Infinity;
  const min = parseYuan(amountMin);
  const max = parseYuan(amountMax);
  const shown = (all ?? []).filter(
    (v) =>
      (!w || v.summary.includes(w)) &&
      (!numFrom.trim() && !numTo.trim() || (v.number !== "" && numberSeq(v) >= lo && numberSeq(v) <= hi)) &&
      (min === null || v.debitTotalFen >= min) &&
      (max === null || v.debitTotalFen <= max),
  );
  const actionable = shown.filter(
    (v) => v.status === VoucherStatus.DRAFT || v.status === VoucherStatus.REVIEWED,
  );
  const allChosen = actionable.length > 0 && actionable.every((v) => selected.has(v.id));
  const chooseAll = () =>
    setSelected(allChosen ? new Set() : new Set(actionable.map((v) => v.id)));
  const posted = shown.filter((v) => v.status === VoucherStatus.POSTED);
  const field = (label: string, cls: string, val: string, set: (s: string) => void, type = "text") =>
    html`<label>${label} <input class=${cls} type=${type} value=${val} onInput=${(e: Event) => set(value(e))} /></label>`;
  return html`<section>
    <h2>${t("凭证列表", "Vouchers")} · ${props.org.displayName}</h2>
    <div class="filters">
      ${field(t("起始日期", "From"), "date-from", from, setFrom, "date")}
      ${field(t("截止日期", "To"), "date-to", to, setTo, "date")}
      <label>${t("状态", "Status")} <select class="status" onChange=${(e: Event) => setStatus(Number(value(e)))}>
        <option value="0">${t("全部", "all")}</option>
        ${STATUSES.map(([v, zh, en]) => html`<option value=${v} selected=${status === v}>${lang === "zh" ? zh : en}</option>`)}
      </select></label>
      ${field(t("凭证号从", "Number from"), "number-from short", numFrom, setNumFrom)}
      ${field(t("到", "to"), "number-to short", numTo, setNumTo)}
      ${field(t("科目", "Account"), "account short", account, setAccount)}
      ${field(t("金额从", "Amount from"), "amount-min short", amountMin, setAmountMin)}
      ${field(t("到", "to"), "amount-max short", amountMax, setAmountMax)}
      ${field(t("摘要", "Summary"), "words", words, setWords)}
    </div>
    <div class="actions">
      ${writer && html`
        <button class="review" disabled=${!selected.size} onClick=${() => apply("review")}>${t("审核", "Review")}</button>
        <button class="post" disabled=${!selected.size} onClick=${() => apply("post")}>${t("记账", "Post")}</button>
        <input class="void-reason" placeholder=${t("作废原因", "reason to void")} value=${voidReason}
          onInput=${(e: Event) => setVoidReason(value(e))} />
        <button class="void" disabled=${!selected.size} onClick=${() => apply("void")}>${t("作废", "Void")}</button>`}
      <button class="print-all" disabled=${!posted.length} onClick=${() => props.onPrint(posted)}>
        ${t(`打印已记账凭证（${posted.length} 张）`, `Print posted vouchers (${posted.length})`)}</button>
      <span class="progress" role="status">${progress}</span>
    </div>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${!all && !error && html`<p>${t("正在读取……", "Loading…")}</p>`}
    ${all && html`<table class="vouchers">
      <thead><tr>
        <th>${writer && html`<input type="checkbox" class="select-all" title=${t("全选", "select all")}
          checked=${allChosen} onChange=${chooseAll} />`}</th>
        <th>${t("日期", "Date")}</th><th>${t("凭证号", "Number")}</th><th>${t("摘要", "Summary")}</th>
        <th class="amount">${t("金额", "Amount")}</th><th>${t("状态", "Status")}</th><th>${t("制单", "Prepared by")}</th>
        <th>${t("结果", "Result")}</th>
      </tr></thead>
      <tbody>${shown.map(
        (v) => html`<tr class="pick" onClick=${open(v)}>
          <td>${writer && (v.status === VoucherStatus.DRAFT || v.status === VoucherStatus.REVIEWED) &&
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

type ViewProps = {
  voucher: Voucher;
  onBack: () => void;
  onCopy: (v: Voucher) => void;
  onPrint: (vs: Voucher[]) => void;
};

export function VoucherView(props: ViewProps) {
  const v = props.voucher;
  return html`<section class="voucher">
    <p class="no-print"><button onClick=${props.onBack}>← ${t("凭证列表", "Vouchers")}</button>
      <button class="print-one" onClick=${() => props.onPrint([v])}>${t("打印", "Print")}</button>
      ${mayWrite() && html`<button class="copy" onClick=${() => props.onCopy(v)}>${t("复制为新凭证", "Copy as new")}</button>`}</p>
    <h2>${t("记账凭证", "Voucher")} ${v.number}</h2>
    <p>${t("日期", "Date")}：${v.date}　${t("附单据", "Attachments")}：${v.attachmentCount} ${t("张", "")}　${t("状态", "Status")}：<span class="status">${statusName(v.status)}</span></p>
    ${v.voidReason && html`<p>${t("作废原因", "Void reason")}：${v.voidReason}</p>`}
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
