//! E-mail over SMTP (plain, STARTTLS or TLS, authentication optional), or to the log.

use lettre::message::Mailbox;
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
    /// `smtps://...` (TLS).
    pub fn smtp(url: &str, from: &str) -> Result<Self, String> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("not an SMTP URL: {e}"))?
            .timeout(Some(std::time::Duration::from_secs(30)))
            .build();
        Ok(Self::Smtp {
            transport,
            from: mailbox(from)?,
        })
    }

    /// Checks an SMTP URL and a From address without connecting (and without a runtime).
    pub fn check(url: &str, from: &str) -> Result<(), String> {
        AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("not an SMTP URL: {e}"))?;
        mailbox(from).map(|_| ())
    }

    pub fn log(from: &str) -> Result<Self, String> {
        Ok(Self::Log {
            from: mailbox(from)?,
        })
    }

    pub async fn send(&self, to: &str, content: &Content) -> Result<(), Failure> {
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
