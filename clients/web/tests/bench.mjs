// The console's benchmark (not a test; numbers go to BENCHMARKS.md): the first load of the page
// (bytes on the wire, with and without gzip), and the time Chromium takes to show a month of
// 2,000 vouchers (凭证列表) and that year's 现金日记账 over them, against the real server on
// loopback with the demo books and a village whose November (2,000 vouchers) came over from an
// old system.
//
// node tests/bench.mjs <sanzi-server> <sanzi> [rounds]
import { execFileSync, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";
import puppeteer from "puppeteer-core";

const [serverBin, cliBin, roundsArg] = process.argv.slice(2);
assert.ok(serverBin && cliBin, "usage: node tests/bench.mjs <sanzi-server> <sanzi> [rounds]");
const rounds = Number(roundsArg ?? 5);
const VOUCHERS = 2_000;

const dataDir = mkdtempSync(join(tmpdir(), "sanzi-console-bench-"));
const server = spawn(serverBin, ["--demo", "--data-dir", dataDir, "--listen", "127.0.0.1:0"], {
  stdio: ["ignore", "pipe", "ignore"],
});
const addr = await new Promise((resolve, reject) => {
  let out = "";
  server.stdout.on("data", (d) => {
    out += d;
    const m = out.match(/正在监听 (\S+)/);
    if (m) resolve(m[1]);
  });
  server.on("exit", (code) => reject(new Error(`sanzi-server exited with ${code}`)));
});
const tokens = Object.fromEntries(
  readFileSync(join(dataDir, "demo-tokens.txt"), "utf8")
    .split("\n")
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => l.split("=")),
);

// 2,000 vouchers across November, in date order: cash received, then half of it spent, so the
// 现金日记账 holds every one of them and cash never runs negative.
const vouchers = Array.from({ length: VOUCHERS }, (_, i) => {
  const day = String(1 + Math.floor((i * 30) / VOUCHERS)).padStart(2, "0");
  const fen = ((i >> 1) % 97 + 1) * 200;
  const amount = (cents) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;
  const lines = i % 2
    ? [{ account: "513", debit: amount(fen / 2) }, { account: "101", credit: amount(fen / 2) }]
    : [{ account: "101", debit: amount(fen) }, { account: "501", credit: amount(fen) }];
  return { date: `2026-11-${day}`, summary: `第${i + 1}笔日常收支`, lines, preparer: "张会计", reviewer: "李主任" };
});
// A village whose books came over from an old system through November: its history is imported
// (posted) in one call.
const ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
const uscc17 = "N2360502MF0000209";
const sum = [...uscc17].reduce((s, c, i) => s + ALPHABET.indexOf(c) * WEIGHTS[i], 0);
const uscc = uscc17 + ALPHABET[(31 - (sum % 31)) % 31];
const sanzi = (...args) =>
  execFileSync(cliBin, args, {
    env: { ...process.env, SANZI_SERVER: `http://${addr}`, SANZI_TOKEN: tokens.wang },
    stdio: ["ignore", "ignore", "inherit"],
  });
sanzi("org", "create", "--name", "良山镇测试村股份经济合作社", "--region", "360502100209", "--uscc", uscc,
  "--opening", "2026-01-01", "--region-name", "江西省新余市渝水区良山镇测试村", "--cutover", "2026-11");
const file = join(dataDir, "november.json");
writeFileSync(file, JSON.stringify({ vouchers }));
sanzi("voucher", "import", "--org", "360502100209", "--file", file);

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run"],
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 800 });
  const cdp = await page.createCDPSession();
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  let wire = 0;
  cdp.on("Network.loadingFinished", (e) => (wire += e.encodedDataLength));
  const url = `http://${addr}/`;
  /** One cold load of the sign-in page: (ms, bytes on the wire). */
  const load = async () => {
    wire = 0;
    const start = performance.now();
    await page.goto(url, { waitUntil: "load" });
    await page.waitForSelector("form.password-login");
    const ms = performance.now() - start;
    await page.waitForNetworkIdle({ idleTime: 200 });
    return [ms, wire];
  };
  await load(); // the browser's own first start
  const [firstLoadMs, gzipWire] = await load();
  await cdp.send("Network.setExtraHTTPHeaders", { headers: { "Accept-Encoding": "identity" } });
  const [, plainWire] = await load();
  await cdp.send("Network.setExtraHTTPHeaders", { headers: {} });
  const raw = ["index.html", "console.js", "console.css"]
    .map((f) => readFileSync(join("dist", f)).length)
    .reduce((a, b) => a + b, 0);

  await page.evaluate((t) => sessionStorage.setItem("sanzi.token", t), tokens.wang);
  await page.goto(url, { waitUntil: "networkidle0" });
  await page.waitForSelector("input.search");
  await page.type("input.search", "测试村");
  await page.click("table tbody tr.pick");
  await page.waitForSelector("nav.tabs");

  const total = VOUCHERS;
  const list = [];
  const journal = [];
  for (let r = 0; r < rounds; r++) {
    let t0 = performance.now();
    await page.click("nav.tabs button.tab-list");
    await page.waitForFunction((n) => document.querySelector("p.count")?.textContent === `共 ${n} 张凭证`, { timeout: 120_000 }, total);
    list.push(performance.now() - t0);

    await page.click("nav.tabs button.tab-books");
    await page.waitForSelector("select.book-kind");
    await page.select("select.book-kind", "cash");
    t0 = performance.now();
    await page.click("button.show-book");
    await page.waitForSelector(".page-number", { timeout: 120_000 });
    journal.push(performance.now() - t0);
  }
  const pages = await page.$$eval(".book-page", (ps) => ps.length);
  const rows = await page.$$eval("table.vouchers tbody tr, .book-page tbody tr", (trs) => trs.length);
  console.log(JSON.stringify({
    first_load: { ms: Math.round(firstLoadMs), wire_bytes_gzip: gzipWire, wire_bytes_plain: plainWire, files_bytes: raw },
    voucher_list: { vouchers: total, median_ms: Math.round(median(list)), all_ms: list.map(Math.round) },
    cash_journal: { pages, rows, median_ms: Math.round(median(journal)), all_ms: journal.map(Math.round) },
  }, null, 1));
} finally {
  await browser.close();
  server.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
}
