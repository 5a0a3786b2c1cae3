// The console's pure functions, run in Node: money (yuan, parsing, 金额大写 with the examples of
// bookkeeping-forms.md), the account finder (code, name, 拼音首字母, and every character of the
// charts having its initials), the pages of a book (承前页 / 过次页, 本日合计, 本月合计, 本年累计) and what
// a refusal's metadata adds to its text (a wait, the 主服务器's address), and the board's place name.
import { build } from "esbuild";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";

const dir = mkdtempSync(join(tmpdir(), "sanzi-units-"));
await build({
  entryPoints: { money: "src/money.ts", pinyin: "src/pinyin.ts", pages: "src/book-pages.ts", initials: "src/pinyin-initials.ts", refusal: "src/refusal.ts", places: "src/places.ts", parcels: "src/parcels.ts" },
  bundle: true,
  format: "esm",
  platform: "node",
  outdir: dir,
  logLevel: "warning",
});
const { daxie, parseYuan, yuan } = await import(join(dir, "money.js"));
const { accountScore } = await import(join(dir, "pinyin.js"));
const { bookRows, paginate } = await import(join(dir, "pages.js"));
const { INITIALS } = await import(join(dir, "initials.js"));
const { withMetadata } = await import(join(dir, "refusal.js"));
const { scopeName } = await import(join(dir, "places.js"));
const { extent, hoverText, rings, stateOf } = await import(join(dir, "parcels.js"));

// A parcel's state on the map: the books' one 已出租/已流转 told apart by the contract it is under
// today — through the exchange (a transacted listing names it) or by 入股 (2) / 出让 (4) is 已流转,
// a direct lease 已出租; an ended or terminated contract does not count.
{
  const LEASED = 3;
  const parcel = { id: "p", retired: false, useStatus: LEASED };
  const contract = (id, method, endDate, terminated = false) =>
    ({ id, method, startDate: "2026-01-01", endDate, terminated, subjects: [{ parcelId: "p", assetId: "" }] });
  const sold = (contractId) => ({ status: 3, subjectId: "p", contractId });
  const state = (contracts, listings) => stateOf(parcel, { contracts, listings, today: "2026-12-06" });
  assert.equal(state([contract("c", 1, "2030-12-31")], []), "leased");
  assert.equal(state([contract("c", 1, "2030-12-31")], [sold("c")]), "transferred");
  assert.equal(state([contract("c", 2, "2030-12-31")], []), "transferred");
  assert.equal(state([contract("c", 4, "2030-12-31")], []), "transferred");
  // An old transfer, ended or terminated, and a direct lease now: 已出租.
  assert.equal(state([contract("old", 2, "2025-12-31"), contract("c", 1, "2030-12-31")], [sold("old")]), "leased");
  assert.equal(state([contract("old", 4, "2030-12-31", true), contract("c", 1, "2030-12-31")], []), "leased");
  assert.equal(stateOf({ ...parcel, retired: true }, { contracts: [], listings: [], today: "2026-12-06" }), "retired");
  assert.equal(stateOf({ ...parcel, useStatus: 4 }, { contracts: [], listings: [], today: "2026-12-06" }), "idle");
  assert.equal(stateOf({ ...parcel, useStatus: 5 }, { contracts: [], listings: [], today: "2026-12-06" }), "transfer");
  assert.equal(stateOf({ ...parcel, useStatus: 2 }, { contracts: [], listings: [], today: "2026-12-06" }), "household");
  assert.equal(stateOf({ ...parcel, useStatus: 1 }, { contracts: [], listings: [], today: "2026-12-06" }), "collective");
}
// Hovering: code, name, area in 亩 and the 四至 it has (none left empty).
{
  const p = { code: "3605021002010000001", name: "东坑大丘", areaMu: "12.5000", areaM2: "8333.33", east: "水渠", west: "", south: "承包地", north: "山脚" };
  assert.equal(hoverText(p, "zh"), "3605021002010000001 东坑大丘\n12.5000 亩（8333.33 m²）\n四至：东 水渠；南 承包地；北 山脚");
  assert.equal(hoverText(p, "en"), "3605021002010000001 东坑大丘\n12.5000 mu (8333.33 m²)\nBounds: E 水渠; S 承包地; N 山脚");
  assert.equal(hoverText({ ...p, east: "", south: "", north: "" }, "zh"), "3605021002010000001 东坑大丘\n12.5000 亩（8333.33 m²）");
}
// A boundary's rings, and the extent of many points without spreading them into Math.min.
assert.deepEqual(rings('{"type":"Polygon","coordinates":[[[114.9,27.8],[115.0,27.8],[115.0,27.9],[114.9,27.8]]]}'),
  [[[114.9, 27.8], [115.0, 27.8], [115.0, 27.9], [114.9, 27.8]]]);
assert.deepEqual(rings("not json"), []);
{
  const many = Array.from({ length: 300_000 }, (_, i) => [114 + (i % 1000) / 1000, 27 + i / 1e6]);
  assert.deepEqual(extent(many), { minX: 114, maxX: 114.999, minY: 27, maxY: 27 + 299_999 / 1e6 });
}

// The board's title: the township's own organisation, else read from a village's 所在地.
const village = (regionName) => ({ level: 2, regionCode: "360502100201", displayName: "下保村", regionName });
assert.equal(scopeName("360502100", [village("江西省新余市渝水区良山镇下保村")]), "良山镇（360502100）");
assert.equal(scopeName("360502", [village("江西省新余市渝水区良山镇下保村")]), "渝水区（360502）");
assert.equal(scopeName("330110005", [village("浙江省杭州市余杭区良渚街道某村")]), "良渚街道（330110005）");
assert.equal(scopeName("110108", [village("北京市海淀区海淀街道某村")]), "海淀区（110108）");
assert.equal(scopeName("360502100", [village("")]), "360502100");
assert.equal(scopeName("429006100", [village("湖北省天门市岳口镇新市村")]), "岳口镇（429006100）");
assert.equal(scopeName("429006", [village("湖北省天门市岳口镇新市村")]), "天门市（429006）");
assert.equal(scopeName("441900101", [village("广东省东莞市虎门镇新区村")]), "虎门镇（441900101）");
assert.equal(scopeName("433101", [village("湖南省湘西土家族苗族自治州吉首市乾州街道某村")]), "吉首市（433101）");
assert.equal(scopeName("150102", [village("内蒙古自治区呼和浩特市新城区保合少镇某村")]), "新城区（150102）");
assert.equal(scopeName("320583102", [village("江苏省苏州市昆山市周市镇某村")]), "周市镇（320583102）");
assert.equal(scopeName("433101001", [village("湖南省湘西土家族苗族自治州吉首市乾州街道某村")]), "乾州街道（433101001）");
assert.equal(scopeName("360502100", [village("江西省新余市渝水区良山镇下保村"), { level: 1, regionCode: "360502100000", displayName: "良山镇农村集体经济组织", regionName: "" }]),
  "良山镇农村集体经济组织（360502100）");

// A refusal's metadata: the wait, or the leading server the console sends the clerk to.
assert.equal(withMetadata("稍后再试", { retry_after_seconds: "30" }, "zh"), "稍后再试（30 秒后）");
assert.equal(
  withMetadata("这台服务器此刻不是主服务器", { leader: "10.0.0.21:50051" }, "zh"),
  "这台服务器此刻不是主服务器（主服务器：10.0.0.21:50051）",
);
assert.equal(withMetadata("x", { leader: "h:1" }, "en"), "x (leading server: h:1)");
assert.equal(withMetadata("x", {}, "zh"), "x");

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
// Every character of the official charts' account names has its initials (the table is made by
// hand with tools/pinyin_initials.py; this says when a chart change needs it run again).
const known = new Set(Object.values(INITIALS).join(""));
const charts = readdirSync("../../src/domain/charts").filter((f) => f.endsWith(".csv"));
const missing = new Set();
for (const f of charts) {
  for (const c of readFileSync(join("../../src/domain/charts", f), "utf8")) {
    if (c >= "\u4e00" && c <= "\u9fff" && !known.has(c)) missing.add(c);
  }
}
assert.deepEqual([...missing], [], "characters of the charts without initials");

// A book of 45 debits of 1.00 in one month on an opening of 10.00: three pages of 20 rows, each
// full one closed by 过次页 and the next opened by 承前页 with the month's totals so far.
const entries = Array.from({ length: 45 }, (_, i) => ({
  date: `2026-03-${String(1 + Math.floor(i / 2)).padStart(2, "0")}`,
  number: `记-2026-03-${String(i + 1).padStart(4, "0")}`,
  summary: `第${i + 1}笔`,
  debit: 100n,
  credit: 0n,
}));
const pages = paginate(bookRows("detail", "2026", 1000n, entries));
assert.deepEqual(pages.map((p) => p.length), [20, 20, 12]);
const line = (r) => [r.summary, r.debit, r.credit, r.balance];
assert.deepEqual(line(pages[0][0]), ["期初余额", null, null, 1000n]);
assert.deepEqual(line(pages[0][19]), ["过次页", 1800n, 0n, 2800n]);
assert.equal(pages[0][19].date, pages[0][18].date, "过次页 keeps its page's last date");
assert.deepEqual(line(pages[1][0]), ["承前页", 1800n, 0n, 2800n]);
assert.deepEqual(line(pages[1][19]), ["过次页", 3600n, 0n, 4600n]);
assert.deepEqual(line(pages[2][0]), ["承前页", 3600n, 0n, 4600n]);
assert.deepEqual(pages[2].slice(-2).map(line), [["本月合计", 4500n, 0n, 5500n], ["本年累计", 4500n, 0n, 5500n]]);
// A cash journal adds 本日合计 on days with several lines; 总账 keeps only the month's lines.
const cash = bookRows("cash", "2026", 1000n, entries.slice(0, 3));
assert.deepEqual(cash.map((r) => r.summary), ["期初余额", "第1笔", "第2笔", "本日合计", "第3笔", "本月合计", "本年累计"]);
const general = bookRows("general", "2026", 1000n, entries);
assert.deepEqual(general.map(line), [["期初余额", null, null, 1000n], ["本月合计", 4500n, 0n, 5500n], ["本年累计", 4500n, 0n, 5500n]]);

console.log(`units: ${cases.length} amounts in capitals, the finder, the charts' initials, book pages, refusals' metadata, place names, parcel states, hover text, extents: ok`);
