// The console in a real Chromium (Debian's, driven by puppeteer-core) against the real server
// with demo books: sign in with 王会计's token, see 选择单位 list the demo villages, search one by
// region code, open 下保村's 凭证列表 (filter by status and 摘要, open one voucher and check its
// totals; as 李站长 review and post two in one go, void one with a reason), switch to English; a
// wrong token is refused at the form. Fails on any page error
// or Content-Security-Policy violation. Screenshots go to target/console/.
//
// node tests/console.test.mjs <path to sanzi-server>
import { spawn } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import assert from "node:assert/strict";
import puppeteer from "puppeteer-core";

const serverBin = process.argv[2];
assert.ok(serverBin, "usage: node tests/console.test.mjs <sanzi-server>");
const shots = join("..", "..", "target", "console");
mkdirSync(shots, { recursive: true });

const dataDir = mkdtempSync(join(tmpdir(), "sanzi-console-test-"));
const server = spawn(serverBin, ["--demo", "--data-dir", dataDir, "--listen", "127.0.0.1:0"], {
  stdio: ["ignore", "pipe", "inherit"],
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

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  args: [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
  ],
});
const problems = [];
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 800 });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  const url = `http://${addr}/`;

  await page.goto(url, { waitUntil: "networkidle0" });
  await page.waitForSelector("form.sign-in input");
  await page.screenshot({ path: join(shots, "sign-in.png") });

  // A wrong token is refused at the form, in Chinese.
  await page.type("form.sign-in input", "sanzi_" + "0".repeat(64));
  await page.click("form.sign-in button");
  await page.waitForSelector("form.sign-in .error");
  const refusal = await page.$eval("form.sign-in .error", (e) => e.textContent);
  assert.match(refusal, /令牌/, refusal);
  assert.equal(await page.evaluate(() => sessionStorage.getItem("sanzi.token")), null);

  // 王会计 signs in and sees the three demo villages.
  await page.$eval("form.sign-in input", (e) => (e.value = ""));
  await page.type("form.sign-in input", tokens.wang);
  await page.click("form.sign-in button");
  await page.waitForSelector("table tbody tr");
  const names = await page.$$eval("table tbody tr td:first-child", (tds) => tds.map((t) => t.textContent));
  assert.deepEqual(names.sort(), [
    "良山镇下保村股份经济合作社",
    "良山镇南源村股份经济合作社",
    "良山镇良山村股份经济合作社",
  ]);
  assert.ok(!page.url().includes(tokens.wang), "the token never goes into the address");
  await page.screenshot({ path: join(shots, "organisations.png") });

  await page.type("input.search", "360502100203");
  const found = await page.$$eval("table tbody tr td:first-child", (tds) => tds.map((t) => t.textContent));
  assert.deepEqual(found, ["良山镇南源村股份经济合作社"]);

  // 凭证列表: 下保村's eleven vouchers, filtered by status and by words of the 摘要, one opened.
  await page.$eval("input.search", (e) => (e.value = ""));
  await page.type("input.search", "下保村");
  await page.click("table tbody tr.pick");
  await page.waitForSelector("table.vouchers tbody tr");
  const rows = () => page.$$eval("table.vouchers tbody td.summary", (tds) => tds.map((td) => td.textContent));
  assert.equal((await rows()).length, 11);
  assert.equal(await page.$eval("p.count", (e) => e.textContent), "共 11 张凭证");
  await page.select("select.status", "1");
  await page.waitForFunction(() => document.querySelectorAll("table.vouchers tbody tr").length === 1);
  assert.deepEqual(await rows(), ["收到李四还款"]);
  await page.select("select.status", "0");
  await page.waitForFunction(() => document.querySelectorAll("table.vouchers tbody tr").length === 11);
  await page.type("input.words", "租金");
  assert.deepEqual(await rows(), ["收到李四租金（合同 HT-2026-001）"]);
  await page.screenshot({ path: join(shots, "vouchers.png") });
  await page.click("table.vouchers tbody tr.pick");
  await page.waitForSelector("section.voucher");
  assert.equal(await page.$eval("section.voucher h2", (e) => e.textContent), "记账凭证 记-2026-10-0002");
  assert.equal(await page.$eval(".total-debit", (e) => e.textContent), "1,600.00");
  assert.equal(await page.$eval(".total-credit", (e) => e.textContent), "1,600.00");
  // A payment recorded on a contract is generated: its 审核 place names the operation.
  assert.match(await page.$eval("p.people", (e) => e.textContent), /审核：系统生成：/);
  await page.screenshot({ path: join(shots, "voucher.png") });
  await page.click("section.voucher button");
  await page.waitForSelector("table.vouchers");
  await page.click("section button");
  await page.waitForSelector("input.search");

  // 李站长 reviews and posts in one go: the draft is reviewed, the already reviewed one says why
  // not; then both are posted and numbered.
  await page.click("header nav button:nth-of-type(2)");
  await page.waitForSelector("form.sign-in input");
  await page.type("form.sign-in input", tokens.li);
  await page.click("form.sign-in button");
  await page.waitForSelector("table tbody tr.pick");
  await page.type("input.search", "下保村");
  await page.click("table tbody tr.pick");
  await page.waitForSelector("table.vouchers tbody tr");
  const rowOf = (summary) =>
    page.$$eval("table.vouchers tbody tr", (trs, s) => trs.findIndex((tr) => tr.querySelector(".summary").textContent === s), summary);
  const tick = async (summary) => {
    const i = await rowOf(summary);
    const boxes = await page.$$("table.vouchers tbody tr");
    await (await boxes[i].$("input.select")).click();
  };
  const cell = async (summary, name) => {
    const i = await rowOf(summary);
    return page.$$eval(`table.vouchers tbody tr td.${name}`, (tds, i) => tds[i].textContent, i);
  };
  await tick("收到李四还款");
  await tick("支付水渠清淤劳务费");
  await page.click("button.review");
  await page.waitForFunction(() => document.querySelector(".progress").textContent.startsWith("完成"));
  assert.equal(await page.$eval(".progress", (e) => e.textContent), "完成：1 张成功，1 张未成");
  const statusBecomes = (summary, status) =>
    page.waitForFunction(
      (summary, status) =>
        [...document.querySelectorAll("table.vouchers tbody tr")].some(
          (tr) => tr.querySelector(".summary")?.textContent === summary && tr.querySelector(".status")?.textContent === status,
        ),
      {},
      summary,
      status,
    );
  await statusBecomes("收到李四还款", "已审核");
  assert.equal(await cell("收到李四还款", "result"), "✓");
  const why = await cell("支付水渠清淤劳务费", "result");
  assert.ok(why && why !== "✓", why);
  await tick("收到李四还款");
  await tick("支付水渠清淤劳务费");
  await page.click("button.post");
  await page.waitForFunction(() => document.querySelector(".progress").textContent.startsWith("完成"));
  await page.screenshot({ path: join(shots, "posted.png") });
  assert.equal(await page.$eval(".progress", (e) => e.textContent), "完成：2 张成功，0 张未成",
    JSON.stringify([await cell("收到李四还款", "result"), await cell("支付水渠清淤劳务费", "result")]));
  await page.waitForFunction(() =>
    [...document.querySelectorAll("table.vouchers tbody td.status")].every((td) => td.textContent === "已记账"));
  await page.screenshot({ path: join(shots, "posted.png") });
  await page.click("section button");
  await page.waitForSelector("input.search");

  // 作废 needs a reason; with one, 良山村's draft is voided and stays listed as 作废.
  await page.$eval("input.search", (e) => (e.value = ""));
  await page.type("input.search", "良山村");
  await page.click("table tbody tr.pick");
  await page.waitForFunction(() => document.querySelectorAll("table.vouchers tbody td.status").length === 11);
  await tick("收到李四还款");
  await page.click("button.void");
  assert.equal(await page.$eval(".progress", (e) => e.textContent), "作废须写明原因");
  assert.equal(await cell("收到李四还款", "status"), "草稿");
  await page.type("input.void-reason", "重复录入");
  await page.click("button.void");
  await page.waitForFunction(() => document.querySelector(".progress").textContent.startsWith("完成"));
  assert.equal(await page.$eval(".progress", (e) => e.textContent), "完成：1 张成功，0 张未成");
  await statusBecomes("收到李四还款", "作废");
  assert.equal((await rows()).length, 11);
  await page.click("section button");
  await page.waitForSelector("input.search");

  await page.click("header nav button");
  await page.waitForFunction(() => document.querySelector("h2")?.textContent === "Choose an organisation");
  await page.screenshot({ path: join(shots, "organisations-en.png") });

  assert.deepEqual(problems, []);
  console.log(`console: sign-in, 选择单位, 凭证列表 (filters, one voucher, review and post in one go, void with a reason) and English checked in Chromium (screenshots in target/console/)`);
} finally {
  await browser.close();
  server.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
}
