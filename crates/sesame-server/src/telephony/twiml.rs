//! TwiML, the markup Twilio follows during a voice call, written through quick-xml, which
//! escapes every text and attribute value: nothing a caller or a setting holds can change
//! the document's structure.

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

/// One instruction of a response.
pub enum Verb {
    /// Speak `text` in `language` (a BCP 47 tag such as `de-DE`).
    Say {
        text: String,
        language: &'static str,
    },
    /// Listen for keys or speech while `prompt` is said; then post to `action`.
    Gather {
        attributes: Vec<(&'static str, String)>,
        prompt: String,
        language: &'static str,
    },
    Pause {
        seconds: u64,
    },
    /// Continue with the TwiML at `url`, fetched with POST.
    Redirect {
        url: String,
    },
    Hangup,
}

/// The `<Response>` document of `verbs`.
pub fn document(verbs: &[Verb]) -> String {
    let mut writer = Writer::new(Vec::new());
    let written = write(&mut writer, verbs);
    match written {
        Ok(()) => String::from_utf8(writer.into_inner()).unwrap_or_default(),
        Err(e) => unreachable!("writing to memory does not fail: {e}"),
    }
}

fn write(writer: &mut Writer<Vec<u8>>, verbs: &[Verb]) -> std::io::Result<()> {
    writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    writer
        .create_element("Response")
        .write_inner_content(|writer| {
            for verb in verbs {
                match verb {
                    Verb::Say { text, language } => say(writer, text, language)?,
                    Verb::Gather {
                        attributes,
                        prompt,
                        language,
                    } => {
                        writer
                            .create_element("Gather")
                            .with_attributes(attributes.iter().map(|(n, v)| (*n, v.as_str())))
                            .write_inner_content(|writer| say(writer, prompt, language))?;
                    }
                    Verb::Pause { seconds } => {
                        writer
                            .create_element("Pause")
                            .with_attribute(("length", seconds.to_string().as_str()))
                            .write_empty()?;
                    }
                    Verb::Redirect { url } => {
                        writer
                            .create_element("Redirect")
                            .with_attribute(("method", "POST"))
                            .write_text_content(BytesText::new(url))?;
                    }
                    Verb::Hangup => {
                        writer.create_element("Hangup").write_empty()?;
                    }
                }
            }
            Ok(())
        })?;
    Ok(())
}

fn say(writer: &mut Writer<Vec<u8>>, text: &str, language: &str) -> std::io::Result<()> {
    writer
        .create_element("Say")
        .with_attribute(("language", language))
        .write_text_content(BytesText::new(text))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let xml = document(&[
            Verb::Say {
                text: "<Hangup/> & \"more\"".to_owned(),
                language: "en-US",
            },
            Verb::Redirect {
                url: "https://agent.example.com/?a=1&result=x<y".to_owned(),
            },
            Verb::Gather {
                attributes: vec![("action", "https://s.example/?x=\"a\"&y=<b>".to_owned())],
                prompt: "Say it".to_owned(),
                language: "de-DE",
            },
        ]);
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>"));
        assert!(
            xml.contains("<Say language=\"en-US\">&lt;Hangup/&gt; &amp; "),
            "{xml}"
        );
        assert!(!xml.contains("<Hangup/>"), "{xml}");
        assert!(xml.contains("?a=1&amp;result=x&lt;y</Redirect>"), "{xml}");
        assert!(
            xml.contains("action=\"https://s.example/?x=&quot;a&quot;&amp;y=&lt;b&gt;\""),
            "{xml}"
        );
    }
}
