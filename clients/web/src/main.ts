// 三资 网页工作台: the clerk's console. One more gRPC client of sanzi-server (gRPC-Web, same
// origin): the same sessions, roles, scopes, validation and audit as the CLI. The session token
// lives in sessionStorage, never in a URL.
//
// Pages (each its own module): 登录 (login.ts), 选择单位 (orgs.ts), 凭证录入 (entry.ts), 凭证列表
// and one voucher (vouchers.ts), 打印凭证 (print.ts), 账簿 and 科目余额表 (books.ts), 报表 and 结账
// (reports.ts). Each role sees only what it may do: a clerk everything; a supervisor and a village
// reader the books without the entry form or the voucher actions (a supervisor also reopens
// months); the exchange partner gets nothing but its exports (exports.ts); the administrator is
// told where its work is.

import { render } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { html } from "htm/preact";
import { type Organization } from "./gen/sanzi/v1/organization_pb";
import { type Voucher } from "./gen/sanzi/v1/ledger_pb";
import { Role, type User } from "./gen/sanzi/v1/user_pb";
import { Code, ConnectError } from "@connectrpc/connect";
import { TOKEN_KEY, ledger, mayWrite, orgs, sessions, setMe, switchLang, t, whenSessionEnds } from "./common";
import { SignIn } from "./login";
import { ChooseOrganization } from "./orgs";
import { VoucherEntry } from "./entry";
import { VoucherList, VoucherView } from "./vouchers";
import { PrintVouchers } from "./print";
import { Books, TrialBalance } from "./books";
import { Closing, Statements } from "./reports";
import { Exports } from "./exports";
import { ParcelMap } from "./map";
import { Disclosures } from "./disclosures";
import { RegionBoard, VillageBoard } from "./dashboard";
import { Assets } from "./assets";
import { Contracts, Listings } from "./contracts";

type Tab = "entry" | "list" | "books" | "tb" | "statements" | "closing" | "disclosures" | "map" | "assets" | "contracts" | "listings" | "dashboard";
const TABS: [Tab, string, string, boolean][] = [
  ["entry", "凭证录入", "New voucher", true],
  ["list", "凭证列表", "Vouchers", false],
  ["books", "账簿", "Books", false],
  ["tb", "科目余额表", "Trial balance", false],
  ["statements", "报表", "Statements", false],
  ["closing", "结账", "Close", false],
  ["disclosures", "财务公开", "Disclosures", false],
  ["map", "资源一张图", "Parcel map", false],
  ["assets", "资产", "Assets", false],
  ["contracts", "合同", "Contracts", false],
  ["listings", "挂牌", "Listings", false],
  ["dashboard", "驾驶舱", "Dashboard", false],
];

const ROLE_NAMES: Record<number, [string, string]> = {
  [Role.ADMIN]: ["管理员", "administrator"],
  [Role.CLERK]: ["会计", "clerk"],
  [Role.SUPERVISOR]: ["监管", "supervisor"],
  [Role.VILLAGE]: ["村务监督", "village reader"],
  [Role.PARTNER]: ["交易平台", "exchange partner"],
};

/** Where the console is, in the address's fragment: `#/org/<id>/<tab>`,
 * `#/org/<id>/voucher/<id>` or `#/org/<id>/asset/<id>` (an asset label's QR code) — so a reload,
 * the back button or a link keeps the place; the session itself never goes into the address. */
type Place = { org: string; tab?: Tab; voucher?: string; asset?: string };
function placeOfHash(): Place | null {
  const m = /^#\/org\/([0-9a-f-]{36})(?:\/(voucher|asset)\/([0-9a-f-]{36})|\/([a-z]+))?$/.exec(location.hash);
  if (!m) return null;
  if (m[2] === "asset") return { org: m[1], tab: "assets", asset: m[3] };
  const tab = TABS.find(([id]) => id === m[4])?.[0];
  return { org: m[1], tab, voucher: m[3] };
}
const hrefOf = (p: Place) =>
  p.voucher ? `#/org/${p.org}/voucher/${p.voucher}`
    : p.asset ? `#/org/${p.org}/asset/${p.asset}`
    : `#/org/${p.org}${p.tab ? `/${p.tab}` : ""}`;
function goTo(href: string) {
  if (location.hash !== href) history.pushState(null, "", href);
}

function Workspace(props: { org: Organization; onLeave: () => void }) {
  const start = placeOfHash();
  const own = start?.org === props.org.id ? start : null;
  const [tab, setTab] = useState<Tab>(own?.tab && (own.tab !== "entry" || mayWrite()) ? own.tab : mayWrite() ? "entry" : "list");
  const [open, setOpen] = useState<Voucher | null>(null);
  const [assetId, setAssetId] = useState<string | null>(own?.asset ?? null);
  // The address follows the page, and the page follows the address (back button, links).
  const follow = async () => {
    const place = placeOfHash();
    if (!place || place.org !== props.org.id) return;
    if (place.voucher) {
      if (open?.id === place.voucher) return;
      try {
        setOpen(await ledger.getVoucher({ organizationId: props.org.id, voucherId: place.voucher }));
      } catch {
        setOpen(null);
      }
    } else {
      setOpen(null);
      setPrinting(null);
      setAssetId(place.asset ?? null);
      if (place.tab && (place.tab !== "entry" || mayWrite())) setTab(place.tab);
    }
  };
  useEffect(() => {
    follow();
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, [props.org.id]);
  // Opened at a voucher's address: the address stays until the voucher is there.
  const settled = useRef(!own?.voucher);
  useEffect(() => {
    if (!settled.current && !open) return;
    settled.current = true;
    goTo(hrefOf({ org: props.org.id, tab, voucher: open?.id, asset: tab === "assets" && assetId ? assetId : undefined }));
  }, [props.org.id, tab, open?.id, assetId]);
  const [printing, setPrinting] = useState<Voucher[] | null>(null);
  const [copy, setCopy] = useState<Voucher | null>(null);
  const go = (next: Tab) => {
    setOpen(null);
    setPrinting(null);
    setAssetId(null);
    setTab(next);
  };
  let page;
  if (printing) {
    page = html`<${PrintVouchers} org=${props.org} vouchers=${printing} onBack=${() => setPrinting(null)} />`;
  } else if (open) {
    page = html`<${VoucherView} voucher=${open} onBack=${() => setOpen(null)} onPrint=${setPrinting}
      onCopy=${(v: Voucher) => { setCopy(v); go("entry"); }} />`;
  } else if (tab === "entry") {
    page = html`<${VoucherEntry} org=${props.org} copyOf=${copy} onSaved=${(v: Voucher) => { setCopy(null); setOpen(v); }} />`;
  } else if (tab === "list") {
    page = html`<${VoucherList} org=${props.org} onOpen=${setOpen} onPrint=${setPrinting} />`;
  } else if (tab === "books") {
    page = html`<${Books} org=${props.org} />`;
  } else if (tab === "tb") {
    page = html`<${TrialBalance} org=${props.org} />`;
  } else if (tab === "statements") {
    page = html`<${Statements} org=${props.org} />`;
  } else if (tab === "disclosures") {
    page = html`<${Disclosures} org=${props.org} />`;
  } else if (tab === "assets") {
    page = html`<${Assets} org=${props.org} assetId=${assetId} onOpenAsset=${setAssetId} />`;
  } else if (tab === "contracts") {
    page = html`<${Contracts} org=${props.org} />`;
  } else if (tab === "listings") {
    page = html`<${Listings} org=${props.org} />`;
  } else if (tab === "dashboard") {
    page = html`<${VillageBoard} org=${props.org} />`;
  } else if (tab === "map") {
    page = html`<${ParcelMap} org=${props.org} />`;
  } else {
    page = html`<${Closing} org=${props.org} onOpen=${setOpen} />`;
  }
  return html`<div>
    <nav class="tabs no-print">
      <button onClick=${props.onLeave}>← ${t("选择单位", "Organisations")}</button>
      <b class="org-name">${props.org.displayName}</b>
      ${TABS.filter(([, , , writes]) => !writes || mayWrite()).map(
        ([id, zh, en]) => html`<button class=${`tab tab-${id}${tab === id && !open && !printing ? " current" : ""}`}
          onClick=${() => { if (id !== "entry") setCopy(null); go(id); }}>${t(zh, en)}</button>`,
      )}
    </nav>
    ${page}
  </div>`;
}

/** The township's (county's) dashboard is for a clerk or supervisor of a township or wider. */
const mayBoard = (u: User) =>
  (u.role === Role.CLERK || u.role === Role.SUPERVISOR) && u.scopes.length > 0 && u.scopes.every((s) => s.length <= 9);

/** What the administrator finds here: where their work is done. */
function Elsewhere() {
  return html`<section class="elsewhere">
    <h2>${t("管理员", "Administrator")}</h2>
    <p>${t("管理员管理用户、令牌和密码（sanzi user …），不记账，工作台不显示账簿。",
      "Administrators manage users, tokens and passwords (sanzi user …); they keep no books, and the console shows none.")}</p>
  </section>`;
}

function Console() {
  const [user, setUser] = useState<User | null>(null);
  const [checking, setChecking] = useState(!!sessionStorage.getItem(TOKEN_KEY));
  const [org, setOrg] = useState<Organization | null>(null);
  const [notice, setNotice] = useState("");
  // The township's (county's) dashboard, at #/board.
  const [board, setBoard] = useState(location.hash === "#/board");
  useEffect(() => {
    // Back to #/board (the back button from a village opened there) shows the board again.
    const follow = () => {
      const onBoard = location.hash === "#/board";
      setBoard(onBoard);
      if (onBoard) setOrg(null);
    };
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, []);
  const [, redraw] = useState(0);
  useEffect(() => {
    if (!checking) return;
    sessions
      .getCurrentUser({})
      .then((u) => {
        setMe(u);
        setUser(u);
      })
      .catch((e) => {
        // A session the server no longer takes is forgotten; a network blip is not a logout.
        if (ConnectError.from(e).code === Code.Unauthenticated) sessionStorage.removeItem(TOKEN_KEY);
      })
      .finally(() => setChecking(false));
  }, []);
  useEffect(() =>
    whenSessionEnds(() => {
      setNotice(t("登录已失效（超时、被吊销或密码已重设），请重新登录", "The session has ended (idle, revoked or the password was reset): sign in again"));
      setMe(null);
      setUser(null);
      setOrg(null);
    }), []);
  const signedIn = (u: User) => {
    setMe(u);
    setUser(u);
  };
  const signOut = async () => {
    try {
      await sessions.logout({});
    } catch {
      // An API token cannot be logged out; forgetting it here is all there is to do.
    }
    sessionStorage.removeItem(TOKEN_KEY);
    // The next person starts at the beginning (a session that merely ended keeps its place).
    history.replaceState(null, "", "#");
    setMe(null);
    setUser(null);
    setOrg(null);
  };
  // Opened (or reloaded) at an organisation's address: take the user there once they are known
  // (with the session the tab had, or after signing in — an asset label's QR code opened on a
  // phone). Signing out clears the address, so the next person starts at 选择单位.
  const restoring = useRef(checking || placeOfHash() !== null);
  useEffect(() => {
    const place = placeOfHash();
    if (!user || !restoring.current) return;
    restoring.current = false;
    if (org || !place) return;
    orgs
      .getOrganization({ id: place.org })
      .then(setOrg)
      .catch(() => history.replaceState(null, "", "#"));
  }, [user]);
  const leave = () => {
    setOrg(null);
    goTo("#");
  };
  let main;
  if (checking) main = html`<p>${t("正在读取……", "Loading…")}</p>`;
  else if (!user) main = html`<${SignIn} notice=${notice} onSignedIn=${(u: User) => { setNotice(""); signedIn(u); }} />`;
  else if (user.role === Role.PARTNER) main = html`<${Exports} />`;
  else if (user.role === Role.ADMIN) main = html`<${Elsewhere} />`;
  else if (org) main = html`<${Workspace} org=${org} onLeave=${leave} />`;
  else if (board && mayBoard(user)) main = html`<${RegionBoard} onOpen=${(o: Organization) => { setBoard(false); setOrg(o); }} onBack=${() => { setBoard(false); goTo("#"); }} />`;
  else main = html`<${ChooseOrganization} onChoose=${setOrg} onBoard=${mayBoard(user) ? () => { setBoard(true); goTo("#/board"); } : undefined} />`;
  return html`<header class="no-print">
      <h1>${t("三资 · 网页工作台", "Sanzi · console")}</h1>
      <nav>
        ${user && html`<span class="who">${user.displayName}（${t(...(ROLE_NAMES[user.role] ?? ["", ""]))}）</span>`}
        <button onClick=${() => { switchLang(); redraw((n) => n + 1); }}>${t("English", "中文")}</button>
        ${user && html`<button class="sign-out" onClick=${signOut}>${t("退出", "Sign out")}</button>`}
      </nav>
    </header>
    <main>${main}</main>`;
}

render(html`<${Console} />`, document.getElementById("app")!);
