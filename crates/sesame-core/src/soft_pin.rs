//! Soft PIN: the six-digit PIN callers give to voice agents.
//!
//! The enrollment rules ([`check_rules`]), and turning what a caller typed or said into
//! six digits ([`parse_input`]). History is checked by the caller of [`check_rules`],
//! which holds the stored hashes. Nothing here does IO.
//!
//! A speech transcript is read in one language at a time. The number words (digits,
//! pairs such as "forty eight", hundreds, German "zwo", French "quatre-vingt-deux") are
//! read by `text2num`; the per-language [`NumberWords`] in [`LANGUAGES`] add what a PIN
//! needs on top: homophones recognisers write for digits ("for", "ate", "oh"), counted
//! only beside another number; "double" and "triple" where the language says them;
//! hesitations allowed between the numbers. Digits already written ("482,913",
//! "48-29-13") are taken as they are, and words before and after the number are
//! filler ("my pin is ... thanks").
//!
//! Anything that is not exactly one reading is refused, never guessed, because a wrong
//! PIN accepted is worse than a caller asked again: any other word between the numbers
//! (it may be a correction), a decimal, a number of four digits or more (read whole, its
//! grouping and leading zeros are implied), a hundred followed by a single digit ("four
//! hundred nine": 409 or 400 9) or without a multiplier where one is needed, a multiplier
//! not followed by one digit, a numeral that is not ASCII, and a transcript whose
//! numbers, ended at any one word, give other digits of the same length ("quatre vingts
//! quatre vingts quatre vingts": 84 24 20 or 80 80 80). To add a language `text2num`
//! reads, add a `NumberWords` to [`LANGUAGES`] and its transcripts to the tests.

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
/// languages are tried in the order given and the first that yields six digits wins;
/// languages without [`NumberWords`] are skipped.
pub fn parse_input(input: &str, input_type: InputType, languages: &[&str]) -> Option<SecretString> {
    parse_digits(input, input_type, languages, LENGTH)
}

/// Exactly `length` digits (a PIN, a one-time code), read like [`parse_input`] reads a PIN.
pub fn parse_digits(
    input: &str,
    input_type: InputType,
    languages: &[&str],
    length: usize,
) -> Option<SecretString> {
    let digits = match input_type {
        InputType::Text => parse_keypad(input),
        InputType::Voice => languages
            .iter()
            .filter_map(|tag| number_words(tag))
            .find_map(|words| words.parse(input).filter(|d| d.len() == length)),
    }?;
    (digits.len() == length).then(|| SecretString::from(digits))
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

/// What Sesame adds, for one language, to the number words `text2num` reads.
#[derive(Debug)]
pub struct NumberWords {
    /// BCP 47 primary language subtag.
    pub language: &'static str,
    /// The language's number words, read by `text2num` (digits, pairs, hundreds).
    numbers: fn() -> text2num::Language,
    /// Words recognisers write for a digit word ("for" for "four"), with the digit word
    /// they stand for. They count only beside another number, so that "I want to" stays
    /// filler.
    pub homophones: &'static [(&'static str, &'static str)],
    pub double: &'static [&'static str],
    pub triple: &'static [&'static str],
    /// Hesitations and links that may stand between the numbers of a PIN ("um", "and").
    /// Any other word there makes the transcript unreadable: it may be a correction.
    pub hesitations: &'static [&'static str],
    /// "Hundred" said without a multiplier: refused when a number comes just before it
    /// ("4 cent" is 4 100 or 400), and in `hundred_needs_multiplier` languages always.
    pub hundreds: &'static [&'static str],
    pub hundred_needs_multiplier: bool,
}

pub static LANGUAGES: &[NumberWords] = &[
    NumberWords {
        language: "en",
        numbers: text2num::Language::english,
        homophones: &[
            ("oh", "zero"),
            ("o", "zero"),
            ("nought", "zero"),
            ("won", "one"),
            ("to", "two"),
            ("too", "two"),
            ("for", "four"),
            ("fore", "four"),
            ("ate", "eight"),
        ],
        double: &["double"],
        triple: &["triple", "treble"],
        hesitations: &["um", "uh", "uhm", "erm", "er", "hmm", "ah", "and"],
        hundreds: &["hundred"],
        hundred_needs_multiplier: true,
    },
    NumberWords {
        language: "de",
        numbers: text2num::Language::german,
        homophones: &[("fuenf", "fünf")],
        double: &["doppel", "doppelt", "doppelte", "zweimal"],
        triple: &["dreifach", "dreimal"],
        hesitations: &["äh", "ähm", "öh", "hm", "hmm", "und"],
        hundreds: &["hundert"],
        hundred_needs_multiplier: false,
    },
    NumberWords {
        language: "es",
        numbers: text2num::Language::spanish,
        homophones: &[],
        double: &["doble"],
        triple: &["triple"],
        hesitations: &["eh", "em", "mm", "y"],
        hundreds: &["cien", "ciento"],
        hundred_needs_multiplier: false,
    },
    NumberWords {
        language: "fr",
        numbers: text2num::Language::french,
        homophones: &[],
        double: &[],
        triple: &[],
        hesitations: &["euh", "heu", "hum", "et"],
        hundreds: &["cent", "cents"],
        hundred_needs_multiplier: false,
    },
    NumberWords {
        language: "pt",
        numbers: text2num::Language::portugese,
        homophones: &[],
        double: &[],
        triple: &[],
        hesitations: &["hum", "ãh", "éh", "e"],
        hundreds: &["cem", "cento"],
        hundred_needs_multiplier: false,
    },
    NumberWords {
        language: "it",
        numbers: text2num::Language::italian,
        homophones: &[],
        double: &["doppio"],
        triple: &["triplo"],
        hesitations: &["ehm", "uhm", "eh", "e"],
        hundreds: &["cento"],
        hundred_needs_multiplier: false,
    },
    NumberWords {
        language: "nl",
        numbers: text2num::Language::dutch,
        homophones: &[],
        double: &["dubbel", "dubbele"],
        triple: &["driedubbel", "driedubbele"],
        hesitations: &["eh", "uh", "ehm", "uhm", "en"],
        hundreds: &["honderd"],
        hundred_needs_multiplier: false,
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
/// white space separate tokens. A hyphen between letters stays in its word, as in
/// "quatre-vingts", whose parts are one number.
fn tokens(text: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    let mut current = String::new();
    let mut current_is_digit = false;
    let mut chars = text.chars().flat_map(char::to_lowercase).peekable();
    while let Some(c) = chars.next() {
        let is_digit = c.is_ascii_digit();
        let is_word = c.is_alphabetic() || (c.is_numeric() && !is_digit);
        let joins = c == '-'
            && !current.is_empty()
            && !current_is_digit
            && chars.peek().is_some_and(|next| next.is_alphabetic());
        if joins {
            current.push(c);
            continue;
        }
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

/// The most words and digit runs a transcript may hold. Reading checks every place a
/// number could end, so its work grows with the square of the length; a caller giving a
/// PIN says far fewer words, and a request body of many thousands must not cost seconds.
pub const MAX_TOKENS: usize = 64;

/// A word as `text2num` sees it; `separated` ends any number before it.
struct Word<'a> {
    text: &'a str,
    separated: bool,
}

impl text2num::Token for &Word<'_> {
    fn text(&self) -> std::borrow::Cow<'_, str> {
        self.text.into()
    }

    fn text_lowercase(&self) -> std::borrow::Cow<'_, str> {
        self.text.into()
    }

    fn nt_separated(&self, _previous: &Self) -> bool {
        self.separated
    }
}

/// What one token of a transcript is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Part {
    /// Digits, said or written; the first of the tokens a spoken number spans.
    Digits(String),
    /// Another token of the spoken number just before it.
    Continued,
    Repeat(usize),
    Other,
}

impl NumberWords {
    fn is_written(token: &str) -> bool {
        token.chars().all(|c| c.is_ascii_digit())
    }

    fn is_zero(&self, token: &str) -> bool {
        text2num::text2digits(token, &(self.numbers)()).is_ok_and(|d| d == "0")
    }

    /// The spoken numbers of `tokens`, each as the digits it stands for, by token; `None`
    /// when one of them cannot be read exactly (a decimal, thousands, a hundred whose
    /// reading depends on grouping). A number ends after a zero ("zero four" is two
    /// numbers, not "04") and, when `break_before` is given, before that token.
    fn spoken(&self, tokens: &[String], break_before: Option<usize>) -> Option<Vec<Part>> {
        let words: Vec<Word> = tokens
            .iter()
            .enumerate()
            .map(|(i, text)| Word {
                text,
                separated: Some(i) == break_before || (i > 0 && self.is_zero(&tokens[i - 1])),
            })
            .collect();
        let mut parts = vec![Part::Other; tokens.len()];
        let found = text2num::find_numbers(words.iter(), &(self.numbers)(), 0.0);
        for number in found.into_iter().filter(|n| !n.is_ordinal) {
            let digits = number.text;
            if !digits.chars().all(|c| c.is_ascii_digit()) || number.end > tokens.len() {
                return None;
            }
            let significant = digits.trim_start_matches('0');
            if significant.len() > 3 {
                return None;
            }
            if significant.len() == 3 {
                // "four hundred nine" is 409 or 400 9; "four hundred" and "four hundred
                // twelve" have one reading each.
                let tail = &significant[1..];
                if tail.starts_with('0') && tail != "00" {
                    return None;
                }
                let first = tokens[number.start].as_str();
                if self.hundreds.contains(&first)
                    && (self.hundred_needs_multiplier
                        || number.start.checked_sub(1).is_some_and(|before| {
                            Self::is_written(&tokens[before]) || parts[before] != Part::Other
                        }))
                {
                    return None;
                }
            }
            parts[number.start] = Part::Digits(digits);
            for part in &mut parts[number.start + 1..number.end] {
                *part = Part::Continued;
            }
        }
        Some(parts)
    }

    /// Homophones become the digit word they stand for when they stand beside another
    /// number, read again after each change so that "oh oh four" is two zeros.
    fn replace_homophones(&self, tokens: &mut [String]) -> Option<()> {
        loop {
            let parts = self.spoken(tokens, None)?;
            let is_number = |i: usize| {
                Self::is_written(&tokens[i])
                    || parts[i] != Part::Other
                    || self.double.contains(&tokens[i].as_str())
                    || self.triple.contains(&tokens[i].as_str())
            };
            let beside = |i: usize| {
                (i > 0 && is_number(i - 1)) || (i + 1 < tokens.len() && is_number(i + 1))
            };
            let changed = (0..tokens.len()).find_map(|i| {
                let (_, word) = self.homophones.iter().find(|(h, _)| *h == tokens[i])?;
                beside(i).then_some((i, *word))
            });
            match changed {
                Some((i, word)) => tokens[i] = word.to_owned(),
                None => return Some(()),
            }
        }
    }

    /// The digits of `tokens` read with `text2num`'s grouping, or with a number ended
    /// before `break_before`.
    fn reading(&self, tokens: &[String], break_before: Option<usize>) -> Option<String> {
        let mut parts = self.spoken(tokens, break_before)?;
        for (part, token) in parts.iter_mut().zip(tokens) {
            if Self::is_written(token) {
                *part = Part::Digits(token.clone());
            } else if self.double.contains(&token.as_str()) {
                *part = Part::Repeat(2);
            } else if self.triple.contains(&token.as_str()) {
                *part = Part::Repeat(3);
            } else if *part == Part::Other && token.chars().any(char::is_numeric) {
                return None;
            }
        }
        let first = parts.iter().position(|p| *p != Part::Other)?;
        let last = parts.iter().rposition(|p| *p != Part::Other)?;
        let mut digits = String::new();
        let mut repeat: Option<usize> = None;
        for (part, token) in parts[first..=last].iter().zip(&tokens[first..=last]) {
            match part {
                Part::Digits(said) => {
                    let times = repeat.take().unwrap_or(1);
                    if times > 1 && said.len() != 1 {
                        return None;
                    }
                    for _ in 0..times {
                        digits.push_str(said);
                    }
                }
                Part::Continued => {}
                Part::Repeat(times) => {
                    if repeat.replace(*times).is_some() {
                        return None;
                    }
                }
                Part::Other => {
                    if repeat.is_some() || !self.hesitations.contains(&token.as_str()) {
                        return None;
                    }
                }
            }
        }
        if repeat.is_some() {
            return None;
        }
        Some(digits)
    }

    /// The digits of a transcript, or `None` when it cannot be read as exactly one
    /// string of digits: more than [`MAX_TOKENS`] tokens, a decimal, a number of four digits or more, a multiplier without a single digit after it, a
    /// word between the numbers that is neither a number nor a hesitation, a non-ASCII
    /// numeral, or a number with two readings. Two readings: ending a number at any one
    /// word gives other digits of the same length ("quatre vingts quatre vingts" is
    /// 84 20 to `text2num` and 80 80 to a caller).
    pub fn parse(&self, transcript: &str) -> Option<String> {
        let mut tokens = tokens(transcript);
        if tokens.len() > MAX_TOKENS {
            return None;
        }
        self.replace_homophones(&mut tokens)?;
        let digits = self.reading(&tokens, None)?;
        let another = (1..tokens.len()).any(|at| {
            self.reading(&tokens, Some(at))
                .is_some_and(|other| other.len() == digits.len() && other != digits)
        });
        (!another).then_some(digits)
    }
}

/// When a PIN enrolled at `enrolled_at` expires; `None` when `expiry_days` is 0 (never).
pub fn expires_at(enrolled_at: crate::Timestamp, expiry_days: i64) -> Option<crate::Timestamp> {
    (expiry_days > 0).then(|| enrolled_at.plus_minutes(expiry_days * 24 * 60))
}

#[cfg(test)]
mod transcripts;

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
        assert_eq!(all, ["en", "de", "es", "fr", "pt", "it", "nl"]);
        assert_eq!(
            parsed("vier acht zwei neun eins drei", InputType::Voice, &all).as_deref(),
            Some("482913")
        );
        assert_eq!(
            languages_preferring("es-MX"),
            ["es", "en", "de", "fr", "pt", "it", "nl"]
        );
        assert_eq!(
            languages_preferring("fr"),
            ["fr", "en", "de", "es", "pt", "it", "nl"]
        );
        assert_eq!(
            languages_preferring("da"),
            ["en", "de", "es", "fr", "pt", "it", "nl"]
        );
        // Spanish "o" means "or": before the number it is filler, never zero; between
        // digits ("ocho o dos", eight or two) the caller is unsure, so nothing is read.
        assert_eq!(
            parsed(
                "mi pin es, o sea, cuatro ocho dos nueve uno tres",
                InputType::Voice,
                &["es", "en"]
            )
            .as_deref(),
            Some("482913")
        );
        assert_eq!(
            parsed(
                "cuatro ocho o dos nueve uno tres",
                InputType::Voice,
                &["es", "en"]
            ),
            None
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
