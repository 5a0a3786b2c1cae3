// 三资 网页工作台: the clerk's console. One more gRPC client of sanzi-server (gRPC-Web, same
// origin): the same tokens, roles, scopes, validation and audit as the CLI.
//
// This first step has the sign-in with a token and 选择单位 (the organisations in the user's
// scope, searchable by name or region code). The token lives in sessionStorage, never in a URL.

import { Code, ConnectError, createClient, type Interceptor } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import { html } from "htm/preact";
import { ErrorInfoSchema } from "./gen/google/rpc/error_details_pb";
import {
  OrganizationLevel,
  OrganizationService,
  type Organization,
} from "./gen/sanzi/v1/organization_pb";
import reasons from "../../reasons.json";

type Lang = "zh" | "en";
const TOKEN_KEY = "sanzi.token";
const LANG_KEY = "sanzi.lang";

let lang: Lang = localStorage.getItem(LANG_KEY) === "en" ? "en" : "zh";
const t = (zh: string, en: string) => (lang === "zh" ? zh : en);

const bearer: Interceptor = (next) => async (req) => {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) req.header.set("authorization", `Bearer ${token}`);
  return next(req);
};
const transport = createGrpcWebTransport({
  baseUrl: location.origin,
  interceptors: [bearer],
});
const orgs = createClient(OrganizationService, transport);

/** A refusal as a clerk reads it: the reason's text from the server's table, or its message. */
function explain(e: unknown): string {
  const err = ConnectError.from(e);
  const info = err.findDetails(ErrorInfoSchema)[0];
  const row = info && (reasons as { reason: string; zh: string; en: string }[]).find(
    (r) => r.reason === info.reason,
  );
  if (row) return lang === "zh" ? row.zh : row.en;
  if (err.code === Code.Unauthenticated) return t("令牌无效或已过期", "the token is not valid");
  return err.rawMessage;
}

const LEVELS: Record<number, [string, string]> = {
  [OrganizationLevel.TOWNSHIP]: ["乡镇", "township"],
  [OrganizationLevel.VILLAGE]: ["村", "village"],
  [OrganizationLevel.GROUP]: ["组", "group"],
};

function SignIn(props: { onSignedIn: () => void }) {
  const [token, setToken] = useState("");
  const [error, setError] = useState("");
  const submit = async (e: Event) => {
    e.preventDefault();
    sessionStorage.setItem(TOKEN_KEY, token.trim());
    try {
      await orgs.listOrganizations({ pageSize: 1 });
      props.onSignedIn();
    } catch (err) {
      sessionStorage.removeItem(TOKEN_KEY);
      setError(explain(err));
    }
  };
  return html`<form class="sign-in" onSubmit=${submit}>
    <h2>${t("登录", "Sign in")}</h2>
    <label>${t("令牌", "Token")}
      <input type="password" autocomplete="off" value=${token}
        onInput=${(e: Event) => setToken((e.target as HTMLInputElement).value)} /></label>
    <button type="submit">${t("登录", "Sign in")}</button>
    ${error && html`<p class="error" role="alert">${error}</p>`}
  </form>`;
}

function ChooseOrganization() {
  const [list, setList] = useState<Organization[] | null>(null);
  const [error, setError] = useState("");
  const [query, setQuery] = useState("");
  useEffect(() => {
    (async () => {
      const all: Organization[] = [];
      let pageToken = "";
      try {
        do {
          const page = await orgs.listOrganizations({ pageSize: 1000, pageToken });
          all.push(...page.organizations);
          pageToken = page.nextPageToken;
        } while (pageToken);
        setList(all);
      } catch (err) {
        setError(explain(err));
      }
    })();
  }, []);
  if (error) return html`<p class="error" role="alert">${error}</p>`;
  if (!list) return html`<p>${t("正在读取……", "Loading…")}</p>`;
  const q = query.trim();
  const shown = list.filter(
    (o) => !q || o.displayName.includes(q) || `${o.regionCode}${o.groupCode}`.startsWith(q),
  );
  return html`<section>
    <h2>${t("选择单位", "Choose an organisation")}</h2>
    <input class="search" placeholder=${t("名称或区划代码", "name or region code")}
      value=${query} onInput=${(e: Event) => setQuery((e.target as HTMLInputElement).value)} />
    <table>
      <thead><tr>
        <th>${t("名称", "Name")}</th><th>${t("区划代码", "Region code")}</th>
        <th>${t("层级", "Level")}</th><th>${t("所在地", "Place")}</th>
      </tr></thead>
      <tbody>${shown.map(
        (o) => html`<tr>
          <td>${o.displayName}</td><td>${o.regionCode}${o.groupCode}</td>
          <td>${(LEVELS[o.level] ?? ["", ""])[lang === "zh" ? 0 : 1]}</td>
          <td>${o.regionName}</td>
        </tr>`,
      )}</tbody>
    </table>
    <p class="count">${t(`共 ${shown.length} 个单位`, `${shown.length} organisations`)}</p>
  </section>`;
}

function Console() {
  const [signedIn, setSignedIn] = useState(!!sessionStorage.getItem(TOKEN_KEY));
  const [, redraw] = useState(0);
  const switchLang = () => {
    lang = lang === "zh" ? "en" : "zh";
    localStorage.setItem(LANG_KEY, lang);
    document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
    redraw((n) => n + 1);
  };
  const signOut = () => {
    sessionStorage.removeItem(TOKEN_KEY);
    setSignedIn(false);
  };
  return html`<header>
      <h1>${t("三资 · 网页工作台", "Sanzi · console")}</h1>
      <nav>
        <button onClick=${switchLang}>${lang === "zh" ? "English" : "中文"}</button>
        ${signedIn && html`<button onClick=${signOut}>${t("退出", "Sign out")}</button>`}
      </nav>
    </header>
    <main>${signedIn ? html`<${ChooseOrganization} />` : html`<${SignIn} onSignedIn=${() => setSignedIn(true)} />`}</main>`;
}

render(html`<${Console} />`, document.getElementById("app")!);
