//! Resources (资源): land parcels with their 地块编码, exact areas, 四至 and optional boundary,
//! split, merged and retired but never deleted.

use uuid::Uuid;

use super::coded::coded;
use super::codes::{GroupCode, RegionCode};
use super::error::{DomainError, Violations, check_text};

pub const PARCEL_TEXT_CHARS_MAX: usize = 100;
/// Vertices one boundary may have in all its rings.
pub const BOUNDARY_VERTICES_MAX: usize = 10_000;
/// Parts one split may produce, parcels one merge may take.
pub const PARTS_MAX: usize = 100;
/// 10,000 km², far beyond any collective's parcel.
pub const AREA_UNITS_MAX: i64 = 10_000_000_000 * UNITS_PER_M2;

/// Areas are integers of 1/300 m²: both 0.01 m² (3 units) and 0.0001 亩 (20 units, as
/// 1 亩 = 10000/15 m²) are whole numbers of it, so either way of entering an area is exact.
pub const UNITS_PER_M2: i64 = 300;
pub const UNITS_PER_MU: i64 = 200_000;

#[derive(Copy, Clone, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Area(i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AreaError {
    #[error("not an area (examples: 666.67 for m², 1.5 for 亩)")]
    Malformed,
    #[error("at most {0} decimal places")]
    TooPrecise(usize),
    #[error("area out of range")]
    OutOfRange,
}

fn parse_decimal(text: &str, decimals: usize) -> Result<i64, AreaError> {
    let t = text.trim();
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    if (int.is_empty() && frac.is_empty())
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(AreaError::Malformed);
    }
    if frac.len() > decimals {
        return Err(AreaError::TooPrecise(decimals));
    }
    let mut value: i64 = 0;
    for b in int
        .bytes()
        .chain(frac.bytes())
        .chain(std::iter::repeat_n(b'0', decimals - frac.len()))
    {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(i64::from(b - b'0')))
            .ok_or(AreaError::OutOfRange)?;
    }
    Ok(value)
}

fn format_decimal(units: i64, per_whole: i64, decimals: u32) -> String {
    let scale = 10i64.pow(decimals);
    // Round half up to the shown decimals.
    let scaled = (i128::from(units) * i128::from(scale) * 2 + i128::from(per_whole))
        / (2 * i128::from(per_whole));
    let scaled = scaled as i64;
    format!(
        "{}.{:0width$}",
        scaled / scale,
        scaled % scale,
        width = decimals as usize
    )
}

impl Area {
    pub const ZERO: Area = Area(0);

    pub fn from_units(units: i64) -> Area {
        Area(units)
    }

    pub fn units(self) -> i64 {
        self.0
    }

    /// Square metres with at most two decimals.
    pub fn parse_m2(text: &str) -> Result<Area, AreaError> {
        let centi = parse_decimal(text, 2)?;
        centi
            .checked_mul(3)
            .map(Area)
            .filter(|a| a.0 <= AREA_UNITS_MAX)
            .ok_or(AreaError::OutOfRange)
    }

    /// 亩 with at most four decimals.
    pub fn parse_mu(text: &str) -> Result<Area, AreaError> {
        let ten_thousandths = parse_decimal(text, 4)?;
        ten_thousandths
            .checked_mul(20)
            .map(Area)
            .filter(|a| a.0 <= AREA_UNITS_MAX)
            .ok_or(AreaError::OutOfRange)
    }

    /// m², two decimals (rounded half up for display).
    pub fn m2(self) -> String {
        format_decimal(self.0, UNITS_PER_M2, 2)
    }

    /// 亩, four decimals (rounded half up for display).
    pub fn mu(self) -> String {
        format_decimal(self.0, UNITS_PER_MU, 4)
    }

    pub fn checked_add(self, other: Area) -> Option<Area> {
        self.0.checked_add(other.0).map(Area)
    }
}

/// A 19-digit 地块编码: 14-digit 发包方编码 (12-digit village + 2-digit group) + 5-digit sequence.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ParcelCode(String);

impl ParcelCode {
    pub fn parse(text: &str) -> Option<ParcelCode> {
        let t = text.trim();
        (t.len() == 19 && t.bytes().all(|b| b.is_ascii_digit())).then(|| ParcelCode(t.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the parcel's 发包方 is the organisation (its village, or its group).
    pub fn belongs_to(&self, region: &RegionCode, group: Option<&GroupCode>) -> bool {
        self.0.starts_with(region.as_str()) && group.is_none_or(|g| &self.0[12..14] == g.as_str())
    }
}

coded!(
    /// 土地利用类型 as the register uses it.
    LandClass {
        Cultivated = 1, "耕地";
        Garden = 2, "园地";
        Forest = 3, "林地";
        Grassland = 4, "草地";
        Aquaculture = 5, "养殖水面";
        FacilityFarming = 6, "设施农用地";
        Wasteland = 7, "四荒地";
        CommercialConstruction = 8, "集体经营性建设用地";
        Homestead = 9, "宅基地";
        Other = 10, "其他";
    }
);

coded!(
    /// 所有权性质 (NY/T 2539 codes).
    Ownership {
        Collective = 30, "集体土地所有权";
        VillagerGroup = 31, "村民小组";
        VillageOrganization = 32, "村集体经济组织";
        TownshipOrganization = 33, "乡集体经济组织";
        OtherCollective = 34, "其他农民集体";
    }
);

coded!(
    /// 地块类别 (NY/T 2539 codes).
    ParcelKind {
        Contracted = 10, "承包地块";
        PrivatePlot = 21, "自留地";
        Reserve = 22, "机动地";
        Reclaimed = 23, "开荒地";
        OtherCollectiveLand = 99, "其他集体土地";
    }
);

coded!(
    /// 使用状况.
    UseStatus {
        CollectiveOperation = 1, "集体统一经营";
        Household = 2, "承包到户";
        Leased = 3, "已出租/已流转";
        Idle = 4, "闲置";
        ForTransfer = 5, "待流转";
    }
);

coded!(
    /// Why a parcel left the register.
    RetireReason {
        Expropriation = 1, "征收";
        Error = 2, "登记错误";
        Split = 3, "分割";
        Merge = 4, "合并";
        Other = 5, "其他";
    }
);

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parcel {
    pub id: Uuid,
    pub org_id: Uuid,
    pub code: ParcelCode,
    pub name: String,
    pub land_class: LandClass,
    pub ownership: Ownership,
    pub kind: ParcelKind,
    pub basic_farmland: bool,
    pub area: Area,
    /// 四至: east, west, south, north neighbours.
    pub bounds: [String; 4],
    pub location: String,
    pub use_status: UseStatus,
    /// A validated GeoJSON Polygon or MultiPolygon, as sent (compact).
    pub boundary: Option<String>,
    pub retired: Option<(u32, RetireReason, String)>,
    pub derived_from: Vec<Uuid>,
    pub succeeded_by: Vec<Uuid>,
    pub created_ms: i64,
    pub updated_ms: i64,
}

/// A parcel's attributes as sent.
#[derive(Clone, Debug, Default)]
pub struct ParcelInput {
    pub code: String,
    pub name: String,
    pub land_class: Option<LandClass>,
    pub ownership: Option<Ownership>,
    pub kind: Option<ParcelKind>,
    pub basic_farmland: bool,
    pub area_m2: String,
    pub area_mu: String,
    pub bounds: [String; 4],
    pub location: String,
    pub use_status: Option<UseStatus>,
    pub boundary: String,
}

/// Checks a parcel's fields; `prefix` is the request path ("parcel." or "parts[2].").
pub fn validate(
    input: &ParcelInput,
    prefix: &str,
    v: &mut Violations,
) -> Option<(ParcelCode, Area, Option<String>)> {
    let before = v.len();
    let f = |n: &str| format!("{prefix}{n}");
    let code = ParcelCode::parse(&input.code);
    if code.is_none() {
        v.add(
            f("code"),
            "INVALID_PARCEL_CODE",
            "a 地块编码 is 19 digits: 14-digit 发包方编码 + 5-digit sequence",
        );
    }
    check_text(v, &f("name"), &input.name, PARCEL_TEXT_CHARS_MAX, true);
    check_text(
        v,
        &f("location"),
        &input.location,
        PARCEL_TEXT_CHARS_MAX,
        false,
    );
    for (side, text) in ["east", "west", "south", "north"].iter().zip(&input.bounds) {
        check_text(v, &f(side), text, PARCEL_TEXT_CHARS_MAX, false);
    }
    for (field, missing) in [
        ("land_class", input.land_class.is_none()),
        ("ownership", input.ownership.is_none()),
        ("kind", input.kind.is_none()),
        ("use_status", input.use_status.is_none()),
    ] {
        if missing {
            v.add(f(field), "FIELD_REQUIRED", "choose one");
        }
    }
    let area = match (
        input.area_m2.trim().is_empty(),
        input.area_mu.trim().is_empty(),
    ) {
        (false, true) => Area::parse_m2(&input.area_m2)
            .map_err(|e| v.add(f("area_m2"), "INVALID_AREA", e.to_string()))
            .ok(),
        (true, false) => Area::parse_mu(&input.area_mu)
            .map_err(|e| v.add(f("area_mu"), "INVALID_AREA", e.to_string()))
            .ok(),
        (true, true) => {
            v.add(
                f("area_m2"),
                "FIELD_REQUIRED",
                "the area, in m² (area_m2) or in 亩 (area_mu)",
            );
            None
        }
        (false, false) => {
            v.add(
                f("area_mu"),
                "AREA_TWICE",
                "give the area once: in m² or in 亩",
            );
            None
        }
    };
    if area.is_some_and(|a| a.units() <= 0) {
        v.add(f("area_m2"), "INVALID_AREA", "an area is more than zero");
    }
    let boundary = if input.boundary.trim().is_empty() {
        None
    } else {
        match check_boundary(&input.boundary) {
            Ok(b) => match self_crossing(&b) {
                None => Some(b),
                Some(why) => {
                    v.add(f("boundary"), "BOUNDARY_SELF_INTERSECTS", why);
                    None
                }
            },
            Err(why) => {
                v.add(f("boundary"), "INVALID_GEOMETRY", why);
                None
            }
        }
    };
    (v.len() == before)
        .then(|| Some((code?, area?, boundary)))
        .flatten()
}

/// Degrees as integer nano-degrees, parsed from the exact JSON text (no floating point).
fn nano_degrees(n: &serde_json::Number) -> Option<i64> {
    let text = n.to_string();
    let (neg, t) = match text.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, text.as_str()),
    };
    if t.contains(['e', 'E']) {
        return None;
    }
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    let frac: String = frac.chars().take(9).collect();
    let mut value: i64 = int.parse::<i64>().ok()?.checked_mul(1_000_000_000)?;
    if !frac.is_empty() {
        value += frac.parse::<i64>().ok()? * 10i64.pow(9 - frac.len() as u32);
    }
    Some(if neg { -value } else { value })
}

/// What a 四至 side reads when nobody said it: a part of a split or a merged parcel has new
/// neighbours that the register cannot infer.
pub const SIDE_UNKNOWN: &str = "不详";

/// Fills each 四至 side left empty with [`SIDE_UNKNOWN`].
pub fn mark_unknown_sides(bounds: &mut [String; 4]) {
    for side in bounds.iter_mut() {
        if side.trim().is_empty() {
            *side = SIDE_UNKNOWN.to_string();
        }
    }
}

/// The parts' boundaries as one MultiPolygon (each a checked Polygon or MultiPolygon), so a
/// merged parcel keeps the shapes it was made of. Checked like any boundary.
pub fn union_of_boundaries(parts: &[&str]) -> Result<String, String> {
    let mut polygons = Vec::new();
    for (i, text) in parts.iter().enumerate() {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| format!("part {i}: not JSON: {e}"))?;
        let coords = value.get("coordinates").cloned();
        match (value.get("type").and_then(|t| t.as_str()), coords) {
            (Some("Polygon"), Some(c)) => polygons.push(c),
            (Some("MultiPolygon"), Some(serde_json::Value::Array(many))) => polygons.extend(many),
            _ => return Err(format!("part {i} is not a Polygon or MultiPolygon")),
        }
    }
    let multi = serde_json::json!({"type": "MultiPolygon", "coordinates": polygons});
    check_boundary(&multi.to_string())
}

/// Validates a GeoJSON Polygon or MultiPolygon (RFC 7946, longitude/latitude): closed rings of
/// at least 4 positions, coordinates in range, at most [`BOUNDARY_VERTICES_MAX`] vertices.
/// Returns it compacted.
pub fn check_boundary(text: &str) -> Result<String, String> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let kind = value
        .get("type")
        .and_then(|t| t.as_str())
        .ok_or("a GeoJSON geometry has a `type`")?;
    let coords = value
        .get("coordinates")
        .and_then(|c| c.as_array())
        .ok_or("no `coordinates` array")?;
    let polygons: Vec<&Vec<serde_json::Value>> = match kind {
        "Polygon" => vec![coords],
        "MultiPolygon" => coords
            .iter()
            .map(|p| {
                p.as_array()
                    .ok_or("each polygon of a MultiPolygon is an array of rings")
            })
            .collect::<Result<_, _>>()?,
        other => {
            return Err(format!(
                "a boundary is a Polygon or MultiPolygon, not {other}"
            ));
        }
    };
    if polygons.is_empty() {
        return Err("no polygons".into());
    }
    let mut vertices = 0usize;
    for (pi, rings) in polygons.iter().enumerate() {
        if rings.is_empty() {
            return Err(format!("polygon {pi} has no rings"));
        }
        for (ri, ring) in rings.iter().enumerate() {
            let positions = ring
                .as_array()
                .ok_or(format!("polygon {pi} ring {ri} is not an array"))?;
            if positions.len() < 4 {
                return Err(format!(
                    "polygon {pi} ring {ri} has {} positions; a ring needs at least 4",
                    positions.len()
                ));
            }
            vertices += positions.len();
            if vertices > BOUNDARY_VERTICES_MAX {
                return Err(format!("more than {BOUNDARY_VERTICES_MAX} vertices"));
            }
            let mut points = Vec::with_capacity(positions.len());
            for (qi, pos) in positions.iter().enumerate() {
                let pair = pos
                    .as_array()
                    .filter(|a| a.len() == 2 || a.len() == 3)
                    .ok_or(format!(
                        "position {qi} of ring {ri} is not [longitude, latitude]"
                    ))?;
                if pair.len() == 3 && pair[2].as_number().and_then(nano_degrees).is_none() {
                    return Err(format!(
                        "position {qi} of ring {ri}: the altitude is not a number"
                    ));
                }
                let lon = pair[0].as_number().and_then(nano_degrees).ok_or(format!(
                    "position {qi} of ring {ri}: longitude is not a number"
                ))?;
                let lat = pair[1].as_number().and_then(nano_degrees).ok_or(format!(
                    "position {qi} of ring {ri}: latitude is not a number"
                ))?;
                if !(-180_000_000_000..=180_000_000_000).contains(&lon)
                    || !(-90_000_000_000..=90_000_000_000).contains(&lat)
                {
                    return Err(format!(
                        "position {qi} of ring {ri} is outside longitude ±180 / latitude ±90"
                    ));
                }
                points.push((lon, lat));
            }
            if points.first() != points.last() {
                return Err(format!(
                    "polygon {pi} ring {ri} is not closed: its first and last positions differ"
                ));
            }
        }
    }
    serde_json::to_string(&value).map_err(|e| e.to_string())
}

type Ring = Vec<(i64, i64)>;

/// The polygons of a checked boundary, each its outline then its holes, in integer nano-degrees
/// (longitude, latitude).
fn polygons_of(geojson: &str) -> Vec<Vec<Ring>> {
    let Ok(value) = serde_json::from_str::<serde_json::Value>(geojson) else {
        return Vec::new();
    };
    let coords = value.get("coordinates");
    let polygons: Vec<&serde_json::Value> = match value.get("type").and_then(|t| t.as_str()) {
        Some("Polygon") => coords.into_iter().collect(),
        Some("MultiPolygon") => coords
            .and_then(|c| c.as_array())
            .map(|many| many.iter().collect())
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let position = |pos: &serde_json::Value| {
        let pair = pos.as_array()?;
        Some((
            pair.first()?.as_number().and_then(nano_degrees)?,
            pair.get(1)?.as_number().and_then(nano_degrees)?,
        ))
    };
    polygons
        .iter()
        .filter_map(|p| p.as_array())
        .map(|rings| {
            rings
                .iter()
                .filter_map(|ring| ring.as_array())
                .map(|ring| ring.iter().filter_map(position).collect())
                .collect()
        })
        .collect()
}

/// Where a ring of a boundary crosses or touches itself away from a shared corner (a bow tie, a
/// loop): its description, or `None` for a simple outline. Exact (integer coordinates); the
/// edges are swept in order of their west end, so a parcel's outline costs little more than its
/// length.
pub fn self_crossing(geojson: &str) -> Option<String> {
    type P = (i64, i64);
    fn orient(a: P, b: P, c: P) -> i8 {
        let v = i128::from(b.0 - a.0) * i128::from(c.1 - a.1)
            - i128::from(b.1 - a.1) * i128::from(c.0 - a.0);
        v.signum() as i8
    }
    fn within(a: P, b: P, c: P) -> bool {
        c.0 >= a.0.min(b.0) && c.0 <= a.0.max(b.0) && c.1 >= a.1.min(b.1) && c.1 <= a.1.max(b.1)
    }
    fn meet(a: P, b: P, c: P, d: P) -> bool {
        let (o1, o2, o3, o4) = (
            orient(a, b, c),
            orient(a, b, d),
            orient(c, d, a),
            orient(c, d, b),
        );
        (o1 != o2 && o3 != o4 && o1 * o2 <= 0 && o3 * o4 <= 0)
            || (o1 == 0 && within(a, b, c))
            || (o2 == 0 && within(a, b, d))
            || (o3 == 0 && within(c, d, a))
            || (o4 == 0 && within(c, d, b))
    }
    for (ri, ring) in polygons_of(geojson).iter().flatten().enumerate() {
        let n = ring.len().saturating_sub(1);
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by_key(|&i| ring[i].0.min(ring[i + 1].0));
        for (k, &i) in order.iter().enumerate() {
            let (a, b) = (ring[i], ring[i + 1]);
            let east = a.0.max(b.0);
            for &j in &order[k + 1..] {
                let (c, d) = (ring[j], ring[j + 1]);
                if c.0.min(d.0) > east {
                    break;
                }
                let adjacent = i.abs_diff(j) == 1 || (i.min(j) == 0 && i.max(j) == n - 1);
                if !adjacent && meet(a, b, c, d) {
                    let (x, y) = (i.min(j), i.max(j));
                    return Some(format!(
                        "ring {ri} crosses itself: its edges {} and {} meet",
                        x + 1,
                        y + 1
                    ));
                }
            }
        }
    }
    None
}

/// A boundary's own area in m², on a plane projected at its mean latitude (well within 1 % for a
/// village's parcels): outer rings minus holes. An estimate to compare with the recorded area,
/// never stored or summed.
pub fn boundary_area_m2(geojson: &str) -> Option<f64> {
    const METRES_PER_DEGREE: f64 = 111_320.0;
    let polygons = polygons_of(geojson);
    let latitudes: Vec<f64> = polygons
        .iter()
        .flatten()
        .flatten()
        .map(|&(_, y)| y as f64 / 1e9)
        .collect();
    if latitudes.is_empty() {
        return None;
    }
    let lat0 = latitudes.iter().sum::<f64>() / latitudes.len() as f64;
    let kx = METRES_PER_DEGREE * lat0.to_radians().cos();
    let ring_area = |ring: &Ring| {
        let pts: Vec<(f64, f64)> = ring
            .iter()
            .map(|&(x, y)| (x as f64 / 1e9 * kx, y as f64 / 1e9 * METRES_PER_DEGREE))
            .collect();
        pts.windows(2)
            .map(|w| w[0].0 * w[1].1 - w[1].0 * w[0].1)
            .sum::<f64>()
            .abs()
            / 2.0
    };
    // Each polygon is its outline (the first ring) less its holes (the others).
    Some(
        polygons
            .iter()
            .filter_map(|rings| rings.split_first())
            .map(|(outline, holes)| ring_area(outline) - holes.iter().map(ring_area).sum::<f64>())
            .sum(),
    )
}

/// How far (in per cent) a boundary's own area may be from the recorded area before the parcel's
/// card says so.
pub const AREA_MISMATCH_PERCENT: f64 = 5.0;

/// Whether the recorded area and the boundary's own area differ by more than
/// [`AREA_MISMATCH_PERCENT`].
pub fn area_differs(recorded_m2: f64, boundary_m2: f64) -> bool {
    recorded_m2 > 0.0
        && ((boundary_m2 - recorded_m2).abs() * 100.0 / recorded_m2) > AREA_MISMATCH_PERCENT
}

pub fn not_found(id: Uuid) -> DomainError {
    DomainError::not_found("PARCEL_NOT_FOUND", format!("no parcel {id} in these books"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn areas_are_exact_in_both_units() {
        assert_eq!(Area::parse_mu("1").unwrap().m2(), "666.67");
        assert_eq!(Area::parse_mu("1.5").unwrap().mu(), "1.5000");
        assert_eq!(Area::parse_m2("666.67").unwrap().mu(), "1.0000");
        assert_eq!(
            Area::parse_m2("10000").unwrap().mu(),
            "15.0000",
            "1 公顷 = 15 亩"
        );
        let third = Area::parse_mu("0.3333").unwrap();
        let sum = third
            .checked_add(third)
            .and_then(|a| a.checked_add(Area::parse_mu("0.3334").unwrap()))
            .unwrap();
        assert_eq!(sum, Area::parse_mu("1").unwrap(), "sums are exact");
        assert_eq!(Area::parse_m2("1.234"), Err(AreaError::TooPrecise(2)));
        assert_eq!(Area::parse_mu("1.23456"), Err(AreaError::TooPrecise(4)));
        assert_eq!(Area::parse_m2("abc"), Err(AreaError::Malformed));
    }

    #[test]
    fn parcel_codes_belong_to_their_contractor() {
        let c = ParcelCode::parse("3605021002010000012").unwrap();
        let village = RegionCode::parse("360502100201").unwrap();
        assert!(c.belongs_to(&village, None));
        assert!(!c.belongs_to(&RegionCode::parse("360502100202").unwrap(), None));
        assert!(
            !c.belongs_to(&village, Some(&GroupCode::parse("01").unwrap())),
            "the code's group is 00"
        );
        assert!(ParcelCode::parse("36050210020100000").is_none());
    }

    #[test]
    fn boundaries_are_checked() {
        let square = r#"{"type":"Polygon","coordinates":[[[114.9,27.8],[114.901,27.8],[114.901,27.801],[114.9,27.8]]]}"#;
        assert!(check_boundary(square).is_ok());
        let open = r#"{"type":"Polygon","coordinates":[[[114.9,27.8],[114.901,27.8],[114.901,27.801],[114.9,27.81]]]}"#;
        assert!(check_boundary(open).unwrap_err().contains("not closed"));
        let short =
            r#"{"type":"Polygon","coordinates":[[[114.9,27.8],[114.901,27.8],[114.9,27.8]]]}"#;
        assert!(check_boundary(short).unwrap_err().contains("at least 4"));
        let far = r#"{"type":"Polygon","coordinates":[[[194.9,27.8],[114.901,27.8],[114.901,27.801],[194.9,27.8]]]}"#;
        assert!(check_boundary(far).unwrap_err().contains("outside"));
        assert!(
            check_boundary(r#"{"type":"Point","coordinates":[1,2]}"#)
                .unwrap_err()
                .contains("Polygon")
        );
        let multi = r#"{"type":"MultiPolygon","coordinates":[[[[0,0],[1,0],[1,1],[0,0]]]]}"#;
        assert!(check_boundary(multi).is_ok());
    }

    #[test]
    fn outlines_that_cross_themselves_are_found() {
        let square = r#"{"type":"Polygon","coordinates":[[[114.9,27.8],[114.901,27.8],[114.901,27.801],[114.9,27.801],[114.9,27.8]]]}"#;
        assert_eq!(self_crossing(square), None);
        let bow_tie = r#"{"type":"Polygon","coordinates":[[[114.9,27.8],[114.901,27.801],[114.901,27.8],[114.9,27.801],[114.9,27.8]]]}"#;
        assert_eq!(
            self_crossing(bow_tie).as_deref(),
            Some("ring 0 crosses itself: its edges 1 and 3 meet")
        );
        // A vertex touching an edge it does not belong to counts too.
        let pinched = r#"{"type":"Polygon","coordinates":[[[0,0],[4,0],[4,4],[2,0],[0,4],[0,0]]]}"#;
        assert!(self_crossing(pinched).is_some());
        // A triangle, and a concave L-shape, are simple.
        assert_eq!(
            self_crossing(r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}"#),
            None
        );
        let l_shape =
            r#"{"type":"Polygon","coordinates":[[[0,0],[2,0],[2,1],[1,1],[1,2],[0,2],[0,0]]]}"#;
        assert_eq!(self_crossing(l_shape), None);
    }

    #[test]
    fn a_boundary_knows_its_own_area() {
        // 0.001° × 0.001° at 27.8°N: 98.49 m × 111.32 m.
        let square = r#"{"type":"Polygon","coordinates":[[[114.9,27.8],[114.901,27.8],[114.901,27.801],[114.9,27.801],[114.9,27.8]]]}"#;
        let a = boundary_area_m2(square).unwrap();
        assert!((a - 10_964.0).abs() < 15.0, "{a}");
        // A hole subtracts.
        let holed = r#"{"type":"Polygon","coordinates":[[[0,0],[0.002,0],[0.002,0.002],[0,0.002],[0,0]],[[0.0005,0.0005],[0.0015,0.0005],[0.0015,0.0015],[0.0005,0.0015],[0.0005,0.0005]]]}"#;
        let h = boundary_area_m2(holed).unwrap();
        let full = 4.0 * 111.32 * 111.32;
        assert!((h - full * 0.75).abs() < 1.0, "{h} of {full}");
        assert!(area_differs(10_000.0, 10_600.0));
        assert!(!area_differs(10_000.0, 10_400.0));
    }

    #[test]
    fn merged_boundaries_keep_every_part() {
        let a = r#"{"type":"Polygon","coordinates":[[[0,0],[1,0],[1,1],[0,0]]]}"#;
        let b = r#"{"type":"MultiPolygon","coordinates":[[[[2,0],[3,0],[3,1],[2,0]]],[[[4,0],[5,0],[5,1],[4,0]]]]}"#;
        let merged = union_of_boundaries(&[a, b]).unwrap();
        let v: serde_json::Value = serde_json::from_str(&merged).unwrap();
        assert_eq!(v["type"], "MultiPolygon");
        assert_eq!(v["coordinates"].as_array().unwrap().len(), 3);
        assert_eq!(v["coordinates"][0][0][1].to_string(), "[1,0]");
        assert!(union_of_boundaries(&[a, r#"{"type":"Point","coordinates":[1,2]}"#]).is_err());
        let mut sides = [String::new(), "村道".into(), " ".into(), "山脚".into()];
        mark_unknown_sides(&mut sides);
        assert_eq!(sides, ["不详", "村道", "不详", "山脚"]);
    }
}
