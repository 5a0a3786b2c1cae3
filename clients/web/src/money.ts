// Money in integer fen, as the server keeps it: shown as yuan, read from what a clerk types, and
// written in capitals (金额大写, ../shared bookkeeping-forms.md). No floating point anywhere.

/** Fen as yuan with two decimals and thousands separators, in integers only. */
export function yuan(fen: bigint): string {
  const minus = fen < 0n ? "-" : "";
  const abs = fen < 0n ? -fen : fen;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return `${minus}${whole}.${(abs % 100n).toString().padStart(2, "0")}`;
}

/** `1,234.5` → 123450n fen; null when it is not an amount (at most two decimals). */
export function parseYuan(text: string): bigint | null {
  const s = text.replace(/[,，\s]/g, "");
  const m = /^(-?)(\d{1,15})(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  const fen = BigInt(m[2]) * 100n + BigInt((m[3] ?? "").padEnd(2, "0") || "0");
  return m[1] ? -fen : fen;
}

const DIGITS = "零壹贰叁肆伍陆柒捌玖";
const SMALL = ["", "拾", "佰", "仟"];
const BIG = ["", "万", "亿", "万亿"];

/** 金额大写: 1234.56 → 人民币壹仟贰佰叁拾肆元伍角陆分 (bookkeeping-forms.md). */
export function daxie(fen: bigint): string {
  if (fen < 0n) return `负${daxie(-fen)}`;
  const yuanPart = fen / 100n;
  const jiao = Number((fen / 10n) % 10n);
  const fenDigit = Number(fen % 10n);
  let out = "";
  if (yuanPart > 0n) {
    const digits = yuanPart.toString();
    let zero = false;
    for (let i = 0; i < digits.length; i++) {
      const d = Number(digits[i]);
      const pos = digits.length - 1 - i;
      if (d === 0) {
        zero = true;
      } else {
        if (zero) out += "零";
        zero = false;
        out += DIGITS[d] + SMALL[pos % 4];
      }
      if (pos % 4 === 0 && pos > 0) {
        // A group's unit, unless the whole group of four was zeros.
        const group = digits.slice(Math.max(0, i - 3), i + 1);
        if (/[1-9]/.test(group)) {
          out += BIG[pos / 4];
          zero = false;
        }
      }
    }
    out += "元";
  }
  if (jiao === 0 && fenDigit === 0) return `人民币${out || "零元"}整`;
  if (jiao > 0) out += (yuanPart > 0n && fen % 1000n < 100n ? "零" : "") + DIGITS[jiao] + "角";
  else if (yuanPart > 0n) out += "零";
  if (fenDigit > 0) out += DIGITS[fenDigit] + "分";
  else out += "整";
  return `人民币${out}`;
}
