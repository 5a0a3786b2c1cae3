// 合同 and 挂牌: an organisation's contracts with their schedule (instalments: due, paid,
// outstanding) and receipts (the vouchers RecordPayment posted), recording a payment; the rent
// receivable by instalment with 逾期天数; the listings offered for transfer, and a new listing's
// form with its 四议两公开 evidence (the members' meeting resolution and its date).

import { useEffect, useState } from "preact/hooks";
import { html } from "htm/preact";
import { type Organization } from "./gen/sanzi/v1/organization_pb";
import { type Contract, type Receivable, ContractMethod, PaymentSchedule, RentUnit } from "./gen/sanzi/v1/contract_pb";
import { Facility, PriceUnit, SubjectKind, TransferMethod, type Listing } from "./gen/sanzi/v1/listing_pb";
import { VoucherStatus, type Voucher } from "./gen/sanzi/v1/ledger_pb";
import { type Parcel } from "./gen/sanzi/v1/resource_pb";
import { AssetStatus, type Asset } from "./gen/sanzi/v1/asset_pb";
import { explain, fieldErrors, ledger, mayWrite, newRequestId, parseYuan, t, today, value, yuan, named } from "./common";
import { LISTING_STATES, allContracts, allListings, allParcels, contractsApi, listingsApi } from "./map";
import { allAssets } from "./dashboard";

const METHODS: Record<number, [string, string]> = {
  [ContractMethod.LEASE]: ["出租/转包", "lease"],
  [ContractMethod.SHAREHOLDING]: ["入股", "shareholding"],
  [ContractMethod.CONTRACTING]: ["承包", "contracting"],
  [ContractMethod.GRANT]: ["出让", "grant"],
};
const RENT_UNITS: Record<number, [string, string]> = {
  [RentUnit.PER_YEAR]: ["元/年", "yuan a year"],
  [RentUnit.PER_MU_PER_YEAR]: ["元/亩/年", "yuan per mu a year"],
  [RentUnit.PER_M2_PER_YEAR]: ["元/平方米/年", "yuan per m² a year"],
  [RentUnit.TOTAL]: ["元（总价）", "yuan in all"],
};
const SCHEDULES: Record<number, [string, string]> = {
  [PaymentSchedule.ANNUAL]: ["按年", "yearly"],
  [PaymentSchedule.SEMI_ANNUAL]: ["按半年", "half-yearly"],
  [PaymentSchedule.QUARTERLY]: ["按季", "quarterly"],
  [PaymentSchedule.MONTHLY]: ["按月", "monthly"],
  [PaymentSchedule.ONE_OFF]: ["一次性", "once"],
};
const TRANSFER: Record<number, [string, string]> = {
  [TransferMethod.LEASE]: ["出租", "lease"],
  [TransferMethod.SUBLEASE]: ["转包", "sublease"],
  [TransferMethod.EQUITY]: ["入股", "equity"],
  [TransferMethod.GRANT]: ["出让", "grant"],
  [TransferMethod.TRANSFER]: ["转让", "transfer"],
  [TransferMethod.OTHER]: ["其他", "other"],
};
const PRICE_UNITS: Record<number, [string, string]> = {
  [PriceUnit.YUAN_PER_MU_YEAR]: ["元/亩/年", "yuan/mu/year"],
  [PriceUnit.YUAN_PER_YEAR]: ["元/年", "yuan/year"],
  [PriceUnit.YUAN_PER_M2_YEAR]: ["元/平方米/年", "yuan/m²/year"],
  [PriceUnit.YUAN_TOTAL]: ["元", "yuan"],
  [PriceUnit.NEGOTIABLE]: ["面议", "negotiable"],
};
const FACILITIES: Record<number, [string, string]> = {
  [Facility.WATER]: ["通水", "water"],
  [Facility.POWER]: ["通电", "power"],
  [Facility.ROAD]: ["通路", "road"],
  [Facility.IRRIGATION]: ["灌溉", "irrigation"],
  [Facility.GREENHOUSE]: ["大棚", "greenhouse"],
  [Facility.STORAGE]: ["仓储", "storage"],
  [Facility.OTHER]: ["其他", "other"],
};

/** The vouchers a contract's payments posted (RecordPayment's origin names the contract). */
async function receiptsOf(org: Organization, c: Contract): Promise<Voucher[]> {
  const out: Voucher[] = [];
  let pageToken = "";
  do {
    const page = await ledger.listVouchers({ organizationId: org.id, dateFrom: c.startDate < org.booksOpeningDate ? org.booksOpeningDate : c.startDate,
      status: VoucherStatus.POSTED, pageSize: 1000, pageToken });
    out.push(...page.vouchers.filter((v) => v.origin === `收取租金 合同 ${c.code}`));
    pageToken = page.nextPageToken;
  } while (pageToken);
  return out;
}

function ContractView(props: { org: Organization; contract: Contract; subjects: string; onBack: () => void; onChanged: () => void }) {
  const [c, setC] = useState(props.contract);
  const [receipts, setReceipts] = useState<Voucher[]>([]);
  const [amount, setAmount] = useState("");
  const [date, setDate] = useState(today());
  const [account, setAccount] = useState("102");
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  useEffect(() => {
    receiptsOf(props.org, c).then(setReceipts).catch((err) => setError(explain(err)));
  }, [c.id, c.instalments.map((i) => i.paidFen).join()]);
  const outstanding = c.instalments.reduce((s, i) => s + i.outstandingFen, 0n);
  const pay = async () => {
    setError("");
    setDone("");
    const fen = parseYuan(amount);
    if (fen === null || fen <= 0n) return setError(t("收款金额：请输入大于零的金额", "Amount: more than zero"));
    try {
      const r = await contractsApi.recordPayment({ requestId: newRequestId(), organizationId: props.org.id, contractId: c.id, amountFen: fen, date, cashAccount: account.trim() });
      if (r.contract) setC(r.contract);
      setDone(t(`已收款 ${yuan(fen)} 元，凭证 ${r.voucher?.number ?? ""}`, `Received ${yuan(fen)}, voucher ${r.voucher?.number ?? ""}`));
      setAmount("");
      props.onChanged();
    } catch (err) {
      const fields = [...fieldErrors(err).entries()].map(([f, m]) => `${f}：${m}`);
      setError(fields.length ? fields.join("；") : explain(err));
    }
  };
  return html`<section class="contract">
    <p class="no-print"><button onClick=${props.onBack}>← ${t("合同", "Contracts")}</button></p>
    <h2>${t("合同", "Contract")} ${c.code}${c.terminated ? t("（已终止）", " (terminated)") : ""}</h2>
    <table class="card-facts"><tbody>
      <tr><th>${t("承租方", "Counterparty")}</th><td>${c.counterpartyName}</td><th>${t("方式", "Method")}</th><td>${named(METHODS[c.method])}</td></tr>
      <tr><th>${t("标的", "Subjects")}</th><td>${props.subjects}</td><th>${t("期限", "Term")}</th><td>${c.startDate} ${t("至", "to")} ${c.endDate}</td></tr>
      <tr><th>${t("租金", "Rent")}</th><td class="figure">${yuan(c.rentFen)} ${named(RENT_UNITS[c.rentUnit])}</td><th>${t("付款方式", "Schedule")}</th><td>${named(SCHEDULES[c.schedule])}</td></tr>
      <tr><th>${t("合同总额", "Total")}</th><td class="figure">${yuan(c.totalRentFen)}</td><th>${t("未收", "Outstanding")}</th><td class="figure contract-outstanding">${yuan(outstanding)}</td></tr>
    </tbody></table>
    <h3>${t("收款计划", "Schedule")}</h3>
    <table class="instalments"><thead><tr><th>${t("应收日", "Due")}</th><th class="amount">${t("应收", "Due amount")}</th><th class="amount">${t("已收", "Paid")}</th><th class="amount">${t("未收", "Outstanding")}</th><th class="amount">${t("逾期天数", "Days overdue")}</th></tr></thead>
      <tbody>${c.instalments.map((i) => {
        const late = i.outstandingFen > 0n && i.dueDate < today() ? Math.round((Date.parse(today()) - Date.parse(i.dueDate)) / 86_400_000) : 0;
        return html`<tr class=${`instalment${late ? " overdue" : ""}`}><td>${i.dueDate}</td><td class="amount">${yuan(i.amountFen)}</td><td class="amount paid">${yuan(i.paidFen)}</td>
          <td class="amount outstanding">${yuan(i.outstandingFen)}</td><td class="amount">${late || ""}</td></tr>`;
      })}</tbody></table>
    <h3>${t("收款记录", "Receipts")}</h3>
    ${receipts.length === 0 ? html`<p class="card-none">${t("尚无收款", "None yet")}</p>` : html`<table class="receipts"><thead><tr><th>${t("日期", "Date")}</th><th>${t("凭证号", "Voucher")}</th><th>${t("摘要", "Summary")}</th><th class="amount">${t("金额", "Amount")}</th></tr></thead>
      <tbody>${receipts.map((v) => html`<tr class="receipt"><td>${v.date}</td><td>${v.number}</td><td>${v.summary}</td><td class="amount">${yuan(v.debitTotalFen)}</td></tr>`)}</tbody></table>`}
    ${mayWrite() && !c.terminated && html`<p class="record-payment no-print"><label>${t("收款金额（元）", "Amount (yuan)")} <input class="pay-amount short" value=${amount} onInput=${(e: Event) => setAmount(value(e))} /></label>
      <label>${t("日期", "Date")} <input class="pay-date" type="date" value=${date} onInput=${(e: Event) => setDate(value(e))} /></label>
      <label>${t("收入账户", "Into")} <select class="pay-account" onChange=${(e: Event) => setAccount(value(e))}>
        <option value="102" selected=${account === "102"}>102 ${t("银行存款", "bank")}</option><option value="101" selected=${account === "101"}>101 ${t("库存现金", "cash")}</option></select></label>
      <button class="pay-button" onClick=${pay}>${t("记录收款", "Record payment")}</button></p>`}
    ${done && html`<p class="saved" role="status">${done}</p>`}
    ${error && html`<p class="error" role="alert">${error}</p>`}
  </section>`;
}

export function Contracts(props: { org: Organization }) {
  const [list, setList] = useState<Contract[] | null>(null);
  const [receivables, setReceivables] = useState<Receivable[]>([]);
  const [names, setNames] = useState<Map<string, string>>(new Map());
  const [open, setOpen] = useState<Contract | null>(null);
  const [error, setError] = useState("");
  const load = async () => {
    try {
      setList(await allContracts(props.org.id));
      setReceivables((await contractsApi.listReceivables({ organizationId: props.org.id })).receivables);
      const [parcels, cards] = await Promise.all([allParcels(props.org.id), allAssets(props.org.id)]);
      setNames(new Map([...parcels.map((p): [string, string] => [p.id, `${p.name}（${p.areaMu} 亩）`]), ...cards.map((a): [string, string] => [a.id, `${a.code} ${a.name}`])]));
    } catch (err) {
      setError(explain(err));
    }
  };
  useEffect(() => {
    load();
  }, [props.org.id]);
  const subjects = (c: Contract) => c.subjects.map((s) => names.get(s.parcelId || s.assetId) ?? "").join("、");
  if (open) return html`<${ContractView} org=${props.org} contract=${open} subjects=${subjects(open)} onBack=${() => { setOpen(null); load(); }} onChanged=${() => {}} />`;
  const outstanding = (c: Contract) => c.instalments.reduce((s, i) => s + i.outstandingFen, 0n);
  const overdue = receivables.filter((r) => r.daysOverdue > 0);
  return html`<section class="contracts">
    <h2>${t("合同", "Contracts")} · ${props.org.displayName}</h2>
    ${error && html`<p class="error" role="alert">${error}</p>`}
    ${list && (list.length === 0 ? html`<p>${t("尚无合同（用 sanzi contract create 登记）。", "No contracts yet (sanzi contract create).")}</p>` : html`<table class="contract-list"><thead><tr>
      <th>${t("合同编号", "Code")}</th><th>${t("承租方", "Counterparty")}</th><th>${t("标的", "Subjects")}</th><th>${t("期限", "Term")}</th>
      <th class="amount">${t("合同总额", "Total")}</th><th class="amount">${t("未收", "Outstanding")}</th><th>${t("状态", "State")}</th></tr></thead>
      <tbody>${list.map((c) => html`<tr class="contract-row" data-code=${c.code}>
        <td><a href="#" onClick=${(e: Event) => { e.preventDefault(); setOpen(c); }}>${c.code}</a></td><td>${c.counterpartyName}</td><td>${subjects(c)}</td>
        <td>${c.startDate} ${t("至", "to")} ${c.endDate}</td><td class="amount">${yuan(c.totalRentFen)}</td><td class="amount">${yuan(outstanding(c))}</td>
        <td>${c.terminated ? t("已终止", "terminated") : c.endDate < today() ? t("已到期", "ended") : t("履行中", "in force")}</td></tr>`)}</tbody></table>`)}
    <h3>${t("应收租金（逾期天数）", "Rent receivable (days overdue)")}</h3>
    ${receivables.length === 0 ? html`<p>${t("无应收租金。", "Nothing receivable.")}</p>` : html`<table class="receivables"><thead><tr>
      <th>${t("合同编号", "Contract")}</th><th>${t("承租方", "Counterparty")}</th><th>${t("应收日", "Due")}</th><th class="amount">${t("未收", "Outstanding")}</th><th class="amount">${t("逾期天数", "Days overdue")}</th></tr></thead>
      <tbody>${[...receivables].sort((a, b) => b.daysOverdue - a.daysOverdue).map((r) => html`<tr class=${`receivable${r.daysOverdue > 0 ? " overdue" : ""}`}>
        <td>${r.contractCode}</td><td>${r.counterpartyName}</td><td>${r.dueDate}</td><td class="amount">${yuan(r.outstandingFen)}</td><td class="amount days">${r.daysOverdue > 0 ? r.daysOverdue : ""}</td></tr>`)}
      <tr class="total"><td colspan="3">${t(`合计（逾期 ${overdue.length} 笔）`, `Total (${overdue.length} overdue)`)}</td>
        <td class="amount">${yuan(receivables.reduce((s, r) => s + r.outstandingFen, 0n))}</td><td></td></tr></tbody></table>`}
  </section>`;
}

const NEW_LISTING = { subject: "", method: String(TransferMethod.LEASE), years: "5", from: today(), price: "", unit: String(PriceUnit.YUAN_PER_MU_YEAR),
  decisionRef: "", decisionDate: "", office: "", phone: "" };

export function Listings(props: { org: Organization }) {
  const [list, setList] = useState<Listing[] | null>(null);
  const [parcels, setParcels] = useState<Parcel[]>([]);
  const [cards, setCards] = useState<Asset[]>([]);
  const [form, setForm] = useState({ ...NEW_LISTING });
  const [facilities, setFacilities] = useState<Set<number>>(new Set());
  const [errors, setErrors] = useState<Map<string, string>>(new Map());
  const [error, setError] = useState("");
  const [done, setDone] = useState("");
  const load = async () => {
    try {
      setList((await allListings(props.org.regionCode + props.org.groupCode)).filter((l) => l.organizationId === props.org.id));
      setParcels((await allParcels(props.org.id)).filter((p) => !p.retired));
      setCards(await allAssets(props.org.id));
    } catch (err) {
      setError(explain(err));
    }
  };
  useEffect(() => {
    load();
  }, [props.org.id]);
  const set = (k: keyof typeof NEW_LISTING) => (e: Event) => setForm({ ...form, [k]: value(e) });
  const save = async (e: Event) => {
    e.preventDefault();
    setError("");
    setDone("");
    setErrors(new Map());
    const [kind, id] = form.subject.split(":");
    try {
      const l = await listingsApi.createListing({
        requestId: newRequestId(), organizationId: props.org.id,
        subjectKind: kind === "asset" ? SubjectKind.ASSET : SubjectKind.PARCEL, subjectId: id ?? "",
        terms: {
          transferMethod: Number(form.method), termYears: Number(form.years), availableFrom: form.from,
          reservePrice: Number(form.unit) === PriceUnit.NEGOTIABLE ? "" : form.price.trim(), priceUnit: Number(form.unit),
          facilities: [...facilities], decisionRef: form.decisionRef.trim(), decisionDate: form.decisionDate,
          contactOffice: form.office.trim(), contactPhone: form.phone.trim(),
        },
      });
      setDone(t(`已挂牌：${l.subjectName}`, `Listed: ${l.subjectName}`));
      setForm({ ...NEW_LISTING });
      setFacilities(new Set());
      await load();
    } catch (err) {
      setErrors(fieldErrors(err));
      setError(explain(err));
    }
  };
  const field = (k: string) => {
    const m = errors.get(k) ?? errors.get(`terms.${k}`);
    return m && html`<span class="field-error" data-field=${k}>${m}</span>`;
  };
  return html`<section class="listings">
    <h2>${t("挂牌", "Listings")} · ${props.org.displayName}</h2>
    ${list && (list.length === 0 ? html`<p>${t("尚无挂牌。", "Nothing listed.")}</p>` : html`<table class="listing-list"><thead><tr>
      <th>${t("标的", "Subject")}</th><th>${t("流转方式", "Method")}</th><th>${t("期限（年）", "Years")}</th><th>${t("底价", "Reserve")}</th>
      <th>${t("民主决策依据", "Resolution")}</th><th>${t("状态", "State")}</th><th>${t("挂牌时间", "Listed")}</th></tr></thead>
      <tbody>${list.map((l) => html`<tr class="listing-row"><td>${l.subjectCode} ${l.subjectName}</td><td>${named(TRANSFER[l.terms?.transferMethod ?? 0])}</td>
        <td class="amount">${l.terms?.termYears}</td><td class="amount">${l.terms?.reservePrice ? `${l.terms.reservePrice} ${named(PRICE_UNITS[l.terms.priceUnit])}` : t("面议", "negotiable")}</td>
        <td>${l.terms?.decisionRef}（${l.terms?.decisionDate}）</td><td>${named(LISTING_STATES[l.status])}</td><td>${l.createTime.slice(0, 10)}</td></tr>`)}</tbody></table>`)}
    ${mayWrite() && html`<form class="new-listing no-print" onSubmit=${save}>
      <h3>${t("新挂牌", "New listing")}</h3>
      <p class="hint">${t("挂牌前须经“四议两公开”：村党组织提议、村“两委”会议商议、党员大会审议、村民（成员）会议或代表会议决议，决议公开、实施结果公开。请填写成员（代表）会议决议的文号和日期。",
        "A listing follows 四议两公开: proposed, discussed, reviewed, resolved by the members' meeting, with the resolution and the result made public. Give the resolution's reference and date.")}</p>
      <label>${t("标的", "Subject")} <select name="subject" onChange=${set("subject")}><option value="">${t("（选择地块或资产）", "(a parcel or an asset)")}</option>
        ${parcels.map((p) => html`<option value=${`parcel:${p.id}`} selected=${form.subject === `parcel:${p.id}`}>${t("地块", "parcel")} ${p.code} ${p.name}（${p.areaMu} 亩）</option>`)}
        ${cards.filter((a) => a.status !== AssetStatus.DISPOSED && a.status !== AssetStatus.SCRAPPED).map((a) => html`<option value=${`asset:${a.id}`} selected=${form.subject === `asset:${a.id}`}>${t("资产", "asset")} ${a.code} ${a.name}</option>`)}</select>${field("subject_id")}</label>
      <label>${t("流转方式", "Method")} <select name="method" onChange=${set("method")}>${Object.entries(TRANSFER).map(([k, v]) => html`<option value=${k} selected=${form.method === k}>${named(v)}</option>`)}</select>${field("transfer_method")}</label>
      <label>${t("期限（年）", "Years")} <input name="years" class="short" value=${form.years} onInput=${set("years")} />${field("term_years")}</label>
      <label>${t("起始日", "Available from")} <input name="from" type="date" value=${form.from} onInput=${set("from")} />${field("available_from")}</label>
      <label>${t("底价（元）", "Reserve (yuan)")} <input name="price" class="short" value=${form.price} onInput=${set("price")} />${field("reserve_price")}</label>
      <label>${t("价格单位", "Unit")} <select name="unit" onChange=${set("unit")}>${Object.entries(PRICE_UNITS).map(([k, v]) => html`<option value=${k} selected=${form.unit === k}>${named(v)}</option>`)}</select>${field("price_unit")}</label>
      <fieldset class="facilities"><legend>${t("配套设施", "Facilities")}</legend>${Object.entries(FACILITIES).map(([k, v]) => html`<label><input type="checkbox" checked=${facilities.has(Number(k))}
        onChange=${() => { const n = new Set(facilities); if (n.has(Number(k))) n.delete(Number(k)); else n.add(Number(k)); setFacilities(n); }} /> ${named(v)}</label>`)}</fieldset>
      <label>${t("民主决策依据（决议文号）", "Resolution reference")} <input name="decision-ref" value=${form.decisionRef} onInput=${set("decisionRef")} />${field("decision_ref")}</label>
      <label>${t("决议日期", "Resolution date")} <input name="decision-date" type="date" value=${form.decisionDate} onInput=${set("decisionDate")} />${field("decision_date")}</label>
      <label>${t("联系机构（乡镇）", "Contact office")} <input name="office" value=${form.office} onInput=${set("office")} />${field("contact_office")}</label>
      <label>${t("联系电话", "Contact phone")} <input name="phone" class="short" value=${form.phone} onInput=${set("phone")} />${field("contact_phone")}</label>
      <button type="submit" class="save-listing">${t("挂牌", "List")}</button>
      ${done && html`<p class="saved" role="status">${done}</p>`}
      ${error && html`<p class="error" role="alert">${error}</p>`}
    </form>`}
  </section>`;
}

