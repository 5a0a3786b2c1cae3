//! Identifiers of the collectives: 统一社会信用代码 (USCC, GB 32100-2015) and 统计用区划代码
//! (12-digit statistical region codes). Each type can only hold a valid value.

use std::fmt;

const USCC_ALPHABET: &[u8; 31] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";
const USCC_WEIGHTS: [u32; 17] = [
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28,
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodeError {
    #[error("must be 18 characters, got {0}")]
    UsccLength(usize),
    #[error(
        "character {1:?} at position {0} is not allowed (I, O, S, V, Z and lower-case symbols are not used)"
    )]
    UsccCharacter(usize, char),
    #[error("check character should be {expected:?}, got {got:?}")]
    UsccCheck { expected: char, got: char },
    #[error("must be 12 digits, got {0:?}")]
    RegionFormat(String),
    #[error("a region prefix is 6 (county), 9 (township) or 12 (village) digits")]
    RegionPrefix,
    #[error("a group number is two digits 01–99")]
    Group,
}

/// A valid 统一社会信用代码, upper case.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Uscc(String);

impl Uscc {
    /// Accepts lower case and surrounding spaces, and normalises them away.
    pub fn parse(text: &str) -> Result<Uscc, CodeError> {
        let s = text.trim().to_ascii_uppercase();
        let n = s.chars().count();
        if n != 18 {
            return Err(CodeError::UsccLength(n));
        }
        let mut values = [0u32; 18];
        for (i, c) in s.chars().enumerate() {
            let pos = USCC_ALPHABET.iter().position(|&a| char::from(a) == c);
            values[i] = pos.ok_or(CodeError::UsccCharacter(i + 1, c))? as u32;
        }
        let sum: u32 = values[..17]
            .iter()
            .zip(USCC_WEIGHTS)
            .map(|(v, w)| v * w)
            .sum();
        let check = (31 - sum % 31) % 31;
        let expected = char::from(USCC_ALPHABET[check as usize]);
        let got = char::from(USCC_ALPHABET[values[17] as usize]);
        if expected != got {
            return Err(CodeError::UsccCheck { expected, got });
        }
        Ok(Uscc(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Completes the first 17 characters with their check character (for seeding and tests).
    pub fn with_check(first17: &str) -> Result<Uscc, CodeError> {
        let mut sum = 0u32;
        for (i, c) in first17.chars().enumerate() {
            let v = USCC_ALPHABET
                .iter()
                .position(|&a| char::from(a) == c)
                .ok_or(CodeError::UsccCharacter(i + 1, c))?;
            sum += v as u32
                * USCC_WEIGHTS
                    .get(i)
                    .copied()
                    .ok_or(CodeError::UsccLength(i + 1))?;
        }
        let check = char::from(USCC_ALPHABET[((31 - sum % 31) % 31) as usize]);
        Uscc::parse(&format!("{first17}{check}"))
    }

    /// Position 1: the registering department (`N` for 农业).
    pub fn department(&self) -> char {
        char::from(self.0.as_bytes()[0])
    }

    /// Position 2: the organisation type under its department.
    pub fn org_type(&self) -> char {
        char::from(self.0.as_bytes()[1])
    }
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Checks an 18-character 居民身份证号码 (GB 11643): 17 digits and a check character
/// (ISO 7064 MOD 11-2, `X` for 10). Returns it upper-cased.
pub fn check_id_card(text: &str) -> Option<String> {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    let t = text.trim().to_ascii_uppercase();
    let b = t.as_bytes();
    if b.len() != 18 || !b[..17].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = b[..17]
        .iter()
        .zip(WEIGHTS)
        .map(|(d, w)| u32::from(d - b'0') * w)
        .sum();
    (CHECK[(sum % 11) as usize] == b[17]).then_some(t)
}

/// A 12-digit 统计用区划代码.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RegionCode(String);

impl RegionCode {
    pub fn parse(text: &str) -> Result<RegionCode, CodeError> {
        let s = text.trim();
        if s.len() != 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CodeError::RegionFormat(s.to_string()));
        }
        Ok(RegionCode(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A township's (or street's) own code ends in `000`; a village's never does.
    pub fn is_township(&self) -> bool {
        self.0.ends_with("000")
    }

    pub fn county(&self) -> &str {
        &self.0[..6]
    }

    pub fn township(&self) -> &str {
        &self.0[..9]
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A region prefix used for scopes and filters: empty, 6, 9 or 12 digits.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct RegionPrefix(String);

impl RegionPrefix {
    pub fn parse(text: &str) -> Result<RegionPrefix, CodeError> {
        let s = text.trim();
        if !matches!(s.len(), 0 | 6 | 9 | 12) || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CodeError::RegionPrefix);
        }
        Ok(RegionPrefix(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn contains(&self, code: &RegionCode) -> bool {
        code.as_str().starts_with(&self.0)
    }
}

/// A 村民小组 number, `01`–`99`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct GroupCode(String);

impl GroupCode {
    pub fn parse(text: &str) -> Result<GroupCode, CodeError> {
        let s = text.trim();
        if s.len() != 2 || !s.bytes().all(|b| b.is_ascii_digit()) || s == "00" {
            return Err(CodeError::Group);
        }
        Ok(GroupCode(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uscc_vectors_from_codes_md() {
        for valid in [
            "91110108717743469K",
            "91330100799655058B",
            "91350100M000100Y43",
            "N2330102MA2B3C4D53",
            "N1360502MF0000001A",
            "N3440106MF1234567C",
        ] {
            assert_eq!(
                Uscc::parse(valid).map(|u| u.to_string()),
                Ok(valid.to_string()),
                "{valid}"
            );
        }
        assert_eq!(
            Uscc::parse("N2330102MA2B3C4D54"),
            Err(CodeError::UsccCheck {
                expected: '3',
                got: '4'
            })
        );
        assert_eq!(
            Uscc::parse("91110108717743469L"),
            Err(CodeError::UsccCheck {
                expected: 'K',
                got: 'L'
            })
        );
        assert_eq!(
            Uscc::parse("N2330102MA2B3C4DO3"),
            Err(CodeError::UsccCharacter(17, 'O'))
        );
        assert_eq!(
            Uscc::parse("n2330102ma2b3c4d53").map(|u| u.to_string()),
            Ok("N2330102MA2B3C4D53".into())
        );
        assert_eq!(Uscc::parse("N2330102"), Err(CodeError::UsccLength(8)));
        let u = Uscc::parse("N1360502MF0000001A").unwrap();
        assert_eq!((u.department(), u.org_type()), ('N', '1'));
    }

    #[test]
    fn id_card_check_characters() {
        assert_eq!(
            check_id_card("11010519491231002x").as_deref(),
            Some("11010519491231002X")
        );
        assert!(check_id_card("110105194912310021").is_none());
        assert!(check_id_card("1101051949123100").is_none());
    }

    #[test]
    fn region_codes() {
        let village = RegionCode::parse("360502100201").unwrap();
        assert!(!village.is_township());
        assert_eq!(
            (village.county(), village.township()),
            ("360502", "360502100")
        );
        assert!(RegionCode::parse("360502100000").unwrap().is_township());
        assert!(RegionCode::parse("36050210020").is_err());
        assert!(RegionCode::parse("36050210020x").is_err());
        assert!(RegionPrefix::parse("360502100").unwrap().contains(&village));
        assert!(!RegionPrefix::parse("360503").unwrap().contains(&village));
        assert!(RegionPrefix::parse("3605021").is_err());
        assert!(GroupCode::parse("00").is_err());
        assert!(GroupCode::parse("07").is_ok());
    }
}
