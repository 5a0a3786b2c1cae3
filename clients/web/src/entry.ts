// 凭证录入: date, 摘要 (with the organisation's recent summaries), 附单据, and lines whose account is
// found by code, name or 拼音首字母. Live 借方合计 / 贷方合计, their difference and the total in
// capitals. Keyboard only: Enter to the next cell, `=` in an amount fills the balancing figure,
// ↑/↓ and Enter choose an account. Save, or save and start the next; every refusal is shown at its
// field, in the clerk's language, from the reason code.

import { useEffect, useRef, useState } from "preact/hooks";
import { html } from "htm/preact";
import { type Account } from "./gen/sanzi/v1/account_pb";
import { type Organization } from "./gen/sanzi/v1/organization_pb";
import { type Voucher } from "./gen/sanzi/v1/ledger_pb";
import { accountScore } from "./pinyin";
import {
  accounts,
  daxie,
  explain,
  fieldErrors,
  ledger,
  parseYuan,
  t,
  today,
  value,
  yuan,
  newRequestId,
} from "./common";

type Line = { code: string; query: string; debit: string; credit: string; memo: string };
const blank = (): Line => ({ code: "", query: "", debit: "", credit: "", memo: "" });
const LINES_AT_START = 4;
const MATCHES_SHOWN = 8;

/** The accounts a line may take (active leaves), each with its parent's name for sub-accounts. */
function postable(list: Account[]): { code: string; name: string; label: string }[] {
  const names = new Map(list.map((a) => [a.code, a.name]));
  return list
    .filter((a) => a.leaf && a.active)
    .map((a) => {
      const parent = a.parentCode ? names.get(a.parentCode) : undefined;
      const name = parent ? `${parent}—${a.name}` : a.name;
      return { code: a.code, name, label: `${a.code} ${name}` };
    });
}

type Props = {
  org: Organization;
  /** A voucher to copy: its 摘要, lines and 附单据, dated today. */
  copyOf?: Voucher | null;
  onSaved: (v: Voucher) => void;
};

export function VoucherEntry(props: Props) {
  const [chart, setChart] = useState<{ code: string; name: string; label: string }[]>([]);
  const [summaries, setSummaries] = useState<string[]>([]);
  const [date, setDate] = useState(today());
  const [summary, setSummary] = useState("");
  const [attachments, setAttachments] = useState("0");
  const [lines, setLines] = useState<Line[]>(() => Array.from({ length: LINES_AT_START }, blank));
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [banner, setBanner] = useState("");
  const [saved, setSaved] = useState("");
  const [busy, setBusy] = useState(false);
  const [picking, setPicking] = useState<{ row: number; index: number } | null>(null);
  const form = useRef<HTMLFormElement>(null);

  useEffect(() => {
    (async () => {
      try {
        const list = await accounts.listAccounts({ organizationId: props.org.id });
        setChart(postable(list.accounts));
        // The last three months' summaries, newest first (lists come in order of creation).
        const since = new Date(Date.now() + 8 * 3_600_000 - 92 * 86_400_000).toISOString().slice(0, 10);
        const recent = await ledger.listVouchers({ organizationId: props.org.id, dateFrom: since, pageSize: 1000 });
        setSummaries([...new Set(recent.vouchers.map((v) => v.summary).reverse())].slice(0, 50));
      } catch (err) {
        setBanner(explain(err));
      }
    })();
  }, [props.org.id]);

  useEffect(() => {
    const v = props.copyOf;
    if (!v) return;
    setDate(today());
    setSummary(v.summary);
    setAttachments(String(v.attachmentCount));
    const copied = v.lines.map((l) => ({
      code: l.accountCode,
      query: `${l.accountCode} ${l.accountName}`,
      debit: l.debitFen ? yuan(l.debitFen).replace(/,/g, "") : "",
      credit: l.creditFen ? yuan(l.creditFen).replace(/,/g, "") : "",
      memo: l.memo,
    }));
    while (copied.length < LINES_AT_START) copied.push(blank());
    setLines(copied);
  }, [props.copyOf]);

  /** Moves the focus at once (so fast typing lands in the right cell), or, for a line not drawn
   * yet, as soon as it is. */
  const focusCell = (name: string) => {
    const go = () => {
      const el = form.current?.querySelector<HTMLElement>(`[data-cell="${name}"]`);
      el?.focus();
      if (el instanceof HTMLInputElement) el.select();
      return !!el;
    };
    if (!go()) requestAnimationFrame(go);
  };
  /** Forgets the refusals an edit may have mended: the fields named, and the balance. */
  const mended = (...fields: string[]) =>
    setErrors((es) => {
      if (![...es.keys()].some((k) => fields.some((f) => k.startsWith(f)) || k === "lines")) return es;
      const next = new Map(es);
      for (const k of es.keys()) if (fields.some((f) => k.startsWith(f)) || k === "lines") next.delete(k);
      return next;
    });
  const update = (row: number, patch: Partial<Line>) => {
    setLines((ls) => ls.map((l, i) => (i === row ? { ...l, ...patch } : l)));
    mended(`lines[${row}].`);
  };

  const amounts = lines.map((l) => ({ d: parseYuan(l.debit || "0"), c: parseYuan(l.credit || "0") }));
  const debitTotal = amounts.reduce((s, a) => s + (a.d ?? 0n), 0n);
  const creditTotal = amounts.reduce((s, a) => s + (a.c ?? 0n), 0n);
  const difference = debitTotal - creditTotal;

  const matches = (query: string) =>
    chart
      .map((a) => ({ a, score: accountScore(a.code, a.name, query.split(" ")[0]) }))
      .filter((m) => m.score > 0)
      .sort((x, y) => y.score - x.score || x.a.code.localeCompare(y.a.code))
      .slice(0, MATCHES_SHOWN)
      .map((m) => m.a);

  const choose = (row: number, a: { code: string; label: string }) => {
    update(row, { code: a.code, query: a.label });
    setPicking(null);
    focusCell(`debit-${row}`);
  };

  /** Enter moves on; the last cell of the last line adds a line while the voucher does not balance. */
  const next = (cell: string, row: number) => {
    if (cell === "date") return focusCell("summary");
    if (cell === "summary") return focusCell("attachments");
    if (cell === "attachments") return focusCell("account-0");
    if (cell === "account") return focusCell(`debit-${row}`);
    if (cell === "debit" && lines[row].debit.trim()) return focusCell(`memo-${row}`);
    if (cell === "debit") return focusCell(`credit-${row}`);
    if (cell === "credit") return focusCell(`memo-${row}`);
    if (cell === "memo") {
      if (row + 1 < lines.length && (difference !== 0n || lines[row + 1].code)) {
        return focusCell(`account-${row + 1}`);
      }
      if (difference !== 0n) {
        setLines((ls) => [...ls, blank()]);
        return focusCell(`account-${row + 1}`);
      }
      return focusCell("save-new");
    }
  };

  const keys = (cell: string, row: number) => (e: KeyboardEvent) => {
    if (cell === "account" && picking?.row === row) {
      const found = matches(lines[row].query);
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        const step = e.key === "ArrowDown" ? 1 : -1;
        setPicking({ row, index: Math.max(0, Math.min(found.length - 1, picking.index + step)) });
        return;
      }
      if (e.key === "Enter" && found.length) {
        e.preventDefault();
        choose(row, found[Math.min(picking.index, found.length - 1)]);
        return;
      }
      if (e.key === "Escape") {
        setPicking(null);
        return;
      }
    }
    if ((cell === "debit" || cell === "credit") && e.key === "=") {
      // The balancing figure: what this line needs for the debits and credits to agree.
      e.preventDefault();
      const own = amounts[row];
      const others =
        cell === "debit" ? creditTotal - (debitTotal - (own.d ?? 0n)) : debitTotal - (creditTotal - (own.c ?? 0n));
      if (others > 0n) {
        update(row, cell === "debit" ? { debit: yuan(others).replace(/,/g, ""), credit: "" } : { credit: yuan(others).replace(/,/g, ""), debit: "" });
      }
      return;
    }
    if (e.key === "Enter") {
      e.preventDefault();
      next(cell, row);
    }
  };

  const reset = () => {
    setSummary("");
    setAttachments("0");
    setLines(Array.from({ length: LINES_AT_START }, blank));
    setErrors(new Map());
    setPicking(null);
  };

  const save = async (andNew: boolean) => {
    setBanner("");
    setSaved("");
    const local = new Map<string, string>();
    let last = -1;
    lines.forEach((l, i) => {
      if (l.code || l.debit.trim() || l.credit.trim() || l.memo.trim()) last = i;
      if (l.query.trim() && !l.code) local.set(`lines[${i}].account_code`, t("请从列表中选择科目", "choose an account from the list"));
      if (amounts[i].d === null) local.set(`lines[${i}].debit_fen`, t("金额格式不对（如 1234.50）", "not an amount (e.g. 1234.50)"));
      if (amounts[i].c === null) local.set(`lines[${i}].credit_fen`, t("金额格式不对（如 1234.50）", "not an amount (e.g. 1234.50)"));
    });
    const count = Number(attachments || "0");
    if (!Number.isInteger(count) || count < 0) local.set("attachment_count", t("张数应为整数", "a whole number"));
    if (local.size) {
      setErrors(local);
      return;
    }
    setBusy(true);
    try {
      const v = await ledger.createVoucher({
        requestId: newRequestId(),
        organizationId: props.org.id,
        date,
        summary,
        attachmentCount: count,
        lines: lines.slice(0, last + 1).map((l, i) => ({
          accountCode: l.code,
          debitFen: amounts[i].d ?? 0n,
          creditFen: amounts[i].c ?? 0n,
          memo: l.memo,
        })),
      });
      setErrors(new Map());
      setSaved(t(`已保存为草稿：${v.date} ${v.summary}，${yuan(v.debitTotalFen)} 元`, `saved as a draft: ${v.date} ${v.summary}, ¥${yuan(v.debitTotalFen)}`));
      setSummaries((s) => [v.summary, ...s.filter((x) => x !== v.summary)]);
      if (andNew) {
        reset();
        focusCell("summary");
      } else {
        props.onSaved(v);
      }
    } catch (err) {
      const fields = fieldErrors(err);
      setErrors(fields);
      if (!fields.size) setBanner(explain(err));
    } finally {
      setBusy(false);
    }
  };

  const err = (field: string) => errors.get(field);
  const fieldError = (field: string) =>
    err(field) && html`<span class="field-error" role="alert" data-field=${field}>${err(field)}</span>`;
  const lineField = (i: number, name: string) => `lines[${i}].${name}`;
  const cellClass = (field: string) => (err(field) ? "invalid" : "");

  return html`<section class="entry">
    <h2>${t("凭证录入", "New voucher")} · ${props.org.displayName}</h2>
    ${banner && html`<p class="error" role="alert">${banner}</p>`}
    ${saved && html`<p class="saved" role="status">${saved}</p>`}
    <form ref=${form} onSubmit=${(e: Event) => { e.preventDefault(); save(true); }}>
      <div class="head">
        <label>${t("日期", "Date")} <input type="date" data-cell="date" class=${cellClass("date")} value=${date}
          onInput=${(e: Event) => { setDate(value(e)); mended("date"); }} onKeyDown=${keys("date", 0)} />${fieldError("date")}</label>
        <label>${t("摘要", "Summary")} <input data-cell="summary" class=${"summary-input " + cellClass("summary")} list="recent-summaries"
          value=${summary} onInput=${(e: Event) => { setSummary(value(e)); mended("summary"); }} onKeyDown=${keys("summary", 0)} />${fieldError("summary")}</label>
        <datalist id="recent-summaries">${summaries.map((s) => html`<option value=${s} />`)}</datalist>
        <label>${t("附单据", "Attachments")} <input data-cell="attachments" class=${"short " + cellClass("attachment_count")} inputmode="numeric"
          value=${attachments} onInput=${(e: Event) => { setAttachments(value(e)); mended("attachment_count"); }} onKeyDown=${keys("attachments", 0)} /> ${t("张", "")}${fieldError("attachment_count")}</label>
      </div>
      <table class="lines">
        <thead><tr><th>#</th><th>${t("会计科目", "Account")}</th><th class="amount">${t("借方金额", "Debit")}</th>
          <th class="amount">${t("贷方金额", "Credit")}</th><th>${t("行摘要（可空）", "Line memo (optional)")}</th><th></th></tr></thead>
        <tbody>${lines.map((l, i) => {
          const found = picking?.row === i ? matches(l.query) : [];
          return html`<tr>
            <td>${i + 1}</td>
            <td class="account-cell">
              <input data-cell=${`account-${i}`} class=${cellClass(lineField(i, "account_code"))} value=${l.query} autocomplete="off"
                placeholder=${t("编码、名称或拼音首字母", "code, name or pinyin initials")}
                onInput=${(e: Event) => { update(i, { query: value(e), code: "" }); setPicking({ row: i, index: 0 }); }}
                onFocus=${() => setPicking(null)}
                onKeyDown=${keys("account", i)} />
              ${found.length > 0 && html`<ul class="picker" role="listbox">${found.map(
                (a, k) => html`<li role="option" class=${k === picking!.index ? "active" : ""} aria-selected=${k === picking!.index}
                  onMouseDown=${(e: Event) => { e.preventDefault(); choose(i, a); }}>${a.label}</li>`,
              )}</ul>`}
              ${fieldError(lineField(i, "account_code"))}
            </td>
            <td><input data-cell=${`debit-${i}`} class=${"amount " + cellClass(lineField(i, "debit_fen"))} inputmode="decimal" value=${l.debit}
              onInput=${(e: Event) => update(i, { debit: value(e) })} onKeyDown=${keys("debit", i)} />${fieldError(lineField(i, "debit_fen"))}</td>
            <td><input data-cell=${`credit-${i}`} class=${"amount " + cellClass(lineField(i, "credit_fen"))} inputmode="decimal" value=${l.credit}
              onInput=${(e: Event) => update(i, { credit: value(e) })} onKeyDown=${keys("credit", i)} />${fieldError(lineField(i, "credit_fen"))}</td>
            <td><input data-cell=${`memo-${i}`} value=${l.memo} onInput=${(e: Event) => update(i, { memo: value(e) })}
              onKeyDown=${keys("memo", i)} />${fieldError(lineField(i, "memo"))}</td>
            <td><button type="button" class="remove" tabindex="-1" title=${t("删除此行", "remove line")}
              onClick=${() => setLines((ls) => (ls.length > 2 ? ls.filter((_, k) => k !== i) : ls))}>×</button></td>
          </tr>`;
        })}</tbody>
        <tfoot>
          <tr class=${"totals " + cellClass("lines")}>
            <th></th><th>${t("合计", "Total")}</th>
            <th class="amount debit-total">${yuan(debitTotal)}</th>
            <th class="amount credit-total">${yuan(creditTotal)}</th>
            <th colspan="2" class=${difference === 0n ? "balanced" : "difference"}>${difference === 0n
              ? t("借贷平衡", "balanced")
              : t(`差额 ${yuan(difference < 0n ? -difference : difference)}（${difference > 0n ? "借方多" : "贷方多"}）`,
                  `off by ${yuan(difference < 0n ? -difference : difference)} (${difference > 0n ? "debit" : "credit"} side larger)`)}
              ${fieldError("lines")}</th>
          </tr>
          <tr><th></th><th colspan="5" class="capitals">${t("金额大写", "In capitals")}：${daxie(debitTotal)}</th></tr>
        </tfoot>
      </table>
      <p class="buttons">
        <button type="button" onClick=${() => setLines((ls) => [...ls, blank()])}>${t("加一行", "Add line")}</button>
        <button type="submit" data-cell="save-new" class="save-new" disabled=${busy}>${t("保存并新增", "Save and new")}</button>
        <button type="button" class="save" disabled=${busy} onClick=${() => save(false)}>${t("保存", "Save")}</button>
        <span class="hint">${t("回车到下一格；金额格里按 = 填入使借贷平衡的数；科目可输编码、名称或拼音首字母（如 yhck）",
          "Enter: next cell; = in an amount fills the balancing figure; find accounts by code, name or pinyin initials (yhck)")}</span>
      </p>
    </form>
  </section>`;
}
