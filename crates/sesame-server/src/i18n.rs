//! Translations for the web pages and the phone line, from Fluent catalogues in
//! `locales/<language>/`: `sesame.ftl` for the pages, `phone.ftl` for what callers hear.
//!
//! Pages and prompts never hold user-facing text themselves; they ask [`Tr`] for a message
//! by id in the reader's (or caller's) language, which falls back to English message by
//! message. The pages and the phone line need not be written in the same languages, so
//! each has its own list.

use std::borrow::Cow;
use std::collections::HashMap;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::Loader;
use unic_langid::LanguageIdentifier;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The languages with a catalogue of the pages, English first.
pub const AVAILABLE: [&str; 3] = ["en", "de", "es"];

/// The languages with a catalogue of the phone line's prompts, English first.
pub const PHONE: [&str; 3] = ["en", "de", "es"];

/// A translator for one language.
#[derive(Debug, Clone)]
pub struct Tr {
    language: LanguageIdentifier,
}

impl Tr {
    /// The catalogue for a language tag: exact, then by primary language, then English.
    pub fn for_tag(tag: &str) -> Self {
        Self::chosen_from(&AVAILABLE, tag)
    }

    /// The phone line's catalogue for a language tag: by primary language, then English.
    pub fn for_phone(tag: &str) -> Self {
        Self::chosen_from(&PHONE, tag)
    }

    fn chosen_from(available: &[&'static str], tag: &str) -> Self {
        let wanted: Option<LanguageIdentifier> = tag.parse().ok();
        let chosen = wanted
            .and_then(|wanted| {
                available
                    .iter()
                    .find(|available| **available == wanted.language.as_str())
                    .copied()
            })
            .unwrap_or("en");
        Self {
            language: chosen.parse().unwrap_or_default(),
        }
    }

    /// The first supported language of an `Accept-Language` header.
    pub fn from_accept_language(header: Option<&str>) -> Self {
        let best = header.and_then(|header| {
            let mut ranges: Vec<(f32, &str)> = header
                .split(',')
                .filter_map(|part| {
                    let mut pieces = part.trim().split(';');
                    let tag = pieces.next()?.trim();
                    let quality = pieces
                        .find_map(|p| p.trim().strip_prefix("q=")?.parse().ok())
                        .unwrap_or(1.0);
                    Some((quality, tag))
                })
                .collect();
            ranges.sort_by(|a, b| b.0.total_cmp(&a.0));
            ranges.into_iter().find_map(|(_, tag)| {
                let primary = tag.split('-').next()?.to_ascii_lowercase();
                AVAILABLE.iter().find(|a| **a == primary).copied()
            })
        });
        Self::for_tag(best.unwrap_or("en"))
    }

    pub fn tag(&self) -> String {
        self.language.to_string()
    }

    pub fn t(&self, id: &str) -> String {
        LOCALES.lookup(&self.language, id)
    }

    /// The message, or `fallback` when no catalogue has it.
    pub fn t_or(&self, id: &str, fallback: &str) -> String {
        LOCALES
            .try_lookup(&self.language, id)
            .unwrap_or_else(|| fallback.to_owned())
    }

    /// A refusal in the reader's words: the catalogue's `error-<code>` message where it has
    /// one (given the wait, `{ $wait }`, of a lock or a throttle, and the refusal's data as
    /// it is, `{ $detail }`), else the error's own.
    pub fn refusal(&self, error: &crate::service::ServiceError) -> String {
        let id = format!("error-{}", error.code().replace('.', "-"));
        let mut args: HashMap<Cow<'static, str>, FluentValue> = HashMap::new();
        if let Some(wait) = error.retry_after() {
            args.insert(Cow::Borrowed("wait"), FluentValue::from(self.wait(wait)));
        }
        if let Some(detail) = error.detail() {
            args.insert(
                Cow::Borrowed("detail"),
                FluentValue::from(detail.to_owned()),
            );
        }
        LOCALES
            .try_lookup_with_args(&self.language, &id, &args)
            .unwrap_or_else(|| error.message().to_owned())
    }

    /// A wait in words: seconds under a minute and a half, minutes under an hour and a
    /// half, else hours, rounded up.
    pub fn wait(&self, wait: std::time::Duration) -> String {
        let seconds = wait.as_secs().max(1);
        let (id, count) = if seconds < 90 {
            ("wait-seconds", seconds)
        } else if seconds < 90 * 60 {
            ("wait-minutes", seconds.div_ceil(60))
        } else {
            ("wait-hours", seconds.div_ceil(3600))
        };
        let args: HashMap<Cow<'static, str>, FluentValue> =
            HashMap::from([(Cow::Borrowed("count"), FluentValue::from(count))]);
        LOCALES.lookup_with_args(&self.language, id, &args)
    }

    /// The message with its variables. A whole number goes in as a number, so that plural
    /// variants (`[one]`, `[0]`) are chosen by it; anything else, and digits with a leading
    /// zero such as a code, stays text.
    pub fn t_with(&self, id: &str, args: &[(&'static str, &str)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(name, value)| (Cow::Borrowed(*name), argument(value)))
            .collect();
        LOCALES.lookup_with_args(&self.language, id, &args)
    }
}

/// A variable for Fluent: a number when it is written as one (at most 15 digits, so it is
/// exact), text otherwise.
fn argument(value: &str) -> FluentValue<'static> {
    let whole_number = !value.is_empty()
        && value.len() <= 15
        && value.bytes().all(|b| b.is_ascii_digit())
        && (value == "0" || !value.starts_with('0'));
    match value.parse::<u64>() {
        Ok(number) if whole_number => FluentValue::from(number),
        _ => FluentValue::from(value.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message_ids(language: &str) -> Vec<String> {
        catalogue_ids(language, "sesame.ftl")
    }

    fn catalogue_ids(language: &str, file: &str) -> Vec<String> {
        let path = format!("{}/locales/{language}/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut ids: Vec<_> = text
            .lines()
            .filter(|line| line.starts_with(|c: char| c.is_ascii_lowercase()))
            .filter_map(|line| line.split_once('=').map(|(id, _)| id.trim().to_owned()))
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn whole_numbers_choose_plural_variants() {
        let en = Tr::for_tag("en");
        assert_eq!(
            en.t_with("admin-users-count", &[("count", "1")]),
            "One user in all."
        );
        assert_eq!(
            en.t_with("admin-users-count", &[("count", "12")]),
            "12 users in all."
        );
        let de = Tr::for_tag("de");
        assert_eq!(
            de.t_with("admin-import-done", &[("count", "1")]),
            "Ein Benutzer wurde importiert."
        );
        assert_eq!(
            en.t_with("desk-sms-sent", &[("number", "+14155550101")]),
            "A code was sent to +14155550101.",
            "text that only looks like a number stays as written"
        );
    }

    #[test]
    fn every_catalogue_has_every_message() {
        let english = message_ids("en");
        for language in AVAILABLE {
            assert_eq!(message_ids(language), english, "catalogue {language}");
        }
        let english = catalogue_ids("en", "phone.ftl");
        assert!(english.iter().all(|id| id.starts_with("phone-")));
        for language in PHONE {
            assert_eq!(
                catalogue_ids(language, "phone.ftl"),
                english,
                "phone catalogue {language}"
            );
        }
    }

    /// The error codes made in `dir` (recursively, test modules left out): the first
    /// string literal inside a call of a constructor of `ServiceError` or `Violation` (or of
    /// the two closures that wrap `Violation::new`, `range` and `refuse`) when it has the
    /// shape of a code, and every `code: "..."`.
    fn codes_made_in(dir: &std::path::Path, skip: &[&str], codes: &mut Vec<(String, String)>) {
        const CALLS: [&str; 12] = [
            "::not_found(",
            "::conflict(",
            "::expired(",
            "::forbidden(",
            "::invalid(",
            "::invalid_with(",
            "::locked(",
            "::throttled(",
            "::unavailable(",
            "Violation::new(",
            "refuse(",
            "range(",
        ];
        let is_code = |text: &str| {
            !text.is_empty()
                && text
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
        };
        let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
        for entry in entries {
            let path = entry.unwrap_or_else(|e| panic!("{e}")).path();
            let name = path.display().to_string();
            if skip.iter().any(|s| name.contains(s)) {
                continue;
            }
            if path.is_dir() {
                codes_made_in(&path, skip, codes);
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
            let text = text.split("#[cfg(test)]").next().unwrap_or_default();
            let mut found = |literal: &str| {
                if is_code(literal) {
                    codes.push((literal.to_owned(), name.clone()));
                }
            };
            for call in CALLS {
                for (at, _) in text.match_indices(call) {
                    // The first literal before the call's closing parenthesis.
                    let mut depth = 1;
                    let rest = &text[at + call.len()..];
                    for (i, c) in rest.char_indices() {
                        match c {
                            '(' => depth += 1,
                            ')' => depth -= 1,
                            '"' => {
                                let literal = rest[i + 1..].split('"').next().unwrap_or_default();
                                found(literal);
                                break;
                            }
                            _ => {}
                        }
                        if depth == 0 {
                            break;
                        }
                    }
                }
            }
            for part in text.split("code: \"").skip(1) {
                found(part.split('"').next().unwrap_or_default());
            }
        }
    }

    /// Every refusal of the services and the rules a page can show has words in every
    /// catalogue, so that no page shows a raw code or English on a German page. Left out:
    /// the voice call flows, which only the API and the phone line (with its own prompts)
    /// reach, and the Soft PIN rules, which the Soft PIN page words as `soft-pin-error-*`.
    #[test]
    fn every_refusal_a_page_can_show_has_words_in_every_catalogue() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut codes = Vec::new();
        codes_made_in(
            &root.join("src/service"),
            &["voice/call.rs", "voice/factor.rs", "voice/phone.rs"],
            &mut codes,
        );
        codes_made_in(&root.join("../sesame-core/src"), &["soft_pin"], &mut codes);
        assert!(codes.len() > 100, "the scan finds the codes: {codes:?}");
        assert!(codes.iter().any(|(c, _)| c == "reset.unlock_not_allowed"));
        assert!(
            codes.iter().any(|(c, _)| c == "code_params.length"),
            "in closures too"
        );
        for language in AVAILABLE {
            let ids = message_ids(language);
            let missing: Vec<_> = codes
                .iter()
                .filter(|(code, _)| !ids.contains(&format!("error-{}", code.replace('.', "-"))))
                .map(|(code, file)| format!("{code} ({file})"))
                .collect();
            assert!(
                missing.is_empty(),
                "no words in {language} for:\n{}",
                missing.join("\n")
            );
        }
    }

    #[test]
    fn refusals_show_their_wait_and_data_in_every_language() {
        let busy = crate::service::ServiceError::busy();
        assert_eq!(
            Tr::for_tag("en").refusal(&busy),
            "The server is busy. Try again in one second."
        );
        let refused = crate::service::ServiceError::invalid_with(
            "enrollment.check_failed",
            "Only addresses in these domains can be enrolled: example.com.",
            "example.com",
        );
        assert_eq!(
            Tr::for_tag("es").refusal(&refused),
            "Esta dirección o número no se puede configurar aquí. Se permite: example.com."
        );
        let unknown = crate::service::ServiceError::invalid("nobody.knows", "As it is.");
        assert_eq!(Tr::for_tag("de").refusal(&unknown), "As it is.");
    }

    #[test]
    fn languages_are_chosen_and_fall_back() {
        assert_eq!(Tr::for_tag("de").t("nav-sign-out"), "Abmelden");
        assert_eq!(Tr::for_tag("de-AT").t("nav-sign-out"), "Abmelden");
        assert_eq!(Tr::for_tag("fr").t("nav-sign-out"), "Sign out");
        assert_eq!(Tr::for_tag("").t("nav-sign-out"), "Sign out");
        assert_eq!(
            Tr::from_accept_language(Some("fr-CH, de;q=0.9, en;q=0.8")).tag(),
            "de"
        );
        assert_eq!(Tr::from_accept_language(Some("en-GB,de;q=0.5")).tag(), "en");
        assert_eq!(Tr::from_accept_language(None).tag(), "en");
        assert_eq!(Tr::for_tag("es-MX").t("nav-sign-out"), "Cerrar sesión");
        assert_eq!(
            Tr::from_accept_language(Some("fr-FR, es-419;q=0.9, en;q=0.5")).tag(),
            "es"
        );
        assert_eq!(Tr::for_tag("pt").tag(), "en", "no Portuguese pages");
        assert_eq!(Tr::for_phone("es-MX").tag(), "es");
        assert_eq!(Tr::for_phone("de").tag(), "de");
        assert_eq!(Tr::for_phone("fr").tag(), "en");
        assert_eq!(
            Tr::for_tag("en").t_with("profile-greeting", &[("name", "Ada")]),
            "Hello, Ada."
        );
    }

    #[test]
    fn numbers_choose_plural_variants_and_codes_stay_as_they_are() {
        let wrong = |language: &str, tries: &str| {
            Tr::for_tag(language).t_with("reset-wrong", &[("tries", tries)])
        };
        assert!(wrong("en", "1").contains("You have one more try;"));
        assert!(wrong("en", "2").contains("You have 2 more tries;"));
        assert!(wrong("de", "1").contains("Sie haben noch einen Versuch;"));
        assert!(wrong("es", "1").contains("Le queda un intento;"));
        assert!(wrong("es", "3").contains("Le quedan 3 intentos;"));
        let es = Tr::for_tag("es");
        assert_eq!(
            es.t_with("desk-sms-invalid", &[("retries", "0")]),
            "El código es incorrecto y no quedan intentos en esta conversación."
        );
        assert_eq!(
            es.t_with("soft-pin-expires-soon", &[("days", "1")]),
            "Su Soft PIN caduca en un día. Cámbielo, por favor."
        );
        for code in ["012345", "123456", "1234567890123456789"] {
            let sms = es.t_with(
                "sms-code-body",
                &[("product", "Sesame"), ("code", code), ("minutes", "10")],
            );
            assert_eq!(
                sms,
                format!("Código de Sesame: {code}. Caduca en 10 minutos.")
            );
        }
    }
}
