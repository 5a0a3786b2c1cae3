//! Every RPC against hostile messages, generated from the API's own descriptors: each field of
//! each request (nested messages too) filled with empty, oversized, non-UTF-8, negative, zero,
//! overflowing, out-of-range and unknown values, plus bytes that are not protobuf at all and a
//! message over the size limit. Every call must end in a clean status (never INTERNAL, UNKNOWN,
//! or a dropped connection), the server must stay up, and afterwards the books, the audit head
//! and the audit verification must show that nothing changed. Then random mixes of hostile and
//! real values, and one hostile field in careful requests, which may be accepted: they must end
//! cleanly and leave the books balanced and verifying.

use std::collections::HashMap;

use prost::Message;
use prost_types::field_descriptor_proto::{Label, Type};
use prost_types::{DescriptorProto, FileDescriptorSet};
use sanzi::pb;
use tonic::Code;
use tonic::codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};

use crate::helpers::{TestApp, credit, debit, spawn_app};
use crate::hostile::state;

/// Sends and receives raw message bytes, to send what no generated type would.
#[derive(Clone, Default)]
struct RawCodec;

struct RawEncoder;
struct RawDecoder;

impl Codec for RawCodec {
    type Encode = Vec<u8>;
    type Decode = Vec<u8>;
    type Encoder = RawEncoder;
    type Decoder = RawDecoder;
    fn encoder(&mut self) -> RawEncoder {
        RawEncoder
    }
    fn decoder(&mut self) -> RawDecoder {
        RawDecoder
    }
}

impl Encoder for RawEncoder {
    type Item = Vec<u8>;
    type Error = tonic::Status;
    fn encode(&mut self, item: Vec<u8>, dst: &mut EncodeBuf<'_>) -> Result<(), tonic::Status> {
        use prost::bytes::BufMut;
        dst.put_slice(&item);
        Ok(())
    }
}

impl Decoder for RawDecoder {
    type Item = Vec<u8>;
    type Error = tonic::Status;
    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<Vec<u8>>, tonic::Status> {
        use prost::bytes::Buf;
        Ok(Some(src.copy_to_bytes(src.remaining()).to_vec()))
    }
}

/// A small deterministic generator (xorshift64*), seeded and printed so a failure replays.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// How every field of a request is filled in one message.
#[derive(Clone, Copy, Debug)]
enum Fill {
    /// Each field its own random hostile value.
    Random,
    /// Every string and bytes field 100,000 characters; numbers at their maximum.
    Huge,
    /// Every string field not UTF-8 (a decode error).
    NotUtf8,
    /// Every number negative (-1, or the minimum), every enum unknown.
    Negative,
    /// Plausible values (by field name) except one top-level field, which is `Random`: reaches
    /// the rules behind the first checks.
    OneField(i32),
}

struct Gen<'a> {
    messages: &'a HashMap<String, DescriptorProto>,
    strings: Vec<String>,
    rng: Rng,
    org: String,
    voucher: String,
}

fn varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn tag(out: &mut Vec<u8>, number: i32, wire: u64) {
    varint(out, ((number as u64) << 3) | wire);
}

fn delimited(out: &mut Vec<u8>, number: i32, bytes: &[u8]) {
    tag(out, number, 2);
    varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

const INTS: [i64; 9] = [
    0,
    -1,
    -100,
    i64::MIN,
    i64::MAX,
    i32::MAX as i64,
    i32::MIN as i64,
    u32::MAX as i64,
    99_999_999_999_999,
];
const ENUMS: [i64; 4] = [0, 999, -1, i32::MAX as i64];

impl Gen<'_> {
    fn message(&mut self, name: &str, fill: Fill, depth: usize) -> Vec<u8> {
        let mut out = Vec::new();
        let Some(d) = self.messages.get(name.trim_start_matches('.')).cloned() else {
            return out;
        };
        for f in &d.field {
            let repeated = f.label() == Label::Repeated;
            let count = match (repeated, fill) {
                (false, _) => 1,
                (true, Fill::Random) => self.rng.below(4),
                (true, _) => 2,
            };
            for _ in 0..count {
                self.field(&mut out, f, fill, depth);
            }
        }
        out
    }

    fn field(
        &mut self,
        out: &mut Vec<u8>,
        f: &prost_types::FieldDescriptorProto,
        fill: Fill,
        depth: usize,
    ) {
        let n = f.number();
        let fill = match fill {
            Fill::OneField(target) if depth == 0 && target == n => Fill::Random,
            Fill::OneField(_) => return self.plausible(out, f, fill, depth),
            other => other,
        };
        match f.r#type() {
            Type::String | Type::Bytes => {
                let bytes: Vec<u8> = match fill {
                    Fill::Huge => "村".repeat(100_000).into_bytes(),
                    Fill::NotUtf8 if f.r#type() == Type::String => vec![0x61, 0xff, 0xfe, 0x62],
                    Fill::NotUtf8 | Fill::Negative | Fill::OneField(_) => Vec::new(),
                    Fill::Random => {
                        if f.r#type() == Type::String && self.rng.below(12) == 0 {
                            vec![0xe6, 0x9d]
                        } else {
                            self.rng.pick(&self.strings).clone().into_bytes()
                        }
                    }
                };
                delimited(out, n, &bytes);
            }
            Type::Message => {
                if depth < 3 {
                    let inner = self.message(f.type_name(), fill, depth + 1);
                    delimited(out, n, &inner);
                }
            }
            Type::Bool => {
                tag(out, n, 0);
                varint(out, self.rng.below(2) as u64);
            }
            Type::Enum => {
                let v = match fill {
                    Fill::Random => *self.rng.pick(&ENUMS),
                    Fill::Huge => i32::MAX as i64,
                    Fill::Negative => -1,
                    Fill::NotUtf8 | Fill::OneField(_) => 1,
                };
                tag(out, n, 0);
                varint(out, v as u64);
            }
            Type::Int64 | Type::Int32 | Type::Uint64 | Type::Uint32 => {
                let v = match fill {
                    Fill::Random => *self.rng.pick(&INTS),
                    Fill::Huge => i64::MAX,
                    Fill::Negative => i64::MIN,
                    Fill::NotUtf8 | Fill::OneField(_) => 0,
                };
                tag(out, n, 0);
                varint(out, v as u64);
            }
            Type::Sint32 | Type::Sint64 => {
                let v = *self.rng.pick(&INTS);
                tag(out, n, 0);
                varint(out, ((v << 1) ^ (v >> 63)) as u64);
            }
            Type::Fixed64 | Type::Sfixed64 | Type::Double => {
                tag(out, n, 1);
                out.extend_from_slice(&self.rng.next().to_le_bytes());
            }
            Type::Fixed32 | Type::Sfixed32 | Type::Float => {
                tag(out, n, 5);
                out.extend_from_slice(&(self.rng.next() as u32).to_le_bytes());
            }
            Type::Group => {}
        }
    }
}

impl Gen<'_> {
    /// A value a careful client would send, guessed from the field's name.
    fn plausible(
        &mut self,
        out: &mut Vec<u8>,
        f: &prost_types::FieldDescriptorProto,
        fill: Fill,
        depth: usize,
    ) {
        let n = f.number();
        let name = f.name();
        match f.r#type() {
            Type::String | Type::Bytes => {
                let v = if name.ends_with("request_id") {
                    uuid::Uuid::now_v7().to_string()
                } else if name.starts_with("organization") {
                    self.org.clone()
                } else if name == "id" || name.ends_with("_id") {
                    self.voucher.clone()
                } else if name.contains("date") || name == "as_of" || name == "since" {
                    "2024-03-05".into()
                } else if name.contains("period") || name == "month" {
                    "2024-03".into()
                } else if name.contains("code") || name.contains("account") {
                    "102".into()
                } else if name.contains("region") || name.contains("scope") || name == "prefix" {
                    "360502".into()
                } else if name.contains("token") {
                    String::new()
                } else {
                    "测试".into()
                };
                delimited(out, n, v.as_bytes());
            }
            Type::Message => {
                if depth < 3 {
                    let inner = self.message(f.type_name(), fill, depth + 1);
                    delimited(out, n, &inner);
                }
            }
            Type::Bool => {
                tag(out, n, 0);
                varint(out, 0);
            }
            Type::Enum => {
                tag(out, n, 0);
                varint(out, 1);
            }
            _ => {
                let v: u64 = if name.contains("fen") {
                    100
                } else if name.contains("year") {
                    2024
                } else if name.contains("page_size") {
                    10
                } else {
                    1
                };
                tag(out, n, 0);
                varint(out, v);
            }
        }
    }
}

/// Every message type of the API by full name, nested ones included.
fn messages(set: &FileDescriptorSet) -> HashMap<String, DescriptorProto> {
    fn add(prefix: &str, d: &DescriptorProto, out: &mut HashMap<String, DescriptorProto>) {
        let name = format!("{prefix}.{}", d.name());
        for nested in &d.nested_type {
            add(&name, nested, out);
        }
        out.insert(name, d.clone());
    }
    let mut out = HashMap::new();
    for file in &set.file {
        for d in &file.message_type {
            add(file.package(), d, &mut out);
        }
    }
    out
}

/// One RPC of the API.
struct Method {
    path: String,
    input: String,
    streaming: bool,
}

fn methods(set: &FileDescriptorSet) -> Vec<Method> {
    let mut out = Vec::new();
    for file in &set.file {
        for s in &file.service {
            for m in &s.method {
                out.push(Method {
                    path: format!("/{}.{}/{}", file.package(), s.name(), m.name()),
                    input: m.input_type().to_string(),
                    streaming: m.server_streaming(),
                });
            }
        }
    }
    out
}

/// Calls `method` with `body` as `token`'s holder; the status code it ends with (OK included).
async fn call(app: &TestApp, token: &str, method: &Method, body: Vec<u8>) -> Code {
    let mut grpc = tonic::client::Grpc::new(app.channel())
        .max_decoding_message_size(64 * 1024 * 1024)
        .max_encoding_message_size(64 * 1024 * 1024);
    if let Err(e) = grpc.ready().await {
        panic!("the server stopped taking calls: {e}");
    }
    let mut request = tonic::Request::new(body);
    request
        .metadata_mut()
        .insert("authorization", format!("Bearer {token}").parse().unwrap());
    let path = method.path.parse().unwrap();
    if method.streaming {
        match grpc.server_streaming(request, path, RawCodec).await {
            Err(s) => s.code(),
            Ok(response) => {
                let mut stream = response.into_inner();
                loop {
                    match stream.message().await {
                        Ok(Some(_)) => {}
                        Ok(None) => return Code::Ok,
                        Err(s) => return s.code(),
                    }
                }
            }
        }
    } else {
        match grpc.unary(request, path, RawCodec).await {
            Ok(_) => Code::Ok,
            Err(s) => s.code(),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_rpc_refuses_hostile_messages_cleanly() {
    let seed = std::env::var("SANZI_FUZZ_SEED")
        .ok()
        .and_then(|s| s.parse::<u64>().ok())
        .map(|s| s | 1)
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .unwrap()
                .as_nanos() as u64
                | 1
        });
    let rounds: usize = std::env::var("SANZI_FUZZ_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(6);
    println!("SANZI_FUZZ_SEED={seed} SANZI_FUZZ_ROUNDS={rounds}");

    let mut app = spawn_app().await;
    let org = app.village("360502100201").await;
    let v = app
        .posted(
            &org,
            "2024-03-05",
            vec![debit("102", 10_000), credit("501", 10_000)],
        )
        .await;
    let before = state(&mut app, &org).await;

    let set = FileDescriptorSet::decode(pb::FILE_DESCRIPTOR_SET).expect("descriptors");
    let messages = messages(&set);
    let methods: Vec<Method> = methods(&set)
        .into_iter()
        .filter(|m| m.path.starts_with("/sanzi."))
        .collect();
    assert!(methods.len() >= 70, "{} methods", methods.len());
    // Values that reach past the first checks: this store's organisation and voucher, a
    // region it is in, an account, dates, beside the hostile ones.
    let strings: Vec<String> = [
        org.as_str(),
        v.id.as_str(),
        "0195f2a0-0000-7000-8000-000000000000",
        "not-an-id",
        "",
        " ",
        "360502100201",
        "360502",
        "102",
        "101",
        "2024-03-05",
        "2024-02-30",
        "1949-12-31",
        "2200-01-01",
        "2024-03",
        "2024-Q1",
        "2024",
        "9999-99-99",
        "\u{0}\u{7}\u{202e}",
        "'; DROP TABLE vouchers; --",
        "../../etc/passwd",
        "村村村村村村村村村村村村村村村村村村村村村村村村村村村村村村村村村村村",
        "🌾👨\u{200d}🌾",
        "-1",
        "18446744073709551616",
        "v1.99999.1.00",
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let mut generator = Gen {
        messages: &messages,
        strings,
        rng: Rng(seed),
        org: org.clone(),
        voucher: v.id.clone(),
    };
    let tokens = [app.tokens.clerk.clone(), app.tokens.admin.clone()];
    let mut calls = 0usize;
    let mut accepted: Vec<String> = Vec::new();
    let mut codes: std::collections::BTreeMap<String, usize> = Default::default();
    for method in &methods {
        let mut bodies: Vec<(String, Vec<u8>)> = vec![
            ("empty".into(), Vec::new()),
            (
                "not protobuf".into(),
                vec![0xff, 0xff, 0xff, 0xff, 0x0f, 0x01],
            ),
            ("truncated".into(), vec![0x0a, 0x7f, 0x61]),
            ("over the size limit".into(), {
                let mut b = Vec::new();
                delimited(&mut b, 1, &vec![b'x'; 17 * 1024 * 1024]);
                b
            }),
        ];
        for fill in [Fill::Huge, Fill::NotUtf8, Fill::Negative] {
            bodies.push((
                format!("{fill:?}"),
                generator.message(&method.input, fill, 0),
            ));
        }
        for (what, body) in bodies {
            for token in &tokens {
                let code = call(&app, token, method, body.clone()).await;
                calls += 1;
                *codes.entry(format!("{code:?}")).or_default() += 1;
                assert!(
                    !matches!(
                        code,
                        Code::Internal
                            | Code::Unknown
                            | Code::Unavailable
                            | Code::DataLoss
                            | Code::Unimplemented
                    ),
                    "{} with {what} (seed {seed}) ended in {code:?}",
                    method.path
                );
                if code == Code::Ok && !is_query(&method.path) {
                    accepted.push(format!("{} with {what}", method.path));
                }
            }
        }
    }
    println!("{calls} hostile calls to {} RPCs: {codes:?}", methods.len());
    assert!(codes.contains_key("InvalidArgument") && codes.contains_key("ResourceExhausted"));
    assert!(
        accepted.is_empty(),
        "changes accepted from hostile messages (seed {seed}): {accepted:#?}"
    );
    // Nothing changed: the books are the same and the chain verifies; the only new audit records
    // are the door's own, of the failed logins among the hostile messages (every failure is
    // audited, by design).
    let after = state(&mut app, &org).await;
    assert_eq!(after.0, before.0, "nothing changed in the books");
    let added = app
        .admin
        .audit
        .list_audit_events(pb::ListAuditEventsRequest {
            page_size: 1000,
            ..Default::default()
        })
        .await
        .expect("audit")
        .into_inner()
        .events
        .into_iter()
        .filter(|e| e.sequence > before.1)
        .map(|e| e.method)
        .filter(|m| m != "LoginFailed" && m != "LoginLocked")
        .collect::<Vec<_>>();
    assert_eq!(
        added,
        Vec::<String>::new(),
        "audit records from hostile messages"
    );

    // Random mixes of hostile and real values (this store's organisation and voucher), and one
    // hostile field in an otherwise careful request. These may be accepted (a summary of
    // "'; DROP TABLE" is just text; a mix may happen to be a valid request), but every call still
    // ends cleanly and the books still balance and verify.
    let mut deeper: std::collections::BTreeMap<String, usize> = Default::default();
    for method in &methods {
        let fields: Vec<i32> = messages
            .get(method.input.trim_start_matches('.'))
            .map(|d| d.field.iter().map(|f| f.number()).collect())
            .unwrap_or_default();
        if fields.is_empty() {
            continue;
        }
        for round in 0..rounds * 3 {
            let (fill, target) = if round < rounds {
                (Fill::Random, 0)
            } else {
                let target = *generator.rng.pick(&fields);
                (Fill::OneField(target), target)
            };
            let body = generator.message(&method.input, fill, 0);
            for token in &tokens {
                let code = call(&app, token, method, body.clone()).await;
                *deeper.entry(format!("{code:?}")).or_default() += 1;
                assert!(
                    !matches!(
                        code,
                        Code::Internal
                            | Code::Unknown
                            | Code::Unavailable
                            | Code::DataLoss
                            | Code::Unimplemented
                    ),
                    "{} with {fill:?} (field {target}; seed {seed}) ended in {code:?}",
                    method.path
                );
            }
        }
    }
    println!("random mixes and one hostile field at a time: {deeper:?}");
    // These requests reach past validation: into lookups, scope checks and the rules.
    assert!(
        deeper.contains_key("Ok")
            && deeper.contains_key("PermissionDenied")
            && (deeper.contains_key("NotFound") || deeper.contains_key("FailedPrecondition")),
        "{deeper:?}"
    );
    let (tb, _, _) = state(&mut app, &org).await;
    let t = app
        .trial_balance(&org, "2024-01-01", "2024-12-31")
        .await
        .totals
        .unwrap();
    assert_eq!(t.period_debit_fen, t.period_credit_fen, "{tb}");
}

/// Methods that change nothing (their successes are fine).
fn is_query(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    ["Get", "List", "Verify", "Stream", "Export"]
        .iter()
        .any(|p| name.starts_with(p))
}
