// What every page shares: the language, the gRPC-Web clients (same origin, the session token in
// sessionStorage), refusals explained from the server's reason table, and money in integer fen.

import { Code, ConnectError, createClient, type Interceptor } from "@connectrpc/connect";
import { createGrpcWebTransport } from "@connectrpc/connect-web";
import { BadRequestSchema, ErrorInfoSchema } from "./gen/google/rpc/error_details_pb";
import { AccountService } from "./gen/sanzi/v1/account_pb";
import { LedgerService, VoucherStatus } from "./gen/sanzi/v1/ledger_pb";
import { OrganizationService } from "./gen/sanzi/v1/organization_pb";
import { PeriodService } from "./gen/sanzi/v1/period_pb";
import { ReportService } from "./gen/sanzi/v1/report_pb";
import { Role, SessionService, type User } from "./gen/sanzi/v1/user_pb";
import reasons from "../../reasons.json";
import { withMetadata } from "./refusal";

export type Lang = "zh" | "en";
export const TOKEN_KEY = "sanzi.token";
const LANG_KEY = "sanzi.lang";

export let lang: Lang = localStorage.getItem(LANG_KEY) === "en" ? "en" : "zh";
export const t = (zh: string, en: string) => (lang === "zh" ? zh : en);
/** A row of a name table (`[中文, English, …]`) in the reader's language; "" for none. */
export const named = (row: readonly string[] | undefined) => (row ? (lang === "zh" ? row[0] : row[1]) : "");
export function switchLang() {
  lang = lang === "zh" ? "en" : "zh";
  localStorage.setItem(LANG_KEY, lang);
  document.documentElement.lang = lang === "zh" ? "zh-CN" : "en";
}

/** What to do when the server no longer takes the session (set by the shell). */
let onSessionEnded = () => {};
export const whenSessionEnds = (f: () => void) => {
  onSessionEnded = f;
};
/** The refusals that mean the session is over, not that one call was wrong. */
const ENDED = new Set(["SESSION_EXPIRED", "TOKEN_REVOKED", "TOKEN_EXPIRED", "TOKEN_INVALID", "USER_INACTIVE"]);

const bearer: Interceptor = (next) => async (req) => {
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) req.header.set("authorization", `Bearer ${token}`);
  try {
    return await next(req);
  } catch (e) {
    const err = ConnectError.from(e);
    if (token && err.code === Code.Unauthenticated && ENDED.has(reasonOf(err))) {
      sessionStorage.removeItem(TOKEN_KEY);
      onSessionEnded();
    }
    throw e;
  }
};
export const transport = createGrpcWebTransport({ baseUrl: location.origin, interceptors: [bearer] });
export const orgs = createClient(OrganizationService, transport);
export const ledger = createClient(LedgerService, transport);
export const accounts = createClient(AccountService, transport);
export const reports = createClient(ReportService, transport);
export const periods = createClient(PeriodService, transport);
export const sessions = createClient(SessionService, transport);

type ReasonRow = { reason: string; zh: string; en: string };
const reasonText = (code: string) => {
  const row = (reasons as ReasonRow[]).find((r) => r.reason === code);
  return row && (lang === "zh" ? row.zh : row.en);
};

/** A refusal as a clerk reads it: the reason's text from the server's table, or its message. */
export function explain(e: unknown): string {
  const err = ConnectError.from(e);
  const info = err.findDetails(ErrorInfoSchema)[0];
  const text = info && reasonText(info.reason);
  if (text) return withMetadata(text, info.metadata, lang);
  if (err.code === Code.Unauthenticated) return t("令牌无效或已过期", "the token is not valid");
  return err.rawMessage;
}

/** The reason code of a refusal ("" when it has none). */
export const reasonOf = (e: unknown) =>
  ConnectError.from(e).findDetails(ErrorInfoSchema)[0]?.reason ?? "";

/** Each refused field (`lines[2].debit_fen`) with its explanation, in the clerk's language. */
export function fieldErrors(e: unknown): Map<string, string> {
  const out = new Map<string, string>();
  for (const bad of ConnectError.from(e).findDetails(BadRequestSchema)) {
    for (const v of bad.fieldViolations) {
      if (!out.has(v.field)) out.set(v.field, reasonText(v.reason) ?? v.description);
    }
  }
  return out;
}

/** The signed-in user (from GetCurrentUser), shared by every page. */
export let me: User | null = null;
export const setMe = (u: User | null) => {
  me = u;
};
export const mayWrite = () => me?.role === Role.CLERK;
export const isSupervisor = () => me?.role === Role.SUPERVISOR;

export { daxie, parseYuan, yuan } from "./money";

export const STATUSES: [VoucherStatus, string, string][] = [
  [VoucherStatus.DRAFT, "草稿", "draft"],
  [VoucherStatus.REVIEWED, "已审核", "reviewed"],
  [VoucherStatus.POSTED, "已记账", "posted"],
  [VoucherStatus.VOID, "作废", "void"],
];
export const statusName = (s: VoucherStatus) => {
  const row = STATUSES.find(([v]) => v === s);
  return row ? (lang === "zh" ? row[1] : row[2]) : "";
};

/** A request id (a random UUID). `crypto.randomUUID` exists only on https and localhost pages;
 * `getRandomValues` everywhere, so the console also works over plain http on a LAN. */
export function newRequestId(): string {
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Today in China (UTC+8) as YYYY-MM-DD. */
export function today(): string {
  return new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
}

export const value = (e: Event) => (e.target as HTMLInputElement).value;

/** The addresses to hand out, from the server (`/console-config.json`): where clerks' phones
 * reach the console (SANZI_CONSOLE_URL, else SANZI_PUBLIC_URL) and where villagers reach the
 * public notices (SANZI_PUBLIC_URL); this console's own address for either the server leaves
 * empty. Asked once. */
let reached: Promise<{ console: string; public: string }> | null = null;
export function addresses(): Promise<{ console: string; public: string }> {
  reached ??= fetch("/console-config.json", { cache: "no-store" })
    .then((r) => (r.ok ? r.json() : {}))
    .catch(() => ({}))
    .then((c: { console_url?: string; public_url?: string }) => ({
      console: c.console_url || location.origin,
      public: c.public_url || location.origin,
    }));
  return reached;
}

