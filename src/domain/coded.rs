//! Every stored enum is declared through [`coded!`]: each variant with the number it is stored and
//! sent as, its Chinese name and, for the exports' vocabularies, an English key. One declaration
//! gives `ALL`, `code`, `from_code`, `zh` (and `key`), and the [`Coded`] trait that generic code
//! uses (the api's one pb conversion, and its test over every variant).

/// A stored enum: a fixed set of variants, each with its number and Chinese name.
pub trait Coded: Copy + Eq + std::fmt::Debug + 'static {
    /// Every variant, in declaration order.
    const ALL: &'static [Self];
    fn code(self) -> u32;
    fn from_code(code: u32) -> Option<Self>;
    fn zh(self) -> &'static str;
}

/// Declares a stored enum. `Variant = code, "中文";` or, with the exports' English key,
/// `Variant = code, "key", "中文";`.
macro_rules! coded {
    (@enum $(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal, $zh:literal;)* }) => {
        $(#[$meta])*
        #[derive(Copy, Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vmeta])* $variant),* }
        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];
            /// The number it is stored and sent as.
            pub fn code(self) -> u32 { match self { $($name::$variant => $code),* } }
            pub fn from_code(c: u32) -> Option<$name> { match c { $($code => Some($name::$variant),)* _ => None } }
            /// Its Chinese name.
            pub fn zh(self) -> &'static str { match self { $($name::$variant => $zh),* } }
        }
        impl $crate::domain::coded::Coded for $name {
            const ALL: &'static [$name] = $name::ALL;
            fn code(self) -> u32 { $name::code(self) }
            fn from_code(c: u32) -> Option<$name> { $name::from_code(c) }
            fn zh(self) -> &'static str { $name::zh(self) }
        }
    };
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal, $key:literal, $zh:literal;)* }) => {
        $crate::domain::coded::coded!(@enum $(#[$meta])* $name { $($(#[$vmeta])* $variant = $code, $zh;)* });
        impl $name {
            /// The exports' English key.
            pub fn key(self) -> &'static str { match self { $($name::$variant => $key),* } }
        }
    };
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal, $zh:literal;)* }) => {
        $crate::domain::coded::coded!(@enum $(#[$meta])* $name { $($(#[$vmeta])* $variant = $code, $zh;)* });
    };
}
pub(crate) use coded;

#[cfg(test)]
mod tests {
    use super::Coded;

    coded!(
        /// A test enum.
        Colour {
            /// Red.
            Red = 1, "red", "红";
            Green = 7, "green", "绿";
        }
    );

    #[test]
    fn codes_names_and_keys_round_trip() {
        for &c in <Colour as Coded>::ALL {
            assert_eq!(Colour::from_code(c.code()), Some(c));
        }
        assert_eq!(Colour::Green.code(), 7);
        assert_eq!(Colour::Green.zh(), "绿");
        assert_eq!(Colour::Red.key(), "red");
        assert_eq!(Colour::from_code(2), None);
    }
}
