// The pages of a book (bookkeeping-forms.md), pure so they are unit-tested: the rows of a year
// (the opening, the entries, 本日合计 for a journal's busy days, 本月合计 and 本年累计) and their
// split into numbered pages, each full one ending with 过次页 and the next beginning with 承前页.

export const ROWS_PER_PAGE = 20;

export type Kind = "detail" | "cash" | "bank" | "general";
export type Row = {
  date: string;
  number: string;
  summary: string;
  debit: bigint | null;
  credit: bigint | null;
  balance: bigint;
  /** 本月合计 (single rule) or 本年累计 (double rule). */
  rule?: "month" | "year";
};


/** The book's rows: the opening, each entry (or, for 总账, nothing), 本日合计 for a journal's busy
 * days, and each month's 本月合计 and 本年累计. Balances are debit-positive. */
export function bookRows(
  kind: Kind,
  year: string,
  opening: bigint,
  entries: { date: string; number: string; summary: string; debit: bigint; credit: bigint }[],
): Row[] {
  const rows: Row[] = [
    { date: `${year}-01-01`, number: "", summary: "期初余额", debit: null, credit: null, balance: opening },
  ];
  let balance = opening;
  let yearD = 0n;
  let yearC = 0n;
  for (let m = 1; m <= 12; m++) {
    const month = `${year}-${String(m).padStart(2, "0")}`;
    const these = entries.filter((e) => e.date.startsWith(month));
    if (!these.length) continue;
    let monthD = 0n;
    let monthC = 0n;
    these.forEach((e, i) => {
      balance += e.debit - e.credit;
      monthD += e.debit;
      monthC += e.credit;
      if (kind !== "general") {
        rows.push({ date: e.date, number: e.number, summary: e.summary, debit: e.debit, credit: e.credit, balance });
        const nextSameDay = these[i + 1]?.date === e.date;
        const sameDay = these.filter((x) => x.date === e.date);
        if ((kind === "cash" || kind === "bank") && !nextSameDay && sameDay.length > 1) {
          const d = sameDay.reduce((s, x) => s + x.debit, 0n);
          const c = sameDay.reduce((s, x) => s + x.credit, 0n);
          rows.push({ date: e.date, number: "", summary: "本日合计", debit: d, credit: c, balance });
        }
      }
    });
    yearD += monthD;
    yearC += monthC;
    const end = these[these.length - 1].date;
    rows.push({ date: end, number: "", summary: "本月合计", debit: monthD, credit: monthC, balance, rule: "month" });
    rows.push({ date: end, number: "", summary: "本年累计", debit: yearD, credit: yearC, balance, rule: "year" });
  }
  return rows;
}

/** Splits rows into pages: each full page ends with 过次页 and the next starts with 承前页, both
 * carrying the month's totals so far and the balance. */
export function paginate(rows: Row[]): Row[][] {
  const pages: Row[][] = [];
  let page: Row[] = [];
  let monthD = 0n;
  let monthC = 0n;
  for (const r of rows) {
    if (page.length === ROWS_PER_PAGE - 1) {
      const last = page[page.length - 1];
      const carry = { date: last.date, number: "", summary: "过次页", debit: monthD, credit: monthC, balance: last.balance };
      page.push(carry);
      pages.push(page);
      page = [{ ...carry, summary: "承前页" }];
    }
    page.push(r);
    if (r.rule === "year") {
      monthD = 0n;
      monthC = 0n;
    } else if (!r.rule && r.summary !== "本日合计" && r.debit !== null) {
      monthD += r.debit;
      monthC += r.credit ?? 0n;
    }
  }
  if (page.length) pages.push(page);
  return pages;
}
