//! Real delivery peers on loopback: an SMTP server (mailin-embedded) that keeps what it
//! receives, and helpers to read codes out of messages.

use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use mailin_embedded::{response, AuthMechanism, Handler, Response, Server, SslConfig};

/// One received e-mail.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: Vec<String>,
    pub text: String,
}

#[derive(Clone)]
struct Collector {
    received: Arc<Mutex<Vec<Mail>>>,
    to: Vec<String>,
    data: Vec<u8>,
    /// The user name and password the server requires, if any.
    login: Option<(String, String)>,
}

impl Handler for Collector {
    fn auth_plain(&mut self, _authorization: &str, user: &str, password: &str) -> Response {
        self.auth_login(user, password)
    }

    fn auth_login(&mut self, user: &str, password: &str) -> Response {
        match &self.login {
            Some((u, p)) if u == user && p == password => response::AUTH_OK,
            _ => response::INVALID_CREDENTIALS,
        }
    }

    fn data_start(&mut self, _domain: &str, _from: &str, _is8bit: bool, to: &[String]) -> Response {
        self.to = to.to_vec();
        self.data.clear();
        response::OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.data.extend_from_slice(buf);
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let mail = Mail {
            to: self.to.clone(),
            text: String::from_utf8_lossy(&self.data).into_owned(),
        };
        if let Ok(mut received) = self.received.lock() {
            received.push(mail);
        }
        response::OK
    }
}

/// An SMTP server on a free loopback port, for the life of the test process.
pub struct SmtpSink {
    pub port: u16,
    received: Arc<Mutex<Vec<Mail>>>,
}

impl SmtpSink {
    pub fn start() -> Self {
        Self::start_with(SslConfig::None, None)
    }

    /// One that offers STARTTLS with this certificate and key (PEM files) and, after it,
    /// requires this user name and password.
    pub fn start_tls(cert: &std::path::Path, key: &std::path::Path, login: (&str, &str)) -> Self {
        // The test binary links two rustls providers (the browser driver brings its own);
        // the server's own binary has only ring.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let ssl = SslConfig::SelfSigned {
            cert_path: cert.display().to_string(),
            key_path: key.display().to_string(),
        };
        Self::start_with(ssl, Some((login.0.to_owned(), login.1.to_owned())))
    }

    fn start_with(ssl: SslConfig, login: Option<(String, String)>) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap_or_else(|e| panic!("{e}"));
        let port = listener
            .local_addr()
            .map(|a| a.port())
            .unwrap_or_else(|e| panic!("{e}"));
        let received = Arc::new(Mutex::new(Vec::new()));
        let handler = Collector {
            received: received.clone(),
            to: Vec::new(),
            data: Vec::new(),
            login: login.clone(),
        };
        let mut server = Server::new(handler);
        if login.is_some() {
            server.with_auth(AuthMechanism::Plain);
        }
        server
            .with_name("smtp.test")
            .with_num_threads(2)
            .with_tcp_listener(listener);
        server.with_ssl(ssl).unwrap_or_else(|e| panic!("{e}"));
        std::thread::spawn(move || {
            let _ = server.serve();
        });
        Self { port, received }
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    pub fn received(&self) -> Vec<Mail> {
        self.received.lock().map(|r| r.clone()).unwrap_or_default()
    }

    /// Waits (for delivery, not for time to pass) until `count` messages arrived.
    pub async fn wait_for(&self, count: usize) -> Vec<Mail> {
        let started = Instant::now();
        loop {
            let received = self.received();
            if received.len() >= count {
                return received;
            }
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "only {} of {count} e-mails arrived",
                received.len()
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
}

/// The first run of `length` digits standing alone in a text.
pub fn code_in(text: &str, length: usize) -> String {
    // In the body: a header (a Message-ID, a date) may hold digits too.
    let body = text
        .split_once("\r\n\r\n")
        .or_else(|| text.split_once("\n\n"))
        .map_or(text, |(_, body)| body);
    body.split(|c: char| !c.is_ascii_digit())
        .find(|run| run.len() == length)
        .unwrap_or_else(|| panic!("no {length}-digit code in {text}"))
        .to_owned()
}

/// A self-signed certificate for 127.0.0.1 and its key, as PEM files in `dir`.
pub fn certificate_for_loopback(dir: &std::path::Path) -> (std::path::PathBuf, std::path::PathBuf) {
    let server = rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_owned()])
        .unwrap_or_else(|e| panic!("{e}"));
    let (cert, key) = (dir.join("cert.pem"), dir.join("key.pem"));
    std::fs::write(&cert, server.cert.pem()).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&key, server.key_pair.serialize_pem()).unwrap_or_else(|e| panic!("{e}"));
    (cert, key)
}

/// A TLS front on a free loopback port for the plain SMTP server on `port`, as a server
/// with implicit TLS (`smtps://`, port 465) would be; its certificate and key are PEM files.
pub async fn tls_front(cert: &std::path::Path, key: &std::path::Path, port: u16) -> u16 {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};
    let certificate = CertificateDer::from_pem_file(cert).unwrap_or_else(|e| panic!("{e}"));
    let key = PrivateKeyDer::from_pem_file(key).unwrap_or_else(|e| panic!("{e}"));
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .and_then(|builder| {
        builder
            .with_no_client_auth()
            .with_single_cert(vec![certificate], key)
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let front = listener
        .local_addr()
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("{e}"));
    tokio::spawn(async move {
        while let Ok((client, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            tokio::spawn(async move {
                let Ok(mut client) = acceptor.accept(client).await else {
                    return;
                };
                if let Ok(mut server) = tokio::net::TcpStream::connect(("127.0.0.1", port)).await {
                    let _ = tokio::io::copy_bidirectional(&mut client, &mut server).await;
                }
            });
        }
    });
    front
}
