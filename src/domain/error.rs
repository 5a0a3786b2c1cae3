//! The domain's error: what a rule says about a request, in stable reason codes.

/// One broken rule on one field of the request. `field` is the request path
/// (`lines[2].debit_fen`), `reason` a stable UPPER_SNAKE code clients translate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub field: String,
    pub reason: &'static str,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DomainError {
    /// Bad input: every violated field is listed.
    #[error("invalid request: {}", describe(.0))]
    Invalid(Vec<Violation>),
    #[error("{message}")]
    NotFound {
        reason: &'static str,
        message: String,
    },
    /// The request is well formed but the state forbids it. `meta` carries the particulars
    /// (month, count, voucher numbers …) as `ErrorInfo.metadata`, so a client can say it in its
    /// own language.
    #[error("{message}")]
    FailedPrecondition {
        reason: &'static str,
        message: String,
        meta: Vec<(&'static str, String)>,
    },
    #[error("{message}")]
    AlreadyExists {
        reason: &'static str,
        message: String,
    },
    /// No valid credentials.
    #[error("{message}")]
    Unauthenticated {
        reason: &'static str,
        message: String,
    },
    /// The caller sees the resource but its role may not do this.
    #[error("{message}")]
    PermissionDenied {
        reason: &'static str,
        message: String,
    },
    /// Too many attempts: the caller must wait (`retry_after_seconds` in `meta`).
    #[error("{message}")]
    TooMany {
        reason: &'static str,
        message: String,
        meta: Vec<(&'static str, String)>,
    },
}

fn describe(violations: &[Violation]) -> String {
    violations
        .iter()
        .map(|v| format!("{}: {}", v.field, v.description))
        .collect::<Vec<_>>()
        .join("; ")
}

impl DomainError {
    pub fn not_found(reason: &'static str, message: impl Into<String>) -> Self {
        DomainError::NotFound {
            reason,
            message: message.into(),
        }
    }
    pub fn precondition(reason: &'static str, message: impl Into<String>) -> Self {
        DomainError::FailedPrecondition {
            reason,
            message: message.into(),
            meta: Vec::new(),
        }
    }

    /// Adds one particular (`ErrorInfo.metadata`) to a failed precondition.
    pub fn with(mut self, key: &'static str, value: impl Into<String>) -> Self {
        if let DomainError::FailedPrecondition { meta, .. } = &mut self {
            meta.push((key, value.into()));
        }
        self
    }

    /// The particulars of the error, for `ErrorInfo.metadata`.
    pub fn meta(&self) -> &[(&'static str, String)] {
        match self {
            DomainError::FailedPrecondition { meta, .. } | DomainError::TooMany { meta, .. } => {
                meta
            }
            _ => &[],
        }
    }
    pub fn exists(reason: &'static str, message: impl Into<String>) -> Self {
        DomainError::AlreadyExists {
            reason,
            message: message.into(),
        }
    }
    pub fn unauthenticated(reason: &'static str, message: impl Into<String>) -> Self {
        DomainError::Unauthenticated {
            reason,
            message: message.into(),
        }
    }
    /// RESOURCE_EXHAUSTED: try again after `wait_ms`.
    pub fn too_many(reason: &'static str, message: impl Into<String>, wait_ms: i64) -> Self {
        DomainError::TooMany {
            reason,
            message: message.into(),
            meta: vec![("retry_after_seconds", ((wait_ms + 999) / 1000).to_string())],
        }
    }
    pub fn denied(reason: &'static str, message: impl Into<String>) -> Self {
        DomainError::PermissionDenied {
            reason,
            message: message.into(),
        }
    }
    pub fn invalid(
        field: impl Into<String>,
        reason: &'static str,
        description: impl Into<String>,
    ) -> Self {
        DomainError::Invalid(vec![Violation {
            field: field.into(),
            reason,
            description: description.into(),
        }])
    }

    /// The same error for a request nested at `prefix` (`statement.`): each violation's field
    /// path is prefixed, so a client still finds the field it sent.
    pub fn within(self, prefix: &str) -> Self {
        match self {
            DomainError::Invalid(vs) => DomainError::Invalid(
                vs.into_iter()
                    .map(|v| Violation {
                        field: format!("{prefix}{}", v.field),
                        ..v
                    })
                    .collect(),
            ),
            other => other,
        }
    }

    /// The stable reason code of this error (the first violation's for `Invalid`).
    pub fn reason(&self) -> &'static str {
        match self {
            DomainError::Invalid(v) => v.first().map_or("INVALID_ARGUMENT", |v| v.reason),
            DomainError::NotFound { reason, .. }
            | DomainError::FailedPrecondition { reason, .. }
            | DomainError::AlreadyExists { reason, .. }
            | DomainError::Unauthenticated { reason, .. }
            | DomainError::PermissionDenied { reason, .. }
            | DomainError::TooMany { reason, .. } => reason,
        }
    }
}

/// Collects violations so a request is checked completely before it is rejected.
#[derive(Debug, Default)]
pub struct Violations(Vec<Violation>);

impl Violations {
    pub fn add(
        &mut self,
        field: impl Into<String>,
        reason: &'static str,
        description: impl Into<String>,
    ) {
        self.0.push(Violation {
            field: field.into(),
            reason,
            description: description.into(),
        });
    }

    /// Adds the violations of an `Invalid` error (other errors become one violation of `field`
    /// ""), so checks that return errors can join one BadRequest.
    pub fn extend_from(&mut self, e: DomainError) {
        match e {
            DomainError::Invalid(vs) => self.0.extend(vs),
            other => self.add("", other.reason(), other.to_string()),
        }
    }

    pub fn extend(&mut self, other: Violations) {
        self.0.extend(other.0);
    }

    /// True when `field` already has a violation.
    pub fn has(&self, field: &str) -> bool {
        self.0.iter().any(|v| v.field == field)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn into_vec(self) -> Vec<Violation> {
        self.0
    }

    /// `Ok(())` when nothing was violated.
    pub fn finish(self) -> Result<(), DomainError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(DomainError::Invalid(self.0))
        }
    }
}

/// Checks a free-text field: trimmed length within `1..=max_chars` (or `0..` when optional), and
/// no control characters.
pub fn check_text(v: &mut Violations, field: &str, value: &str, max_chars: usize, required: bool) {
    let chars = value.chars().count();
    if required && value.trim().is_empty() {
        v.add(field, "FIELD_REQUIRED", "must not be empty");
    } else if chars > max_chars {
        v.add(
            field,
            "TEXT_TOO_LONG",
            format!("at most {max_chars} characters, got {chars}"),
        );
    } else if value.chars().any(|c| c.is_control()) {
        v.add(
            field,
            "TEXT_CONTROL_CHARACTER",
            "must not contain control characters",
        );
    } else if let Some(c) = value.chars().find(|&c| invisible(c)) {
        v.add(
            field,
            "TEXT_INVISIBLE_CHARACTER",
            format!(
                "must not contain invisible or direction-changing characters (U+{:04X})",
                u32::from(c)
            ),
        );
    }
}

/// Characters that change how text displays without showing: the bidirectional controls
/// (U+202A–202E, U+2066–2069, U+200E/F, U+061C), zero-width characters (U+200B–200D,
/// U+2060–2064, U+FEFF), the soft hyphen, the Mongolian vowel separator, the combining grapheme
/// joiner, Hangul fillers, variation selectors (U+FE00–FE0F), musical format characters and the
/// tag characters (U+E0001, U+E0020–E007F). A 摘要
/// holding one could read differently on screen from what it holds.
pub fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{034F}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{3164}'
            | '\u{FFA0}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0001}'
            | '\u{E0020}'..='\u{E007F}'
    )
}
