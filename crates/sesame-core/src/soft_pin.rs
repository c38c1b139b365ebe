//! Soft PIN: the six-digit PIN callers give to voice agents.
//!
//! The enrollment rules ([`check_rules`]), and turning what a caller typed or said into
//! six digits ([`parse_input`]). History is checked by the caller of [`check_rules`],
//! which holds the stored hashes.
//!
//! Spoken input is read with per-language [`NumberWords`]: digit words, "double"/"triple"
//! multipliers, and for English the teens and tens people use when they read a PIN in
//! pairs ("forty eight"). Words that are not numbers are filler and skipped ("my pin is
//! ..."); words for numbers that cannot be part of a PIN ("hundred") make the input
//! unparsable rather than guessed at. To add a language, add a `NumberWords` table to
//! [`LANGUAGES`].

use secrecy::SecretString;

use crate::Violation;

pub const LENGTH: usize = 6;

/// Every enrollment rule the candidate breaks, each once, in a fixed order.
pub fn check_rules(pin: &str) -> Vec<Violation> {
    let chars: Vec<char> = pin.chars().collect();
    let mut broken = Vec::new();
    if chars.len() != LENGTH || !chars.iter().all(char::is_ascii_digit) {
        broken.push(Violation::new(
            "soft_pin.length",
            "The Soft PIN must be exactly six digits from 0 to 9.",
        ));
    }
    let digit = |c: char| c.to_digit(10).filter(|_| c.is_ascii_digit());
    let triples: Vec<[u32; 3]> = chars
        .windows(3)
        .filter_map(|w| Some([digit(w[0])?, digit(w[1])?, digit(w[2])?]))
        .collect();
    if triples.iter().any(|[a, b, c]| a == b && b == c) {
        broken.push(Violation::new(
            "soft_pin.repetition",
            "No digit may appear more than twice in a row, as in 111234.",
        ));
    }
    let step = |from: u32, to: u32| i64::from(to) - i64::from(from);
    if triples.iter().any(|[a, b, c]| {
        let (first, second) = (step(*a, *b), step(*b, *c));
        first == second && first.abs() == 1
    }) {
        broken.push(Violation::new(
            "soft_pin.sequence",
            "The Soft PIN must not hold three digits counting up or down by one, as in 123 or 987.",
        ));
    }
    broken
}

/// The rule broken when a PIN repeats a recent one.
pub fn history_violation(depth: u32) -> Violation {
    Violation::new(
        "soft_pin.history",
        format!("The Soft PIN must differ from your previous {depth} PINs."),
    )
}

/// How the caller gave the PIN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputType {
    /// Keypad digits; spaces, dashes and dots may separate them.
    Text,
    /// A speech transcript.
    Voice,
}

/// Six digits, or `None` when the input cannot become exactly six digits. For voice, the
/// languages are tried in the order given and the first that yields six digits wins.
pub fn parse_input(input: &str, input_type: InputType, languages: &[&str]) -> Option<SecretString> {
    let digits = match input_type {
        InputType::Text => parse_keypad(input),
        InputType::Voice => languages
            .iter()
            .filter_map(|tag| number_words(tag))
            .find_map(|words| words.parse(input).filter(|d| d.len() == LENGTH)),
    }?;
    (digits.len() == LENGTH).then(|| SecretString::from(digits))
}

fn parse_keypad(input: &str) -> Option<String> {
    let input = input.trim();
    let allowed = input
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '.'));
    let ends_with_digits = input.chars().next().is_some_and(|c| c.is_ascii_digit())
        && input.chars().last().is_some_and(|c| c.is_ascii_digit());
    (allowed && ends_with_digits).then(|| input.chars().filter(char::is_ascii_digit).collect())
}

/// The number words of one language.
#[derive(Debug)]
pub struct NumberWords {
    /// BCP 47 primary language subtag.
    pub language: &'static str,
    pub digits: &'static [(&'static str, u8)],
    pub double: &'static [&'static str],
    pub triple: &'static [&'static str],
    /// Two-digit words read as both digits ("thirteen" is 1, 3).
    pub teens: &'static [(&'static str, u8)],
    /// Tens words: "forty" alone is 4, 0; "forty eight" is 4, 8.
    pub tens: &'static [(&'static str, u8)],
    /// Number words that cannot be part of a spoken PIN.
    pub refused: &'static [&'static str],
}

pub static LANGUAGES: &[NumberWords] = &[
    NumberWords {
        language: "en",
        digits: &[
            ("zero", 0),
            ("oh", 0),
            ("o", 0),
            ("nought", 0),
            ("one", 1),
            ("two", 2),
            ("three", 3),
            ("four", 4),
            ("five", 5),
            ("six", 6),
            ("seven", 7),
            ("eight", 8),
            ("nine", 9),
        ],
        double: &["double"],
        triple: &["triple", "treble"],
        teens: &[
            ("ten", 10),
            ("eleven", 11),
            ("twelve", 12),
            ("thirteen", 13),
            ("fourteen", 14),
            ("fifteen", 15),
            ("sixteen", 16),
            ("seventeen", 17),
            ("eighteen", 18),
            ("nineteen", 19),
        ],
        tens: &[
            ("twenty", 2),
            ("thirty", 3),
            ("forty", 4),
            ("fifty", 5),
            ("sixty", 6),
            ("seventy", 7),
            ("eighty", 8),
            ("ninety", 9),
        ],
        refused: &["hundred", "thousand", "million", "billion", "point"],
    },
    NumberWords {
        language: "de",
        digits: &[
            ("null", 0),
            ("eins", 1),
            ("zwei", 2),
            ("zwo", 2),
            ("drei", 3),
            ("vier", 4),
            ("fünf", 5),
            ("fuenf", 5),
            ("sechs", 6),
            ("sieben", 7),
            ("acht", 8),
            ("neun", 9),
        ],
        double: &["doppel", "doppelt", "doppelte", "zweimal"],
        triple: &["dreifach", "dreimal"],
        teens: &[],
        tens: &[],
        refused: &["hundert", "tausend", "million", "komma"],
    },
    NumberWords {
        language: "es",
        digits: &[
            ("cero", 0),
            ("uno", 1),
            ("una", 1),
            ("dos", 2),
            ("tres", 3),
            ("cuatro", 4),
            ("cinco", 5),
            ("seis", 6),
            ("siete", 7),
            ("ocho", 8),
            ("nueve", 9),
        ],
        double: &["doble"],
        triple: &["triple"],
        teens: &[],
        tens: &[],
        refused: &["cien", "ciento", "mil", "millón", "coma"],
    },
];

/// The words for a language tag, by its primary subtag.
pub fn number_words(tag: &str) -> Option<&'static NumberWords> {
    let primary = tag.split(['-', '_']).next()?.to_ascii_lowercase();
    LANGUAGES.iter().find(|w| w.language == primary)
}

/// Every language with number words, `preferred` first.
pub fn languages_preferring(preferred: &str) -> Vec<&'static str> {
    let first = number_words(preferred).map(|w| w.language);
    first
        .into_iter()
        .chain(
            LANGUAGES
                .iter()
                .map(|w| w.language)
                .filter(|l| Some(*l) != first),
        )
        .collect()
}

/// Splits a transcript into lower-case words and runs of ASCII digits; punctuation and
/// white space separate tokens.
fn tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut current_is_digit = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let is_digit = c.is_ascii_digit();
        let is_word = c.is_alphabetic() || (c.is_numeric() && !is_digit);
        let boundary = (!is_digit && !is_word) || current_is_digit != is_digit;
        if boundary && !current.is_empty() {
            tokens.push(std::mem::take(&mut current));
        }
        if is_digit || is_word {
            current.push(c);
            current_is_digit = is_digit;
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    tokens
}

impl NumberWords {
    fn digit(&self, word: &str) -> Option<u8> {
        self.digits
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(_, d)| *d)
    }

    /// The digits of a transcript, or `None` when it holds something that cannot be read
    /// as digits (a refused word, a multiplier without a digit, a non-ASCII numeral).
    pub fn parse(&self, transcript: &str) -> Option<String> {
        let tokens = tokens(transcript);
        let mut digits = String::new();
        let mut repeat: Option<usize> = None;
        let mut index = 0;
        while index < tokens.len() {
            let token = tokens[index].as_str();
            index += 1;
            if token.chars().all(|c| c.is_ascii_digit()) {
                let times = repeat.take().unwrap_or(1);
                if times > 1 && token.len() != 1 {
                    return None;
                }
                for _ in 0..times {
                    digits.push_str(token);
                }
            } else if let Some(d) = self.digit(token) {
                for _ in 0..repeat.take().unwrap_or(1) {
                    digits.push(char::from(b'0' + d));
                }
            } else if self.double.contains(&token) || self.triple.contains(&token) {
                if repeat.is_some() {
                    return None;
                }
                repeat = Some(if self.double.contains(&token) { 2 } else { 3 });
            } else if let Some((_, n)) = self.teens.iter().find(|(w, _)| *w == token) {
                if repeat.is_some() {
                    return None;
                }
                digits.push_str(&n.to_string());
            } else if let Some((_, tens)) = self.tens.iter().find(|(w, _)| *w == token) {
                if repeat.is_some() {
                    return None;
                }
                digits.push(char::from(b'0' + tens));
                let unit = tokens
                    .get(index)
                    .and_then(|next| self.digit(next))
                    .filter(|u| *u > 0);
                match unit {
                    Some(unit) => {
                        digits.push(char::from(b'0' + unit));
                        index += 1;
                    }
                    None => digits.push('0'),
                }
            } else if self.refused.contains(&token) || token.chars().any(char::is_numeric) {
                return None;
            }
            // Anything else is filler ("my", "pin", "is", "um").
        }
        if repeat.is_some() {
            return None;
        }
        Some(digits)
    }
}

/// When a PIN enrolled at `enrolled_at` expires; `None` when `expiry_days` is 0 (never).
pub fn expires_at(enrolled_at: crate::Timestamp, expiry_days: i64) -> Option<crate::Timestamp> {
    (expiry_days > 0).then(|| enrolled_at.plus_minutes(expiry_days * 24 * 60))
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;

    fn check(pin: &str, expected: &[&str]) {
        let codes: Vec<_> = check_rules(pin).into_iter().map(|v| v.code).collect();
        assert_eq!(codes, expected, "PIN {pin:?}");
    }

    const OK: &[&str] = &[];
    const LEN: &str = "soft_pin.length";
    const REP: &str = "soft_pin.repetition";
    const SEQ: &str = "soft_pin.sequence";

    #[test]
    fn enrollment_rules() {
        // The repetition rule alone accepts 112234, but 234 is a sequence.
        check("112234", &[SEQ]);
        check("112245", OK);
        check("124578", OK);
        check("890246", OK); // 9 to 0 is no step
        check("482913", OK);
        check("135790", OK);
        check("121212", OK);
        check("001100", OK);
        check("909090", OK);
        check("102938", OK);
        check("564738", OK);
        check("124124", OK); // ascending runs of exactly two: 12, 12
        check("219219", OK); // descending runs of exactly two
        check("778899", OK); // pairs of equal digits, no run of three
        check("019283", OK); // 0 to 1 then 1 to 9
        check("989898", OK);
        check("246802", OK); // steps of two
        check("089089", OK);
        check("900990", OK);
        // Repetition: three equal digits at the start, middle, end.
        check("111234", &[REP, SEQ]);
        check("111357", &[REP]);
        check("241115", &[REP]);
        check("248999", &[REP]);
        check("000000", &[REP]);
        check("999999", &[REP]);
        check("122224", &[REP]);
        // Sequences of exactly three, ascending and descending, anywhere.
        check("123456", &[SEQ]);
        check("987654", &[SEQ]);
        check("901234", &[SEQ]); // contains 123
        check("123579", &[SEQ]);
        check("581234", &[SEQ]);
        check("580789", &[SEQ]);
        check("543857", &[SEQ]);
        check("210857", &[SEQ]); // descending through zero: 2, 1, 0
        check("891035", OK); // 8, 9 and 1, 0: two runs of exactly two
        check("678901", &[SEQ]);
        check("890123", &[SEQ]);
        check("135321", &[SEQ]);
        // Both broken.
        check("444567", &[REP, SEQ]);
        // Length: five and seven digits, empty, non-digits, Unicode digits.
        check("12457", &[LEN]);
        check("1245780", &[LEN]);
        check("", &[LEN]);
        check("12a457", &[LEN]);
        check("12 457", &[LEN]);
        check("١٢٤٥٧٨", &[LEN]); // Arabic-Indic digits
        check("１２４５７８", &[LEN]); // full-width digits
        check("1114", &[LEN, REP]);
        check("1234567", &[LEN, SEQ]);
        check("7771234", &[LEN, REP, SEQ]);
    }

    fn parsed(input: &str, kind: InputType, languages: &[&str]) -> Option<String> {
        parse_input(input, kind, languages).map(|s| s.expose_secret().to_owned())
    }

    fn voice(input: &str, expected: Option<&str>) {
        assert_eq!(
            parsed(input, InputType::Voice, &["en"]).as_deref(),
            expected,
            "{input:?}"
        );
    }

    #[test]
    fn keypad_input() {
        let text = |input: &str| parsed(input, InputType::Text, &["en"]);
        assert_eq!(text("482913").as_deref(), Some("482913"));
        assert_eq!(text(" 482 913 ").as_deref(), Some("482913"));
        assert_eq!(text("48-29-13").as_deref(), Some("482913"));
        assert_eq!(text("4.8.2.9.1.3").as_deref(), Some("482913"));
        assert_eq!(text("48291"), None);
        assert_eq!(text("4829134"), None);
        assert_eq!(text("-482913"), None);
        assert_eq!(text("482913#"), None);
        assert_eq!(text("four82913"), None);
        assert_eq!(text(""), None);
    }

    #[test]
    fn english_speech() {
        voice("four eight two nine one three", Some("482913"));
        voice("Four, eight, two... nine one THREE.", Some("482913"));
        voice("my pin is four eight two nine one three", Some("482913"));
        voice("um four eight two uh nine one three thanks", Some("482913"));
        voice("4 eight 2 nine 1 three", Some("482913"));
        voice("4eight2 nine13", Some("482913"));
        voice("482913", Some("482913"));
        voice("oh four eight two nine one", Some("048291"));
        voice("o four eight two nine one", Some("048291"));
        voice("zero zero one one two two", Some("001122"));
        voice("double five one two three four", Some("551234"));
        voice("triple two one nine four", Some("222194"));
        voice("double 5 1 2 3 4", Some("551234"));
        voice("forty eight twenty nine thirteen", Some("482913"));
        voice("forty-eight, twenty-nine, thirteen", Some("482913"));
        voice("twenty twenty one ninety", Some("202190"));
        voice("four eight two nine one", None);
        voice("four eight two nine one three seven", None);
        voice(
            "four hundred eighty two thousand nine hundred thirteen",
            None,
        );
        voice("double", None);
        voice("four eight two nine one double", None);
        voice("double double five one two", None);
        voice("double 55 one two", None);
        voice("I don't remember it", None);
        voice("", None);
        voice("٤٨٢٩١٣", None);
    }

    #[test]
    fn other_languages_and_their_order() {
        assert_eq!(
            parsed("vier acht zwei neun eins drei", InputType::Voice, &["de"]).as_deref(),
            Some("482913")
        );
        assert_eq!(
            parsed(
                "Meine PIN ist fünf, doppel drei, sieben null eins",
                InputType::Voice,
                &["de"]
            )
            .as_deref(),
            Some("533701")
        );
        assert_eq!(
            parsed("cuatro ocho dos nueve uno tres", InputType::Voice, &["es"]).as_deref(),
            Some("482913")
        );
        assert_eq!(
            parsed("doble cinco uno dos tres cuatro", InputType::Voice, &["es"]).as_deref(),
            Some("551234")
        );
        // Not every language reads every transcript; the first that gives six digits wins.
        assert_eq!(
            parsed("vier acht zwei neun eins drei", InputType::Voice, &["en"]),
            None
        );
        let all = languages_preferring("en");
        assert_eq!(all, ["en", "de", "es"]);
        assert_eq!(
            parsed("vier acht zwei neun eins drei", InputType::Voice, &all).as_deref(),
            Some("482913")
        );
        assert_eq!(languages_preferring("es-MX"), ["es", "en", "de"]);
        assert_eq!(languages_preferring("fr"), ["en", "de", "es"]);
        // Spanish "o" means "or": with Spanish first it is filler, not zero.
        assert_eq!(
            parsed(
                "cuatro ocho o dos nueve uno tres",
                InputType::Voice,
                &["es", "en"]
            )
            .as_deref(),
            Some("482913")
        );
    }

    #[test]
    fn expiry() {
        let at = crate::Timestamp::from_millis(0);
        assert_eq!(expires_at(at, 0), None);
        assert_eq!(
            expires_at(at, 90),
            Some(crate::Timestamp::from_millis(90 * 86_400_000))
        );
    }
}
