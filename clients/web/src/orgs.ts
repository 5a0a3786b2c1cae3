// 选择单位: the organisations in the user's scope, searchable by name or region code; a supervisor
// also sees which have reopen requests waiting.

import { useEffect, useState } from "preact/hooks";
import { html } from "htm/preact";
import { OrganizationLevel, type Organization } from "./gen/sanzi/v1/organization_pb";
import { explain, isSupervisor, lang, orgs, periods, t } from "./common";


const LEVELS: Record<number, [string, string]> = {
  [OrganizationLevel.TOWNSHIP]: ["乡镇", "township"],
  [OrganizationLevel.VILLAGE]: ["村", "village"],
  [OrganizationLevel.GROUP]: ["组", "group"],
};

export function ChooseOrganization(props: { onChoose: (o: Organization) => void; onBoard?: () => void }) {
  const [list, setList] = useState<Organization[] | null>(null);
  const [error, setError] = useState("");
  const [query, setQuery] = useState("");
  // A supervisor sees which organisations have reopen requests waiting (one call for the scope).
  const [requests, setRequests] = useState<Map<string, number>>(new Map());
  useEffect(() => {
    if (!isSupervisor()) return;
    periods
      .listReopenRequests({ regionPrefix: "" })
      .then((r) => {
        const found = new Map<string, number>();
        for (const q of r.requests) found.set(q.organizationId, (found.get(q.organizationId) ?? 0) + 1);
        setRequests(found);
      })
      .catch(() => {
        // The list still works without the marks.
      });
  }, []);
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
    ${props.onBoard && html`<p><button class="open-board" onClick=${props.onBoard}>${t("全域驾驶舱：各村一览、地图、预警", "Dashboard of the whole scope: the villages side by side, the map, the alerts")}</button></p>`}
    <input class="search" placeholder=${t("名称或区划代码", "name or region code")}
      value=${query} onInput=${(e: Event) => setQuery((e.target as HTMLInputElement).value)} />
    <table>
      <thead><tr>
        <th>${t("名称", "Name")}</th><th>${t("区划代码", "Region code")}</th>
        <th>${t("层级", "Level")}</th><th>${t("所在地", "Place")}</th>
        ${isSupervisor() && html`<th>${t("待处理", "Waiting")}</th>`}
      </tr></thead>
      <tbody>${shown.map(
        (o) => html`<tr class="pick" onClick=${() => props.onChoose(o)}>
          <td><a href="#" onClick=${(e: Event) => e.preventDefault()}>${o.displayName}</a></td><td>${o.regionCode}${o.groupCode}</td>
          <td>${(LEVELS[o.level] ?? ["", ""])[lang === "zh" ? 0 : 1]}</td>
          <td>${o.regionName}</td>
          ${isSupervisor() && html`<td class="waiting">${requests.get(o.id)
            ? t(`反结账申请 ${requests.get(o.id)} 件`, `${requests.get(o.id)} reopen request(s)`) : ""}</td>`}
        </tr>`,
      )}</tbody>
    </table>
    <p class="count">${t(`共 ${shown.length} 个单位`, `${shown.length} organisations`)}</p>
  </section>`;
}
