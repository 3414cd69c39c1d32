//! What the end-to-end tests of `chorus serve` share: the server as a child process on a loopback
//! port, and requests over a plain socket.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A running `chorus serve`, killed when dropped.
pub struct Served {
    child: Child,
    /// `127.0.0.1:PORT`, as the server printed it.
    pub addr: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `chorus serve` over the store in `data` on a free loopback port, without feed polling,
/// and waits for the address it prints.
pub fn serve(data: &Path) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_chorus"))
        .args([
            "serve",
            "--addr",
            "127.0.0.1:0",
            "--poll-every",
            "0",
            "--data",
        ])
        .arg(data)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    let addr = first
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .unwrap_or_else(|| panic!("chorus serve did not start (stdout {first:?})"))
        .to_owned();
    Served { child, addr }
}

/// One request over a plain socket: status and body.
pub fn request(addr: &str, method: &str, path: &str, body: &str) -> (u16, String) {
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, body.to_owned())
}
