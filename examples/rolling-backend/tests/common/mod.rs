//! What the integration tests share: starting a server binary and reading
//! its announced port, and a tiny HTTP/1.1 client over `std::net`.

#![allow(dead_code)]

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

/// How long any server gets to announce itself.
const START_LIMIT: Duration = Duration::from_secs(10);

/// A running server process, killed when dropped.
pub struct Server {
    child: Child,
    lines: Receiver<String>,
    /// The ports of the announce line, in order.
    pub ports: Vec<u16>,
}

impl Server {
    /// Starts `binary` with `args` and waits for the line starting with
    /// `announce`, whose ports it keeps.
    pub fn start(binary: &str, args: &[&str], announce: &str) -> Server {
        let mut child = Command::new(binary)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("the server binary starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let (sender, lines) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let mut server = Server {
            child,
            lines,
            ports: Vec::new(),
        };
        let line = server
            .next_line(START_LIMIT)
            .expect("the server announces itself");
        assert!(line.starts_with(announce), "unexpected first line: {line}");
        server.ports = ports_in(&line);
        server
    }

    /// Starts `rolling-backend` on free ports with the extra `args`.
    pub fn rolling(args: &[&str]) -> Server {
        let mut all = vec!["--port", "0", "--control-port", "0", "--exit-after", "30"];
        all.extend_from_slice(args);
        Server::start(
            env!("CARGO_BIN_EXE_rolling-backend"),
            &all,
            "rolling-backend api on http://127.0.0.1:",
        )
    }

    /// Starts `fixture-server` on a free port with the extra `args`.
    pub fn fixture(args: &[&str]) -> Server {
        let mut all = vec!["--port", "0", "--exit-after", "30"];
        all.extend_from_slice(args);
        Server::start(
            env!("CARGO_BIN_EXE_fixture-server"),
            &all,
            "fixture-server on http://127.0.0.1:",
        )
    }

    /// The first announced port: the API port, or the fixture server's.
    pub fn port(&self) -> u16 {
        self.ports[0]
    }

    /// The second announced port: the control port.
    pub fn control(&self) -> u16 {
        self.ports[1]
    }

    /// The next line the server prints, if one comes within `limit`.
    pub fn next_line(&self, limit: Duration) -> Option<String> {
        self.lines.recv_timeout(limit).ok()
    }

    /// Waits for the process to exit by itself, at most `limit`.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<std::process::ExitStatus> {
        let deadline = Instant::now() + limit;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().expect("the child can be polled") {
                return Some(status);
            }
            thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Every number that follows `127.0.0.1:` in `line`.
fn ports_in(line: &str) -> Vec<u16> {
    line.split("127.0.0.1:")
        .skip(1)
        .map(|rest| {
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            digits.parse().expect("a port follows the address")
        })
        .collect()
}

/// One HTTP response, read to the end.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// From sending the request to the end of the headers.
    pub headers_after: Duration,
    /// From sending the request to the end of the body.
    pub total: Duration,
}

impl Reply {
    /// The first header called `name`, case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(candidate, _)| candidate.eq_ignore_ascii_case(name))
            .map(|(_, value)| value.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|error| panic!("body is not JSON ({error}): {}", self.text()))
    }
}

/// Sends one request with `Connection: close` and reads the whole answer.
pub fn request(port: u16, method: &str, path: &str, headers: &[(&str, &str)]) -> io::Result<Reply> {
    let mut stream = TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(Duration::from_secs(15)))?;
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    let sent = Instant::now();
    stream.write_all(head.as_bytes())?;
    read_reply(&mut stream, sent)
}

/// `GET path` without extra headers; panics when the request fails.
pub fn get(port: u16, path: &str) -> Reply {
    request(port, "GET", path, &[]).unwrap_or_else(|error| panic!("GET {path}: {error}"))
}

/// `POST path` without a body; panics when the request fails.
pub fn post(port: u16, path: &str) -> Reply {
    request(port, "POST", path, &[("Content-Length", "0")])
        .unwrap_or_else(|error| panic!("POST {path}: {error}"))
}

/// Reads one response from `stream`, which the server closes at its end.
pub fn read_reply(stream: &mut TcpStream, sent: Instant) -> io::Result<Reply> {
    let mut raw = Vec::new();
    let mut chunk = [0u8; 64 * 1024];
    let mut headers_after = None;
    loop {
        let read = stream.read(&mut chunk)?;
        if read == 0 {
            break;
        }
        raw.extend_from_slice(&chunk[..read]);
        if headers_after.is_none() && find(&raw, b"\r\n\r\n").is_some() {
            headers_after = Some(sent.elapsed());
        }
    }
    let total = sent.elapsed();
    let end = find(&raw, b"\r\n\r\n")
        .ok_or_else(|| io::Error::new(io::ErrorKind::UnexpectedEof, "no complete head"))?;
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidData, "no status line"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_owned(), value.trim().to_owned()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers.iter().any(|(name, value)| {
        name.eq_ignore_ascii_case("transfer-encoding") && value.contains("chunked")
    });
    if chunked {
        body = dechunk(&body);
    }
    Ok(Reply {
        status,
        headers,
        body,
        headers_after: headers_after.unwrap_or(total),
        total,
    })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

/// Decodes a chunked body (sizes in hex, each line ended by CRLF).
fn dechunk(mut raw: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    while let Some(line_end) = find(raw, b"\r\n") {
        let size_text = String::from_utf8_lossy(&raw[..line_end]).into_owned();
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .expect("a chunk size");
        if size == 0 {
            break;
        }
        let start = line_end + 2;
        body.extend_from_slice(&raw[start..start + size]);
        raw = &raw[start + size + 2..];
    }
    body
}

/// A fresh, empty directory for one test.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rolling-backend-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("a temporary directory can be made");
    dir
}
