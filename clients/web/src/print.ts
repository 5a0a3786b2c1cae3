// 打印记账凭证 in the common layout (bookkeeping-forms.md): title, 单位, 日期 as 年 月 日, number,
// 附单据; 摘要 | 总账科目 | 明细科目 | 借方 | 贷方, five lines to a sheet (a longer voucher goes on
// over sheets numbered 1/2, 2/2, with the 合计 and its capitals on the last); the names across the
// foot. A5 landscape, one sheet a page, or A4, two sheets a page. The browser's print (to PDF)
// gives the paper; the screen shows the same sheets.

import { useEffect, useState } from "preact/hooks";
import { html } from "htm/preact";
import { type Organization } from "./gen/sanzi/v1/organization_pb";
import { type Voucher, type VoucherLine } from "./gen/sanzi/v1/ledger_pb";
import { accounts, daxie, explain, t, yuan } from "./common";
import { preparerText, reviewerText } from "./vouchers";

const LINES_PER_SHEET = 5;

type Paper = "a5" | "a4";

function sheets(v: Voucher): VoucherLine[][] {
  const out: VoucherLine[][] = [];
  for (let i = 0; i < v.lines.length; i += LINES_PER_SHEET) {
    out.push(v.lines.slice(i, i + LINES_PER_SHEET));
  }
  return out.length ? out : [[]];
}

const ymd = (date: string) => {
  const [y, m, d] = date.split("-");
  return `${y} 年 ${Number(m)} 月 ${Number(d)} 日`;
};

export function PrintVouchers(props: { org: Organization; vouchers: Voucher[]; onBack: () => void }) {
  const [paper, setPaper] = useState<Paper>("a5");
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState("");
  useEffect(() => {
    accounts
      .listAccounts({ organizationId: props.org.id })
      .then((r) => setNames(new Map(r.accounts.map((a) => [a.code, a.name]))))
      .catch((e) => setError(explain(e)));
  }, [props.org.id]);
  const general = (code: string) => {
    const top = code.split(".")[0];
    return `${top} ${names.get(top) ?? ""}`;
  };
  const detail = (l: VoucherLine) => (l.accountCode.includes(".") ? `${l.accountCode} ${l.accountName}` : "");
  const amount = (fen: bigint) => (fen ? yuan(fen) : "");
  return html`<section class=${`print paper-${paper}`}>
    <p class="no-print">
      <button onClick=${props.onBack}>← ${t("返回", "Back")}</button>
      <label>${t("纸张", "Paper")} <select class="paper" onChange=${(e: Event) => setPaper((e.target as HTMLSelectElement).value as Paper)}>
        <option value="a5" selected=${paper === "a5"}>${t("A5 横向（凭证纸，一页一张）", "A5 landscape (one a page)")}</option>
        <option value="a4" selected=${paper === "a4"}>${t("A4（一页两张）", "A4 (two a page)")}</option>
      </select></label>
      <button class="do-print" onClick=${() => window.print()}>${t("打印", "Print")}</button>
      <span>${t(`共 ${props.vouchers.length} 张凭证`, `${props.vouchers.length} vouchers`)}</span>
    </p>
    ${error && html`<p class="error no-print" role="alert">${error}</p>`}
    ${props.vouchers.flatMap((v) => {
      const parts = sheets(v);
      return parts.map((lines, k) => {
        const pad = Array.from({ length: LINES_PER_SHEET - lines.length });
        const last = k === parts.length - 1;
        const fraction = parts.length > 1 ? ` ${k + 1}/${parts.length}` : "";
        return html`<article class="sheet">
          <h1>记账凭证</h1>
          <div class="sheet-head">
            <span>单位：${props.org.displayName}</span>
            <span class="date">${ymd(v.date)}</span>
            <span class="number">${v.number || "（未记账）"}${fraction}</span>
          </div>
          <table>
            <thead>
              <tr><th rowspan="2" class="memo">摘要</th><th colspan="2">会计科目</th><th rowspan="2" class="amount">借方金额</th><th rowspan="2" class="amount">贷方金额</th></tr>
              <tr><th>总账科目</th><th>明细科目</th></tr>
            </thead>
            <tbody>
              ${lines.map((l) => html`<tr>
                <td class="memo">${l.memo || v.summary}</td><td>${general(l.accountCode)}</td><td>${detail(l)}</td>
                <td class="amount">${amount(l.debitFen)}</td><td class="amount">${amount(l.creditFen)}</td></tr>`)}
              ${pad.map(() => html`<tr class="empty"><td></td><td></td><td></td><td></td><td></td></tr>`)}
            </tbody>
            <tfoot><tr>
              <th colspan="3" class="capitals">${last ? `合计（${daxie(v.debitTotalFen)}）` : "过次页"}</th>
              <th class="amount">${last ? yuan(v.debitTotalFen) : ""}</th>
              <th class="amount">${last ? yuan(v.creditTotalFen) : ""}</th>
            </tr></tfoot>
          </table>
          <div class="sheet-foot">
            <span>会计主管：</span><span>记账：${v.poster}</span><span>审核：${reviewerText(v)}</span>
            <span>出纳：</span><span>制单：${preparerText(v)}</span><span>附单据 ${v.attachmentCount} 张</span>
          </div>
        </article>`;
      });
    })}
  </section>`;
}
