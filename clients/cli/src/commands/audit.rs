use clap::Subcommand;
use sanzi::domain::date::Date;
use sanzi::pb;
use serde_json::{Value, json};

use crate::commands::user::resolve_user;
use crate::ctx::{Ctx, Res, all_pages, call, print_json, resolve_org, usage};
use crate::names::method_name;
use crate::output::{Table, t, time_text};

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// List audit events (newest last), optionally of one organisation, entity or user.
    List {
        #[arg(long)]
        org: Option<String>,
        /// e.g. voucher:<id>, account:112.01
        #[arg(long, default_value = "")]
        entity: String,
        /// Only changes by this user (login name or id; administrators).
        #[arg(long)]
        user: Option<String>,
        /// From this day (YYYY-MM-DD, China time) or this moment (RFC 3339).
        #[arg(long, default_value = "")]
        from: String,
        /// Up to the end of this day (YYYY-MM-DD), or this moment (RFC 3339).
        #[arg(long, default_value = "")]
        to: String,
    },
    /// Recompute the audit chain and every row it covers.
    Verify {
        /// A head printed by an earlier verification (SEQ:HASH): the trail must still hold it.
        #[arg(long)]
        expect: Option<String>,
    },
}

pub(crate) async fn run(ctx: &Ctx, c: AuditCommand) -> Res<()> {
    match c {
        AuditCommand::List {
            org,
            entity,
            user,
            from,
            to,
        } => list(ctx, org, entity, user, from, to).await?,
        AuditCommand::Verify { expect } => verify(ctx, expect).await?,
    }
    Ok(())
}

/// `audit list`.
async fn list(
    ctx: &Ctx,
    org: Option<String>,
    entity: String,
    user: Option<String>,
    from: String,
    to: String,
) -> Res<()> {
    let user_id = match user {
        Some(u) => resolve_user(ctx, &u).await?,
        None => String::new(),
    };
    let organization_id = match org {
        Some(o) => resolve_org(ctx, &o).await?.id,
        None => String::new(),
    };
    // A day is a China calendar day.
    let day = |text: &str, end: bool| -> Res<String> {
        let text = text.trim();
        if text.is_empty() || text.contains('T') {
            return Ok(text.to_string());
        }
        Date::parse(text).map_err(|e| usage(format!("{text}: {e}")))?;
        Ok(if end {
            format!("{text}T23:59:59.999+08:00")
        } else {
            format!("{text}T00:00:00+08:00")
        })
    };
    let (from, to) = (day(&from, false)?, day(&to, true)?);
    let events = all_pages(|token| async {
        let page = call(ctx.audit().list_audit_events(pb::ListAuditEventsRequest {
            organization_id: organization_id.clone(),
            entity: entity.clone(),
            user_id: user_id.clone(),
            time_from: from.clone(),
            time_to: to.clone(),
            page_size: 1000,
            page_token: token,
        }))
        .await?;
        Ok((page.events, page.next_page_token))
    })
    .await?;
    if ctx.json {
        print_json(&Value::Array(events.iter().map(|e| json!({
            "sequence": e.sequence, "time": e.time, "user_id": e.user_id, "user_name": e.user_name,
            "method": e.method, "request_id": e.request_id, "organization_id": e.organization_id,
            "entities": e.entities, "summary": e.summary, "change_sha256": e.change_sha256, "hash": e.hash,
        })).collect()));
        return Ok(());
    }
    let mut table = Table::new(&[
        (t("序号", "Seq"), true),
        (t("时间", "Time"), false),
        (t("用户", "User"), false),
        (t("操作", "Method"), false),
        (t("对象", "Entities"), false),
    ]);
    for e in &events {
        let mut entities = e
            .entities
            .iter()
            .take(3)
            .map(|e| crate::output::entity_text(e))
            .collect::<Vec<_>>()
            .join(" ");
        if e.entities.len() > 3 {
            entities.push_str(&format!(" …(+{})", e.entities.len() - 3));
        }
        if !e.summary.is_empty() {
            entities.push_str(&format!(" {}", e.summary));
        }
        table.row(vec![
            e.sequence.to_string(),
            time_text(&e.time),
            match e.user_name.as_str() {
                "system" => t("系统", "system").to_string(),
                name => name.to_string(),
            },
            method_name(&e.method).to_string(),
            entities,
        ]);
    }
    print!("{}", table.render());
    println!("{} {}", t("共", "total"), events.len());
    Ok(())
}

/// `audit verify`.
async fn verify(ctx: &Ctx, expect: Option<String>) -> Res<()> {
    let (expected_sequence, expected_hash) = match expect.as_deref().map(|e| e.split_once(':')) {
        None => (0, String::new()),
        Some(Some((seq, hash))) => (
            seq.trim_start_matches('#')
                .parse()
                .map_err(|_| usage(format!("--expect {seq}: SEQ:HASH")))?,
            hash.to_string(),
        ),
        Some(None) => return Err(usage("--expect takes SEQ:HASH".into())),
    };
    let r = call(ctx.audit().verify_audit_chain(pb::VerifyAuditChainRequest {
        expected_sequence,
        expected_hash,
    }))
    .await?;
    if ctx.json {
        print_json(
            &json!({"ok": r.ok, "count": r.count, "head_hash": r.head_hash,
            "first_broken_sequence": r.first_broken_sequence, "problems": r.problems}),
        );
    } else if r.ok {
        println!(
            "{}{}{}{}:{}",
            t("审计链完整：共 ", "Audit chain verified: "),
            r.count,
            t(" 条记录，链头 ", " records, head "),
            r.count,
            r.head_hash
        );
    } else {
        println!(
            "{}{}",
            t(
                "审计链校验失败，首个异常记录 #",
                "Audit chain FAILED; first broken record #"
            ),
            r.first_broken_sequence
        );
        for p in &r.problems {
            println!("  - {p}");
        }
    }
    if !r.ok {
        return Err(1);
    }
    Ok(())
}
