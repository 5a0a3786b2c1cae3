// 财务公开: an organisation's published disclosures, each with its public address (readable
// without logging in, for villagers' phones and the notice board: src/public.rs on the server),
// and, for a clerk, publishing a closed month or quarter.

import { useEffect, useState } from "preact/hooks";
import { html } from "htm/preact";
import { type Organization } from "./gen/sanzi/v1/organization_pb";
import { type DisclosurePublication } from "./gen/sanzi/v1/report_pb";
import { addresses, explain, isSupervisor, mayWrite, newRequestId, orgs, periods, reports, t, value } from "./common";

/** The public address of a published period under `base` (SANZI_PUBLIC_URL, else this
 * console's own address). */
export const publicAddress = (base: string, orgId: string, period: string) => `${base}/gongkai/${orgId}/${period}`;

export function Disclosures(props: { org: Organization }) {
  const [list, setList] = useState<DisclosurePublication[]>([]);
  const [period, setPeriod] = useState("");
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  const [phone, setPhone] = useState(props.org.supervisionPhone);
  const [base, setBase] = useState(location.origin);
  const load = async () => {
    try {
      const r = await reports.listDisclosures({ organizationId: props.org.id });
      setList([...r.publications].reverse());
      if (!period) {
        const status = await periods.getPeriodStatus({ organizationId: props.org.id });
        setPeriod(status.closedThrough);
      }
    } catch (err) {
      setError(explain(err));
    }
  };
  useEffect(() => {
    load();
    // The number as stored now (a supervisor may have changed it since the village was chosen).
    orgs.getOrganization({ id: props.org.id }).then((o) => setPhone(o.supervisionPhone)).catch(() => {});
    addresses().then((a) => setBase(a.public));
  }, [props.org.id]);
  const publish = async () => {
    setError("");
    setDone("");
    try {
      const d = await reports.publishDisclosure({ requestId: newRequestId(), organizationId: props.org.id, period: period.trim() });
      setDone(t(`${d.period} 已公布`, `${d.period} published`));
      await load();
    } catch (err) {
      setError(explain(err));
    }
  };
  // 监督电话 is the supervisors' to set (the clerk who keeps the books does not choose who checks
  // them); a village without its own number shows its township's.
  const savePhone = async () => {
    setError("");
    setDone("");
    try {
      const o = await orgs.updateOrganization({ requestId: newRequestId(), organization: { id: props.org.id, supervisionPhone: phone.trim() }, updateMask: { paths: ["supervision_phone"] } });
      setPhone(o.supervisionPhone);
      setDone(t(`监督电话已设为 ${o.supervisionPhone || "（空，用乡镇的）"}`, `Supervision phone set to ${o.supervisionPhone || "(none: the township's)"}`));
    } catch (err) {
      setError(explain(err));
    }
  };
  return html`<section class="disclosures">
    <h2>${t("财务公开", "Disclosures")} · ${props.org.displayName}</h2>
    <p class="hint">${t(
      "已公布的财务公开不用登录即可查看：把公开页地址发到村民群，或打印公开页（带二维码、公开期限和监督电话）张贴到公开栏。只有已结账的月份或季度才能公布。",
      "A published disclosure is readable without logging in: share its public address, or print its page (with its QR code, posting period and supervision phone) for the notice board. Only closed months or quarters are published.")}</p>
    ${isSupervisor() ? html`<p class="phone"><label>${t("监督电话（印在公开页上；空则用乡镇的）", "Supervision phone (printed on the notice; empty: the township's)")}
        <input class="supervision-phone short" value=${phone} onInput=${(e: Event) => setPhone(value(e))} /></label>
      <button class="save-phone" onClick=${savePhone}>${t("保存", "Save")}</button></p>`
      : html`<p class="phone">${t("监督电话", "Supervision phone")}：<span class="supervision-phone">${phone || t("本村未设（公开页印乡镇的号码）", "none of its own (the notice prints the township's)")}</span></p>`}
    ${mayWrite() && html`<p class="publish"><label>${t("公开期间（月份 2026-10 或季度 2026Q4）", "Period (2026-10 or 2026Q4)")}
        <input class="publish-period short" value=${period} onInput=${(e: Event) => setPeriod(value(e))} /></label>
      <button class="publish-button" onClick=${publish}>${t("公布", "Publish")}</button></p>`}
    ${done && html`<p class="saved" role="status">${done}</p>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${list.length === 0
      ? html`<p class="empty">${t("尚未公布过财务公开。", "Nothing published yet.")}</p>`
      : html`<table class="publications"><thead><tr><th>${t("期间", "Period")}</th><th>${t("公布时间", "Published")}</th>
          <th>${t("公布人", "By")}</th><th>SHA-256</th><th>${t("公开页", "Public page")}</th></tr></thead>
        <tbody>${list.map((p) => html`<tr class="publication"><td>${p.period}</td><td>${p.time.slice(0, 16).replace("T", " ")}</td>
          <td>${p.by}</td><td class="hash" title=${p.sha256}>${p.sha256.slice(0, 16)}…</td>
          <td><a class="public-link" href=${publicAddress(base, props.org.id, p.period)} target="_blank" rel="noopener">${t("打开公开页", "Open")}</a></td></tr>`)}</tbody></table>`}
  </section>`;
}
