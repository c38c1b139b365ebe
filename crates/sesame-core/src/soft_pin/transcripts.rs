//! Transcripts as recognisers write them, each read in one language: what a caller says
//! and the six digits Sesame takes from it, or `NO` when it must ask again.

use secrecy::ExposeSecret;

use super::{parse_input, InputType};

const NO: Option<&str> = None;

fn check(transcript: &str, language: &str, expected: Option<&str>) {
    let read = parse_input(transcript, InputType::Voice, &[language]);
    assert_eq!(
        read.as_ref().map(|pin| pin.expose_secret()),
        expected,
        "{language}: {transcript:?}"
    );
}

#[rustfmt::skip]
const TRANSCRIPTS: &[(&str, &str, Option<&str>)] = &[
    // English: digit words, fillers and politeness around them.
    ("en", "four eight two nine one three", Some("482913")),
    ("en", "my pin is four eight two nine one three", Some("482913")),
    ("en", "four eight two nine one three thank you", Some("482913")),
    ("en", "yes it's four eight two nine one three please", Some("482913")),
    ("en", "Four, eight, two... nine one THREE.", Some("482913")),
    ("en", "um four eight two uh nine one three", Some("482913")),
    ("en", "I want to say four eight two nine one three", Some("482913")),
    ("en", "four eight two and nine one three", Some("482913")),
    // Pairs and hundreds.
    ("en", "forty eight twenty nine thirteen", Some("482913")),
    ("en", "forty-eight twenty-nine thirteen", Some("482913")),
    ("en", "four hundred eighty two nine one three", Some("482913")),
    ("en", "four hundred and eighty two nine thirteen", Some("482913")),
    ("en", "four hundred eighty two, nine hundred thirteen", Some("482913")),
    ("en", "one hundred twenty three four five six", Some("123456")),
    ("en", "nineteen eighty four two one", Some("198421")),
    ("en", "twenty twenty one ninety", Some("202190")),
    ("en", "nine hundred ninety nine nine hundred ninety nine", Some("999999")),
    ("en", "twenty twenty twenty", Some("202020")),
    ("en", "eighty eight eighty eight eighty eight", Some("888888")),
    ("en", "ten ten ten", Some("101010")),
    // Homophones recognisers write for digits.
    ("en", "for eight two nine one three", Some("482913")),
    ("en", "four ate two nine won three", Some("482913")),
    ("en", "four eight to nine one three", Some("482913")),
    ("en", "four eight too nine one three", Some("482913")),
    ("en", "oh four eight two nine one", Some("048291")),
    ("en", "four eight two nine one oh", Some("482910")),
    ("en", "oh oh four eight two nine", Some("004829")),
    ("en", "forty for twenty nine thirteen", Some("442913")),
    // Double and triple.
    ("en", "double oh four eight two nine", Some("004829")),
    ("en", "triple seven one two nine", Some("777129")),
    ("en", "four double eight two nine one", Some("488291")),
    ("en", "treble five double six nine", Some("555669")),
    // Written digits.
    ("en", "482,913", Some("482913")),
    ("en", "48-29-13", Some("482913")),
    ("en", "4829 13", Some("482913")),
    ("en", "my pin is 482913", Some("482913")),
    ("en", "four 8 two 9 one 3", Some("482913")),
    ("en", "zero zero four eight two nine", Some("004829")),
    ("en", "Hello, yes, my PIN: 482 913.", Some("482913")),
    ("en", "my PIN is four eight two nine one three, thank you very much", Some("482913")),
    ("en", "first, four eight two nine one three", Some("482913")),
    // Refused: five or seven digits, two numbers, words that are not numbers.
    ("en", "four eight two nine one", NO),
    ("en", "four eight two nine one three seven", NO),
    ("en", "four eight two nine one three four eight two nine one three", NO),
    ("en", "four eight two nine one three, no, four eight two nine one four", NO),
    ("en", "four eight two or maybe nine one three", NO),
    ("en", "four eight two nine one three and five", NO),
    ("en", "I don't know", NO),
    ("en", "my pin is blue", NO),
    ("en", "the first one is four eight two nine one three", NO),
    ("en", "", NO),
    ("en", "4829134", NO),
    ("en", "48291", NO),
    ("en", "٤٨٢٩١٣", NO),
    ("en", "٤ four eight two nine one three", NO),
    ("en", "four eight two nine one three ①", NO),
    // Refused: pairs and hundreds with another reading, or not exact.
    ("en", "forty two nine one three", NO),
    ("en", "four hundred nine one three", NO),
    ("en", "four hundred and nine one three", NO),
    // 409 or 400 9: a hundred followed by a single digit is not exact.
    ("en", "four hundred nine one three seven", NO),
    ("en", "one three seven four hundred nine", NO),
    ("en", "hundred twenty nine one three four", NO),
    ("en", "a hundred twenty nine one three", NO),
    ("en", "one hundred", NO),
    ("en", "twenty one hundred", NO),
    ("en", "eleven hundred", NO),
    // 709 then a hundred with no multiplier of its own.
    ("en", "seven hundred nine hundred", NO),
    ("en", "forty eight hundred twenty nine", NO),
    ("en", "forty eight hundred twenty nine thirteen", NO),
    ("en", "four thousand eight hundred twenty nine", NO),
    ("en", "four hundred eighty two thousand nine hundred thirteen", NO),
    ("en", "four eight two point nine one three", NO),
    ("en", "four eight two point nine one", NO),
    ("en", "four eight two point nine 1", NO),
    // A homophone beside the number counts, so a seventh digit is refused.
    ("en", "four eight two nine one three for my account", NO),
    ("en", "oh four eight two nine one three", NO),
    ("en", "I won four eight two nine one three", NO),
    ("en", "that's for you", NO),
    ("en", "forty", NO),
    ("en", "three point one four one five nine", NO),
    // Double and triple need one digit after them.
    ("en", "double", NO),
    ("en", "four eight two nine one double", NO),
    ("en", "double forty eight two nine one", NO),
    ("en", "double double five one two", NO),
    ("en", "double 55 one two", NO),

    // Spanish.
    ("es", "cuatro ocho dos nueve uno tres", Some("482913")),
    ("es", "mi pin es cuatro ocho dos nueve uno tres", Some("482913")),
    ("es", "por favor, cuatro ocho dos nueve uno tres", Some("482913")),
    ("es", "cuatro ocho dos nueve uno tres, gracias", Some("482913")),
    ("es", "mi clave es el cuatro ocho dos nueve uno tres", Some("482913")),
    ("es", "eh cuatro ocho dos eh nueve uno tres", Some("482913")),
    ("es", "cuatro ocho dos y nueve uno tres", Some("482913")),
    ("es", "cuarenta y ocho veintinueve trece", Some("482913")),
    ("es", "cuarenta y ocho, veintinueve, trece, gracias", Some("482913")),
    ("es", "cuatrocientos ochenta y dos novecientos trece", Some("482913")),
    ("es", "ciento trece cuatro ocho dos", Some("113482")),
    ("es", "quinientos cuarenta y ocho, doce, tres", Some("548123")),
    ("es", "dieciséis veintidós treinta y uno", Some("162231")),
    ("es", "veinte veintiuno noventa", Some("202190")),
    ("es", "sesenta y siete ochenta y nueve noventa", Some("678990")),
    ("es", "diez diez diez", Some("101010")),
    ("es", "veintiuno veintidós veintitrés", Some("212223")),
    ("es", "noventa y nueve noventa y nueve noventa y nueve", Some("999999")),
    ("es", "cero cero cero cero cero cero", Some("000000")),
    ("es", "cuatro ocho dos nueve uno tres por favor", Some("482913")),
    // Without "y" there is still one reading of six digits: 40 8 would make seven.
    ("es", "cuarenta ocho veintinueve trece", Some("482913")),
    ("es", "doble cinco uno dos tres cuatro", Some("551234")),
    ("es", "triple siete uno dos nueve", Some("777129")),
    ("es", "cero cuatro ocho dos nueve uno", Some("048291")),
    ("es", "cero cero cuatro ocho dos nueve", Some("004829")),
    ("es", "uno uno dos dos tres tres", Some("112233")),
    ("es", "482 913", Some("482913")),
    ("es", "4 ocho 2 nueve 1 tres", Some("482913")),
    ("es", "cuatro ocho dos nueve uno", NO),
    ("es", "cuatro ocho dos nueve uno tres siete", NO),
    ("es", "uno dos tres cuatro cinco seis siete ocho", NO),
    ("es", "cuatrocientos nueve uno tres", NO),
    ("es", "cuatrocientos nueve uno tres siete", NO),
    ("es", "cuatro mil ochocientos", NO),
    ("es", "cuatro ocho dos coma nueve uno tres", NO),
    ("es", "no me acuerdo", NO),
    ("es", "cuatro ocho dos no perdón nueve uno tres", NO),
    ("es", "cuatro ocho o dos nueve uno tres", NO),
    ("es", "cuatro cien trece nueve", NO),
    ("es", "quinientos cuarenta y ocho doce", NO),
    ("es", "un millón", NO),
    ("es", "cuatro ocho dos nueve uno tres cuatro", NO),
    ("es", "doble", NO),
    ("es", "doble cuarenta y ocho dos nueve uno", NO),

    // German.
    ("de", "vier acht zwei neun eins drei", Some("482913")),
    ("de", "meine PIN ist vier acht zwei neun eins drei", Some("482913")),
    ("de", "bitte vier acht zwei neun eins drei", Some("482913")),
    ("de", "äh vier acht zwei äh neun eins drei danke", Some("482913")),
    ("de", "Meine PIN ist fünf, doppel drei, sieben null eins", Some("533701")),
    ("de", "achtundvierzig neunundzwanzig dreizehn", Some("482913")),
    ("de", "acht und vierzig neun und zwanzig dreizehn", Some("482913")),
    ("de", "vierhundertzweiundachtzig neunhundertdreizehn", Some("482913")),
    ("de", "vier hundert zwei und achtzig neun eins drei", Some("482913")),
    ("de", "vier hundert dreizehn vier acht zwei", Some("413482")),
    ("de", "hundert dreizehn vier acht zwei", Some("113482")),
    ("de", "zwanzig einundzwanzig neunzig", Some("202190")),
    ("de", "elf zwölf dreizehn", Some("111213")),
    ("de", "sechzehn siebzehn achtzig", Some("161780")),
    ("de", "zwo vier acht zwo neun eins", Some("248291")),
    ("de", "fuenf fuenf eins zwo drei vier", Some("551234")),
    ("de", "doppel drei eins zwo vier fünf", Some("331245")),
    ("de", "dreimal sieben eins zwei neun", Some("777129")),
    ("de", "null vier acht zwei neun eins", Some("048291")),
    ("de", "eins eins zwei zwei drei drei", Some("112233")),
    ("de", "48 29 13", Some("482913")),
    ("de", "neunundneunzig neunundneunzig neunundneunzig", Some("999999")),
    ("de", "zweiundzwanzig dreiunddreißig vierundvierzig", Some("223344")),
    ("de", "vier acht zwei neun eins drei bitte", Some("482913")),
    ("de", "null null null eins eins eins", Some("000111")),
    ("de", "ähm vier acht zwei ähm neun eins drei", Some("482913")),
    ("de", "vier 8 zwei 9 eins 3", Some("482913")),
    ("de", "vier acht zwei neun eins", NO),
    ("de", "vier acht zwei neun eins drei sieben", NO),
    ("de", "vier acht zwei neun eins drei vier acht zwei neun eins drei", NO),
    ("de", "vierhundertneun eins drei", NO),
    ("de", "vier hundert neun eins drei", NO),
    ("de", "vierhundertneun eins drei sieben", NO),
    ("de", "viertausend achthundert", NO),
    ("de", "vierhundertzweiundachtzigtausendneunhundertdreizehn", NO),
    ("de", "vier tausend acht hundert", NO),
    ("de", "vier acht zwei komma neun eins drei", NO),
    ("de", "ich weiß es nicht", NO),
    ("de", "vier acht zwei nein neun eins drei", NO),
    ("de", "vier, hundert dreizehn neun", NO),
    ("de", "doppel", NO),
    ("de", "vier acht zwei neun eins drei vier", NO),
    ("de", "doppel achtundvierzig zwei neun eins", NO),

    // French.
    ("fr", "quatre huit deux neuf un trois", Some("482913")),
    ("fr", "mon code est quatre huit deux neuf un trois", Some("482913")),
    ("fr", "s'il vous plaît, quatre huit deux neuf un trois", Some("482913")),
    ("fr", "euh quatre huit deux euh neuf un trois merci", Some("482913")),
    ("fr", "quarante-huit vingt-neuf treize", Some("482913")),
    ("fr", "quarante huit vingt neuf treize", Some("482913")),
    ("fr", "quatre cent quatre-vingt-deux neuf cent treize", Some("482913")),
    ("fr", "quatre-vingt-deux quatre-vingt-dix-neuf soixante-dix", Some("829970")),
    ("fr", "soixante et onze vingt et un dix", Some("712110")),
    ("fr", "soixante-dix-sept soixante-dix-sept soixante-dix-sept", Some("777777")),
    ("fr", "quatre-vingts quatre-vingts quatre-vingts", Some("808080")),
    ("fr", "neuf cent quatre-vingt-dix-neuf neuf cent quatre-vingt-dix-neuf", Some("999999")),
    ("fr", "quatre cent treize quatre huit deux", Some("413482")),
    ("fr", "cent treize quatre huit deux", Some("113482")),
    ("fr", "dix-sept dix-huit dix-neuf", Some("171819")),
    ("fr", "onze douze treize", Some("111213")),
    ("fr", "vingt vingt et un quatre-vingt-dix", Some("202190")),
    ("fr", "zéro quatre huit deux neuf un", Some("048291")),
    ("fr", "zéro zéro un un deux deux", Some("001122")),
    ("fr", "deux deux trois trois quatre quatre", Some("223344")),
    ("fr", "482 913", Some("482913")),
    ("fr", "quatre-vingt-dix-neuf quatre-vingt-dix-neuf quatre-vingt-dix-neuf", Some("999999")),
    ("fr", "vingt-deux trente-trois quarante-quatre", Some("223344")),
    ("fr", "septante-sept nonante-neuf nonante", Some("779990")),
    ("fr", "zéro zéro zéro un un un", Some("000111")),
    ("fr", "c'est quatre huit deux neuf un trois", Some("482913")),
    ("fr", "quatre 8 deux 9 un 3", Some("482913")),
    ("fr", "quatre huit deux neuf un", NO),
    ("fr", "quatre huit deux neuf un trois sept", NO),
    ("fr", "quatre huit deux neuf un trois quatre huit deux neuf un trois", NO),
    ("fr", "quatre cent neuf un trois", NO),
    ("fr", "quatre cent neuf un trois sept", NO),
    ("fr", "quatre mille huit cent", NO),
    ("fr", "quatre huit deux virgule neuf un trois", NO),
    ("fr", "je ne sais pas", NO),
    ("fr", "quatre huit deux non pardon neuf un trois", NO),
    ("fr", "un cent treize quatre huit", NO),
    ("fr", "quatre-vingt-deux neuf un trois", NO),
    ("fr", "quatre huit deux neuf un trois quatre", NO),
    // Without hyphens, 84 24 20 or 80 80 80: two readings.
    ("fr", "quatre vingts quatre vingts quatre vingts", NO),
    // French callers do not say "double": it is a word inside the number.
    ("fr", "quatre double trois un deux cinq", NO),

    // Portuguese.
    ("pt", "quatro oito dois nove um três", Some("482913")),
    ("pt", "meu pin é quatro oito dois nove um três", Some("482913")),
    ("pt", "por favor quatro oito dois nove um três", Some("482913")),
    ("pt", "quatro oito dois nove um três obrigado", Some("482913")),
    ("pt", "hum quatro oito dois nove um três", Some("482913")),
    ("pt", "quatro oito dois hum nove um três", Some("482913")),
    ("pt", "quatro oito dois e nove um três", Some("482913")),
    ("pt", "quarenta e oito vinte e nove treze", Some("482913")),
    ("pt", "quatrocentos e oitenta e dois novecentos e treze", Some("482913")),
    ("pt", "cento e treze quatro oito dois", Some("113482")),
    ("pt", "dezesseis dezessete dezoito", Some("161718")),
    ("pt", "dezasseis dezassete dezoito", Some("161718")),
    ("pt", "vinte vinte e um noventa", Some("202190")),
    ("pt", "sessenta e sete oitenta e nove noventa", Some("678990")),
    ("pt", "onze doze treze", Some("111213")),
    ("pt", "zero quatro oito dois nove um", Some("048291")),
    ("pt", "um um dois dois três três", Some("112233")),
    ("pt", "seis seis sete sete oito oito", Some("667788")),
    ("pt", "quatro oito duas nove uma três", Some("482913")),
    ("pt", "482-913", Some("482913")),
    ("pt", "noventa e nove noventa e nove noventa e nove", Some("999999")),
    ("pt", "vinte e dois trinta e três quarenta e quatro", Some("223344")),
    ("pt", "zero zero zero um um um", Some("000111")),
    ("pt", "o meu código é quatro oito dois nove um três", Some("482913")),
    ("pt", "quatro 8 dois 9 um 3", Some("482913")),
    ("pt", "quatro oito dois nove um", NO),
    ("pt", "quatro oito dois nove um três sete", NO),
    ("pt", "quatro oito dois nove um três quatro oito dois nove um três", NO),
    ("pt", "quatrocentos e nove um três", NO),
    ("pt", "quatrocentos e nove um três sete", NO),
    ("pt", "quatro mil e oitocentos", NO),
    ("pt", "quatro oito dois vírgula nove um três", NO),
    ("pt", "não sei", NO),
    ("pt", "quatro oito dois não desculpe nove um três", NO),
    ("pt", "quarenta e dois nove um três", NO),
    ("pt", "quatro oito dois nove um três quatro", NO),
    // Portuguese joins hundreds and tens with "e"; without it they are two numbers.
    ("pt", "quatrocentos oitenta e dois nove um três", NO),

    // Italian.
    ("it", "quattro otto due nove uno tre", Some("482913")),
    ("it", "il mio pin è quattro otto due nove uno tre", Some("482913")),
    ("it", "per favore quattro otto due nove uno tre", Some("482913")),
    ("it", "ehm quattro otto due ehm nove uno tre grazie", Some("482913")),
    ("it", "quattro otto due e nove uno tre", Some("482913")),
    ("it", "quarantotto ventinove tredici", Some("482913")),
    ("it", "quattrocentottantadue novecentotredici", Some("482913")),
    ("it", "quattrocento ottantadue nove uno tre", Some("482913")),
    ("it", "centotredici quattro otto due", Some("113482")),
    ("it", "cento tredici quattro otto due", Some("113482")),
    ("it", "venti ventuno novanta", Some("202190")),
    ("it", "undici dodici tredici", Some("111213")),
    ("it", "diciassette diciotto diciannove", Some("171819")),
    ("it", "sessantasette ottantanove novanta", Some("678990")),
    ("it", "zero quattro otto due nove uno", Some("048291")),
    ("it", "uno uno due due tre tre", Some("112233")),
    ("it", "doppio cinque uno due tre quattro", Some("551234")),
    ("it", "triplo sette uno due nove", Some("777129")),
    ("it", "482.913", Some("482913")),
    ("it", "novantanove novantanove novantanove", Some("999999")),
    ("it", "ventidue trentatré quarantaquattro", Some("223344")),
    ("it", "zero zero zero uno uno uno", Some("000111")),
    ("it", "il codice è 482913", Some("482913")),
    ("it", "quattro 8 due 9 uno 3", Some("482913")),
    ("it", "quattro otto due nove uno", NO),
    ("it", "quattro otto due nove uno tre sette", NO),
    ("it", "quattro otto due nove uno tre quattro otto due nove uno tre", NO),
    ("it", "quattrocentonove uno tre", NO),
    ("it", "quattro cento nove uno tre", NO),
    ("it", "quattromila ottocento", NO),
    ("it", "quattro otto due virgola nove uno tre", NO),
    ("it", "non lo so", NO),
    ("it", "quattro otto due no scusi nove uno tre", NO),
    ("it", "doppio", NO),
    ("it", "quattro otto due nove uno tre quattro", NO),
    ("it", "quattrocento nove uno tre", NO),
    ("it", "quattrocentonove uno tre sette", NO),

    // Dutch.
    ("nl", "vier acht twee negen een drie", Some("482913")),
    ("nl", "mijn pincode is vier acht twee negen een drie", Some("482913")),
    ("nl", "alstublieft vier acht twee negen een drie", Some("482913")),
    ("nl", "eh vier acht twee eh negen een drie dank u", Some("482913")),
    ("nl", "vier acht twee en negen een drie", Some("482913")),
    ("nl", "achtenveertig negenentwintig dertien", Some("482913")),
    ("nl", "vierhonderdtweeëntachtig negenhonderddertien", Some("482913")),
    ("nl", "honderddertien vier acht twee", Some("113482")),
    ("nl", "twintig eenentwintig negentig", Some("202190")),
    ("nl", "elf twaalf dertien", Some("111213")),
    ("nl", "zestien zeventien achttien", Some("161718")),
    ("nl", "zevenenzestig negenentachtig negentig", Some("678990")),
    ("nl", "tien tien tien", Some("101010")),
    ("nl", "nul vier acht twee negen een", Some("048291")),
    ("nl", "nul nul een een twee twee", Some("001122")),
    ("nl", "één één twee twee drie drie", Some("112233")),
    ("nl", "dubbel vijf een twee drie vier", Some("551234")),
    ("nl", "48 29 13", Some("482913")),
    ("nl", "negenennegentig negenennegentig negenennegentig", Some("999999")),
    ("nl", "tweeëntwintig drieëndertig vierenveertig", Some("223344")),
    ("nl", "nul nul nul een een een", Some("000111")),
    ("nl", "vier honderd twee en tachtig negen een drie", Some("482913")),
    ("nl", "mijn code is 482913", Some("482913")),
    ("nl", "vier 8 twee 9 een 3", Some("482913")),
    ("nl", "vier acht twee negen een", NO),
    ("nl", "vier acht twee negen een drie zeven", NO),
    ("nl", "vier acht twee negen een drie vier acht twee negen een drie", NO),
    ("nl", "vierhonderdnegen een drie", NO),
    ("nl", "vier honderd negen een drie", NO),
    ("nl", "vierhonderdnegen een drie zeven", NO),
    ("nl", "vierduizend achthonderd", NO),
    ("nl", "vier acht twee komma negen een drie", NO),
    ("nl", "ik weet het niet", NO),
    ("nl", "vier acht twee nee sorry negen een drie", NO),
    ("nl", "dubbel", NO),
    ("nl", "vier acht twee negen een drie vier", NO),
    ("nl", "dubbel achtenveertig twee negen een", NO),
];

#[test]
fn transcripts() {
    for (language, transcript, expected) in TRANSCRIPTS {
        check(transcript, language, *expected);
    }
}

#[test]
fn long_transcripts_are_refused() {
    let pin = "four eight two nine one three";
    let longest = format!("{}{pin}", "please ".repeat(super::MAX_TOKENS - 6));
    check(&longest, "en", Some("482913"));
    check(&format!("please {longest}"), "en", NO);
    check(&"to ".repeat(20_000), "en", NO);
}

#[test]
fn every_language_has_enough_transcripts() {
    for words in super::LANGUAGES {
        let cases = TRANSCRIPTS.iter().filter(|(l, _, _)| *l == words.language);
        assert!(cases.count() >= 30, "{}", words.language);
    }
}

/// Transcripts whose number words `text2num` alone turns into six digits, none of them
/// surely what the caller meant: Sesame refuses each.
#[test]
fn refused_where_text2num_alone_reads_six_digits() {
    let cases = [
        ("fr", "quatre vingts quatre vingts quatre vingts"),
        ("en", "seven hundred nine hundred"),
        (
            "en",
            "one hundred twenty three thousand four hundred fifty six",
        ),
        ("en", "four eight two, no, nine one three"),
        ("en", "four eight two or maybe nine one three"),
        ("de", "vier acht zwei nein neun eins drei"),
    ];
    for (language, transcript) in cases {
        let Some(numbers) = text2num::get_interpreter_for(language) else {
            panic!("text2num has no {language}");
        };
        let alone: String = text2num::replace_numbers_in_text(transcript, &numbers, 0.0)
            .chars()
            .filter(char::is_ascii_digit)
            .collect();
        assert_eq!(
            alone.len(),
            6,
            "{language}: {transcript:?} is {alone:?} alone"
        );
        check(transcript, language, NO);
    }
}
