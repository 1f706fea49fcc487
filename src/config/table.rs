//! The macro behind the one table of settings ([`super::settings`]). From each key's line
//! (name, type, default, reader, help, and how the staff menu shows it) it makes:
//!
//! - the [`super::Settings`] struct (the help is the field's documentation) and its
//!   `Default`;
//! - [`super::settings::KEYS`], the list of keys in order with their section and help,
//!   from which the staff menu's rows, their label ids, the shipped example file and the
//!   README's settings block are made;
//! - the reading of each key (`read_key`), the copy of one key from a layer above
//!   (`take_key`) and the value as staff read it (`shown`);
//! - the `[lang]` table's struct, keys, reading and copy, from the list of keys a
//!   language may set.
//!
//! Adding a setting is one line in the table, one label per language in `src/i18n/*.ftl`
//! (`setting-KEY`; the strings loader refuses to start without it), and regenerating the
//! example and README block (`UPDATE_DOCS=1 cargo test the_readme_and`).

/// See the module's documentation.
macro_rules! settings_table {
    (
        $(
            section $section:literal {
            $(
                $(#[$attr:meta])*
                $name:ident: $ty:ty = $default:expr,
                read $read:expr,
                $(show $show:expr,)?
                help $help:literal;
            )*
            }
        )*
        language [$($lang_key:ident),* $(,)?];
    ) => {
        /// The clinic's settings, one field per key of the table in
        /// [`crate::config::settings`]. Not `Deserialize` on purpose: read it with
        /// [`Settings::parse`] or [`Settings::load_layers`], which check every field and its
        /// bounds.
        #[derive(Debug, Clone, PartialEq, Serialize)]
        pub struct Settings {
            $($(
                #[doc = $help]
                $(#[$attr])*
                pub $name: $ty,
            )*)*
            /// `[es]` and other language tables: the clinic's words in that language.
            #[serde(flatten)]
            pub by_language: BTreeMap<String, InLanguage>,
        }

        impl Default for Settings {
            fn default() -> Self {
                Self {
                    $($($name: $default,)*)*
                    by_language: BTreeMap::new(),
                }
            }
        }

        /// Every key a settings file may have, in the order staff and the example read them.
        pub const KEYS: &[Key] = &[
            $($(
                Key {
                    name: stringify!($name),
                    section: $section,
                    help: $help,
                    label: concat!("setting-", stringify!($name)),
                },
            )*)*
        ];

        /// What a `[lang]` table may set: the clinic's text as patients of that language
        /// read it.
        #[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
        pub struct InLanguage {
            $(
                #[serde(skip_serializing_if = "Option::is_none")]
                pub $lang_key: Option<String>,
            )*
        }

        /// The keys a `[lang]` table may have.
        pub const LANGUAGE_KEYS: &[&str] = &[$(stringify!($lang_key)),*];

        impl InLanguage {
            /// The slot of `key`, if a language table may set it.
            fn slot(&mut self, key: &str) -> Option<&mut Option<String>> {
                match key {
                    $(stringify!($lang_key) => Some(&mut self.$lang_key),)*
                    _ => None,
                }
            }
        }

        impl Settings {
            /// Read `key`'s value into this value: `false` if no such key.
            fn read_key(&mut self, key: &str, r: &mut Reading) -> bool {
                match key {
                    $($(
                        stringify!($name) => {
                            if let Some(v) = ($read)(r) {
                                self.$name = v;
                            }
                            true
                        }
                    )*)*
                    _ => false,
                }
            }

            /// Copy `key` (not a language table's) from `other`.
            fn take_key(&mut self, other: &Settings, key: &str) {
                match key {
                    $($(stringify!($name) => self.$name = other.$name.clone(),)*)*
                    _ => {}
                }
            }

            /// `key`'s value as the staff menu shows it to staff reading `lang` (empty when
            /// not set); `None` if no such key.
            pub fn shown(&self, key: &str, lang: &str, words: &crate::i18n::Strings) -> Option<String> {
                match key {
                    $($(
                        stringify!($name) => Some(settings_table!(@show self, lang, words, $name $(, $show)?)),
                    )*)*
                    _ => None,
                }
            }
        }
    };
    (@show $s:ident, $lang:ident, $words:ident, $name:ident) => {
        Shown::shown(&$s.$name, $words)
    };
    (@show $s:ident, $lang:ident, $words:ident, $name:ident, $show:expr) => {
        ($show)($s, $lang, $words)
    };
}

pub(super) use settings_table;
