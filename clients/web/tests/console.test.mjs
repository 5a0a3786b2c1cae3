// The console in a real Chromium (Debian's, driven by puppeteer-core) against the real server
// with demo books: a wrong password is refused; 王会计 logs in with his activation code and
// chooses a password, finds a village by region code, enters a voucher from the keyboard (accounts
// by 拼音首字母), sees the unbalanced refusal at its field, balances it with `=` and saves; 李站长
// finds it by a word of its 摘要, reviews and posts it; it shows in the 明细账; the balance sheet
// shows with its checks and downloads as XLSX; 结账 of October is refused with the two unposted
// vouchers as links, then, both posted, closes, and 李站长 asks to reopen it; the supervisor sees
// the request in 选择单位 and reopens the month; printed to PDF the voucher is
// one page with its number and 大写 total in the text (pdftotext); the village reader finds no entry
// form; English; over TLS (a self-signed certificate from openssl) the page loads over HTTP/2 and
// its calls work. The pictures of issue 18: 财务公开 published and read at its public address by a
// stranger (no session) on a phone and printed, 404 for a month not published; the village's
// 驾驶舱 (its monthly figures equal the income statements the CLI reads; today's cash and bank the
// trial balance; the receivables by age, the cards by category and the land tables the CLI's) and
// the township's, for its clerk and for the county's supervisor (each village's cash and bank
// equal its trial balance, its income, overdue rent, months not closed, disclosures due and light
// what the CLI reads; its map one shape per bounded parcel, by state, a parcel's card, printed
// alone); 资产 (清查, a new card, depreciation, disposal) and a label sheet whose three QR codes
// decode (jsQR) to the cards' addresses, one followed on a phone through sign-in to its card; the
// public notice's QR code decoded and its foot on paper; a contract's payment; a listing refused
// without its 四议两公开 resolution, then listed; the parcel map (one shape per bounded parcel as
// the CLI lists them, the unbounded ones beside, hover, a split's history, colour by state) and
// the partner's bundle drawn on a map. Fails on any page
// error, Content-Security-Policy violation, or request that leaves the machine. Screenshots go
// to target/console/.
//
// node tests/console.test.mjs <path to sanzi-server>
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import assert from "node:assert/strict";
import puppeteer from "puppeteer-core";
import jsQR from "jsqr";

const serverBin = process.argv[2];
assert.ok(serverBin, "usage: node tests/console.test.mjs <sanzi-server>");
const shots = join("..", "..", "target", "console");
mkdirSync(shots, { recursive: true });

const dataDir = mkdtempSync(join(tmpdir(), "sanzi-console-test-"));
/** Starts sanzi-server with the demo books in `dir`: (the process, its address). */
async function start(extra, dir, env = {}) {
  const child = spawn(serverBin, ["--demo", "--data-dir", dir, "--listen", "127.0.0.1:0", ...extra], {
    stdio: ["ignore", "pipe", "inherit"], env: { ...process.env, ...env },
  });
  const at = await new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/正在监听 (\S+)/);
      if (m) resolve(m[1]);
    });
    child.on("exit", (code) => reject(new Error(`sanzi-server exited with ${code}`)));
  });
  return [child, at];
}
const [server, addr] = await start([], dataDir);
const codes = Object.fromEntries(
  readFileSync(join(dataDir, "demo-passwords.txt"), "utf8")
    .split("\n")
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => l.split("=")),
);

const demoTokens = Object.fromEntries(
  readFileSync(join(dataDir, "demo-tokens.txt"), "utf8")
    .split("\n")
    .filter((l) => l && !l.startsWith("#"))
    .map((l) => l.split("=")),
);
/** What the CLI (the other client, reading the same books) says, as JSON, as `login`. */
const cli = (login, args) => JSON.parse(execFileSync(join(dirname(serverBin), "sanzi"),
  ["--server", `http://${addr}`, "--token", demoTokens[login], "--output", "json", ...args], { encoding: "utf8", env: { ...process.env, SANZI_LANG: "zh" } }));
/** "81,600.00" → 8160000n fen. */
const fenOf = (text) => BigInt(text.replace(/,/g, "").replace(".", ""));
/** Today in China (UTC+8), YYYY-MM-DD. */
const chinaToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
/** Months `from`..`to` (YYYY-MM), inclusive. */
const monthsFromTo = (from, to) => {
  const out = [];
  for (let [y, m] = [Number(from.slice(0, 4)), Number(from.slice(5, 7))]; `${y}-${String(m).padStart(2, "0")}` <= to; [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1]) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
  }
  return out;
};
/** A trial balance's closing figure of an account, debit positive, as the CLI reads it. */
const closingOf = (tb, code) => { const r = tb.rows.find((x) => x.code === code); return r ? BigInt(r.closing_debit_fen) - BigInt(r.closing_credit_fen) : 0n; };
/** Each village's cash and bank in the township table equal its trial balance today. */
async function boardAgreesWithTrialBalances(page, login) {
  const shown = await page.$$eval("table.villages tr.village", (trs) =>
    trs.map((tr) => [tr.dataset.region, tr.querySelector("td.col-cash").textContent, tr.querySelector("td.col-bank").textContent]));
  for (const [region, cash, bank] of shown) {
    const tb = cli(login, ["report", "trial-balance", "--org", region, "--from", `${chinaToday().slice(0, 7)}-01`, "--to", chinaToday()]);
    assert.equal(fenOf(cash), closingOf(tb, "101"), `${region} cash`);
    assert.equal(fenOf(bank), closingOf(tb, "102"), `${region} bank`);
  }
  return shown;
}

const browser = await puppeteer.launch({
  acceptInsecureCerts: true,
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
  // Nothing the console loads or calls leaves this machine.
  page.on("request", (r) => {
    if (!/^(https?:\/\/127\.0\.0\.1:\d+\/|data:|blob:)/.test(r.url())) problems.push(`request off the machine: ${r.url()}`);
  });
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console error: ${m.text()}`);
  });
  const url = `http://${addr}/`;

  await page.goto(url, { waitUntil: "networkidle0" });
  await page.waitForSelector("form.password-login input[name=name]");
  await page.screenshot({ path: join(shots, "sign-in.png") });

  /** Replaces what an input holds, as a person would (select all, delete, type), so the page's
   * state follows. */
  const fill = async (selector, text) => {
    await page.click(selector, { clickCount: 3 });
    await page.keyboard.press("Backspace");
    if (text) await page.type(selector, text);
  };
  /** Signs in with a password; at a first login (an activation code) chooses `own`. */
  const signIn = async (name, password, own) => {
    await fill("form.password-login input[name=name]", name);
    await fill("form.password-login input[name=password]", password);
    await page.click("form.password-login button[type=submit]");
    await page.waitForFunction(() =>
      document.querySelector("form.password-login input[name=new-password]") ||
      document.querySelector("header .who") ||
      document.querySelector("form.password-login .error"));
    if (await page.$("form.password-login input[name=new-password]")) {
      await fill("form.password-login input[name=new-password]", own);
      await fill("form.password-login input[name=new-password-again]", own);
      await page.click("form.password-login button[type=submit]");
    }
    await page.waitForFunction(() => document.querySelector("header .who"));
  };
  const signOut = async () => {
    await page.click("header button.sign-out");
    await page.waitForSelector("form.password-login input[name=name]");
  };
  const openOrg = async (name) => {
    await page.waitForSelector("input.search");
    await fill("input.search", name);
    await page.click("table tbody tr.pick");
    await page.waitForSelector("nav.tabs");
  };
  const tab = async (id) => {
    await page.click(`nav.tabs button.tab-${id}`);
  };

  // A wrong password is refused at the form, in Chinese, and nothing is kept.
  await fill("form.password-login input[name=name]", "wang");
  await fill("form.password-login input[name=password]", "不是这个密码啊啊啊");
  await page.click("form.password-login button[type=submit]");
  await page.waitForSelector("form.password-login .error");
  assert.equal(await page.$eval("form.password-login .error", (e) => e.textContent), "登录名或密码不对");
  assert.equal(await page.evaluate(() => sessionStorage.getItem("sanzi.token")), null);

  // 王会计 logs in with the activation code, chooses a password, and sees the three villages.
  await fill("form.password-login input[name=name]", "wang");
  await fill("form.password-login input[name=password]", codes.wang);
  await page.click("form.password-login button[type=submit]");
  await page.waitForSelector("form.password-login input[name=new-password]");
  assert.match(await page.$eval("form.password-login .error", (e) => e.textContent), /初始密码/);
  await page.screenshot({ path: join(shots, "choose-password.png") });
  await page.type("form.password-login input[name=new-password]", "王会计自己的密码2026");
  await page.type("form.password-login input[name=new-password-again]", "王会计自己的密码2026");
  await page.click("form.password-login button[type=submit]");
  await page.waitForSelector("table tbody tr");
  assert.equal(await page.$eval("header .who", (e) => e.textContent), "王会计（会计）");
  const names = await page.$$eval("table tbody tr td:first-child", (tds) => tds.map((t) => t.textContent));
  assert.deepEqual(names.sort(), [
    "良山镇下保村股份经济合作社",
    "良山镇南源村股份经济合作社",
    "良山镇良山村股份经济合作社",
  ]);
  const secret = await page.evaluate(() => sessionStorage.getItem("sanzi.token"));
  assert.ok(secret && !page.url().includes(secret), "the session token never goes into the address");
  await page.screenshot({ path: join(shots, "organisations.png") });
  await page.type("input.search", "360502100203");
  const found = await page.$$eval("table tbody tr td:first-child", (tds) => tds.map((t) => t.textContent));
  assert.deepEqual(found, ["良山镇南源村股份经济合作社"]);

  // 凭证录入 from the keyboard: accounts found by 拼音首字母, Enter from cell to cell.
  await openOrg("下保村");
  await page.waitForSelector("section.entry [data-cell=summary]");
  await page.focus("[data-cell=summary]");
  await page.keyboard.type("购买办公用品");
  await page.keyboard.press("Enter");
  await page.keyboard.type("2");
  await page.keyboard.press("Enter");
  await page.keyboard.type("glfy");
  await page.waitForSelector(".picker li.active");
  assert.equal(await page.$eval(".picker li.active", (e) => e.textContent), "513 管理费用");
  await page.keyboard.press("Enter");
  await page.keyboard.type("350");
  await page.keyboard.press("Enter"); // a debit: on to the memo
  await page.keyboard.press("Enter"); // the next line's account
  await page.keyboard.type("kcxj");
  await page.waitForSelector(".picker li.active");
  assert.equal(await page.$eval(".picker li.active", (e) => e.textContent), "101 库存现金");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Enter"); // no debit: on to the credit
  await page.keyboard.type("300");
  assert.equal(await page.$eval(".debit-total", (e) => e.textContent), "350.00");
  assert.equal(await page.$eval(".credit-total", (e) => e.textContent), "300.00");
  assert.match(await page.$eval(".totals .difference", (e) => e.textContent), /差额 50\.00（借方多）/);
  // Saved unbalanced: the server's refusal is shown at the totals, in Chinese.
  await page.click("button.save");
  await page.waitForSelector(".totals .field-error");
  assert.equal(await page.$eval(".totals .field-error", (e) => e.textContent), "借贷不平衡");
  await page.screenshot({ path: join(shots, "entry-unbalanced.png") });
  // `=` fills the balancing figure; the total in capitals follows.
  await page.click("[data-cell=credit-1]", { clickCount: 3 });
  await page.keyboard.type("=");
  assert.equal(await page.$eval("[data-cell=credit-1]", (e) => e.value), "350.00");
  assert.equal(await page.$eval(".totals .balanced", (e) => e.textContent.trim()), "借贷平衡");
  assert.equal(await page.$eval("th.capitals", (e) => e.textContent), "金额大写：人民币叁佰伍拾元整");
  await page.screenshot({ path: join(shots, "entry.png") });
  await page.click("button.save");
  await page.waitForSelector("section.voucher");
  assert.equal(await page.$eval("section.voucher .status", (e) => e.textContent), "草稿");
  assert.equal(await page.$eval(".total-debit", (e) => e.textContent), "350.00");

  // Copied as a new voucher, changed, and saved with 保存并新增: the form empties for the next.
  await page.click("section.voucher button.copy");
  await page.waitForSelector("section.entry [data-cell=summary]");
  assert.equal(await page.$eval("[data-cell=summary]", (e) => e.value), "购买办公用品");
  assert.equal(await page.$eval("[data-cell=debit-0]", (e) => e.value), "350.00");
  assert.equal(await page.$eval("[data-cell=account-1]", (e) => e.value), "101 库存现金");
  await fill("[data-cell=summary]", "购买打印纸");
  await page.click("button.save-new");
  await page.waitForSelector(".entry .saved");
  assert.match(await page.$eval(".entry .saved", (e) => e.textContent), /^已保存为草稿：\d{4}-\d\d-\d\d 购买打印纸，350\.00 元$/);
  assert.equal(await page.$eval("[data-cell=summary]", (e) => e.value), "");
  assert.equal(await page.$eval(".debit-total", (e) => e.textContent), "0.00");
  await signOut();

  // 李站长 finds it by a word of its 摘要, reviews and posts it; it is numbered.
  await signIn("li", codes.li, "李站长自己的密码2026");
  await openOrg("下保村");
  await tab("list");
  await page.waitForSelector("table.vouchers tbody tr");
  await page.type("input.words", "办公用品");
  await page.waitForFunction(() => document.querySelectorAll("table.vouchers tbody tr").length === 1);
  await page.click("table.vouchers input.select-all");
  await page.click("button.review");
  await page.waitForFunction(() => document.querySelector(".progress").textContent.startsWith("完成"));
  assert.equal(await page.$eval(".progress", (e) => e.textContent), "完成：1 张成功，0 张未成");
  await page.waitForFunction(() => document.querySelector("table.vouchers td.status")?.textContent === "已审核");
  await page.click("table.vouchers input.select-all");
  await page.click("button.post");
  await page.waitForFunction(() => document.querySelector("table.vouchers td.status")?.textContent === "已记账");
  const number = await page.$eval("table.vouchers tbody tr td:nth-child(3)", (e) => e.textContent);
  assert.match(number, /^记-\d{4}-\d\d-\d{4}$/);
  await page.screenshot({ path: join(shots, "posted.png") });

  // The status filter and the count.
  await fill("input.words", "");
  await page.select("select.status", "1");
  await page.waitForFunction(() => document.querySelectorAll("table.vouchers tbody tr").length === 2);
  assert.deepEqual(await page.$$eval("table.vouchers td.summary", (tds) => tds.map((td) => td.textContent)),
    ["收到李四还款", "购买打印纸"]);
  await page.select("select.status", "0");
  await page.waitForFunction(() => document.querySelector("p.count")?.textContent === "共 13 张凭证");

  // It is in the 明细账 of 513, with its number, and the 明细账 pages are numbered.
  await tab("books");
  await fill("input.book-account", "513");
  await page.click("button.show-book");
  await page.waitForSelector(".book-page table tbody tr");
  const ledgerRows = await page.$$eval(".book-page tbody tr", (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
  const entry = ledgerRows.find((r) => r[2] === "购买办公用品");
  assert.ok(entry, JSON.stringify(ledgerRows));
  assert.deepEqual([entry[1], entry[3], entry[5]], [number, "350.00", "借"]);
  assert.ok(ledgerRows.some((r) => r[2] === "本月合计") && ledgerRows.some((r) => r[2] === "本年累计"));
  assert.match(await page.$eval(".page-number", (e) => e.textContent), /第 1 页 共 \d+ 页/);
  await page.screenshot({ path: join(shots, "ledger.png") });

  // 报表: the balance sheet on screen, its identities holding, and its XLSX download.
  await tab("statements");
  await fill("input.period", "2026-10");
  await page.click("button.show-statement");
  await page.waitForSelector(".statements article h1");
  assert.equal(await page.$eval(".statements article h1", (e) => e.textContent), "资产负债表");
  const checks = await page.$$eval(".checks li", (lis) => lis.map((li) => li.className));
  assert.ok(checks.length > 0 && checks.every((c) => c === "holds"), JSON.stringify(checks));
  const downloads = join(dataDir, "downloads");
  mkdirSync(downloads);
  const cdp = await page.createCDPSession();
  await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: downloads, eventsEnabled: true });
  const saved = new Promise((resolve) =>
    cdp.on("Browser.downloadProgress", (e) => e.state === "completed" && resolve()));
  await page.click("button.download-xlsx");
  await saved;
  const xlsx = join(downloads, "资产负债表-2026-10.xlsx");
  assert.ok(existsSync(xlsx), "the workbook was saved under its own name");
  assert.deepEqual([...readFileSync(xlsx).subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04]);
  await page.screenshot({ path: join(shots, "statement.png") });

  // 结账: October cannot close while 下保村 has a draft in it; the draft is listed as a link.
  await tab("closing");
  await page.waitForSelector("button.close-month");
  assert.equal(await page.$eval("button.close-month", (e) => e.textContent.trim()), "结账 2026-10");
  await page.click("button.close-month");
  await page.waitForSelector(".blocking a");
  const blockers = await page.$$eval(".blocking a", (as) => as.map((a) => a.textContent));
  assert.deepEqual(blockers, ["2026-10-30 支付水渠清淤劳务费（1,800.00）", "2026-10-31 收到李四还款（500.00）"]);
  await page.screenshot({ path: join(shots, "closing.png") });
  await page.click(".blocking a");
  await page.waitForSelector("section.voucher");
  assert.equal(await page.$eval("section.voucher h2", (e) => e.textContent), "记账凭证 ");
  assert.equal(await page.$eval("section.voucher .status", (e) => e.textContent), "已审核");
  // The place is in the address: a reload comes back to the same voucher, and back to 结账.
  assert.match(page.url(), /#\/org\/[0-9a-f-]{36}\/voucher\/[0-9a-f-]{36}$/);
  await page.reload({ waitUntil: "networkidle0" });
  await page.waitForSelector("section.voucher .status");
  assert.equal(await page.$eval("section.voucher .status", (e) => e.textContent), "已审核");
  await page.goBack();
  await page.waitForSelector("button.close-month");

  // 李站长 reviews and posts October's two in one go, closes October, and asks the supervisor to
  // reopen it.
  await tab("list");
  await page.waitForSelector("table.vouchers tbody tr");
  await page.$eval("input.date-to", (e) => {
    e.value = "2026-10-31";
    e.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await page.waitForFunction(() => document.querySelector("p.count")?.textContent === "共 11 张凭证");
  await page.click("table.vouchers input.select-all");
  await page.click("button.review");
  await page.waitForFunction(() => document.querySelector(".progress").textContent.startsWith("完成"));
  assert.equal(await page.$eval(".progress", (e) => e.textContent), "完成：1 张成功，1 张未成");
  await page.waitForFunction(() => document.querySelectorAll("table.vouchers input.select").length === 2 &&
    ![...document.querySelectorAll("table.vouchers td.status")].some((td) => td.textContent === "草稿"));
  await page.click("table.vouchers input.select-all");
  await page.click("button.post");
  await page.waitForFunction(() => document.querySelector(".progress").textContent === "完成：2 张成功，0 张未成");
  await tab("closing");
  await page.waitForSelector("button.close-month");
  await page.click("button.close-month");
  await page.waitForFunction(() => document.querySelector(".closing .saved")?.textContent === "2026-10 已结账");
  await page.waitForSelector("button.ask-button");
  await page.type("input.ask-reason", "10月漏记一笔电费");
  await page.click("button.ask-button");
  await page.waitForSelector(".requests tr.request");
  assert.deepEqual(await page.$$eval(".requests tr.request td", (tds) => tds.slice(0, 3).map((td) => td.textContent)),
    ["2026-10", "李站长", "10月漏记一笔电费"]);
  await page.screenshot({ path: join(shots, "reopen-request.png") });

  // 财务公开: October, closed, is published; its public page opens without any session (a fresh
  // browser context), shows the township's 监督电话, the recorded SHA-256 and that the books agree,
  // carries a QR code, and prints with no heading stranded at a page's foot; an unpublished month
  // is 404.
  await tab("disclosures");
  await page.waitForFunction(() => document.querySelector("input.publish-period")?.value === "2026-10");
  await page.click("button.publish-button");
  await page.waitForSelector("table.publications tr.publication a.public-link");
  const publicUrl = await page.$eval("a.public-link", (a) => a.href);
  assert.match(publicUrl, /^http:\/\/127\.0\.0\.1:\d+\/gongkai\/[0-9a-f-]{36}\/2026-10$/);
  const recorded = await page.$eval("td.hash", (e) => e.title);
  const stranger = await browser.createBrowserContext();
  const board = await stranger.newPage();
  board.on("request", (r) => {
    if (!/^(https?:\/\/127\.0\.0\.1:\d+\/|data:|blob:)/.test(r.url())) problems.push(`request off the machine: ${r.url()}`);
  });
  await board.setViewport({ width: 390, height: 844 });
  const opened = await board.goto(publicUrl, { waitUntil: "networkidle0" });
  assert.equal(opened.status(), 200);
  const shown = await board.$eval("body", (b) => b.innerText);
  for (const text of ["下保村股份经济合作社财务公开（2026年10月）", "概要", "收入合计", "监督电话：0790-6520123",
    `公布时记录的 SHA-256：${recorded}`, "核对：与账簿一致", `本页地址：${publicUrl}`, "公开期限："]) {
    assert.ok(shown.includes(text), `${text} in ${shown}`);
  }
  assert.equal(await board.$$eval(".gk-qr svg", (s) => s.length), 1);
  // Empty sections say so; the notice's QR code decodes to its own address.
  assert.ok(shown.includes("本期无"), shown);
  const noticeQr = await board.$eval(".gk-qr svg", async (svg) => {
    const img = new Image();
    img.src = `data:image/svg+xml;base64,${btoa(new XMLSerializer().serializeToString(svg))}`;
    await img.decode();
    const canvas = document.createElement("canvas");
    [canvas.width, canvas.height] = [400, 400];
    const g = canvas.getContext("2d");
    g.fillStyle = "#fff";
    g.fillRect(0, 0, 400, 400);
    g.drawImage(img, 20, 20, 360, 360);
    return Array.from(g.getImageData(0, 0, 400, 400).data);
  });
  assert.equal(jsQR(Uint8ClampedArray.from(noticeQr), 400, 400)?.data, publicUrl);
  await board.screenshot({ path: join(shots, "disclosure-phone.png"), fullPage: true });
  const notice = join(dataDir, "notice.pdf");
  await board.pdf({ path: notice, preferCSSPageSize: true });
  const noticeText = execFileSync("pdftotext", ["-layout", notice, "-"], { encoding: "utf8" });
  const pages = noticeText.split("\f").filter((p) => p.trim());
  // On paper: more than one page (so the check below means something), and the foot's lines.
  assert.ok(pages.length > 1, `the notice prints on ${pages.length} page(s)`);
  for (const text of ["公开期限", "监督电话：0790-6520123", "SHA-256", recorded.slice(0, 16)]) {
    assert.ok(noticeText.replace(/\s+/g, "").includes(text.replace(/\s+/g, "")), `${text} on the printed notice`);
  }
  for (const [i, text] of pages.entries()) {
    const last = text.trim().split("\n").pop().trim();
    assert.ok(!/^[一二三四五六七八九]、/.test(last) && last !== "概要", `page ${i + 1} ends with a heading: ${last}`);
  }
  const missing = await board.goto(publicUrl.replace("2026-10", "2026-11"));
  assert.equal(missing.status(), 404);
  assert.ok(!(await board.$eval("body", (b) => b.innerText)).includes("收入"));
  await stranger.close();

  // 驾驶舱 of the village: each month's income and expense (the bars) and the year's cumulative
  // net income (the line) are the 收益及收益分配表's figures, as the CLI reads them.
  await tab("dashboard");
  await page.waitForSelector("table.monthly tbody tr");
  await page.waitForSelector(".cash-chart canvas");
  await page.waitForSelector(".income-chart canvas");
  await page.waitForSelector("table.land");
  const monthly = await page.$$eval("table.monthly tbody tr", (trs) =>
    trs.map((tr) => [tr.dataset.month, ...[...tr.querySelectorAll("td.amount")].map((td) => td.textContent)]));
  // The year's months so far; the demo's books open in October 2026.
  const thisYear = chinaToday().slice(0, 4);
  assert.deepEqual(monthly.map((m) => m[0]), monthsFromTo(thisYear === "2026" ? "2026-10" : `${thisYear}-01`, chinaToday().slice(0, 7)));
  for (const [month, income, expense, cumulative] of monthly) {
    const s = cli("li", ["report", "statement", "--kind", "income", "--org", "360502100201", "--period", month]);
    const sum = (rows, col) => s.lines.filter((l) => rows.includes(l.row)).reduce((a, l) => a + BigInt(l.values_fen[col]), 0n);
    assert.equal(fenOf(income), sum([1, 2, 7, 8], 0), `${month} income`);
    assert.equal(fenOf(expense), sum([3, 4, 5, 9, 10, 12], 0), `${month} expense`);
    assert.equal(fenOf(cumulative), sum([13], 1), `${month} net income, year to date`);
  }
  if (thisYear === "2026") assert.equal(fenOf(monthly[0][1]), 8_160_000n, "October's income: 30,000 + 50,000 + 1,600");
  // The rows taken as income and expense are the statement's own: their difference, month by
  // month, adds up to the year's 净收益 (the books opened in October).
  assert.equal(monthly.reduce((s, m) => s + fenOf(m[1]) - fenOf(m[2]), 0n), fenOf(monthly[monthly.length - 1][3]));
  // Today's cash and bank are the trial balance's; the receivables by age are the CLI's
  // receivables; the cards by category add up to the CLI's cards not disposed of; the land tables
  // are the parcel summary.
  const villageTb = cli("li", ["report", "trial-balance", "--org", "360502100201", "--from", `${chinaToday().slice(0, 7)}-01`, "--to", chinaToday()]);
  assert.equal(fenOf(await page.$eval(".cash-today", (e) => e.textContent)), closingOf(villageTb, "101"));
  assert.equal(fenOf(await page.$eval(".bank-today", (e) => e.textContent)), closingOf(villageTb, "102"));
  await page.waitForSelector("table.ages tr.age");
  const owed = cli("li", ["receivables", "--org", "360502100201"]).receivables;
  const bucket = (days) => [0, 30, 90, 180, 365].filter((hi) => days > hi).length;
  const ages = await page.$$eval("table.ages tr.age", (trs) => trs.map((tr) => tr.querySelector("td.amount").textContent));
  assert.deepEqual(ages.map(fenOf), [0, 1, 2, 3, 4, 5].map((i) => owed.filter((r) => bucket(r.days_overdue) === i).reduce((s, r) => s + BigInt(r.outstanding_fen), 0n)));
  assert.equal(fenOf(await page.$eval(".ages-total", (e) => e.textContent)), owed.reduce((s, r) => s + BigInt(r.outstanding_fen), 0n));
  // Category by category: the cards the CLI lists, grouped by their category, give the same
  // (count, 原值, 净值) rows.
  const cards = cli("li", ["asset", "list", "--org", "360502100201"]).filter((a) => a.status !== "已处置");
  const groups = new Map();
  for (const a of cards) {
    const g = groups.get(a.category) ?? [0, 0n, 0n];
    groups.set(a.category, [g[0] + 1, g[1] + BigInt(a.original_value_fen), g[2] + BigInt(a.net_value_fen)]);
  }
  const byCategory = await page.$$eval("table.by-category tr.category", (trs) => trs.map((tr) =>
    ["count", "original", "net"].map((c) => tr.querySelector(`td.${c}`).textContent)));
  const rowKey = ([n, original, net]) => `${n}/${original}/${net}`;
  assert.deepEqual(byCategory.map(([n, original, net]) => rowKey([Number(n), fenOf(original), fenOf(net)])).sort(), [...groups.values()].map(rowKey).sort());
  const summary = cli("li", ["parcel", "summary", "--org", "360502100201"]);
  const landRows = async (which) => page.$$eval(`table.land.${which} tr.land-row`, (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)));
  assert.deepEqual(await landRows("by-class"), summary.by_land_class.map((a) => [a.label, String(a.parcels), a.area_mu]));
  assert.deepEqual(await landRows("by-state"), summary.by_use_status.map((a) => [a.label, String(a.parcels), a.area_mu]));
  await page.screenshot({ path: join(shots, "dashboard-village.png"), fullPage: true });

  // 驾驶舱 of the township: the villages side by side; each one's cash is its trial balance's.
  await page.click("nav.tabs button:first-child");
  await page.waitForSelector("button.open-board");
  await page.click("button.open-board");
  await page.waitForFunction(() => document.querySelectorAll("table.villages tr.village").length === 3);
  assert.equal(await page.$eval(".board-title", (e) => e.textContent), "良山镇（360502100）");
  await boardAgreesWithTrialBalances(page, "li");
  // The other columns: this year's income (the year's 收益及收益分配表), overdue rent (the CLI's
  // receivables at least a day late), the months not closed (from the period status), the
  // disclosures due and the light (the open alerts).
  const openAlerts = cli("li", ["alerts"]).alerts.filter((a) => !a.acknowledged);
  const lastMonth = monthsFromTo(`${Number(thisYear) - 1}-12`, chinaToday().slice(0, 7)).slice(-2)[0];
  const villageRows = await page.$$eval("table.villages tr.village", (trs) => trs.map((tr) => [tr.dataset.region,
    ...["income", "overdue", "notClosed", "disclosuresDue", "colour"].map((k) => tr.querySelector(`td.col-${k}`).textContent.trim())]));
  for (const [region, income, overdue, notClosed, due, light] of villageRows) {
    const year = cli("li", ["report", "statement", "--kind", "income", "--org", region, "--period", thisYear]);
    assert.equal(fenOf(income), year.lines.filter((l) => [1, 2, 7, 8].includes(l.row)).reduce((a, l) => a + BigInt(l.values_fen[1]), 0n), `${region} income`);
    const late = cli("li", ["receivables", "--org", region]).receivables.filter((r) => r.days_overdue >= 1);
    assert.equal(fenOf(overdue), late.reduce((s, r) => s + BigInt(r.outstanding_fen), 0n), `${region} overdue rent`);
    const next = cli("li", ["period", "status", "--org", region]).next_to_close || lastMonth;
    assert.equal(Number(notClosed), next <= lastMonth ? monthsFromTo(next, lastMonth).length : 0, `${region} months not closed`);
    const mine = openAlerts.filter((a) => a.region_code === region);
    assert.equal(Number(due), mine.filter((a) => a.kind === "未按期公开").length, `${region} disclosures due`);
    assert.equal(light, mine.some((a) => a.severity === "红") ? "红色" : mine.length ? "黄色" : "绿色", `${region} light`);
  }
  assert.equal(await page.$$eval("table.alerts tr.alert", (trs) => trs.length), openAlerts.length);
  // Sorted by cash, largest first, then back; the alerts map draws every village's parcels.
  await page.click("table.villages th.col-cash");
  const byCash = await page.$$eval("table.villages td.col-cash", (tds) => tds.map((td) => td.textContent));
  assert.deepEqual(byCash, [...byCash].sort((a, b) => (fenOf(b) > fenOf(a) ? 1 : fenOf(b) < fenOf(a) ? -1 : 0)));
  await page.waitForSelector(".region-board svg.map path.parcel");
  await page.waitForSelector(".region-board svg.map text.map-label");
  await page.screenshot({ path: join(shots, "dashboard-township.png"), fullPage: true });
  // The township's map: one shape per bounded parcel of its villages; the parcels listed
  // outlined; coloured by state with its legend; a click opens the parcel's card, and from it the
  // village; printed alone on an A4 landscape page with its title, date and legend.
  const townshipParcels = ["360502100201", "360502100202", "360502100203"].flatMap((o) => cli("li", ["parcel", "list", "--org", o, "--all"]));
  assert.equal(await page.$$eval(".region-board svg.map path.parcel", (ps) => ps.length), townshipParcels.filter((p) => p.has_boundary).length);
  const listedParcels = cli("li", ["listing", "list", "--scope", "360502100", "--status", "挂牌中"]).filter((l) => townshipParcels.some((p) => p.code === l.subject_code && p.has_boundary));
  assert.equal(await page.$$eval(".region-board svg.map path.parcel.listed", (ps) => ps.length), listedParcels.length);
  assert.ok((await page.$$eval(".region-board .legend li", (lis) => lis.map((li) => li.textContent.trim()))).includes(`挂牌中的地块（${listedParcels.length}）`));
  await page.select("select.board-colour", "state");
  await page.waitForFunction(() => [...document.querySelectorAll(".region-board .legend li")].some((li) => li.textContent.includes("待流转")));
  const stateLegend = await page.$$eval(".region-board .legend li", (lis) => lis.map((li) => li.textContent.trim()));
  for (const state of ["集体统一经营", "已出租", "待流转"]) assert.ok(stateLegend.includes(state), `${state} in ${stateLegend}`);
  const pond = townshipParcels.find((p) => p.name === "村前鱼塘" && p.code.startsWith("360502100202"));
  const pondTitle = await page.$eval(`.region-board svg.map path.parcel[data-code="${pond.code}"] title`, (e) => e.textContent);
  for (const text of [pond.code, pond.name, `${pond.area_mu} 亩`, `东 ${pond.east}`, `北 ${pond.north}`]) assert.ok(pondTitle.includes(text), `${text} in ${pondTitle}`);
  await page.click(`.region-board svg.map path.parcel[data-code="${pond.code}"]`);
  await page.waitForSelector(".region-card .parcel-card .card-code");
  assert.equal(await page.$eval(".region-card .card-code", (e) => e.textContent), pond.code);
  assert.match(await page.$eval(".region-card b", (e) => e.textContent), /良山村/);
  await page.evaluate(() => document.body.classList.add("print-map"));
  const townshipPdf = join(dataDir, "township-map.pdf");
  await page.pdf({ path: townshipPdf, preferCSSPageSize: true });
  await page.evaluate(() => document.body.classList.remove("print-map"));
  const townshipInfo = execFileSync("pdfinfo", [townshipPdf], { encoding: "utf8" });
  assert.match(townshipInfo, /Pages:\s+1\n/, townshipInfo);
  assert.match(townshipInfo, /Page size:\s+841\.\d+ x 59[45]\.\d+ pts/, townshipInfo);
  const townshipText = execFileSync("pdftotext", ["-layout", townshipPdf, "-"], { encoding: "utf8" });
  for (const text of ["资源一张图", `打印日期：${chinaToday()}`, "着色：状态", "待流转", "挂牌中的地块"]) assert.ok(townshipText.includes(text), `${text} in ${townshipText}`);
  assert.ok(!townshipText.includes("本年收入"), "the printed map leaves the table out");
  await page.click(".region-card button.open-village");
  await page.waitForSelector("nav.tabs");
  assert.match(await page.$eval("nav.tabs .org-name", (e) => e.textContent), /良山村/);
  await page.goBack();
  await page.waitForSelector("table.villages tr.village");
  await page.click(`table.villages tr.village[data-region="360502100201"] td a`);
  await page.waitForSelector("nav.tabs");

  // 资产: a third card registered from the form (its purchase voucher posted), November's
  // depreciation run, and a label sheet for the three cards whose QR codes decode to the cards'
  // addresses; a disposed card's label says so; a phone opening a label's address signs in and
  // lands on the card with its history.
  await tab("assets");
  await page.waitForFunction(() => document.querySelectorAll("table.asset-list tr.asset").length === 2);
  // 清查 of the office building: the counted value and its difference go into its history.
  await page.click(`table.asset-list tr.asset[data-code="GD-001"] a`);
  await page.waitForSelector("section.asset-card button.count-button");
  const netBefore = fenOf(await page.$eval("td.net-value", (e) => e.textContent));
  await fill("input.count-value", "230000");
  await fill("input.count-note", "年终清查");
  await page.click("button.count-button");
  await page.waitForFunction(() => [...document.querySelectorAll("table.asset-history tbody tr td:nth-child(2)")].some((td) => td.textContent === "清查"));
  const countRow = await page.$$eval("table.asset-history tbody tr", (trs) => trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)).find((r) => r[1] === "清查"));
  assert.equal(countRow[3], "年终清查");
  // The difference is the counted value less the book's 净值.
  const [countedText, differenceText] = countRow[2].match(/^([-\d,.]+)（差额 ([-\d,.]+)）$/).slice(1);
  assert.equal(fenOf(countedText), 23_000_000n);
  assert.equal(fenOf(differenceText), 23_000_000n - netBefore, countRow[2]);
  await page.click("section.asset-card button");
  await page.waitForFunction(() => document.querySelectorAll("table.asset-list tr.asset").length === 2);
  await fill("form.new-asset input[name=code]", "SB-001");
  await fill("form.new-asset input[name=name]", "抽水泵");
  await fill("form.new-asset input[name=value]", "3600");
  await page.$eval("form.new-asset input[name=acquired]", (e) => {
    e.value = "2026-11-05";
    e.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await page.click("form.new-asset button.save-asset");
  await page.waitForFunction(() => document.querySelectorAll("table.asset-list tr.asset").length === 3);
  assert.match(await page.$eval("form.new-asset .saved", (e) => e.textContent), /^已建卡 SB-001，购置凭证 记-2026-11-\d{4}$/);
  await fill("input.dep-month", "2026-11");
  await page.click("button.run-depreciation");
  await page.waitForFunction(() => /^2026-11 折旧 [\d,.]+ 元，凭证 记-2026-11-\d{4}$/.test(document.querySelector("section.assets .saved")?.textContent ?? ""));
  // Dispose of 抽水泵 (sold for 3,000.00 into the bank).
  await page.click(`table.asset-list tr.asset[data-code="SB-001"] a`);
  await page.waitForSelector("section.asset-card button.dispose-button");
  assert.match(await page.evaluate(() => location.hash), /^#\/org\/[0-9a-f-]{36}\/asset\/[0-9a-f-]{36}$/);
  await fill("input.dispose-proceeds", "3000");
  await page.$eval("input.dispose-date", (e) => {
    e.value = "2026-12-01";
    e.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await page.click("button.dispose-button");
  await page.waitForSelector("section.asset-card .disposed-note");
  assert.equal(await page.$eval("td.asset-status", (e) => e.textContent), "已处置");
  await page.click("section.asset-card button");
  await page.waitForSelector("input.select-all-assets");
  await page.click("input.select-all-assets");
  await page.click("button.print-chosen-labels");
  await page.waitForFunction(() => document.querySelectorAll(".label-sheet .label img.label-qr").length === 3 &&
    [...document.querySelectorAll("img.label-qr")].every((i) => i.complete && i.naturalWidth > 0));
  const labels = await page.$$eval(".label-sheet .label", (divs) => divs.map((d) => {
    const img = d.querySelector("img.label-qr");
    const canvas = document.createElement("canvas");
    canvas.width = img.naturalWidth;
    canvas.height = img.naturalHeight;
    const g = canvas.getContext("2d");
    g.drawImage(img, 0, 0);
    const pixels = g.getImageData(0, 0, canvas.width, canvas.height);
    return { id: d.dataset.asset, code: d.querySelector(".label-code").textContent, disposed: d.querySelector(".label-disposed")?.textContent ?? "",
      width: pixels.width, height: pixels.height, rgba: Array.from(pixels.data) };
  }));
  assert.deepEqual(labels.map((l) => l.code).sort(), ["GD-001", "JC-001", "SB-001"]);
  // No SANZI_PUBLIC_URL here: the codes hold the address the console was opened at, and say so.
  assert.equal(await page.$eval(".label-base", (e) => e.textContent), `二维码指向 http://${addr}（手机须能打开此地址；由服务器的 SANZI_CONSOLE_URL 设定）`);
  for (const l of labels) {
    const read = jsQR(Uint8ClampedArray.from(l.rgba), l.width, l.height);
    assert.ok(read, `the QR code of ${l.code} decodes`);
    assert.match(read.data, new RegExp(`^http://127\\.0\\.0\\.1:\\d+/#/org/[0-9a-f-]{36}/asset/${l.id}$`), l.code);
    assert.equal(l.disposed, l.code === "SB-001" ? "已处置 2026-12-01" : "", l.code);
  }
  await page.screenshot({ path: join(shots, "labels.png") });
  const labelPdf = join(dataDir, "labels.pdf");
  await page.pdf({ path: labelPdf, preferCSSPageSize: true });
  assert.match(execFileSync("pdfinfo", [labelPdf], { encoding: "utf8" }), /Pages:\s+1\n/);
  // A full sheet: 24 labels (3 × 8) print on one A4 page, a 25th begins a second one (copies of
  // the first label stand in for more cards, and go again after).
  const sheetPages = async (n) => {
    await page.evaluate((n) => {
      const sheet = document.querySelector(".label-sheet");
      sheet.querySelectorAll(".label.copy").forEach((c) => c.remove());
      while (sheet.children.length < n) {
        const copy = sheet.querySelector(".label").cloneNode(true);
        copy.classList.add("copy");
        sheet.append(copy);
      }
    }, n);
    const file = join(dataDir, `labels-${n}.pdf`);
    await page.pdf({ path: file, preferCSSPageSize: true });
    const info = execFileSync("pdfinfo", [file], { encoding: "utf8" });
    assert.match(info, /Page size:\s+59[45]\.\d+ x 841\.\d+ pts/, info);
    return Number(info.match(/Pages:\s+(\d+)/)[1]);
  };
  assert.equal(await sheetPages(24), 1, "24 labels on one page");
  assert.equal(await sheetPages(25), 2, "the 25th on a second page");
  await page.evaluate(() => document.querySelectorAll(".label-sheet .label.copy").forEach((c) => c.remove()));
  // The label's address on a phone: sign in there, and the card is what opens.
  const pump = jsQR(Uint8ClampedArray.from(labels.find((l) => l.code === "SB-001").rgba), labels[0].width, labels[0].height).data;
  const phoneContext = await browser.createBrowserContext();
  const phone = await phoneContext.newPage();
  phone.on("pageerror", (e) => problems.push(`page error (phone): ${e.message}`));
  phone.on("request", (r) => {
    if (!/^(https?:\/\/127\.0\.0\.1:\d+\/|data:|blob:)/.test(r.url())) problems.push(`request off the machine: ${r.url()}`);
  });
  await phone.setViewport({ width: 390, height: 844, isMobile: true });
  await phone.goto(pump, { waitUntil: "networkidle0" });
  await phone.waitForSelector("form.password-login input[name=name]");
  await phone.type("form.password-login input[name=name]", "li");
  await phone.type("form.password-login input[name=password]", "李站长自己的密码2026");
  await phone.keyboard.press("Enter");
  await phone.waitForSelector("section.asset-card table.asset-history tbody tr");
  assert.equal(await phone.$eval("section.asset-card h2", (e) => e.textContent), "SB-001 抽水泵");
  const events = await phone.$$eval("table.asset-history tbody tr td:nth-child(2)", (tds) => tds.map((td) => td.textContent));
  assert.ok(events.includes("建卡") && events.includes("处置"), events.join(" / "));
  await phone.screenshot({ path: join(shots, "asset-phone.png"), fullPage: true });
  await phoneContext.close();
  await page.click("section.labels button");

  // 合同: HT-2026-001 with its quarterly schedule and its one receipt; the receivables by 逾期天数;
  // a payment of 1,600.00 into the bank posts its voucher, settles the oldest instalment and shows
  // among the receipts.
  await tab("contracts");
  await page.waitForSelector("table.contract-list tr.contract-row");
  await page.waitForSelector("table.receivables tr.receivable");
  const lateBefore = await page.$$eval("table.receivables tr.receivable.overdue td.days", (tds) => tds.map((td) => Number(td.textContent)));
  assert.ok(lateBefore.length >= 3 && lateBefore.every((d) => d > 0), lateBefore.join());
  await page.click(`table.contract-list tr.contract-row[data-code="HT-2026-001"] a`);
  await page.waitForSelector("table.instalments tr.instalment");
  await page.waitForSelector("table.receipts tr.receipt");
  const owedBefore = fenOf(await page.$eval("td.contract-outstanding", (e) => e.textContent));
  await fill("input.pay-amount", "1600");
  await page.click("button.pay-button");
  await page.waitForFunction((month) => new RegExp(`^已收款 1,600\\.00 元，凭证 记-${month}-\\d{4}$`).test(document.querySelector("section.contract .saved")?.textContent ?? ""), {}, chinaToday().slice(0, 7));
  await page.waitForFunction(() => document.querySelectorAll("table.receipts tr.receipt").length === 2);
  assert.equal(fenOf(await page.$eval("td.contract-outstanding", (e) => e.textContent)), owedBefore - 160_000n);
  await page.screenshot({ path: join(shots, "contract.png"), fullPage: true });
  await page.click("section.contract button");
  await page.waitForFunction((n) => document.querySelectorAll("table.receivables tr.receivable.overdue").length === n, {}, lateBefore.length - 1);

  // 挂牌: a new listing's form asks for the 四议两公开 resolution; refused without it, at its field;
  // listed with it.
  await tab("listings");
  await page.waitForSelector("table.listing-list tr.listing-row");
  // The subjects (parcels, then cards) come after the list.
  await page.waitForFunction(() => [...document.querySelectorAll("select[name=subject] option")].some((o) => o.textContent.includes("JC-001")));
  const pumpHouse = await page.$$eval("select[name=subject] option", (os) => os.find((o) => o.textContent.includes("JC-001")).value);
  await page.select("select[name=subject]", pumpHouse);
  await fill("input[name=price]", "1200");
  await page.select("select[name=unit]", "2");
  await page.click("form.new-listing button.save-listing");
  await page.waitForSelector('form.new-listing .field-error[data-field="decision_ref"]');
  await fill("input[name=decision-ref]", "村民代表会议决议〔2026〕9号");
  await page.$eval("input[name=decision-date]", (e) => {
    e.value = "2026-12-01";
    e.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await fill("input[name=office]", "良山镇农村经营管理站");
  await fill("input[name=phone]", "0790-6281234");
  await page.click("form.new-listing button.save-listing");
  await page.waitForFunction(() => document.querySelectorAll("table.listing-list tr.listing-row").length === 2);
  assert.equal(await page.$eval("form.new-listing .saved", (e) => e.textContent), "已挂牌：灌溉水渠");

  // Printed to PDF: one page, its number and the total in capitals in the PDF's text.
  await tab("list");
  await page.waitForSelector("table.vouchers tbody tr");
  await page.type("input.words", "办公用品");
  await page.waitForFunction(() => document.querySelectorAll("table.vouchers tbody tr").length === 1);
  await page.click("table.vouchers tbody tr.pick td.summary");
  await page.waitForSelector("section.voucher button.print-one");
  await page.click("section.voucher button.print-one");
  await page.waitForSelector("section.print article.sheet");
  await page.screenshot({ path: join(shots, "print.png") });
  const pdf = join(dataDir, "voucher.pdf");
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: false });
  const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
  assert.match(info, /Pages:\s+1\n/, info);
  const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
  assert.ok(text.includes(number), text);
  assert.ok(text.includes("人民币叁佰伍拾元整"), text);
  assert.ok(text.includes("记账凭证") && text.includes("购买办公用品"), text);
  await page.click("section.print button");
  await signOut();

  // The village reader reads the books but finds no entry form and no voucher actions.
  await signIn("xiabao", codes.xiabao, "下保村监委会自己的密码");
  await page.waitForSelector("table tbody tr.pick");
  await page.click("table tbody tr.pick");
  await page.waitForSelector("table.vouchers tbody tr");
  assert.equal(await page.$("nav.tabs button.tab-entry"), null);
  assert.equal(await page.$("section.entry"), null);
  assert.equal(await page.$("button.review"), null);
  assert.equal(await page.$("input.select"), null);
  assert.equal(await page.$eval("header .who", (e) => e.textContent), "下保村监委会（村务监督）");
  // 资源一张图: one shape per parcel with a boundary (as the CLI lists them); the parcels without
  // one beside the map (a plot the clerk registered without a boundary and split); hover shows
  // 编码, 名称, 亩 and 四至; a click opens that parcel's card.
  execFileSync(join(dirname(serverBin), "sanzi"), ["--server", `http://${addr}`, "--token", demoTokens.li, "parcel", "create", "--org", "360502100201",
    "--code", "3605021002010000004", "--name", "东坡荒地", "--class", "四荒地", "--area-mu", "2", "--use", "闲置",
    "--east", "山林", "--west", "村道", "--south", "水库", "--north", "荒坡"], { stdio: "ignore" });
  execFileSync(join(dirname(serverBin), "sanzi"), ["--server", `http://${addr}`, "--token", demoTokens.li, "parcel", "split", "--org", "360502100201",
    "--date", "2026-12-01", "--part", "3605021002010000005:东坡荒地甲:1.2", "--part", "3605021002010000006:东坡荒地乙:0.8", "3605021002010000004"], { stdio: "ignore" });
  const villageParcels = cli("xiabao", ["parcel", "list", "--org", "360502100201", "--all"]);
  await tab("map");
  await page.waitForSelector("svg.map path.parcel");
  assert.equal((await page.$$("svg.map path.parcel")).length, villageParcels.filter((p) => p.has_boundary).length);
  assert.equal(await page.$eval(".parcel-map p.count", (e) => e.textContent),
    `共 ${villageParcels.length} 块，其中 ${villageParcels.filter((p) => p.has_boundary).length} 块有边界`);
  // Each with its state: the split plot retired, its two parts idle.
  assert.deepEqual(await page.$$eval(".no-boundary li", (lis) => lis.map((li) => [li.querySelector("a").textContent, li.querySelector(".no-boundary-state").textContent])),
    villageParcels.filter((p) => !p.has_boundary).map((p) => [`${p.code} ${p.name}`, p.retired ? "（已注销）" : "（闲置）"]));
  const field = villageParcels.find((p) => p.name === "东坑大丘");
  assert.equal(await page.$eval(`svg.map path.parcel[data-code="${field.code}"] title`, (e) => e.textContent),
    `${field.code} 东坑大丘\n12.5000 亩（8333.33 m²）\n四至：东 水渠；西 村道；南 承包地；北 山脚`);
  // The split: the new plot's card says where it came from, the old one's what it became.
  await page.click('.no-boundary a');
  await page.waitForFunction(() => document.querySelector(".parcel-card .card-code")?.textContent === "3605021002010000004");
  assert.equal(await page.$eval(".parcel-card .card-history", (e) => e.textContent.trim()), "2026-12-01 分为 3605021002010000005、3605021002010000006");
  await page.click('.no-boundary li:nth-child(2) a');
  await page.waitForFunction(() => document.querySelector(".parcel-card .card-code")?.textContent === "3605021002010000005");
  assert.equal(await page.$eval(".parcel-card .card-history", (e) => e.textContent.trim()), "由 3605021002010000004 分出");
  // Coloured by state: the legend names the states of the parcels drawn (the pond is leased
  // directly, 出租, so 已出租), each shape filled with its state's colour.
  await page.select("select.map-colour", "state");
  await page.waitForFunction(() => [...document.querySelectorAll(".parcel-map .legend li")].some((li) => li.textContent.includes("已出租")));
  assert.deepEqual(await page.$$eval(".parcel-map .legend li", (lis) => lis.map((li) => li.textContent.trim())),
    ["已出租", "待流转", "集体统一经营", "挂牌中"]);
  const fills = await page.$$eval(".parcel-map .legend li .swatch", (ss) => ss.map((e) => e.dataset.fill));
  assert.deepEqual(await page.$$eval("svg.map path.parcel", (ps) => ps.map((p) => p.getAttribute("fill")).sort()),
    [fills[2], fills[0], fills[1]].sort(), "the field, the pond and the plot listed, in their states' colours");
  await page.select("select.map-colour", "class");
  const clicked = await page.$eval("svg.map path.parcel", (e) => e.dataset.code);
  await page.click("svg.map path.parcel");
  await page.waitForSelector(".parcel-card .card-code");
  assert.equal(await page.$eval(".parcel-card .card-code", (e) => e.textContent), clicked);
  assert.ok(await page.$(".parcel-card .area-agrees"), "the demo's shapes match their recorded areas");
  await page.screenshot({ path: join(shots, "map.png"), fullPage: true });
  // Printed: one A4 landscape page with the title, the date and the legend.
  const mapPdf = join(dataDir, "map.pdf");
  await page.pdf({ path: mapPdf, preferCSSPageSize: true });
  const mapInfo = execFileSync("pdfinfo", [mapPdf], { encoding: "utf8" });
  assert.match(mapInfo, /Pages:\s+1\n/, mapInfo + execFileSync("pdftotext", ["-layout", mapPdf, "-"], { encoding: "utf8" }));
  assert.match(mapInfo, /Page size:\s+841\.\d+ x 59[45]\.\d+ pts/, mapInfo);
  const mapText = execFileSync("pdftotext", ["-layout", mapPdf, "-"], { encoding: "utf8" });
  for (const text of ["资源一张图", "下保村股份经济合作社", `打印日期：${chinaToday()}`, "耕地", "养殖水面"]) assert.ok(mapText.includes(text), `${text} in ${mapText}`);
  // The pond's card: its history, its contract with 李四, no listing; the listed plot is outlined.
  await page.click('svg.map path.parcel[data-code$="0000002"]');
  await page.waitForFunction(() => document.querySelector(".parcel-card .card-contracts")?.textContent.includes("HT-2026-001 李四"));
  assert.equal(await page.$eval(".parcel-card .card-history", (e) => e.textContent.trim()), "原始登记，无分割、合并或注销");
  await page.waitForFunction(() => document.querySelectorAll("svg.map path.parcel.listed").length === 1);
  // The reader's other pictures, read-only: the dashboard, the cards (no form), the contracts (no
  // payment), the listings (no form), the disclosures and their public addresses.
  await tab("dashboard");
  await page.waitForSelector("table.monthly tbody tr");
  await tab("assets");
  await page.waitForSelector("table.asset-list tr.asset");
  assert.equal(await page.$("form.new-asset"), null);
  assert.equal(await page.$("button.run-depreciation"), null);
  await tab("contracts");
  await page.waitForSelector("table.contract-list tr.contract-row a");
  await page.click("table.contract-list tr.contract-row a");
  await page.waitForSelector("table.instalments");
  assert.equal(await page.$("button.pay-button"), null);
  await tab("listings");
  await page.waitForSelector("table.listing-list tr.listing-row");
  assert.equal(await page.$("form.new-listing"), null);
  await tab("disclosures");
  await page.waitForSelector("a.public-link");
  assert.equal(await page.$("button.publish-button"), null);
  assert.equal(await page.$("button.save-phone"), null);
  assert.equal(await page.$eval("span.supervision-phone", (e) => e.textContent), "0790-6520123");
  await tab("list");
  await page.waitForSelector("table.vouchers tbody tr");
  await page.screenshot({ path: join(shots, "village.png") });

  await signOut();

  // The supervisor sees 下保村's waiting request in 选择单位, and reopens October from it; no entry form.
  await signIn("county", codes.county, "渝水区农业农村局的密码");
  await page.waitForFunction(() => [...document.querySelectorAll("td.waiting")].some((td) => td.textContent === "反结账申请 1 件"));
  await page.screenshot({ path: join(shots, "supervisor.png") });
  await openOrg("下保村");
  assert.equal(await page.$("nav.tabs button.tab-entry"), null);
  await tab("closing");
  await page.waitForSelector(".requests button.approve");
  assert.equal(await page.$eval(".requests input.answer", (e) => e.value), "同意：10月漏记一笔电费");
  await page.click(".requests button.approve");
  await page.waitForFunction(() => document.querySelector(".closing .saved")?.textContent === "2026-10 及其后各月已反结账");
  await page.waitForFunction(() => !document.querySelector(".requests"));
  assert.match(await page.$eval(".period-status", (e) => e.textContent), /已结账至：（尚无）/);
  // The 监督电话 printed on the village's notice is the supervisor's to set, here in 财务公开.
  await tab("disclosures");
  await page.waitForSelector("input.supervision-phone");
  assert.equal(await page.$eval("input.supervision-phone", (e) => e.value), "0790-6520123");
  await fill("input.supervision-phone", "0790-6520199");
  await page.click("button.save-phone");
  await page.waitForFunction(() => document.querySelector(".disclosures .saved")?.textContent === "监督电话已设为 0790-6520199");
  assert.equal(cli("county", ["org", "show", "360502100201"]).supervision_phone, "0790-6520199");
  // The county's supervisor has the board too: the county's villages, each one's cash and bank
  // its trial balance's, and the map.
  await page.click("nav.tabs button:first-child");
  await page.waitForSelector("button.open-board");
  await page.click("button.open-board");
  await page.waitForFunction(() => document.querySelectorAll("table.villages tr.village").length === 3);
  assert.equal(await page.$eval(".board-title", (e) => e.textContent), "渝水区（360502）");
  assert.equal((await boardAgreesWithTrialBalances(page, "county")).length, 3);
  await page.waitForSelector(".region-board svg.map path.parcel");
  await page.click(".region-board p.no-print button");
  await page.waitForSelector("button.open-board");
  await openOrg("下保村");

  await page.click("header nav button");
  await page.waitForFunction(() => document.querySelector("nav.tabs button.tab-list")?.textContent === "Vouchers");
  await page.screenshot({ path: join(shots, "vouchers-en.png") });
  await page.click("header nav button");
  await signOut();

  // The exchange partner finds no books, only its exports: the listings bundle streams in with
  // its progress, and its files (the three villages' listings) are there to save.
  await signIn("exchange", codes.exchange, "交易中心自己的新密码");
  await page.waitForSelector("section.exports");
  assert.equal(await page.$("table"), null);
  assert.equal(await page.$("nav.tabs"), null);
  await page.click("button.take-export");
  await page.waitForSelector(".export-files li");
  const bundle = await page.$$eval(".export-files a", (as) => as.map((a) => a.textContent));
  assert.deepEqual(bundle.sort(), ["listings.csv", "listings.geojson", "listings.jsonl", "manifest.json"]);
  assert.match(await page.$eval(".export-next code", (e) => e.textContent), /^v1\./);
  assert.equal(await page.$eval("progress", (e) => e.value), 100);
  // The bundle's listed parcels on a map, drawn from its own listings.geojson.
  const listedNow = cli("li", ["listing", "list", "--scope", "360502100", "--status", "挂牌中"]).map((l) => l.subject_code)
    .filter((c) => townshipParcels.some((p) => p.code === c && p.has_boundary)).sort();
  await page.waitForSelector(".bundle-map svg.map path.parcel");
  assert.deepEqual(await page.$$eval(".bundle-map svg.map path.parcel", (ps) => ps.map((p) => p.dataset.code).sort()), listedNow);
  await page.screenshot({ path: join(shots, "partner.png"), fullPage: true });

  // A session the server no longer takes sends the page back to the sign-in, saying why.
  await page.evaluate(() => sessionStorage.setItem("sanzi.token", "sanzi_" + "0".repeat(64)));
  await page.goto(url, { waitUntil: "networkidle0" });
  await page.waitForSelector("form.password-login .notice");
  assert.match(await page.$eval("form.password-login .notice", (e) => e.textContent), /登录已失效/);
  assert.equal(await page.evaluate(() => sessionStorage.getItem("sanzi.token")), null);

  // Over TLS the same: the console and its gRPC-Web calls over https (HTTP/2 by ALPN), with a
  // self-signed certificate made for the test.
  const tlsDir = join(dataDir, "tls");
  mkdirSync(tlsDir);
  execFileSync("openssl", ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
    "-keyout", join(tlsDir, "key.pem"), "-out", join(tlsDir, "cert.pem"), "-days", "1",
    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"], { stdio: "ignore" });
  // It is also told the address phones reach (SANZI_PUBLIC_URL), which the console asks for
  // labels' QR codes.
  const [secure, secureAddr] = await start(["--tls-cert", join(tlsDir, "cert.pem"), "--tls-key", join(tlsDir, "key.pem")], join(dataDir, "tls-data"),
    { SANZI_PUBLIC_URL: "https://sanzi.example.gov.cn/", SANZI_CONSOLE_URL: "https://sanzi.yushui.example:50051" });
  try {
    const first = await page.goto(`https://${secureAddr}/`, { waitUntil: "networkidle0" });
    assert.equal(first.headers()["strict-transport-security"], "max-age=31536000");
    assert.equal(await page.evaluate(() => sessionStorage.getItem("sanzi.token")), null);
    await fill("form.password-login input[name=name]", "wang");
    await fill("form.password-login input[name=password]", "不是这个密码啊啊啊");
    await page.click("form.password-login button[type=submit]");
    await page.waitForSelector("form.password-login .error");
    assert.equal(await page.$eval("form.password-login .error", (e) => e.textContent), "登录名或密码不对");
    const protocol = await page.evaluate(() => performance.getEntriesByType("navigation")[0].nextHopProtocol);
    assert.equal(protocol, "h2");
    // The console's own address for phones (SANZI_CONSOLE_URL) is taken before the villagers'.
    assert.deepEqual(await page.evaluate(() => fetch("/console-config.json").then((r) => r.json())),
      { console_url: "https://sanzi.yushui.example:50051", public_url: "https://sanzi.example.gov.cn" });
  } finally {
    secure.kill("SIGTERM");
  }

  assert.deepEqual(problems, []);
  console.log(`console: password login (first login chooses a password), 选择单位, 凭证录入 from the keyboard (unbalanced refusal at its field, = to balance), review and post from the list, 明细账, the balance sheet and its XLSX, 结账 refused with its blocking vouchers as links, then closed, a reopen request and the supervisor's answer, print to PDF, copy and save-and-new, 财务公开 at its public address (phone, print, 404), the village's and the township's 驾驶舱 against the statements and trial balances, 资产 with QR labels decoded and followed on a phone, a contract's payment, a listing with its resolution, the parcel map's cards, the village reader's read-only pages, the supervisor's and the partner's pages, English, and the console over TLS (HTTP/2) checked in Chromium (screenshots in target/console/)`);
} finally {
  await browser.close();
  server.kill("SIGTERM");
  rmSync(dataDir, { recursive: true, force: true });
}
