// The console's pure functions, run in Node: money (yuan, parsing, 金额大写 with the examples of
// bookkeeping-forms.md) and the account finder (code, name, 拼音首字母).
import { build } from "esbuild";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";

const dir = mkdtempSync(join(tmpdir(), "sanzi-units-"));
await build({
  entryPoints: { money: "src/money.ts", pinyin: "src/pinyin.ts" },
  bundle: true,
  format: "esm",
  platform: "node",
  outdir: dir,
  logLevel: "warning",
});
const { daxie, parseYuan, yuan } = await import(join(dir, "money.js"));
const { accountScore } = await import(join(dir, "pinyin.js"));

const cases = [
  [140950n, "人民币壹仟肆佰零玖元伍角整"],
  [600714n, "人民币陆仟零柒元壹角肆分"],
  [168032n, "人民币壹仟陆佰捌拾元零叁角贰分"],
  [10700053n, "人民币壹拾万柒仟元零伍角叁分"],
  [10000n, "人民币壹佰元整"],
  [5n, "人民币伍分"],
  [123456n, "人民币壹仟贰佰叁拾肆元伍角陆分"],
  [1000n, "人民币壹拾元整"],
  [505n, "人民币伍元零伍分"],
  [10000070000n, "人民币壹亿零柒佰元整"],
  [100700000n, "人民币壹佰万柒仟元整"],
  [-2000n, "负人民币贰拾元整"],
];
for (const [fen, text] of cases) assert.equal(daxie(fen), text, `daxie(${fen})`);
assert.equal(yuan(123456789n), "1,234,567.89");
assert.equal(yuan(-5n), "-0.05");
assert.equal(parseYuan("1,234.5"), 123450n);
assert.equal(parseYuan(" 800 "), 80000n);
assert.equal(parseYuan("0.001"), null);
assert.equal(parseYuan("12a"), null);

assert.ok(accountScore("102", "银行存款", "yhck") > 0, "yhck finds 银行存款");
assert.ok(accountScore("101", "库存现金", "kcxj") > 0, "kcxj finds 库存现金");
assert.ok(accountScore("513", "管理费用", "glfy") > 0, "glfy finds 管理费用");
assert.equal(accountScore("101", "库存现金", "yhck"), 0);
assert.ok(accountScore("102", "银行存款", "银行") > 0);
assert.ok(accountScore("102", "银行存款", "102") > accountScore("1021", "x", "102"));
console.log(`units: ${cases.length} amounts in capitals, the finder: ok`);
