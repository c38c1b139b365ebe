//! Properties of the parsers that read what strangers send, checked on generated input:
//! the spoken and keyed digits of a PIN or code, the Soft PIN rules and the CAPTCHA
//! payload. Each must answer every input without panicking, and never read more into an
//! input than is there. `PROPTEST_CASES` sets how many inputs each property gets.

use proptest::prelude::*;
use secrecy::ExposeSecret;
use sesame_core::captcha::{self, Challenge};
use sesame_core::soft_pin::{self, InputType};
use sesame_core::Timestamp;

const LANGUAGES: [&str; 7] = ["en", "es", "de", "fr", "pt", "it", "nl"];
const ENGLISH_DIGITS: [&str; 10] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];

fn input_type() -> impl Strategy<Value = InputType> {
    prop_oneof![Just(InputType::Text), Just(InputType::Voice)]
}

/// Transcripts as recognisers write them: number words, digits, fillers and punctuation
/// from every language, in any order, with a little of anything else.
fn transcript() -> impl Strategy<Value = String> {
    let word = prop_oneof![
        proptest::sample::select(vec![
            "four", "for", "to", "too", "ate", "won", "oh", "double", "triple", "forty", "eight",
            "twenty", "nine", "thirteen", "hundred", "and", "um", "my", "pin", "is", "cuatro",
            "ocho", "doble", "zwo", "vier", "acht", "neunzehn", "quatre", "vingt", "dix", "sept",
            "quatro", "oito", "quattro", "otto", "vier", "acht", "tien", "ja", "please", "uh",
        ])
        .prop_map(str::to_owned),
        "[0-9]{1,4}",
        "[ ,.\\-]",
        "\\PC{1,3}",
    ];
    proptest::collection::vec(word, 0..12).prop_map(|words| words.join(" "))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_input_is_read_as_exactly_the_digits_asked_for_or_refused(
        input in prop_oneof![transcript(), "\\PC{0,40}", any::<String>()],
        kind in input_type(),
        length in prop_oneof![Just(6usize), Just(8usize)],
        first in 0..LANGUAGES.len(),
    ) {
        let languages = soft_pin::languages_preferring(LANGUAGES[first]);
        if let Some(digits) = soft_pin::parse_digits(&input, kind, &languages, length) {
            let digits = digits.expose_secret();
            prop_assert_eq!(digits.len(), length, "{:?} read as {:?}", input, digits);
            prop_assert!(digits.chars().all(|c| c.is_ascii_digit()));
        }
    }

    #[test]
    fn keyed_digits_read_back_however_they_are_grouped(
        pin in "[0-9]{6}",
        separators in proptest::collection::vec(prop_oneof![Just(""), Just(" "), Just("-"), Just(".")], 5),
    ) {
        let mut keyed = String::new();
        for (index, digit) in pin.chars().enumerate() {
            keyed.push(digit);
            if let Some(separator) = separators.get(index) {
                keyed.push_str(separator);
            }
        }
        let read = soft_pin::parse_input(&keyed, InputType::Text, &["en"]);
        prop_assert_eq!(read.as_ref().map(|d| d.expose_secret().to_owned()), Some(pin));
    }

    #[test]
    fn spoken_english_digit_words_read_back(pin in "[0-9]{6}") {
        let spoken: Vec<&str> = pin
            .chars()
            .map(|c| ENGLISH_DIGITS[c.to_digit(10).map_or(0, |d| d as usize)])
            .collect();
        let read = soft_pin::parse_input(&spoken.join(" "), InputType::Voice, &["en"]);
        prop_assert_eq!(read.as_ref().map(|d| d.expose_secret().to_owned()), Some(pin));
    }

    #[test]
    fn a_pin_passes_the_rules_only_as_six_ascii_digits(pin in prop_oneof!["[0-9]{6}", "\\PC{0,10}", any::<String>()]) {
        let broken = soft_pin::check_rules(&pin);
        let six_digits = pin.len() == 6 && pin.bytes().all(|b| b.is_ascii_digit());
        if !six_digits {
            prop_assert!(!broken.is_empty(), "{:?} passed the rules", pin);
        }
        for violation in &broken {
            prop_assert!(violation.code.starts_with("soft_pin."), "{}", violation.code);
        }
    }

    #[test]
    fn no_made_up_captcha_payload_is_accepted(payload in prop_oneof![any::<String>(), "[A-Za-z0-9+/=]{0,200}"]) {
        prop_assert!(captcha::verify(&[7; 32], &payload, Timestamp::from_millis(0)).is_err());
    }

    #[test]
    fn a_solved_challenge_is_accepted_and_any_change_to_it_refused(
        seed in any::<u64>(),
        change in 0usize..5,
        shift in 1u64..1000,
    ) {
        use rand::SeedableRng;
        let key = [3u8; 32];
        let now = Timestamp::from_millis(1_000_000);
        let mut rng = rand::rngs::StdRng::seed_from_u64(seed);
        let challenge = Challenge::new(&key, 2000, now.plus_minutes(10), &mut rng);
        let number = (0..=challenge.maxnumber)
            .find(|n| {
                use sha2::Digest;
                hex::encode(sha2::Sha256::digest(format!("{}{n}", challenge.salt))) == challenge.challenge
            })
            .unwrap_or_else(|| panic!("a challenge without a solution"));
        let payload = |value: serde_json::Value| {
            use base64::Engine;
            base64::engine::general_purpose::STANDARD.encode(value.to_string())
        };
        let mut solution = serde_json::json!({
            "algorithm": challenge.algorithm, "challenge": challenge.challenge,
            "number": number, "salt": challenge.salt, "signature": challenge.signature,
        });
        prop_assert!(captcha::verify(&key, &payload(solution.clone()), now).is_ok());
        match change {
            0 => solution["number"] = serde_json::json!(number + shift),
            1 => solution["salt"] = serde_json::json!(format!("{}0", challenge.salt)),
            2 => solution["signature"] = serde_json::json!(challenge.signature.replacen(|c: char| c.is_ascii_hexdigit(), "x", 1)),
            3 => solution["algorithm"] = serde_json::json!("SHA-1"),
            _ => solution["challenge"] = serde_json::json!(challenge.challenge.chars().rev().collect::<String>()),
        }
        prop_assert!(captcha::verify(&key, &payload(solution), now).is_err());
    }
}
