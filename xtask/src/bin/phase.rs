use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let src = secl::source::SourceFile::from_bytes("x".into(), None, bytes);
    for _ in 0..3 {
        let t = Instant::now();
        let parsed = secl::parse::parse_file(0, &src);
        eprintln!("parse {:?} ({} entries)", t.elapsed(), parsed.entries.len());
        let t = Instant::now();
        drop(parsed);
        eprintln!("drop {:?}", t.elapsed());
    }
}
