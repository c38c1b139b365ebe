//! E-mail over SMTP (plain, STARTTLS or TLS, authentication optional), or to the log.

use std::time::Duration;

use lettre::message::Mailbox;
use lettre::transport::smtp::client::{Certificate, Tls, TlsParameters};
use lettre::transport::smtp::AsyncSmtpTransport;
use lettre::{AsyncTransport, Message, Tokio1Executor};

use crate::{Content, Failure};

pub enum EmailTransport {
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: Mailbox,
    },
    /// Development: the message goes to the log (codes included), nothing is sent.
    Log { from: Mailbox },
}

impl EmailTransport {
    /// `smtp://[user:password@]host:port` (plain), `smtp://...?tls=required` (STARTTLS),
    /// `smtps://...` (TLS). `roots`: PEM certificates trusted for the server besides the
    /// public ones (a private CA); only with TLS. One delivery may take `timeout`.
    pub fn smtp(
        url: &str,
        from: &str,
        roots: Option<&[u8]>,
        timeout: Duration,
    ) -> Result<Self, String> {
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("not an SMTP URL: {e}"))?
            .timeout(Some(timeout));
        if let Some(pem) = roots {
            builder = builder.tls(tls_with_roots(url, pem)?);
        }
        Ok(Self::Smtp {
            transport: builder.build(),
            from: mailbox(from)?,
        })
    }

    /// Checks an SMTP URL and a From address without connecting (and without a runtime).
    pub fn check(url: &str, from: &str) -> Result<(), String> {
        AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("not an SMTP URL: {e}"))?;
        mailbox(from).map(|_| ())
    }

    /// Checks extra trusted certificates for a (checked) SMTP URL.
    pub fn check_roots(url: &str, pem: &[u8]) -> Result<(), String> {
        tls_with_roots(url, pem).map(|_| ())
    }

    pub fn log(from: &str) -> Result<Self, String> {
        Ok(Self::Log {
            from: mailbox(from)?,
        })
    }

    /// Sends one message; its Message-ID is `<sesame.{key}@{the From address's domain}>`.
    pub async fn send(&self, to: &str, content: &Content, key: &str) -> Result<(), Failure> {
        let to: Mailbox = to
            .parse()
            .map_err(|e| Failure::Permanent(format!("bad recipient address: {e}")))?;
        match self {
            Self::Log { from } => {
                tracing::info!(%from, %to, subject = %content.subject, body = %content.body, "e-mail (log transport, not sent)");
                Ok(())
            }
            Self::Smtp { transport, from } => {
                let message = Message::builder()
                    .message_id(Some(format!("<sesame.{key}@{}>", from.email.domain())))
                    .from(from.clone())
                    .to(to)
                    .subject(content.subject.clone())
                    .body(content.body.clone())
                    .map_err(|e| Failure::Permanent(format!("cannot build the message: {e}")))?;
                match transport.send(message).await {
                    Ok(_) => Ok(()),
                    Err(e) if e.is_permanent() => {
                        Err(Failure::Permanent(format!("SMTP server refused: {e}")))
                    }
                    Err(e) => Err(Failure::Transient(format!("SMTP delivery failed: {e}"))),
                }
            }
        }
    }
}

fn mailbox(text: &str) -> Result<Mailbox, String> {
    text.parse()
        .map_err(|e| format!("not an e-mail address: {e}"))
}

/// The URL's own TLS mode, with `pem`'s certificates trusted besides the public roots.
fn tls_with_roots(url: &str, pem: &[u8]) -> Result<Tls, String> {
    let parsed = url::Url::parse(url).map_err(|e| format!("not an SMTP URL: {e}"))?;
    let host = parsed.host_str().unwrap_or_default().to_owned();
    let mode = parsed
        .query_pairs()
        .find(|(key, _)| key == "tls")
        .map(|(_, value)| value.into_owned());
    if !String::from_utf8_lossy(pem).contains("-----BEGIN CERTIFICATE-----") {
        return Err("no PEM certificate in the file".to_owned());
    }
    let certificates =
        Certificate::from_pem(pem).map_err(|e| format!("not PEM certificates: {e}"))?;
    let parameters = TlsParameters::builder(host)
        .add_root_certificate(certificates)
        .build_rustls()
        .map_err(|e| format!("cannot set up TLS: {e}"))?;
    match (parsed.scheme(), mode.as_deref()) {
        ("smtps", _) => Ok(Tls::Wrapper(parameters)),
        ("smtp", Some("required")) => Ok(Tls::Required(parameters)),
        ("smtp", Some("opportunistic")) => Ok(Tls::Opportunistic(parameters)),
        _ => Err(
            "trusted certificates are given but the SMTP URL does not use TLS \
                  (smtps://... or smtp://...?tls=required)"
                .to_owned(),
        ),
    }
}
